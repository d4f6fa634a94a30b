import { and, asc, Column, count, desc, eq, gte, inArray, is, lte, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import { alias, SQLiteSyncDialect, type SelectedFields } from 'drizzle-orm/sqlite-core';
import * as s from '../db/schema';
import { newId } from '../ids';
import { availabilityUpsertSql, inStockCopySql, inStockSummarySql, staleSummarySql, staleSummaryWhereSql, vietnamDate } from './availability';
import { effectivePriceSql } from './pricing';
import { shopVisibleSql, unitOfferedSql } from './visibility';
import { ancestorPaths } from './tree';
import { cardFromRow, type CardRow } from './card-row';
import { LISTING_SORT_KEYS, sortKeyCount } from './sort';
import type { Cursor } from './cursor';
import { FTS_TABLES, type FtsTable, type MatchTree, type SplitMatch } from '../search/query';
import type {
  ProductListRow,
  BrandRecord,
  CatalogRepository,
  CategoryDetailRecord,
  ProductDetailRecord,
  ProductListResult,
} from './ports';
import type { ProductListQuery, ProductSort } from './schemas';

/**
 * Query builder only: no relational `schema` (nothing here uses `db.query`). With the schema, every `drizzle()` call
 * walks all of schema.ts to build the relational config (~1 ms of CPU per repository on a shared dev core), and a
 * catalogue request builds a repository on every request (#16, hot path).
 */
type Db = DrizzleD1Database;

/** Full-text expressions for a search over the split index (see shared/src/search/query.ts `buildMatch(...).split`). */
export type SearchMatch = SplitMatch;

/** Units sold at which popularity gives half its ranking boost. */
export const POPULARITY_HALF = 500;

/** The most hits a search considers before filters and sorting. */
export const MAX_SEARCH_HITS = 5000;

/** Price facet buckets (VND, upper bound exclusive). */
export const PRICE_BUCKETS: ReadonlyArray<{ min: number; max: number | null }> = [
  { min: 0, max: 50_000 },
  { min: 50_000, max: 100_000 },
  { min: 100_000, max: 200_000 },
  { min: 200_000, max: 500_000 },
  { min: 500_000, max: null },
];

/** The price bucket (index into PRICE_BUCKETS) of a price: the first whose upper bound is above it (listingWithFacets' CASE). */
export function priceBucketOf(price: number): number {
  return PRICE_BUCKETS.findIndex((b) => price < (b.max ?? Number.MAX_SAFE_INTEGER));
}

/** The facet groups; each is also a filter of the listing. */
export type FacetGroup = 'category' | 'brand' | 'dosageForm' | 'rx' | 'price';

export interface FacetRows {
  categories: Array<{ slug: string; name: string; n: number }>;
  brands: Array<{ slug: string; name: string; n: number }>;
  dosageForms: Array<{ form: string; n: number }>;
  rx: Array<{ rx: boolean; n: number }>;
  priceBuckets: Array<{ bucket: number; n: number }>;
}

/** The facet groups in a fixed order, and the `base` column holding each group's filter flag (listingWithFacets). */
export const FACET_GROUPS: readonly FacetGroup[] = ['category', 'brand', 'dosageForm', 'rx', 'price'];
const FACET_FLAG: Record<FacetGroup, string> = { category: 'gCategory', brand: 'gBrand', dosageForm: 'gDosageForm', rx: 'gRx', price: 'gPrice' };

/**
 * One row of listingWithFacets' facet `GROUP BY`: category id, dosage form, Rx (0/1), price bucket, the mask of the
 * filters its products pass (bit i: FACET_GROUPS[i]'s filter; bit 5: the in-stock filter) and how many products.
 */
export type FacetGroupRow = [category: string, form: string, rx: number, bucket: number, mask: number, n: number];

/** Every filter passed: FACET_GROUPS' bits and the in-stock bit. */
const ALL_FILTERS = (1 << (FACET_GROUPS.length + 1)) - 1;

/**
 * The disjunctive facet counts and the total from the grouped rows: a group's value counts the products passing every
 * filter except that group's own (its bit may be 0); the total counts those passing all. Values with no such product
 * are absent, as in a `GROUP BY` over the filtered rows.
 */
export function facetSums(rows: readonly FacetGroupRow[]) {
  const out = { total: 0, category: new Map<string, number>(), dosageForm: new Map<string, number>(), rx: new Map<number, number>(), price: new Map<number, number>() };
  const add = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const bit = (g: FacetGroup) => 1 << FACET_GROUPS.indexOf(g);
  for (const [category, form, rx, bucket, mask, n] of rows) {
    if (mask === ALL_FILTERS) out.total += n;
    if ((mask | bit('category')) === ALL_FILTERS) add(out.category, category, n);
    if ((mask | bit('dosageForm')) === ALL_FILTERS) add(out.dosageForm, form, n);
    if ((mask | bit('rx')) === ALL_FILTERS) add(out.rx, rx, n);
    if ((mask | bit('price')) === ALL_FILTERS) add(out.price, bucket, n);
  }
  return out;
}

/**
 * The full-text hits of a search as CTEs, each evaluated once per search: `matched` (rowid and weighted BM25 rank of
 * every product matching all the words; only when there is none, some of them), `phrase_hits` (the products holding
 * the whole query verbatim) and `hits` (sid, score, tier): the best MAX_SEARCH_HITS matches by rank, tier 0 when they
 * hold the phrase. The list, its total and the facets all count this one set. The rank is read as a column and sorted
 * by SQLite (`+score`): FTS5's own `ORDER BY rank` ranks in a second pass and costs about twice as much.
 *
 * Split index (#16, ADR 0042, migration 0038): a query whose words all read one table (folded, or accent-exact) is
 * one MATCH on that table without a column filter. A query mixing accent-exact words with folded ones (synonyms,
 * marked words the index does not hold) combines the tables' rowid sets (AND → INTERSECT, OR → UNION) and sums the
 * rows' BM25 rank in each table, which is the rank one table holding both halves gave (bm25 sums over phrases).
 */
function searchHitsCtes(match: SearchMatch): SQL {
  const table = (t: FtsTable) => sql.raw(FTS_TABLES[t]);
  const pure = 'table' in match.all && 'table' in match.any && match.all.table === match.any.table ? match.all.table : null;
  let matched: SQL;
  if (pure) {
    const t = table(pure);
    const [all, any] = [match.all as { fts: string }, match.any as { fts: string }].map((x) => x.fts);
    const chosen = sql`(CASE WHEN EXISTS (SELECT 1 FROM ${t} WHERE ${t} MATCH ${all}) THEN ${all} ELSE ${any} END)`;
    matched = sql`matched AS MATERIALIZED (SELECT rowid AS sid, rank AS score FROM ${t} WHERE ${t} MATCH ${chosen})`;
  } else {
    const rows = (e: MatchTree): SQL =>
      'table' in e
        ? sql`SELECT rowid AS sid FROM ${table(e.table)} WHERE ${table(e.table)} MATCH ${e.fts}`
        : sql.join(e.parts.map((p) => sql`SELECT sid FROM (${rows(p)})`), e.op === 'AND' ? sql` INTERSECT ` : sql` UNION `);
    // Each table ranks what it can of the chosen expression (`projectMatch`); a row of the set that neither ranks
    // (possible only through crossed alternatives) keeps score 0, after every ranked row.
    const scored = (Object.entries(match.score) as Array<[FtsTable, { all: string; any: string }]>).map(
      ([t, e]) => sql`SELECT rowid AS sid, rank AS score FROM ${table(t)} WHERE ${table(t)} MATCH (CASE WHEN (SELECT yes FROM all_found) THEN ${e.all} ELSE ${e.any} END)`,
    );
    matched = sql`all_rows AS MATERIALIZED (${rows(match.all)}),
    all_found AS MATERIALIZED (SELECT EXISTS (SELECT 1 FROM all_rows) AS yes),
    chosen_rows AS MATERIALIZED (SELECT sid FROM all_rows UNION ALL SELECT sid FROM (${rows(match.any)}) WHERE NOT (SELECT yes FROM all_found)),
    scores AS MATERIALIZED (SELECT sid, sum(score) AS score FROM (${sql.join(scored, sql` UNION ALL `)}) GROUP BY sid),
    matched AS MATERIALIZED (SELECT c.sid AS sid, coalesce(x.score, 0) AS score FROM chosen_rows c LEFT JOIN scores x ON x.sid = c.sid)`;
  }
  const p = match.phrase;
  const phrase = p ? sql`, phrase_hits AS MATERIALIZED (SELECT rowid AS sid FROM ${table(p.table)} WHERE ${table(p.table)} MATCH ${p.fts})` : sql``;
  const tier = p ? sql`(CASE WHEN sid IN (SELECT sid FROM phrase_hits) THEN 0 ELSE 1 END)` : sql`0`;
  return sql`${matched}${phrase},
    hits AS MATERIALIZED (SELECT sid, score, ${tier} AS tier FROM (SELECT sid, score FROM matched ORDER BY +score LIMIT ${sql.raw(String(MAX_SEARCH_HITS))}))`;
}

type ListingRow = Record<string, any> & {
  id: string;
  price: number;
  salePrice: number | null;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  prescriptionRequired: unknown;
  specialControl: unknown;
  inStock: unknown;
};

type Aliased<T> = { [K in keyof T]: SQL.Aliased<T[K] extends Column ? T[K]['_']['data'] | (T[K]['_']['notNull'] extends true ? never : null) : T[K] extends SQL<infer U> ? U : never> };

/**
 * Gives every selected field a unique SQL alias. D1's batch() returns rows as objects keyed by column name, and
 * drizzle maps them by position, so two joined columns with the same name (id, name, slug…) would shift every
 * value after them. Unique aliases keep batched joins correct.
 */
function uniq<T extends Record<string, Column | SQL>>(fields: T): Aliased<T> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, (is(v, Column) ? sql`${v}`.mapWith(v) : (v as SQL)).as(`f_${k}`)]),
  ) as Aliased<T>;
}

