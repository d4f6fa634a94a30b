import { z } from '@hono/zod-openapi';
import { intQuery } from '../http/query';
import type { CategoryNode } from './tree';

export const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'best_selling'] as const;
export type ProductSort = (typeof SORTS)[number];
export const MAX_PAGE_SIZE = 60;
export const DEFAULT_PAGE_SIZE = 24;

const slug = z.string().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug không hợp lệ');
const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const csv = (item: z.ZodString, max: number) =>
  z
    .string()
    .max(2000)
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(item).min(1).max(max));

const productFilterShape = {
  category: slug.optional().openapi({ description: 'Category slug at any level; includes descendants', example: 'thuoc' }),
  brand: csv(slug, 20).optional().openapi({ description: 'Comma-separated brand slugs', example: 'panadol,hapacol', type: 'string' }),
  minPrice: intQuery(0, 1_000_000_000).optional().openapi({ description: 'Minimum price (VND) of the default selling unit' }),
  maxPrice: intQuery(0, 1_000_000_000).optional().openapi({ description: 'Maximum price (VND) of the default selling unit' }),
  rx: boolParam.optional().openapi({ description: 'true: prescription-only; false: non-prescription', type: 'string', enum: ['true', 'false'] }),
  dosageForm: csv(z.string().min(1).max(80), 10).optional().openapi({ description: 'Comma-separated dosage forms', example: 'Viên nén', type: 'string' }),
  inStock: boolParam.optional().openapi({ description: 'true: only products with sellable stock', type: 'string', enum: ['true', 'false'] }),
  sort: z.enum(SORTS).default('relevance'),
  limit: intQuery(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(512).optional().openapi({ description: 'Opaque cursor from `nextCursor`' }),
};

const priceRangeOk = (q: { minPrice?: number; maxPrice?: number }) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice;
const priceRangeIssue = { message: 'minPrice phải nhỏ hơn hoặc bằng maxPrice', path: ['minPrice'] };

export const ProductListQuerySchema = z
  .object({
    ...productFilterShape,
    facets: boolParam.optional().openapi({ description: 'true: also count brands, dosage forms, Rx/OTC, price buckets and categories for these filters', type: 'string', enum: ['true', 'false'] }),
  })
  .refine(priceRangeOk, priceRangeIssue);

/** Search takes the listing's filters, sorts and paging plus the text query (validated further by parseQuery). */
export const SearchQuerySchema = z
  .object({
    q: z.string().max(1000).openapi({ description: 'What the shopper typed: accents optional, typos forgiven (max 200 characters)', example: 'thuoc ha sot' }),
    ...productFilterShape,
  })
  .refine(priceRangeOk, priceRangeIssue);

export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const MoneySchema = z.number().int().openapi({ description: 'Integer VND', example: 25000 });

const Ref = z.object({ slug: z.string(), name: z.string() });

export const ImageSchema = z
  .object({
    url: z.string().openapi({ example: '/v1/images/products/01J.../01J....png' }),
    alt: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
  })
  .openapi('Image');

export const PriceSchema = z
  .object({
    price: MoneySchema,
    listPrice: MoneySchema,
    onSale: z.boolean(),
    saleEndsAt: z.number().int().nullable(),
    discountPercent: z.number().int(),
  })
  .openapi('Price');

export const PurchaseModeSchema = z.enum(['cart', 'consultation']).openapi({
  description: '`consultation`: prescription-only (or restricted) product, offered through a pharmacist consultation instead of the cart',
});

export const ProductSummarySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    shortDescription: z.string(),
    dosageForm: z.string(),
    packSpec: z.string(),
    prescriptionRequired: z.boolean(),
    purchaseMode: PurchaseModeSchema,
    brand: Ref,
    category: Ref,
    image: ImageSchema.nullable(),
    defaultUnit: z.object({ id: z.string(), name: z.string() }).merge(PriceSchema),
    inStock: z.boolean(),
    soldCount: z.number().int(),
    rating: z.object({ average: z.number(), count: z.number().int() }),
  })
  .openapi('ProductSummary');

const Count = z.number().int();
/** Counts per filter value for the current query and filters (search always, listings with `facets=true`). */
export const FacetsSchema = z
  .object({
    categories: z.array(z.object({ slug: z.string(), name: z.string(), count: Count })),
    brands: z.array(z.object({ slug: z.string(), name: z.string(), count: Count })),
    dosageForms: z.array(z.object({ value: z.string(), count: Count })),
    prescription: z.array(z.object({ rx: z.boolean(), label: z.string(), count: Count })),
    priceBuckets: z.array(z.object({ min: Count, max: Count.nullable(), label: z.string(), count: Count })),
  })
  .openapi('Facets');

export const ProductListResponseSchema = z
  .object({
    items: z.array(ProductSummarySchema),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
    facets: FacetsSchema.optional(),
  })
  .openapi('ProductList');

export const UnitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    factor: z.number().int().openapi({ description: 'Base units in one selling unit' }),
    isDefault: z.boolean(),
    weightGrams: z.number().int(),
    barcode: z.string().nullable(),
    available: z.number().int().openapi({ description: 'Whole selling units available from non-expired stock' }),
    inStock: z.boolean(),
  })
  .merge(PriceSchema)
  .openapi('SellingUnit');

export const ProductDetailSchema = ProductSummarySchema.omit({ defaultUnit: true, image: true })
  .extend({
    description: z.string(),
    baseUnit: z.string(),
    indications: z.string(),
    dosage: z.string().nullable(),
    sideEffects: z.string().nullable(),
    contraindications: z.string().nullable(),
    precautions: z.string().nullable(),
    storage: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    countryOfOrigin: z.string(),
    manufacturer: z.object({ slug: z.string(), name: z.string(), country: z.string() }).nullable(),
    brand: Ref.extend({ country: z.string().nullable() }),
    activeIngredients: z.array(z.object({ slug: z.string(), name: z.string(), strength: z.string().nullable() })),
    breadcrumb: z.array(Ref.extend({ level: z.number().int() })),
    images: z.array(ImageSchema),
    units: z.array(UnitSchema),
    availableBaseUnits: z.number().int(),
    nearestExpiry: z.object({ date: z.string(), nearExpiry: z.boolean() }).nullable(),
    updatedAt: z.number().int(),
  })
  .openapi('ProductDetail');

export type ProductSummary = z.infer<typeof ProductSummarySchema>;
export type ProductDetail = z.infer<typeof ProductDetailSchema>;

export const CategoryNodeSchema: z.ZodType<CategoryNode> = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    level: z.number().int(),
    path: z.string(),
    productCount: z.number().int(),
    children: z.array(z.lazy(() => CategoryNodeSchema)),
  })
  .openapi('CategoryNode');

export const CategoryDetailSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    level: z.number().int(),
    description: z.string().nullable(),
    productCount: z.number().int(),
    breadcrumb: z.array(Ref.extend({ level: z.number().int() })),
    children: z.array(Ref.extend({ productCount: z.number().int() })),
  })
  .openapi('CategoryDetail');

export const BrandSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    description: z.string().nullable(),
    logo: ImageSchema.nullable(),
    productCount: z.number().int(),
  })
  .openapi('Brand');

export const SlugParamSchema = z.object({ slug: slug.openapi({ param: { name: 'slug', in: 'path' }, example: 'panadol-extra' }) });
