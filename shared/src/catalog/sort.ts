import type { ProductSort } from './schemas';

/**
 * Number of sort-key values a cursor carries for each sort (the product id is always the last tie-breaker): relevance
 * is (sellable, sold count) in listings and (phrase tier, sellable, score) in search; the other sorts have one key.
 */
export function sortKeyCount(sort: ProductSort, search = false): number {
  if (sort !== 'relevance') return 1;
  return search ? 3 : 2;
}

/** What a listing sort key is computed from (per product: its default unit's price now, availability, sales, age). */
export type ListingSortOperand = 'price' | 'inStock' | 'soldCount' | 'createdAt';

/**
 * THE listing sorts (no text query): each sort's keys in order, all compared ascending with the product id as the last
 * tie-breaker; a `desc` key is negated so the keyset cursor stays one ascending tuple comparison. D1 (`sortKeys`,
 * repo.d1.ts) builds its SQL from this, MongoDB (repo.mongo.ts) its values.
 */
export const LISTING_SORT_KEYS: Record<ProductSort, ReadonlyArray<{ operand: ListingSortOperand; desc: boolean }>> = {
  price_asc: [{ operand: 'price', desc: false }],
  price_desc: [{ operand: 'price', desc: true }],
  newest: [{ operand: 'createdAt', desc: true }],
  best_selling: [{ operand: 'soldCount', desc: true }],
  // Sellable first, then what sells best.
  relevance: [
    { operand: 'inStock', desc: true },
    { operand: 'soldCount', desc: true },
  ],
};

/** A listing row's sort-key values for `sort` (THE spec above), for engines that sort outside SQL. */
export function listingSortValues(sort: ProductSort, o: Record<ListingSortOperand, number>): number[] {
  return LISTING_SORT_KEYS[sort].map((k) => (k.desc ? -o[k.operand] : o[k.operand]));
}
