/** Listing/search URL state → api query (only known keys pass; the API validates them again), and filter groups. */
import type { InferResponseType } from 'hono/client';
import type { Api } from './api';

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export function toParams(sp: SearchParamsRecord): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === 'string' && v) p.set(k, v);
  return p;
}

export function listingQuery(p: URLSearchParams, extra: Record<string, string> = {}): Record<string, string> {
  const q: Record<string, string> = { limit: '24', ...extra };
  for (const k of ['brand', 'rx', 'inStock', 'sort', 'cursor', 'dosageForm']) {
    const v = p.get(k);
    if (v) q[k] = v;
  }
  const price = p.get('gia');
  if (price) {
    const [min, max] = price.split('-');
    if (min) q.minPrice = min;
    if (max) q.maxPrice = max;
  }
  return q;
}

export interface FacetGroup {
  key: string;
  title: string;
  options: Array<{ value: string; label: string; count?: number }>;
}

/** The facet counts the API answers with (search, and listings asked with `facets=true`): its FacetsSchema. */
export type Facets = NonNullable<InferResponseType<Api['v1']['products']['$get'], 200>['facets']>;

/**
 * Filter groups from the API's facets, so options, labels and price buckets are the server's own. A bucket ends below
 * its `max`; `maxPrice` is inclusive, hence `max - 1` in the URL value.
 */
export function facetGroups(f: Facets, opts: { categories: boolean }): FacetGroup[] {
  return [
    ...(opts.categories ? [{ key: 'category', title: 'Danh mục', options: f.categories.map((c) => ({ value: c.slug, label: c.name, count: c.count })) }] : []),
    { key: 'brand', title: 'Thương hiệu', options: f.brands.map((b) => ({ value: b.slug, label: b.name, count: b.count })) },
    { key: 'dosageForm', title: 'Dạng bào chế', options: f.dosageForms.map((d) => ({ value: d.value, label: d.value, count: d.count })) },
    { key: 'rx', title: 'Loại thuốc', options: f.prescription.map((x) => ({ value: String(x.rx), label: x.label, count: x.count })) },
    { key: 'gia', title: 'Khoảng giá', options: f.priceBuckets.map((b) => ({ value: `${b.min}-${b.max === null ? '' : b.max - 1}`, label: b.label, count: b.count })) },
    { key: 'inStock', title: 'Tình trạng', options: [{ value: 'true', label: 'Còn hàng' }] },
  ].filter((g) => g.options.length > 0);
}
