/**
 * Autocomplete over D1 (#16, ADR 0043): names and brands first, from a prefix-only index that returns its best hits
 * without ranking every match.
 *
 * `product_suggest_fts` (migrations/0035_suggest_prefixes.sql) is a small FTS5 table holding, per SHOP-VISIBLE
 * product, only its name and brand, folded and accent-exact (the same text as `product_search`, so the shared
 * Vietnamese folding — `foldVietnamese`/`accentExact` in shared/src/text.ts, đ → d, unicode61 strips the marks — is the
 * one the search index uses), with prefix indexes for the word being typed. Its rowid is the ranking key
 * (`suggestKeySql`: the name's length, then the search row id), so `ORDER BY rowid LIMIT 50` streams the best 50 hits
 * from the doclist and stops: no BM25 over thousands of "vi*" matches. FTS5 returns rows in rowid order natively.
 *
 * Triggers (generated here by `suggestTriggersSql`; test/suggest-prefixes.test.ts proves the migration holds exactly
 * that SQL) keep it current: a product's search row written or changed (create, rename, brand rename — the existing
 * product_search triggers already follow those), deleted, or its shop visibility (`shopVisibleSql`) flipping. Readers
 * still apply `shopVisibleSql` (correct by construction even if a row lagged) and compute availability with
 * `inStockSummarySql` at read time, so stock never has to touch this table.
 *
 * When fewer than `limit` visible products match on names and brands, the statement falls back to every field but the
 * description of `product_search_fts` (symptom words such as "đau đầu" live in the indications), ranked by BM25 as
 * before (ADR 0036) — one statement either way. The fallback is a scalar subquery inside a CASE (its hits as JSON),
 * because SQLite evaluates a CASE branch only when taken; a `WHERE <false> AND … MATCH …` still runs the FTS query.
 */
import { inStockSummarySql, vietnamDate } from '../catalog/availability';
import { shopVisibleSql } from '../catalog/visibility';
import type { SuggestionRows } from './ports';
import { buildMatch, EXACT_COLUMNS, FOLDED_COLUMNS, FTS_TABLES, MIN_SEARCH_PREFIX, type FtsTable, type MatchTree } from './query';

/** Autocomplete's wide fields (fallback): every field but the long description, of the folded and the accent-exact table. */
const WIDE_COLUMNS: Record<FtsTable, string> = { folded: '{name brand category ingredients indications}', exact: '{name_x brand_x category_x ingredients_x indications_x}' };
/** Hits taken from either index before availability is read and the page is cut. */
const CANDIDATES = 50;
/**
 * The wide fallback ranks (BM25) at most this many matches, read in the index's row order: it runs only when fewer
 * than `limit` names match, and a short prefix of a symptom word can match most of a 100,000-product catalogue.
 */
const WIDE_SCAN = 500;

/** The ranking key's unit: the search row id lives below it (product_search ids stay far below 2^40). */
const KEY_SHIFT = 1_099_511_627_776; // 2^40
/** Names longer than this share the last rank bucket. */
const MAX_RANK_LENGTH = 1023;

/**
 * SQL: the rowid of search row `ps` (an alias, or NEW/OLD) in `product_suggest_fts`: shorter names first (a typed
 * prefix is a bigger part of a short name, which is what BM25 rewarded over these short fields), then the row id.
 */
export const suggestKeySql = (ps: string) => `(min(length(${ps}.name), ${MAX_RANK_LENGTH}) * ${KEY_SHIFT} + ${ps}.id)`;

/** SQL: index search row `ps` (alias or NEW) when its product is shop-visible (the one visibility rule). */
const indexRowSql = (ps: string, where: string) =>
  `INSERT INTO product_suggest_fts (rowid, product_id, name, brand, name_x, brand_x)
    SELECT ${suggestKeySql(ps)}, ${ps}.product_id, ${ps}.name, ${ps}.brand, ${ps}.name_x, ${ps}.brand_x FROM ${where}`;

/** The table (migration 0035 holds exactly this statement). */
export function suggestTableSql(): string {
  return `CREATE VIRTUAL TABLE product_suggest_fts USING fts5(product_id UNINDEXED, name, brand, name_x, brand_x, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4')`;
}

