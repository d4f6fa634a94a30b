/**
 * #17 discovery (ADR 0039): collections (deals, best sellers, new arrivals) and related products, as server-side
 * queries. Each query selects product ids and sort keys only, with the catalogue's own rules as generated SQL:
 * visibility (`shopVisibleSql`), the sale and price rules (`saleActiveSql`, `effectivePriceSql`, `discountPercentSql`)
 * and availability (`inStockSummarySql`). The cards are then read by `D1CatalogRepository.productsByIds`, the one
 * reader of card rows, so a card looks the same on a shelf, in a listing and in search.
 */
import { inStockSummarySql, vietnamDate } from './availability';
import { decodeCursor, encodeCursor } from './cursor';
import { discountPercentSql, effectivePriceSql, saleActiveSql } from './pricing';
import { D1CatalogRepository } from './repo.d1';
import { toSummary } from './service';
import { shopVisibleSql } from './visibility';
import { NotFoundError } from '../errors';
import { cartSaleSql } from '../checkout/pricing';
import type { ProductSummary } from './schemas';

export const COLLECTIONS = ['deals', 'best-sellers', 'new-arrivals'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** Vietnamese titles of the collections (the home shelves and the collection page use them). */
export const COLLECTION_TITLES: Record<Collection, string> = {
  deals: 'Ưu đãi hôm nay',
  'best-sellers': 'Bán chạy',
  'new-arrivals': 'Hàng mới về',
};

/**
 * THE "promoted to the public" rule of collections: sold through the cart (not prescription-only, not under special
 * control: advertising them to the public is not allowed) and sellable today. SQL over a products alias `p`.
 */
export function promotableSql(p: string, today: string): string {
  return `(${shopVisibleSql(p)} AND ${cartSaleSql(p)} AND ${inStockSummarySql(`${p}.id`, today)} = 1)`;
}

/** The one sort key of each collection (ascending; descending keys negated), over products `p` and its default unit `du`. */
function collectionKeySql(kind: Collection, now: number): string {
  switch (kind) {
    case 'deals':
      return `(-${discountPercentSql('du', now)})`;
    case 'best-sellers':
      return '(-p.sold_count)';
    case 'new-arrivals':
      // Published = approved by a pharmacist (issue 14); products approved before approval times were kept: created.
      return '(-COALESCE(p.approved_at, p.created_at))';
  }
}

export interface CollectionQuery {
  category?: string;
  limit: number;
  cursor?: string;
}

export interface CollectionPage {
  collection: Collection;
  title: string;
  items: ProductSummary[];
  total: number;
  nextCursor: string | null;
}

/** Generic alternatives, same category, same brand: how many of each the product page shows. */
export const RELATED_LIMIT = 8;

/** SQL: a strength as compared between products ("500 mg", "500mg" and "500MG" are one; "2,5" and "2.5" too). */
export const strengthKeySql = (col: string) => `lower(replace(replace(${col}, ' ', ''), ',', '.'))`;
/** The same normalisation in JavaScript (`strengthKeySql`). */
export const strengthKey = (s: string) => s.replace(/ /g, '').replace(/,/g, '.').toLowerCase();

export interface RelatedGroups {
  product: string;
  alternatives: ProductSummary[];
  sameCategory: ProductSummary[];
  sameBrand: ProductSummary[];
}

export class D1DiscoveryRepository {
  private readonly catalog: D1CatalogRepository;

  constructor(private readonly d1: D1Database) {
    this.catalog = new D1CatalogRepository(d1);
  }

  /** One page of a collection (optionally within a category and its descendants), keyset-paged by (key, id). */
  async collection(kind: Collection, q: CollectionQuery, now: number): Promise<CollectionPage> {
    const cursor = q.cursor ? decodeCursor(q.cursor, kind, 1) : null;
    const today = vietnamDate(now);
    const key = collectionKeySql(kind, now);
    const conds = [promotableSql('p', today)];
    const params: unknown[] = [];
    if (kind === 'deals') conds.push(saleActiveSql('du', now));
    if (kind === 'best-sellers') conds.push('p.sold_count > 0');
    if (q.category) {
      conds.push('p.category_id IN (SELECT c2.id FROM categories c2 WHERE instr(c2.path, (SELECT c3.path FROM categories c3 WHERE c3.slug = ?)) = 1)');
      params.push(q.category);
    }
    const from = 'FROM products p JOIN product_units du ON du.product_id = p.id AND du.is_default = 1';
    const where = conds.join(' AND ');
    const after = cursor ? ` AND (${key}, p.id) > (?, ?)` : '';
    const pageParams = cursor ? [...params, cursor.keys[0], cursor.id] : params;
    const [page, total, cat] = await this.d1.batch([
      this.d1.prepare(`SELECT p.id AS id, ${key} AS k0 ${from} WHERE ${where}${after} ORDER BY k0, p.id LIMIT ${q.limit + 1}`).bind(...pageParams),
      this.d1.prepare(`SELECT count(*) AS n ${from} WHERE ${where}`).bind(...params),
      this.d1.prepare('SELECT count(*) AS n FROM categories WHERE slug = ?').bind(q.category ?? ''),
    ]);
    if (q.category && Number((cat!.results[0] as { n: number }).n) === 0) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND', { category: q.category });
    const rows = page!.results as Array<{ id: string; k0: number }>;
    const shown = rows.slice(0, q.limit);
    const last = shown[shown.length - 1];
    const cards = await this.cards(shown.map((r) => r.id), now);
    return {
      collection: kind,
      title: COLLECTION_TITLES[kind],
      items: cards,
      total: Number((total!.results[0] as { n: number }).n),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: kind, keys: [Number(last.k0)], id: last.id }) : null,
    };
  }

  /**
   * The product page's related groups; null when the shop does not show `slug`.
   * - alternatives: generic alternatives, the same active ingredients at the same strengths (every one, nothing more;
   *   strengths compared by `strengthKeySql`), OTC and sold through the cart only, sellable first, cheapest now first;
   * - sameCategory / sameBrand: other products of its category / brand (neither the product nor its alternatives),
   *   sellable first, best sellers first. Prescription-only products appear as the shop shows them everywhere (a
   *   card that offers a pharmacist consultation, never a price or the cart).
   */
  async related(slug: string, now: number, limit = RELATED_LIMIT): Promise<RelatedGroups | null> {
    const today = vietnamDate(now);
    const inStock = inStockSummarySql('q.id', today);
    const price = effectivePriceSql('du', now);
    const me = `(SELECT p0.id FROM products p0 WHERE p0.slug = ?1 AND ${shopVisibleSql('p0')})`;
    const from = 'FROM products q JOIN product_units du ON du.product_id = q.id AND du.is_default = 1';
    const others = `${shopVisibleSql('q')} AND q.id <> ${me}`;
    const alternativesSql = `WITH mine AS (SELECT ingredient_id AS ing, ${strengthKeySql('strength')} AS st FROM product_ingredients WHERE product_id = ${me})
      SELECT q.id AS id ${from}
      WHERE ${others} AND ${cartSaleSql('q')}
        AND (SELECT count(*) FROM mine) > 0 AND NOT EXISTS (SELECT 1 FROM mine WHERE st IS NULL)
        AND q.id IN (SELECT pi1.product_id FROM product_ingredients pi1 WHERE pi1.ingredient_id = (SELECT ing FROM mine ORDER BY ing LIMIT 1))
        AND (SELECT count(*) FROM product_ingredients pi2 WHERE pi2.product_id = q.id) = (SELECT count(*) FROM mine)
        AND NOT EXISTS (SELECT 1 FROM mine m WHERE NOT EXISTS (
          SELECT 1 FROM product_ingredients pi3 WHERE pi3.product_id = q.id AND pi3.ingredient_id = m.ing AND ${strengthKeySql('pi3.strength')} = m.st))
      ORDER BY ${inStock} DESC, ${price}, q.id LIMIT ${limit}`;
    const neighbours = (col: 'category_id' | 'brand_id') =>
      `SELECT q.id AS id ${from} WHERE ${others} AND q.${col} = (SELECT p1.${col} FROM products p1 WHERE p1.id = ${me})
       ORDER BY ${inStock} DESC, q.sold_count DESC, q.id LIMIT ${limit * 3}`;
    const [found, alt, cat, brand] = await this.d1.batch([
      this.d1.prepare(`SELECT ${me} AS id`).bind(slug),
      this.d1.prepare(alternativesSql).bind(slug),
      this.d1.prepare(neighbours('category_id')).bind(slug),
      this.d1.prepare(neighbours('brand_id')).bind(slug),
    ]);
    if (!(found!.results[0] as { id: string | null } | undefined)?.id) return null;
    const ids = (r: D1Result) => (r.results as Array<{ id: string }>).map((x) => x.id);
    const alternatives = ids(alt!);
    const taken = new Set(alternatives);
    const sameCategory = ids(cat!).filter((id) => !taken.has(id)).slice(0, limit);
    for (const id of sameCategory) taken.add(id);
    const sameBrand = ids(brand!).filter((id) => !taken.has(id)).slice(0, limit);
    const all = [...new Set([...alternatives, ...sameCategory, ...sameBrand])];
    const cards = new Map((await this.cards(all, now)).map((c) => [c.id, c]));
    const pick = (list: string[]) => list.flatMap((id) => cards.get(id) ?? []);
    return { product: slug, alternatives: pick(alternatives), sameCategory: pick(sameCategory), sameBrand: pick(sameBrand) };
  }

  /** Cards of `ids`, in that order, only those the shop shows (the catalogue's one card reader). */
  async cards(ids: readonly string[], now: number): Promise<ProductSummary[]> {
    return (await this.catalog.productsByIds(ids, now)).map((r) => toSummary(r, now));
  }
}
