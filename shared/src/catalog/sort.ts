import type { ProductSort } from './schemas';

/** Number of sort-key values a cursor carries for each sort (the product id is always the last tie-breaker). */
export function sortKeyCount(sort: ProductSort): number {
  return sort === 'relevance' ? 2 : 1;
}
