/**
 * The MongoDB catalogue's document model (issue #19, ADR 0047), built for reads: one `products` document per product
 * holding what the listing card and the product page show (brand, category with its path, manufacturer, selling
 * units with prices and sale windows, images, ingredients, old slugs), the availability summary copied from D1
 * (`product_availability`, ADR 0034) plus the stock batches the product page and the live in-stock fallback read, and
 * `shopVisible`: THE visibility rule (`isShopVisible`, visibility.ts) evaluated when the document is written — readers
 * only test that field, so the rule is never retyped as a MongoDB filter. `categories` and `brands` are their own
 * collections (rows as in D1, `_id` = id); `meta` holds `catalog_version`.
 *
 * Only what both MongoDB Atlas and FerretDB v1.24.2 run is used: CRUD, `$in`/`$regex` prefix filters, indexes, and
 * aggregation with `$match` + `$group`/`$sum`. No transactions, no `$facet`, no `$lookup`.
 */
import type { Batch } from './availability';
import type { ProductLabel } from './ports';
import type { CategoryRow } from './tree';

export const COLLECTIONS = { products: 'products', listing: 'product_listing', categories: 'categories', brands: 'brands', meta: 'meta' } as const;

export interface UnitDoc {
  id: string;
  name: string;
  factor: number;
  price: number;
  salePrice: number | null;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  weightGrams: number;
  barcode: string | null;
  isDefault: boolean;
  position: number;
  retiredAt: number | null;
}

/** The availability summary's copy (`product_availability`), exact for Vietnam days in [computedOn, staleOn). */
export interface AvailabilityDoc {
  inStock: boolean;
  availableBase: number;
  minFactor: number | null;
  computedOn: string;
  staleOn: string | null;
}

export interface ProductDoc extends ProductLabel {
  _id: string;
  oldSlugs: string[];
  prescriptionRequired: boolean;
  specialControl: boolean;
  approvalState: string;
  visible: boolean;
  deletedAt: number | null;
  /** `isShopVisible` of the fields above, evaluated at write time: the only visibility test readers make. */
  shopVisible: boolean;
  soldCount: number;
  ratingAvgX100: number;
  ratingCount: number;
  createdAt: number;
  updatedAt: number;
  brand: { id: string; slug: string; name: string; country: string | null };
  category: { id: string; slug: string; name: string; path: string };
  manufacturer: { slug: string; name: string; country: string } | null;
  units: UnitDoc[];
  images: Array<{ id: string; r2Key: string; alt: string; width: number | null; height: number | null }>;
  ingredients: Array<{ slug: string; name: string; strength: string | null }>;
  batches: Batch[];
  availability: AvailabilityDoc | null;
  /** D1's catalogue version when this document was read: a write carrying an older version is ignored (ADR 0047). */
  version: number;
}

/**
 * `visibleCount`: shop-visible products filed directly under this category (or of this brand), counted from the
 * listing documents by the sync that wrote them (`writeVisibleCounts`), so no read counts; absent means 0.
 */
export type CategoryDoc = Omit<CategoryRow, 'id'> & { _id: string; description: string | null; imageKey: string | null; visibleCount?: number };

export interface BrandDoc {
  _id: string;
  slug: string;
  name: string;
  country: string | null;
  description: string | null;
  logoKey: string | null;
  visibleCount?: number;
}

export interface MetaDoc {
  _id: string;
  value: number;
}

/**
 * `product_listing`: the fields a listing filters, sorts and counts on, one per product (the same names and values as
 * its `products` document, written with it under the same version guard). Listings read their candidates here and
 * only the page's whole documents from `products`: FerretDB applies projections after reading whole documents, and
 * the texts dominate a product document's size.
 */
export type ListingDoc = Pick<ProductDoc, '_id' | 'shopVisible' | 'category' | 'brand' | 'dosageForm' | 'prescriptionRequired' | 'soldCount' | 'createdAt' | 'units' | 'batches' | 'availability' | 'version'>;

export function listingDoc(d: ProductDoc): ListingDoc {
  return {
    _id: d._id,
    shopVisible: d.shopVisible,
    category: d.category,
    brand: d.brand,
    dosageForm: d.dosageForm,
    prescriptionRequired: d.prescriptionRequired,
    soldCount: d.soldCount,
    createdAt: d.createdAt,
    units: d.units,
    batches: d.batches,
    availability: d.availability,
    version: d.version,
  };
}