const du = alias(s.productUnits, 'du');
const pi = alias(s.productImages, 'pi');

/** Only what a shopper may see is ever shown in the shop: THE rule, `shopVisibleSql` (visibility.ts). */
// Prefix tests on category paths use instr(path, prefix) = 1: D1 caps LIKE patterns at 50 bytes, and paths are longer.
const dialect = new SQLiteSyncDialect();
const shopVisible = sql.raw(shopVisibleSql('"products"'));

/** What the shopper pays now for the default unit `du`: THE sale rule (pricing.ts `effectivePriceSql`). */
function priceExpr(now: number): SQL<number> {
  return sql<number>`${sql.raw(effectivePriceSql('du', now))}`;
}

/**
 * 1 when sellable stock covers at least one of the product's smallest selling unit: THE rule, read from the availability
 * summary when it is exact today (`inStockSummarySql`: one primary-key lookup), else computed live (`inStockSql`).
 */
function inStockExpr(today: string): SQL<number> {
  return sql<number>`${sql.raw(inStockSummarySql('"products"."id"', today))}`;
}

/** The columns the listing's filter rules test (`filterParts`): the product's, or a search document's (ADR 0042). */
interface FilterColumns {
  visible: SQL;
  categoryId: SQL;
  brandId: SQL;
  rx: SQL;
  dosageForm: SQL;
  price: SQL<number>;
}