/** The triggers that keep `product_suggest_fts` current (migration 0035 holds exactly these statements, in order). */
export function suggestTriggersSql(): string[] {
  const visible = shopVisibleSql('p');
  const trigger = (name: string, event: string, body: string[], when = '') =>
    `CREATE TRIGGER ${name} AFTER ${event}${when ? ` WHEN ${when}` : ''} BEGIN\n${body.map((s) => `  ${s};\n`).join('')}END`;
  const changed = ['id', 'product_id', 'name', 'brand', 'name_x', 'brand_x'].map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  return [
    trigger('product_suggest_insert', 'INSERT ON product_search', [indexRowSql('NEW', `products p WHERE p.id = NEW.product_id AND ${visible}`)]),
    trigger('product_suggest_update', 'UPDATE ON product_search', [
      `DELETE FROM product_suggest_fts WHERE rowid = ${suggestKeySql('OLD')}`,
      indexRowSql('NEW', `products p WHERE p.id = NEW.product_id AND ${visible}`),
    ], changed),
    trigger('product_suggest_delete', 'DELETE ON product_search', [`DELETE FROM product_suggest_fts WHERE rowid = ${suggestKeySql('OLD')}`]),
    // Approved, shown, restored (in); hidden, unapproved, soft-deleted (out).
    trigger('product_suggest_visibility', 'UPDATE OF approval_state, visible, deleted_at ON products', [
      `DELETE FROM product_suggest_fts WHERE rowid IN (SELECT ${suggestKeySql('ps')} FROM product_search ps WHERE ps.product_id = NEW.id)`,
      indexRowSql('ps', `product_search ps CROSS JOIN products p WHERE ps.product_id = NEW.id AND p.id = NEW.id AND ${visible}`),
    ], `${shopVisibleSql('OLD')} IS NOT ${shopVisibleSql('NEW')}`),
  ];
}

/** The migration's backfill: every shop-visible product's search row. */
export const suggestBackfillSql = () => indexRowSql('ps', `product_search ps CROSS JOIN products p WHERE p.id = ps.product_id AND ${shopVisibleSql('p')}`);

/**
 * Products and matching brands, categories, ingredients for the words typed so far (the last one a prefix). Products:
 * the first 50 shop-visible hits on names and brands in ranking-key order when at least `limit` match there, else the
 * best 50 by BM25 over every field but the description; then in stock first. A query typed with marks matches
 * accent-exact when any shop-visible product matches that way (over the wide fields), else folded.
 */
