import type { ProductSort } from './schemas';

/** Number of sort-key values a cursor carries for each sort (the product id is always the last tie-breaker). */
export function sortKeyCount(sort: ProductSort, search = false): number {
  if (sort !== 'relevance') return 1;
  return search ? 3 : 2;
}
