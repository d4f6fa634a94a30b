import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  BrandSchema,
  CategoryDetailSchema,
  CategoryNodeSchema,
  ProductDetailSchema,
  ProductListQuerySchema,
  ProductListResponseSchema,
  SlugParamSchema,
} from '@medicare/shared/catalog/schemas';
import { getBrand, getCategory, getCategoryTree, getProductOrRedirect, listProducts, toBrand } from '@medicare/shared/catalog/service';
import { errorResponses } from '@medicare/shared/http/app';
import { catalogRepository } from '../adapters';
import { catalogCache } from '../cache';
import type { ApiEnv } from '../env';

const tags = ['Catalogue'];
const ProductRedirectSchema = z.object({ redirect: z.object({ slug: z.string() }) }).openapi('ProductRedirect');
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listCategories = createRoute({
  method: 'get',
  path: '/v1/categories',
  tags,
  summary: 'Category tree (3 levels) with product counts',
  description: 'Public. Cached at the edge, keyed by catalogue version.',
  responses: { 200: json(z.object({ items: z.array(CategoryNodeSchema) }), 'The category tree') },
});

const getCategoryRoute = createRoute({
  method: 'get',
  path: '/v1/categories/{slug}',
  tags,
  summary: 'One category with breadcrumb and children',
  request: { params: SlugParamSchema },
  responses: { 200: json(CategoryDetailSchema, 'The category'), ...errorResponses(400, 404) },
});

const listBrands = createRoute({
  method: 'get',
  path: '/v1/brands',
  tags,
  summary: 'All brands with product counts, by name',
  responses: { 200: json(z.object({ items: z.array(BrandSchema) }), 'Brands') },
});

const getBrandRoute = createRoute({
  method: 'get',
  path: '/v1/brands/{slug}',
  tags,
  summary: 'One brand',
  request: { params: SlugParamSchema },
  responses: { 200: json(BrandSchema, 'The brand'), ...errorResponses(400, 404) },
});

const listProductsRoute = createRoute({
  method: 'get',
  path: '/v1/products',
  tags,
  summary: 'Browse products: filters, sorts, cursor pagination',
  description:
    'Only approved, visible products. Prescription-only products appear with `purchaseMode: "consultation"`. ' +
    'Cursor pagination is stable: the product id breaks ties for every sort.',
  request: { query: ProductListQuerySchema },
  responses: { 200: json(ProductListResponseSchema, 'A page of products'), ...errorResponses(400, 404) },
});

const getProductRoute = createRoute({
  method: 'get',
  path: '/v1/products/{slug}',
  tags,
  summary: 'Everything a product page shows',
  description:
    'Selling units with current prices and availability computed from non-expired batches. ' +
    'An old slug of a product (its slug was changed) answers 308 with `Location` and `{ redirect: { slug } }`: the current slug.',
  request: { params: SlugParamSchema },
  responses: {
    200: json(ProductDetailSchema, 'The product'),
    308: {
      description: 'Old slug: permanent redirect to the product\'s current slug',
      headers: z.object({ Location: z.string().openapi({ example: '/v1/products/alpha-paracetamol-500' }) }),
      content: { 'application/json': { schema: ProductRedirectSchema } },
    },
    ...errorResponses(400, 404),
  },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
// `/x/*` also matches `/x` in Hono, so one registration per resource covers list and detail.
// The cache key keeps only the parameters the listing's schema knows (details and the tree take none).
const cache = catalogCache({ '/v1/products': ProductListQuerySchema });
for (const resource of ['categories', 'brands', 'products']) base.use(`/v1/${resource}/*`, cache);

export const catalogRoutes = base
  .openapi(listCategories, async (c) => c.json({ items: await getCategoryTree(catalogRepository(c)) }, 200))
  .openapi(getCategoryRoute, async (c) => c.json(await getCategory(catalogRepository(c), c.req.valid('param').slug), 200))
  .openapi(listBrands, async (c) => c.json({ items: (await catalogRepository(c).brands()).map(toBrand) }, 200))
  .openapi(getBrandRoute, async (c) => c.json(await getBrand(catalogRepository(c), c.req.valid('param').slug), 200))
  .openapi(listProductsRoute, async (c) => c.json(await listProducts(catalogRepository(c), c.req.valid('query'), Date.now()), 200))
  .openapi(getProductRoute, async (c) => {
    const found = await getProductOrRedirect(catalogRepository(c), c.req.valid('param').slug, Date.now());
    if ('redirect' in found) {
      c.header('Location', `/v1/products/${found.redirect}`);
      return c.json({ redirect: { slug: found.redirect } }, 308);
    }
    return c.json(found.product, 200);
  });