/** The product `products` and its default unit `du`. */
const productColumns = (now: number): FilterColumns => ({
  visible: shopVisible as SQL,
  categoryId: sql`${s.products.categoryId}`,
  brandId: sql`${s.products.brandId}`,
  rx: sql`${s.products.prescriptionRequired}`,
  dosageForm: sql`${s.products.dosageForm}`,
  price: priceExpr(now),
});

/**
 * A search document `d` (search_docs, maintained from the same rules: `shop_visible` is `shopVisibleSql` evaluated on
 * the product, and the price is THE sale rule `effectivePriceSql` over the default unit's copied columns).
 */
const docColumns = (now: number): FilterColumns => ({
  visible: sql`d.shop_visible = 1`,
  categoryId: sql`d.category_id`,
  brandId: sql`d.brand_id`,
  rx: sql`d.prescription_required`,
  dosageForm: sql`d.dosage_form`,
  price: sql<number>`${sql.raw(effectivePriceSql('d', now))}`,
});

/** What the sort keys are computed from: SQL expressions, or the columns of a CTE that already holds them. */
interface SortOperands {
  price: SQL<number>;
  inStock: SQL<number>;
  soldCount: SQL<number>;
  createdAt: SQL<number>;
  /** Search only: 0 for a verbatim phrase match, else 1; and the weighted BM25 rank (negative: lower is better). */
  tier: SQL<number>;
  score: SQL<number>;
}

/** The operands read from the listing's tables (`products`, the default unit `du`, the search `hits`). */
function tableOperands(now: number, today: string): SortOperands {
  return {
    price: priceExpr(now),
    inStock: inStockExpr(today),
    soldCount: sql<number>`${s.products.soldCount}`,
    createdAt: sql<number>`${s.products.createdAt}`,
    tier: sql<number>`hits.tier`,
    score: sql<number>`hits.score`,
  };
}

/** Sort keys, all ascending (descending keys are negated) so the keyset cursor is one row-value comparison. */
function sortKeys(sort: ProductSort, o: SortOperands, search = false): SQL<number>[] {
  // With a text query: verbatim phrase matches first, then sellable ones, then by weighted BM25 (negative: lower
  // is better) scaled by popularity, up to 1.5× for the best sellers.
  if (search && sort === 'relevance') return [o.tier, sql<number>`(-${o.inStock})`, sql<number>`(${o.score} * (1.0 + 0.5 * ${o.soldCount} / (${o.soldCount} + ${sql.raw(String(POPULARITY_HALF))})))`];
  // Otherwise THE listing sorts (sort.ts `LISTING_SORT_KEYS`, which MongoDB's listing reads too, #19).
  return LISTING_SORT_KEYS[sort].map((k) => (k.desc ? sql<number>`(-${o[k.operand]})` : o[k.operand]));
}


/** The columns a product card shows (listings, search, recommendations); `inStock` is the caller's expression. */
function listingFields(inStock: SQL<number>) {
  return {
    id: s.products.id,
    slug: s.products.slug,
    name: s.products.name,
    shortDescription: s.products.shortDescription,
    dosageForm: s.products.dosageForm,
    packSpec: s.products.packSpec,
    prescriptionRequired: s.products.prescriptionRequired,
    specialControl: s.products.specialControl,
    soldCount: s.products.soldCount,
    ratingAvgX100: s.products.ratingAvg,
    ratingCount: s.products.ratingCount,
    brandSlug: s.brands.slug,
    brandName: s.brands.name,
    categorySlug: s.categories.slug,
    categoryName: s.categories.name,
    imageKey: pi.r2Key,
    imageAlt: pi.alt,
    imageWidth: pi.width,
    imageHeight: pi.height,
    unitId: du.id,
    unitName: du.name,
    unitFactor: du.factor,
    price: du.price,
    salePrice: du.salePrice,
    saleStartsAt: du.saleStartsAt,
    saleEndsAt: du.saleEndsAt,
    inStock,
  };
}

/** A raw listing row as the service expects it (SQLite booleans and the cursor's sort keys decoded). */
function listRow(r: ListingRow, keyCount: number): ProductListRow {
  return {
    ...(r as unknown as ProductListRow),
    ...cardFromRow(r as CardRow),
    sortKeys: Array.from({ length: keyCount }, (_, i) => Number(r[`k${i}`])),
  };
}

export class D1CatalogRepository implements CatalogRepository {
  private readonly db: Db;

  constructor(private readonly d1: D1Database) {
    this.db = drizzle(d1);
  }

  async catalogVersion(): Promise<number> {
    const row = await this.db.select({ v: s.meta.value }).from(s.meta).where(eq(s.meta.key, 'catalog_version')).get();
    return row?.v ?? 0;
  }