export async function suggestD1(d1: D1Database, tokens: readonly string[], limit: number, exact: readonly string[] | null, now: number): Promise<SuggestionRows> {
  // The wide fields of one table: a query typed without marks reads the folded table, one typed with marks (every
  // word accent-exact: suggest has no synonyms or corrections) the accent-exact one (migration 0038).
  const fields = (t: MatchTree) => {
    if (!('table' in t)) throw new RangeError('autocomplete reads one table');
    return `${WIDE_COLUMNS[t.table]} : (${t.fts})`;
  };
  // The prefix index holds names and brands only: each word's column set narrows to those (folded or accent-exact).
  const names = (m: string) => m.replaceAll(FOLDED_COLUMNS, '{name brand}').replaceAll(EXACT_COLUMNS, '{name_x brand_x}');
  const folded = buildMatch(tokens, { prefixLast: true, phrase: false });
  const accented = exact ? buildMatch(tokens, { prefixLast: true, exact, phrase: false }) : folded;
  const accentTable = 'table' in accented.split.all ? accented.split.all.table : 'exact';
  // The wide fallback reads the first WIDE_SCAN matches in index order and ranks them by BM25. When the word being
  // typed is 1–2 letters after other words ("vết t", "ợ c"), ranking with its prefix made BM25's IDF pass read the
  // whole "t"* doclist (every product at 100,000): those candidates are ranked by the other words only (#16, ADR 0043).
  const shortLast = tokens.length >= 2 && tokens[tokens.length - 1]!.length < MIN_SEARCH_PREFIX;
  const ranker = (m: ReturnType<typeof buildMatch>, x: readonly string[] | null) =>
    shortLast ? buildMatch(tokens.slice(0, -1), { prefixLast: false, exact: x?.slice(0, -1) ?? null, phrase: false }).split.all : m.split.all;
  const wideScan = (t: FtsTable) => {
    const fts = FTS_TABLES[t];
    return shortLast
      ? `(WITH c AS MATERIALIZED (SELECT rowid AS sid FROM ${fts} WHERE ${fts} MATCH ? LIMIT ${WIDE_SCAN})
           SELECT json_group_array(json_array(sid, score)) FROM (SELECT r.rowid AS sid, r.rank AS score FROM ${fts} r
             WHERE r.${fts} MATCH ? AND r.rowid BETWEEN (SELECT min(sid) FROM c) AND (SELECT max(sid) FROM c) AND +r.rowid IN (SELECT sid FROM c)
             ORDER BY +score LIMIT ${CANDIDATES}))`
      : `(SELECT json_group_array(json_array(sid, score))
           FROM (SELECT sid, score FROM (SELECT rowid AS sid, rank AS score FROM ${fts} WHERE ${fts} MATCH ? LIMIT ${WIDE_SCAN})
                 ORDER BY +score LIMIT ${CANDIDATES}))`;
  };
  const wideBinds = (m: ReturnType<typeof buildMatch>, x: readonly string[] | null) => [fields(m.split.all), ...(shortLast ? [fields(ranker(m, x))] : [])];
  const today = vietnamDate(now);
  const products = d1
    .prepare(
      `WITH accent AS MATERIALIZED (SELECT ${exact ? `EXISTS (SELECT 1 FROM ${FTS_TABLES[accentTable]} f CROSS JOIN product_search ps0 CROSS JOIN products p0 WHERE f.${FTS_TABLES[accentTable]} MATCH ? AND ps0.id = f.rowid AND p0.id = ps0.product_id AND ${shopVisibleSql('p0')})` : '0'} AS yes),
         choice AS MATERIALIZED (SELECT CASE WHEN yes THEN ? ELSE ? END AS name FROM accent),
         named AS MATERIALIZED (SELECT s.product_id AS pid, s.rowid AS ord FROM product_suggest_fts s CROSS JOIN products p1
           WHERE s.product_suggest_fts MATCH (SELECT name FROM choice) AND p1.id = s.product_id AND ${shopVisibleSql('p1')} ORDER BY s.rowid LIMIT ${CANDIDATES}),
         enough AS MATERIALIZED (SELECT count(*) >= ? AS yes FROM named),
         wide AS MATERIALIZED (SELECT CASE WHEN (SELECT yes FROM enough) THEN '[]' WHEN (SELECT yes FROM accent) THEN ${wideScan(accentTable)} ELSE ${wideScan('folded')} END AS hits),
         hits AS (SELECT pid, ord FROM named WHERE (SELECT yes FROM enough) = 1
           UNION ALL SELECT ps.product_id AS pid, json_extract(w.value, '$[1]') AS ord FROM wide CROSS JOIN json_each(wide.hits) w CROSS JOIN product_search ps
             WHERE ps.id = json_extract(w.value, '$[0]')),
         page AS MATERIALIZED (SELECT p.id AS pid, hits.ord, ${inStockSummarySql('p.id', today)} AS inStock
           FROM hits CROSS JOIN products p WHERE p.id = hits.pid AND ${shopVisibleSql('p')}
             AND EXISTS (SELECT 1 FROM product_units u0 WHERE u0.product_id = p.id AND u0.is_default = 1)
           ORDER BY inStock DESC, hits.ord, p.id LIMIT ?)
       SELECT p.slug, p.name, p.prescription_required AS prescriptionRequired, p.special_control AS specialControl, u.price, u.sale_price AS salePrice,
          u.sale_starts_at AS saleStartsAt, u.sale_ends_at AS saleEndsAt,
          (SELECT i.r2_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS imageKey, page.inStock
       FROM page CROSS JOIN products p CROSS JOIN product_units u
       WHERE p.id = page.pid AND u.product_id = p.id AND u.is_default = 1
       ORDER BY page.inStock DESC, page.ord, p.id`,
    )
    .bind(...(exact ? [fields(accented.split.all)] : []), names(accented.all), names(folded.all), limit, ...wideBinds(accented, exact), ...wideBinds(folded, null), limit);
  const entities = d1
    .prepare(`SELECT kind, ref, label FROM search_entities_fts WHERE search_entities_fts MATCH ? ORDER BY rank LIMIT ?`)
    .bind(`name : (${buildMatch(tokens, { prefixLast: true, columns: false }).all})`, limit);
  const [p, e] = await d1.batch<Record<string, unknown>>([products, entities]);
  return {
    products: ((p?.results ?? []) as SuggestionRows['products']).map((r) => ({ ...r, prescriptionRequired: Boolean(r.prescriptionRequired), specialControl: Boolean(r.specialControl), inStock: Number(r.inStock) === 1 })),
    entities: (e?.results ?? []) as SuggestionRows['entities'],
  };
}
