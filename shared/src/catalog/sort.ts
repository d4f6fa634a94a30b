import type { ProductSort } from './schemas';

/**
 * Number of sort-key values a cursor carries for each sort (the product id is always the last tie-breaker): relevance
 * is (sellable, sold count) in listings and (phrase tier, sellable, score) in search; the other sorts have one key.
 */
export function sortKeyCount(sort: ProductSort, search = false): number {
  if (sort !== 'relevance') return 1;
  return search ? 3 : 2;
}
