/**
 * THE decoding of a product card from a raw SQL row (#16 fold): SQLite's 0/1 booleans, the in-stock flag, and the
 * default unit's prices as one `unit`. The listings (`listRow`, repo.d1.ts) and the Elasticsearch document's `card`
 * (elastic-doc.ts) both build their card here, so a card field is added or decoded once.
 */
import type { ProductListRow } from './ports';

/** What a product card shows (a listing row without its cursor keys and recommendation count). */
export type ProductCard = Omit<ProductListRow, 'sortKeys' | 'together'>;

/** The columns a card is read from, as SQL returns them (booleans as 0/1, the default unit's prices flat). */
export interface CardRow {
  id: string;
  slug: string;
  name: string;
  shortDescription: string;
  dosageForm: string;
  packSpec: string;
  prescriptionRequired: unknown;
  specialControl: unknown;
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
  price: number;
  salePrice: number | null;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  inStock: unknown;
}

/** A card from a raw row: exactly the card's fields (an explicit list: nothing else of the row is carried). */
export function cardFromRow(r: CardRow): ProductCard {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    shortDescription: r.shortDescription,
    dosageForm: r.dosageForm,
    packSpec: r.packSpec,
    prescriptionRequired: Boolean(Number(r.prescriptionRequired)),
    specialControl: Boolean(Number(r.specialControl)),
    soldCount: r.soldCount,
    ratingAvgX100: r.ratingAvgX100,
    ratingCount: r.ratingCount,
    brandSlug: r.brandSlug,
    brandName: r.brandName,
    categorySlug: r.categorySlug,
    categoryName: r.categoryName,
    imageKey: r.imageKey,
    imageAlt: r.imageAlt,
    imageWidth: r.imageWidth,
    imageHeight: r.imageHeight,
    unitId: r.unitId,
    unitName: r.unitName,
    unitFactor: r.unitFactor,
    unit: { price: r.price, salePrice: r.salePrice, saleStartsAt: r.saleStartsAt, saleEndsAt: r.saleEndsAt },
    inStock: Number(r.inStock) === 1,
  };
}