  /** Products joined with what listings show (search reads its hits in listingWithFacets). */
  // Typed loosely on purpose: callers cast rows to their selection.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private joined(selection: SelectedFields): any {
    return this.db
      .select(selection)
      .from(s.products)
      .innerJoin(s.brands, eq(s.brands.id, s.products.brandId))
      .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
      .innerJoin(du, and(eq(du.productId, s.products.id), eq(du.isDefault, true)))
      .$dynamic();
  }

  /** The listing: one page, the total, and existence checks for the category and brands filtered on. */
  async listProducts(q: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult> {
    const [items, total, cat, brandRows, ...rest] = await this.db.batch(this.listingStatements(q, cursor, now) as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    void rest;
    return this.listingResult(q, now, undefined, items as ListingRow[], total as Array<{ n: number }>, cat as unknown[], brandRows as Array<{ slug: string }>);
  }

  /** Search: the listing restricted to full-text hits, plus facet counts for the query and filters, in one statement. */
  async searchProducts(q: ProductListQuery, cursor: Cursor | null, now: number, match: SearchMatch): Promise<ProductListResult & { facets: FacetRows }> {
    return this.listingWithFacets(q, cursor, now, match);
  }

  /** The listing plus facet counts (brands, dosage forms, Rx, price buckets, categories) for its filters, in one statement. */
  async listProductsWithFacets(q: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult & { facets: FacetRows }> {
    return this.listingWithFacets(q, cursor, now);
  }

  /**
   * One statement, one pass over the candidates: the `base` CTE holds every product the query and the filters that
   * are not facets select (for a search: the full-text hits, matched once), with its facet values, its sort keys and
   * one 0/1 flag per facet group's filter. The page, the total and every facet group are then read from `base`, so
   * they count the same set by construction, and the facets stay exact. Facets are disjunctive: each group is counted
   * with every filter except its own, so choosing one brand still shows the other brands (and how many products each
   * would add) instead of only the chosen one.
   */
  private async listingWithFacets(q: ProductListQuery, cursor: Cursor | null, now: number, match?: SearchMatch): Promise<ProductListResult & { facets: FacetRows }> {
    const today = vietnamDate(now);
    // A search reads its candidates' columns from `search_docs` (one primary-key lookup per hit, ADR 0042); a listing
    // from the product and its default unit. The filter rules are the same (`filterParts`), over either set of columns.
    const c = match ? docColumns(now) : productColumns(now);
    const { always, groups } = this.filterParts(q, now, c);
    const flag = (g: FacetGroup) => (groups[g].length ? sql<number>`(${and(...groups[g])})` : sql<number>`1`);
    const flags = FACET_GROUPS.map((g) => sql`${flag(g)} AS ${sql.raw(`f_${FACET_FLAG[g]}`)}`);
    const t = tableOperands(now, today);
    const base = match
      ? sql`SELECT d.product_id AS f_id, ${sql.raw(inStockCopySql('d', 'd.product_id', today))} AS f_inStock, ${c.price} AS f_price, d.category_id AS f_categoryId,
          d.brand_id AS f_brandId, d.dosage_form AS f_dosageForm, d.prescription_required AS f_rx, d.sold_count AS f_soldCount, d.created_at AS f_createdAt,
          hits.tier AS f_tier, hits.score AS f_score, ${sql.join(flags, sql`, `)}
        FROM hits CROSS JOIN search_docs d WHERE d.sid = hits.sid AND d.price IS NOT NULL AND ${and(...always)}`
      : // The base rows of a listing: brands and categories are not joined (their filters are id sets), so a product
        // costs its covering index row and its default unit's (migrations/0027_search_perf.sql).
        sql`SELECT ${s.products.id} AS f_id, ${t.inStock} AS f_inStock, ${t.price} AS f_price, ${s.products.categoryId} AS f_categoryId,
          ${s.products.brandId} AS f_brandId, ${s.products.dosageForm} AS f_dosageForm, ${s.products.prescriptionRequired} AS f_rx,
          ${t.soldCount} AS f_soldCount, ${t.createdAt} AS f_createdAt, 0 AS f_tier, 0 AS f_score, ${sql.join(flags, sql`, `)}
        FROM ${s.products} CROSS JOIN ${s.productUnits} AS ${du} INDEXED BY product_units_default_price_idx
        WHERE ${du.productId} = ${s.products.id} AND ${du.isDefault} = 1 AND ${and(...always)}`;
    const col = (c: string) => sql<number>`${sql.raw(c)}`;
    const keys = sortKeys(q.sort, { price: col('f_price'), inStock: col('f_inStock'), soldCount: col('f_soldCount'), createdAt: col('f_createdAt'), tier: col('f_tier'), score: col('f_score') }, Boolean(match));
    // The in-stock filter tests base's column (availability computed once per candidate), in every reader.
    const others = (g?: FacetGroup) =>
      [...FACET_GROUPS.filter((x) => x !== g).map((x) => `f_${FACET_FLAG[x]}`), ...(q.inStock === undefined ? [] : [`f_inStock = ${q.inStock ? 1 : 0}`])].join(' AND ');
    const where = () => sql.raw(others());
    const order = sql.join([...keys, sql`f_id`], sql`, `);
    const after = cursor ? sql` AND (${order}) > (${sql.join([...cursor.keys.map((k) => sql`${k}`), sql`${cursor.id}`], sql`, `)})` : sql``;
    // The page's cards: the listing's columns for the page's rows only; sort keys as text with 17 significant digits
    // (`%!.17g`; SQLite's plain %g stops at 16 and its JSON at 15, and a rounded key skips or repeats a row at a page
    // boundary), so the cursor round-trips the exact doubles through JSON.
    const item = Object.entries({ ...listingFields(sql<number>`pg.f_inStock`), ...Object.fromEntries(keys.map((_, i) => [`k${i}`, sql.raw(`printf('%!.17g', pg.k${i})`)])) });
    const items = sql`SELECT json_group_array(json(item)) FROM (SELECT json_object(${sql.join(item.map(([k, v]) => sql`${sql.raw(`'${k}'`)}, ${v}`), sql`, `)}) AS item
      FROM (SELECT f_id, f_inStock, ${sql.join(keys.map((k, i) => sql`${k} AS ${sql.raw(`k${i}`)}`), sql`, `)} FROM base WHERE ${where()}${after} ORDER BY ${order} LIMIT ${q.limit + 1}) AS pg
      CROSS JOIN ${s.products} CROSS JOIN ${s.brands} CROSS JOIN ${s.categories} CROSS JOIN ${s.productUnits} AS ${du}
      LEFT JOIN ${s.productImages} AS ${pi} ON ${pi.id} = (SELECT i2.id FROM product_images i2 WHERE i2.product_id = ${s.products.id} ORDER BY i2.position, i2.id LIMIT 1)
      WHERE ${s.products.id} = pg.f_id AND ${s.brands.id} = ${s.products.brandId} AND ${s.categories.id} = ${s.products.categoryId}
        AND ${du.productId} = ${s.products.id} AND ${du.isDefault} = 1)`;
    // Facets (#16, ADR 0042): the low-cardinality groups (category, dosage form, Rx, price bucket) and the total come
    // from ONE `GROUP BY` over base: per (category, form, Rx, bucket, which filters the row passes as a bit mask), its
    // row count (`fg`, a few hundred rows for thousands of hits); their disjunctive sums are made in TS (`facetSums`).
    // Brands (hundreds of values per query, so grouping by them too would not shrink the rows) keep their own pass.
    const bucket = `(CASE ${PRICE_BUCKETS.map((b, i) => `WHEN f_price < ${b.max ?? Number.MAX_SAFE_INTEGER} THEN ${i}`).join(' ')} END)`;
    const inStockOk = q.inStock === undefined ? '1' : `f_inStock = ${q.inStock ? 1 : 0}`;
    const mask = [...FACET_GROUPS.map((g) => `f_${FACET_FLAG[g]}`), inStockOk].map((cond, i) => `(CASE WHEN ${cond} THEN ${1 << i} ELSE 0 END)`).join(' + ');
    const brandFacet = sql.raw(`(SELECT json_group_array(json_object('slug', slug, 'name', name, 'n', n)) FROM (SELECT x.slug AS slug, x.name AS name, gr.n AS n
        FROM (SELECT f_brandId AS id, count(*) AS n FROM base WHERE ${others('brand')} GROUP BY f_brandId) AS gr
        CROSS JOIN brands x WHERE x.id = gr.id ORDER BY gr.n DESC, x.slug LIMIT 20))`);
    const statement = sql`WITH ${match ? sql`${searchHitsCtes(match)}, ` : sql``}base AS MATERIALIZED (${base}),
      fg AS MATERIALIZED (SELECT f_categoryId AS c, f_dosageForm AS f, f_rx AS r, ${sql.raw(bucket)} AS p, ${sql.raw(mask)} AS m, count(*) AS n FROM base GROUP BY 1, 2, 3, 4, 5)
      SELECT (SELECT json_group_array(json_array(c, f, r, p, m, n)) FROM fg) AS groups,
        (${items}) AS items,
        (SELECT json_group_array(json_array(x.id, x.slug, x.name)) FROM categories x WHERE x.id IN (SELECT c FROM fg)) AS categoryNames,
        ${brandFacet} AS brands,
        (SELECT count(*) FROM categories c0 WHERE c0.slug = ${q.category ?? ''}) AS categoryFound,
        (SELECT json_group_array(b0.slug) FROM brands b0 WHERE b0.slug IN (${sql.join((q.brand ?? ['']).map((b) => sql`${b}`), sql`, `)})) AS brandsFound`;
    const query = dialect.sqlToQuery(statement);
    const row = (await this.d1.prepare(query.sql).bind(...query.params).all<Record<string, string | number>>()).results[0]!;
    const parse = <T>(v: unknown) => JSON.parse(String(v ?? '[]')) as T[];
    const byCount = <T extends { n: number }>(rows: T[], tie: (r: T) => string) => rows.sort((a, b) => b.n - a.n || (tie(a) < tie(b) ? -1 : tie(a) > tie(b) ? 1 : 0));
    const pageRows = parse<ListingRow>(row.items);
    const cmp = (a: ListingRow, b: ListingRow) => {
      for (let i = 0; i < keys.length; i++) {
        const d = Number(a[`k${i}`]) - Number(b[`k${i}`]);
        if (d) return d;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    };
    const sums = facetSums(parse<FacetGroupRow>(row.groups));
    const names = new Map(parse<[string, string, string]>(row.categoryNames).map(([id, slug, name]) => [id, { slug, name }]));
    const categories = [...sums.category].flatMap(([id, n]) => {
      const c = names.get(String(id));
      return c ? [{ ...c, n }] : [];
    });
    return {
      ...this.listingResult(q, now, match, pageRows.sort(cmp), [{ n: sums.total }], Number(row.categoryFound) > 0 ? [1] : [], parse<string>(row.brandsFound).map((slug) => ({ slug }))),
      facets: {
        categories: byCount(categories, (r) => r.slug).slice(0, 20),
        brands: byCount(parse<FacetRows['brands'][number]>(row.brands), (r) => r.slug),
        dosageForms: byCount([...sums.dosageForm].map(([form, n]) => ({ form: String(form), n })), (r) => r.form).slice(0, 20),
        rx: [...sums.rx].sort((a, b) => Number(a[0]) - Number(b[0])).map(([rx, n]) => ({ rx: Boolean(rx), n })),
        priceBuckets: [...sums.price].sort((a, b) => Number(a[0]) - Number(b[0])).map(([bucket, n]) => ({ bucket: Number(bucket), n })),
      },
    };
  }

  /**
   * The listing's conditions: `always` (visibility), `inStock` (the in-stock filter, kept apart so a caller that
   * already computed availability tests its column instead of computing it twice) and each facet group's own filter.
   * THE filter rules of listings and search; filterConditions and the facet flags are read from here.
   */
  private filterParts(q: ProductListQuery, now: number, c: FilterColumns = productColumns(now)): { always: SQL[]; inStock: (available: SQL<number>) => SQL[]; groups: Record<FacetGroup, SQL[]> } {
    const price = c.price;
    const always: SQL[] = [c.visible];
    const inStock = (available: SQL<number>) => (q.inStock === undefined ? [] : [sql`${available} = ${q.inStock ? 1 : 0}`]);
    const groups: Record<FacetGroup, SQL[]> = { category: [], brand: [], dosageForm: [], rx: [], price: [] };
    // Category and brand filters are id sets (computed once per statement), so no row needs a join to test them.
    if (q.category) groups.category.push(sql`${c.categoryId} IN (SELECT c2.id FROM categories c2 WHERE instr(c2.path, (SELECT c3.path FROM categories c3 WHERE c3.slug = ${q.category})) = 1)`);
    if (q.brand) groups.brand.push(sql`${c.brandId} IN (SELECT b2.id FROM brands b2 WHERE b2.slug IN (${sql.join(q.brand.map((b) => sql`${b}`), sql`, `)}))`);
    if (q.minPrice !== undefined) groups.price.push(gte(price, q.minPrice));
    if (q.maxPrice !== undefined) groups.price.push(lte(price, q.maxPrice));
    if (q.rx !== undefined) groups.rx.push(sql`${c.rx} = ${q.rx ? 1 : 0}`);
    if (q.dosageForm) groups.dosageForm.push(inArray(c.dosageForm, q.dosageForm));
    return { always, inStock, groups };
  }

  /** The listing's conditions; `except` leaves out one facet group's own filter (for that group's counts). */
  private filterConditions(q: ProductListQuery, now: number, except?: FacetGroup): SQL[] {
    const { always, inStock, groups } = this.filterParts(q, now);
    return [...always, ...inStock(inStockExpr(vietnamDate(now))), ...FACET_GROUPS.filter((g) => g !== except).flatMap((g) => groups[g])];
  }

  private listingStatements(q: ProductListQuery, cursor: Cursor | null, now: number) {
    const today = vietnamDate(now);
    const inStock = inStockExpr(today);
    const conds = this.filterConditions(q, now);
    const keys = sortKeys(q.sort, tableOperands(now, today));
    const pageConds = [...conds];
    if (cursor) {
      pageConds.push(sql`(${sql.join([...keys, sql`${s.products.id}`], sql`, `)}) > (${sql.join([...cursor.keys.map((k) => sql`${k}`), sql`${cursor.id}`], sql`, `)})`);
    }
    const keyColumns = Object.fromEntries(keys.map((k, i) => [`k${i}`, k])) as Record<string, SQL<number>>;
    const itemsQuery = this.joined(
      uniq({
        ...listingFields(inStock),
        ...keyColumns,
      }),
    )
      .leftJoin(pi, sql`${pi.id} = (SELECT i2.id FROM product_images i2 WHERE i2.product_id = ${s.products.id} ORDER BY i2.position, i2.id LIMIT 1)`)
      .where(and(...pageConds))
      .orderBy(...keys.map((k) => asc(k)), asc(s.products.id))
      .limit(q.limit + 1);
    const totalQuery = this.joined({ n: count() }).where(and(...conds));
    const categoryCheck = this.db.select({ slug: s.categories.slug }).from(s.categories).where(eq(s.categories.slug, q.category ?? ''));
    const brandCheck = this.db.select({ slug: s.brands.slug }).from(s.brands).where(inArray(s.brands.slug, q.brand ?? ['']));
    return [itemsQuery, totalQuery, categoryCheck, brandCheck] as const;
  }

  private listingResult(q: ProductListQuery, now: number, match: SearchMatch | undefined, items: ListingRow[], total: Array<{ n: number }>, cat: unknown[], brandRows: Array<{ slug: string }>): ProductListResult {
    const keyCount = sortKeyCount(q.sort, Boolean(match));
    const found = new Set(brandRows.map((b) => b.slug));
    return {
      rows: items.map((r) => listRow(r, keyCount)),
      total: total[0]?.n ?? 0,
      missingCategory: q.category !== undefined && cat.length === 0,
      missingBrands: (q.brand ?? []).filter((b) => !found.has(b)),
    };
  }

  /**
   * Products most often bought together with the given one (confirmed orders holding both, from `co_purchases`),
   * as listing rows; only what the shop shows, sellable first, then by orders together and best sellers.
   */
  async boughtTogether(slug: string, limit: number, now: number): Promise<ProductListRow[] | null> {
    const inStock = inStockExpr(vietnamDate(now));
    const base = this.db.select({ id: s.products.id }).from(s.products).where(and(eq(s.products.slug, slug), shopVisible as SQL));
    const rows = this.joined(uniq({ ...listingFields(inStock), together: s.coPurchases.orders }))
      .innerJoin(s.coPurchases, eq(s.coPurchases.otherId, s.products.id))
      .leftJoin(pi, sql`${pi.id} = (SELECT i2.id FROM product_images i2 WHERE i2.product_id = ${s.products.id} ORDER BY i2.position, i2.id LIMIT 1)`)
      .where(and(shopVisible as SQL, sql`${s.coPurchases.productId} = (SELECT p0.id FROM products p0 WHERE p0.slug = ${slug})`, sql`${s.coPurchases.orders} > 0`))
      .orderBy(desc(inStock), desc(s.coPurchases.orders), desc(s.products.soldCount), asc(s.products.id))
      .limit(limit);
    const [found, items] = await this.db.batch([base, rows] as unknown as [BatchItem<'sqlite'>, BatchItem<'sqlite'>]);
    if ((found as unknown[]).length === 0) return null;
    return (items as ListingRow[]).map((r) => listRow(r, 0));
  }

  /** #14 content: the given products as listing rows, in the given order, only those the shop shows (article pages). */
  async productsByIds(ids: readonly string[], now: number): Promise<ProductListRow[]> {
    if (ids.length === 0) return [];
    const inStock = inStockExpr(vietnamDate(now));
    const rows = (await this.joined(listingFields(inStock))
      .leftJoin(pi, sql`${pi.id} = (SELECT i2.id FROM product_images i2 WHERE i2.product_id = ${s.products.id} ORDER BY i2.position, i2.id LIMIT 1)`)
      .where(and(shopVisible as SQL, inArray(s.products.id, [...ids])))) as ListingRow[];
    const byId = new Map(rows.map((r) => [String(r.id), listRow(r, 0)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The availability summary's midnight step (cron, ADR 0034): recomputes, as of `now`'s Vietnam day, the rows that
   * went stale (a counted batch expired), with the triggers' own statement. A product that sold out by expiry flips
   * `in_stock`, and its trigger bumps the catalogue version. Readers are exact meanwhile (they fall back to the live
   * rule); this makes the flip visible to the edge cache and the search sync. Returns how many rows it recomputed.
   */
  async refreshStaleAvailability(now: number): Promise<number> {
    const today = vietnamDate(now);
    const [stale] = await this.d1.batch<{ n: number }>([
      this.d1.prepare(`SELECT COUNT(*) AS n FROM product_availability pa WHERE ${staleSummarySql('pa', today)}`),
      this.d1.prepare(availabilityUpsertSql(staleSummaryWhereSql(today), today, String(Math.trunc(now)))),
    ]);
    return stale?.results[0]?.n ?? 0;
  }

  /** The product page's rows; for an old slug of a shop-visible product (issue 14), its current slug; else null. */
  async productBySlug(slug: string, now: number): Promise<ProductDetailRecord | { redirect: string } | null> {
    void now;
    const idOf = sql`(SELECT p2.id FROM products p2 WHERE p2.slug = ${slug} AND ${sql.raw(shopVisibleSql('p2'))})`;
    const productQuery = this.db
      .select(uniq({
        id: s.products.id,
        slug: s.products.slug,
        name: s.products.name,
        shortDescription: s.products.shortDescription,
        description: s.products.description,
        dosageForm: s.products.dosageForm,
        packSpec: s.products.packSpec,
        baseUnit: s.products.baseUnit,
        indications: s.products.indications,
        dosage: s.products.dosage,
        sideEffects: s.products.sideEffects,
        contraindications: s.products.contraindications,
        precautions: s.products.precautions,
        storage: s.products.storage,
        registrationNumber: s.products.registrationNumber,
        countryOfOrigin: s.products.countryOfOrigin,
        prescriptionRequired: s.products.prescriptionRequired,
        specialControl: s.products.specialControl,
        soldCount: s.products.soldCount,
        ratingAvgX100: s.products.ratingAvg,
        ratingCount: s.products.ratingCount,
        updatedAt: s.products.updatedAt,
        brandSlug: s.brands.slug,
        brandName: s.brands.name,
        brandCountry: s.brands.country,
        categorySlug: s.categories.slug,
        categoryName: s.categories.name,
        mSlug: s.manufacturers.slug,
        mName: s.manufacturers.name,
        mCountry: s.manufacturers.country,
      }))
      .from(s.products)
      .innerJoin(s.brands, eq(s.brands.id, s.products.brandId))
      .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
      .leftJoin(s.manufacturers, eq(s.manufacturers.id, s.products.manufacturerId))
      .where(and(eq(s.products.slug, slug), shopVisible));
    const unitsQuery = this.db
      .select()
      .from(s.productUnits)
      .where(sql`${s.productUnits.productId} = ${idOf} AND ${sql.raw(unitOfferedSql('"product_units"'))}`)
      .orderBy(asc(s.productUnits.position), asc(s.productUnits.factor));
    const imagesQuery = this.db
      .select({ r2Key: s.productImages.r2Key, alt: s.productImages.alt, width: s.productImages.width, height: s.productImages.height })
      .from(s.productImages)
      .where(sql`${s.productImages.productId} = ${idOf}`)
      .orderBy(asc(s.productImages.position), asc(s.productImages.id));
    const ingredientsQuery = this.db
      .select({ slug: s.ingredients.slug, name: s.ingredients.name, strength: s.productIngredients.strength })
      .from(s.productIngredients)
      .innerJoin(s.ingredients, eq(s.ingredients.id, s.productIngredients.ingredientId))
      .where(sql`${s.productIngredients.productId} = ${idOf}`)
      .orderBy(asc(s.productIngredients.position));
    const batchesQuery = this.db
      .select({ id: s.stockBatches.id, lotNumber: s.stockBatches.lotNumber, expiryDate: s.stockBatches.expiryDate, quantity: s.stockBatches.quantity, reserved: s.stockBatches.reserved })
      .from(s.stockBatches)
      .where(sql`${s.stockBatches.productId} = ${idOf}`);
    const breadcrumbQuery = this.db
      .select({ slug: s.categories.slug, name: s.categories.name, level: s.categories.level })
      .from(s.categories)
      .where(sql`instr((SELECT c3.path FROM products p3 JOIN categories c3 ON c3.id = p3.category_id WHERE p3.slug = ${slug}), ${s.categories.path}) = 1`)
      .orderBy(asc(s.categories.level));

    const redirectQuery = this.db
      .select({ slug: s.products.slug })
      .from(s.productSlugRedirects)
      .innerJoin(s.products, eq(s.products.id, s.productSlugRedirects.productId))
      .where(and(eq(s.productSlugRedirects.oldSlug, slug), shopVisible));

    const [prod, units, images, ingredients, batches, breadcrumb, redirect] = await this.db.batch([
      productQuery,
      unitsQuery,
      imagesQuery,
      ingredientsQuery,
      batchesQuery,
      breadcrumbQuery,
      redirectQuery,
    ]);
    const p = prod[0];
    if (!p) return redirect[0] ? { redirect: redirect[0].slug } : null;
    return {
      product: {
        ...p,
        prescriptionRequired: Boolean(p.prescriptionRequired),
        specialControl: Boolean(p.specialControl),
        brand: { slug: p.brandSlug, name: p.brandName, country: p.brandCountry },
        category: { slug: p.categorySlug, name: p.categoryName },
        manufacturer: p.mSlug && p.mName && p.mCountry ? { slug: p.mSlug, name: p.mName, country: p.mCountry } : null,
      },
      units: units.map((u) => ({
        id: u.id,
        name: u.name,
        factor: u.factor,
        isDefault: Boolean(u.isDefault),
        weightGrams: u.weightGrams,
        barcode: u.barcode,
        price: u.price,
        salePrice: u.salePrice,
        saleStartsAt: u.saleStartsAt,
        saleEndsAt: u.saleEndsAt,
      })),
      images,
      ingredients,
      batches,
      breadcrumb,
    };
  }

  async categoryTree() {
    const rowsQuery = this.db
      .select({ id: s.categories.id, parentId: s.categories.parentId, level: s.categories.level, slug: s.categories.slug, name: s.categories.name, path: s.categories.path, position: s.categories.position })
      .from(s.categories);
    const countsQuery = this.db
      .select({ categoryId: s.products.categoryId, n: count() })
      .from(s.products)
      .where(shopVisible)
      .groupBy(s.products.categoryId);
    const [rows, counts] = await this.db.batch([rowsQuery, countsQuery]);
    return { rows, counts: new Map(counts.map((c) => [c.categoryId, c.n])) };
  }

  async categoryBySlug(slug: string): Promise<CategoryDetailRecord | null> {
    const catQuery = this.db.select().from(s.categories).where(eq(s.categories.slug, slug));
    const pathOf = sql`(SELECT c2.path FROM categories c2 WHERE c2.slug = ${slug})`;
    const relatedQuery = this.db
      .select({ id: s.categories.id, parentId: s.categories.parentId, level: s.categories.level, slug: s.categories.slug, name: s.categories.name, path: s.categories.path, position: s.categories.position })
      .from(s.categories)
      .where(sql`instr(${pathOf}, ${s.categories.path}) = 1 OR ${s.categories.parentId} = (SELECT c4.id FROM categories c4 WHERE c4.slug = ${slug})`);
    const countsQuery = this.db
      .select(uniq({ categoryId: s.products.categoryId, path: s.categories.path, n: count() }))
      .from(s.products)
      .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
      .where(and(shopVisible, sql`instr(${s.categories.path}, ${pathOf}) = 1`))
      .groupBy(s.products.categoryId);
    const [cat, related, counts] = await this.db.batch([catQuery, relatedQuery, countsQuery]);
    const c = cat[0];
    if (!c) return null;
    // Roll leaf counts up to every category on their path that is in `related` (the category and its children).
    const byPath = new Map<string, number>();
    for (const row of counts) for (const p of ancestorPaths(row.path)) byPath.set(p, (byPath.get(p) ?? 0) + row.n);
    const countsByCategory = new Map<string, number>();
    for (const r of [c, ...related]) countsByCategory.set(r.id, byPath.get(r.path) ?? 0);
    return { category: c, related, countsByCategory };
  }

  private brandsQuery() {
    return this.db
      .select({
        id: s.brands.id,
        slug: s.brands.slug,
        name: s.brands.name,
        country: s.brands.country,
        description: s.brands.description,
        logoKey: s.brands.logoKey,
        productCount: sql<number>`COUNT(${s.products.id})`,
      })
      .from(s.brands)
      .leftJoin(s.products, and(eq(s.products.brandId, s.brands.id), shopVisible))
      .groupBy(s.brands.id);
  }

  async brands(): Promise<BrandRecord[]> {
    const rows = await this.brandsQuery().orderBy(asc(s.brands.name));
    return rows.map((r) => ({ ...r, productCount: Number(r.productCount) }));
  }

  async brandBySlug(slug: string): Promise<BrandRecord | null> {
    const rows = await this.brandsQuery().where(eq(s.brands.slug, slug));
    const r = rows[0];
    return r ? { ...r, productCount: Number(r.productCount) } : null;
  }
}
