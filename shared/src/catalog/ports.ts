import type { FacetRows } from './repo.d1';
import type { CategoryRow } from './tree';
import type { Batch } from './availability';
import type { PricedUnit } from './pricing';
import type { ProductListQuery } from './schemas';
import type { Cursor } from './cursor';

/** What the listing needs per product row, before pricing/availability rules are applied. */
export interface ProductListRow {
  id: string;
  slug: string;
  name: string;
  shortDescription: string;
  dosageForm: string;
  packSpec: string;
  prescriptionRequired: boolean;
  specialControl: boolean;
  soldCount: number;
  ratingAvgX100: number;
  ratingCount: number;
  brandSlug: string;
  brandName: string;
  categorySlug: string;
  categoryName: string;
  imageKey: string | null;
  imageAlt: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  unitId: string;
  unitName: string;
  unitFactor: number;
  unit: PricedUnit;
  inStock: boolean;
  sortKeys: number[];
  /** Recommendations only: confirmed orders that held this product together with the one asked about. */
  together?: number;
}

export interface ProductListResult {
  rows: ProductListRow[];
  total: number;
  missingCategory: boolean;
  missingBrands: string[];
}

/** The one list of a product's label fields (what the product page, the export and the catalogue documents carry). */
export const PRODUCT_LABEL_KEYS = [
  'slug',
  'name',
  'shortDescription',
  'description',
  'dosageForm',
  'packSpec',
  'baseUnit',
  'indications',
  'dosage',
  'sideEffects',
  'contraindications',
  'precautions',
  'storage',
  'registrationNumber',
  'countryOfOrigin',
] as const;

export interface ProductLabel {
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  dosageForm: string;
  packSpec: string;
  baseUnit: string;
  indications: string;
  dosage: string | null;
  sideEffects: string | null;
  contraindications: string | null;
  precautions: string | null;
  storage: string | null;
  registrationNumber: string | null;
  countryOfOrigin: string;
}

/** A product row's label fields, copied by `PRODUCT_LABEL_KEYS`. */
export const productLabel = (p: ProductLabel): ProductLabel => Object.fromEntries(PRODUCT_LABEL_KEYS.map((k) => [k, p[k]])) as unknown as ProductLabel;

export interface ProductDetailRecord {
  product: ProductLabel & {
    id: string;
    prescriptionRequired: boolean;
    specialControl: boolean;
    soldCount: number;
    ratingAvgX100: number;
    ratingCount: number;
    updatedAt: number;
    brand: { slug: string; name: string; country: string | null };
    category: { slug: string; name: string };
    manufacturer: { slug: string; name: string; country: string } | null;
  };
  units: Array<PricedUnit & { id: string; name: string; factor: number; isDefault: boolean; weightGrams: number; barcode: string | null }>;
  images: Array<{ r2Key: string; alt: string; width: number | null; height: number | null }>;
  ingredients: Array<{ slug: string; name: string; strength: string | null }>;
  batches: Batch[];
  breadcrumb: Array<{ slug: string; name: string; level: number }>;
}

export interface CategoryDetailRecord {
  category: CategoryRow & { description: string | null };
  related: CategoryRow[];
  countsByCategory: Map<string, number>;
}

export interface BrandRecord {
  id: string;
  slug: string;
  name: string;
  country: string | null;
  description: string | null;
  logoKey: string | null;
  productCount: number;
}

/** Read side of the catalogue. Each method is one database round trip. */
export interface CatalogRepository {
  catalogVersion(): Promise<number>;
  listProducts(query: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult>;
  listProductsWithFacets(query: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult & { facets: FacetRows }>;
  /** The product page's rows; for an old slug of a shop-visible product (issue 14), `{ redirect }` its current slug. */
  productBySlug(slug: string, now: number): Promise<ProductDetailRecord | { redirect: string } | null>;
  categoryTree(): Promise<{ rows: CategoryRow[]; counts: Map<string, number> }>;
  categoryBySlug(slug: string): Promise<CategoryDetailRecord | null>;
  brands(): Promise<BrandRecord[]>;
  brandBySlug(slug: string): Promise<BrandRecord | null>;
}

