/** Listing/search URL state → api query (only known keys pass; the API validates them again). */
export const PRICE_BUCKETS: Array<{ value: string; label: string }> = [
  { value: '0-100000', label: 'Dưới 100.000đ' },
  { value: '100000-300000', label: '100.000đ – 300.000đ' },
  { value: '300000-500000', label: '300.000đ – 500.000đ' },
  { value: '500000-', label: 'Trên 500.000đ' },
];

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

export const COMMON_FILTERS = [
  { key: 'rx', title: 'Loại thuốc', options: [{ value: 'false', label: 'Không kê đơn' }, { value: 'true', label: 'Thuốc kê đơn' }] },
  { key: 'inStock', title: 'Tình trạng', options: [{ value: 'true', label: 'Còn hàng' }] },
  { key: 'gia', title: 'Khoảng giá', options: PRICE_BUCKETS },
];
