/** Search use cases: validate the query, expand it, run it, shape the answer (facets with Vietnamese labels). */
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { effectivePrice } from '../catalog/pricing';
import type { SearchQuery } from '../catalog/schemas';
import { imageUrl, presentFacets, purchaseMode, toSummary } from '../catalog/service';
import { sortKeyCount } from '../catalog/sort';
import { NotFoundError } from '../errors';
import type { SearchIndex } from './ports';
import { exactTokens, parseQuery } from './query';

export async function searchProducts(index: SearchIndex, query: SearchQuery, now: number) {
  const { q, ...filters } = query;
  const tokens = parseQuery(q);
  const cursorSort = `search:${filters.sort}`;
  const cursor = filters.cursor ? decodeCursor(filters.cursor, cursorSort, sortKeyCount(filters.sort, true)) : null;
  const expansion = await index.expand(tokens, exactTokens(q));
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
    facets: presentFacets(res.facets),
  };
}

export async function suggest(index: SearchIndex, q: string | undefined, limit: number, now: number) {
  const tokens = parseQuery(q);
  const rows = await index.suggest(tokens, limit, exactTokens(q ?? ''), now);
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
      inStock: p.inStock,
    })),
    brands: kind('brand'),
    categories: kind('category'),
    ingredients: kind('ingredient'),
  };
}
