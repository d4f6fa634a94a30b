/** Search use cases: validate the query, expand it, run it, shape the answer (facets with Vietnamese labels). */
import { decodeCursor, encodeCursor, invalidCursor } from '../catalog/cursor';
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
  // The cursor's tag names the engine that made it (ADR 0035): D1's and Elasticsearch's sort keys differ (D1's
  // relevance key is (tier, -inStock, bm25 × popularity), Elasticsearch's carries the in-stock band in -_score), so a
  // cursor read by the other engine would silently skip products. A cursor from the other engine (a page 1 served
  // by the fallback or cached from it, or a cursor made before the tag named the engine) is refused with
  // 400 INVALID_CURSOR; the shopper's client restarts the list from page 1.
  const cursorSort = (engine: string) => `search:${engine}:${filters.sort}`;
  const engine = index.engine;
  const cursor = filters.cursor ? decodeCursor(filters.cursor, cursorSort(engine), sortKeyCount(filters.sort, true)) : null;
  const expansion = await index.expand(tokens, exactTokens(q));
  const res = await index.search(tokens, expansion, filters, cursor, now);
  // The primary failed within this request and the other engine answered with a cursor it cannot read: refuse it
  // rather than return a page that skips products.
  if (cursor && index.engine !== engine) throw invalidCursor();
  if (res.missingCategory) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND', { category: filters.category });
  if (res.missingBrands.length) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND', { brands: res.missingBrands });
  const page = res.rows.slice(0, filters.limit);
  const last = page[page.length - 1];
  const nextCursor = res.rows.length > filters.limit && last ? encodeCursor({ sort: cursorSort(index.engine), keys: last.sortKeys, id: last.id }) : null;
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
