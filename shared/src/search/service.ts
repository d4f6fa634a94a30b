/** Search use cases: validate the query, expand it, run it, shape the answer (facets with Vietnamese labels). */
import { formatVnd } from '../text';
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { PRICE_BUCKETS } from '../catalog/repo.d1';
import { effectivePrice } from '../catalog/pricing';
import type { SearchQuery } from '../catalog/schemas';
import { imageUrl, purchaseMode, toSummary } from '../catalog/service';
import { sortKeyCount } from '../catalog/sort';
import { NotFoundError } from '../errors';
import type { SearchIndex } from './ports';
import { parseQuery } from './query';

const vnd = formatVnd;

export function priceBucketLabel(i: number): string {
  const b = PRICE_BUCKETS[i]!;
  if (b.min === 0 && b.max !== null) return `Dưới ${vnd(b.max)}`;
  if (b.max === null) return `Từ ${vnd(b.min)}`;
  return `${vnd(b.min)} – ${vnd(b.max)}`;
}

export async function searchProducts(index: SearchIndex, query: SearchQuery, now: number) {
  const { q, ...filters } = query;
  const tokens = parseQuery(q);
  const cursorSort = `search:${filters.sort}`;
  const cursor = filters.cursor ? decodeCursor(filters.cursor, cursorSort, sortKeyCount(filters.sort, true)) : null;
  const expansion = await index.expand(tokens);
  const res = await index.search(tokens, expansion, filters, cursor, now);
  if (res.missingCategory) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND', { category: filters.category });
  if (res.missingBrands.length) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND', { brands: res.missingBrands });
  const page = res.rows.slice(0, filters.limit);
  const last = page[page.length - 1];
  const nextCursor = res.rows.length > filters.limit && last ? encodeCursor({ sort: cursorSort, keys: last.sortKeys, id: last.id }) : null;
  return {
    query: { q, tokens, corrections: Object.fromEntries(expansion.corrections) },
    items: page.map((r) => toSummary(r, now)),
    total: res.total,
    nextCursor,
    facets: {
      categories: res.facets.categories.map((c) => ({ slug: c.slug, name: c.name, count: c.n })),
      brands: res.facets.brands.map((b) => ({ slug: b.slug, name: b.name, count: b.n })),
      dosageForms: res.facets.dosageForms.map((f) => ({ value: f.form, count: f.n })),
      prescription: res.facets.rx.map((r) => ({ rx: r.rx, label: r.rx ? 'Thuốc kê đơn' : 'Không kê đơn', count: r.n })),
      priceBuckets: res.facets.priceBuckets
        .sort((a, b) => a.bucket - b.bucket)
        .map((p) => ({ min: PRICE_BUCKETS[p.bucket]!.min, max: PRICE_BUCKETS[p.bucket]!.max, label: priceBucketLabel(p.bucket), count: p.n })),
    },
  };
}

export async function suggest(index: SearchIndex, q: string | undefined, limit: number, now: number) {
  const tokens = parseQuery(q);
  const rows = await index.suggest(tokens, limit);
  const kind = (k: 'brand' | 'category' | 'ingredient') => rows.entities.filter((e) => e.kind === k).map((e) => ({ slug: e.ref, name: e.label }));
  return {
    query: q ?? '',
    products: rows.products.map((p) => ({
      slug: p.slug,
      name: p.name,
      prescriptionRequired: p.prescriptionRequired,
      purchaseMode: purchaseMode(p),
      image: p.imageKey ? imageUrl(p.imageKey) : null,
      price: effectivePrice(p, now).price,
    })),
    brands: kind('brand'),
    categories: kind('category'),
    ingredients: kind('ingredient'),
  };
}
