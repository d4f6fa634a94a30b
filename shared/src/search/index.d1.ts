import { D1CatalogRepository } from '../catalog/repo.d1';
import type { Cursor } from '../catalog/cursor';
import type { ProductListQuery } from '../catalog/schemas';
import { inStockSummarySql, vietnamDate } from '../catalog/availability';
import type { QueryExpansion, SearchIndex, SuggestionRows } from './ports';
import { buildMatch, correctableInitials, corrections, fuzzyCandidatesWanted, phrases, synonymsFor } from './query';
import { shopVisibleSql } from '../catalog/visibility';

/** The accent-exact columns of product_search_fts (migrations/0013_search_relevance.sql). */
const EXACT_FIELDS = ['name_x', 'brand_x', 'category_x', 'ingredients_x', 'indications_x', 'body_x'];
/** Autocomplete's fields, folded and accent-exact. */
const SUGGEST_COLUMNS = '{name brand category ingredients indications name_x brand_x category_x ingredients_x indications_x}';
/** Autocomplete's first choice: names and brands, folded and accent-exact. */
const NAME_COLUMNS = '{name brand name_x brand_x}';
const nextChar = (c: string) => String.fromCharCode(c.charCodeAt(0) + 1);

/** SQLite FTS5 search in D1, kept in sync with the catalogue by triggers (migrations/0003_search.sql). */
export class D1SearchIndex implements SearchIndex {
  readonly engine = 'd1' as const;
  private readonly catalog: D1CatalogRepository;

  constructor(private readonly d1: D1Database) {
    this.catalog = new D1CatalogRepository(d1);
  }

  async expand(tokens: readonly string[], exact: readonly string[] | null = null): Promise<QueryExpansion> {
    const wanted = fuzzyCandidatesWanted(tokens);
    const ph = phrases(tokens);
    // Synonyms of the typed phrases, and (when a word may be corrected) of every phrase with the same first letter, so
    // the corrected phrases' synonyms are at hand without another round trip (the table is small).
    const initials = correctableInitials(tokens);
    const synWhere = [`term IN (${ph.map(() => '?').join(',')})`, ...initials.map(() => '(term >= ? AND term < ?)')].join(' OR ');
    const statements: D1PreparedStatement[] = [
      this.d1.prepare(`SELECT term, synonym FROM search_synonyms WHERE ${synWhere}`).bind(...ph, ...initials.flatMap((c) => [c, nextChar(c)])),
    ];
    if (wanted.length) {
      // One window per token: same first letter, length within the edit budget; exact terms are included so a
      // token that is already indexed is recognised and left alone. Accent-exact codes (they hold digits) are not
      // spellings of anything.
      const parts = wanted.map(() => '(term >= ? AND term < ? AND length(term) BETWEEN ? AND ?)');
      statements.push(
        this.d1
          .prepare(`SELECT term, doc FROM product_search_vocab WHERE (${parts.join(' OR ')}) AND term NOT GLOB '*[0-9]*'`)
          .bind(...wanted.flatMap((w) => [w.from, w.to, w.minLen, w.maxLen])),
      );
    }
    if (exact) {
      // Which accent-exact words the index holds (the last one as a prefix too): unknown ones match folded.
      const lastWord = exact[exact.length - 1]!;
      statements.push(
        this.d1
          .prepare(`SELECT DISTINCT term FROM product_search_vocab_col WHERE col IN (${EXACT_FIELDS.map(() => '?').join(',')}) AND (term IN (${exact.map(() => '?').join(',')}) OR (term > ? AND term < ?))`)
          .bind(...EXACT_FIELDS, ...exact, lastWord, `${lastWord}{`),
      );
    }
    const [syn, ...rest] = await this.d1.batch<Record<string, unknown>>(statements);
    const vocab = wanted.length ? rest.shift() : undefined;
    const known = exact ? new Set(((rest.shift()?.results ?? []) as Array<{ term: string }>).map((r) => r.term)) : null;
    const vocabRows = (vocab?.results ?? []) as Array<{ term: string; doc: number }>;
    const corr = corrections(tokens, vocabRows);
    const synonyms = synonymsFor(tokens, corr, (syn?.results ?? []) as Array<{ term: string; synonym: string }>);
    const last = tokens.length - 1;
    const exactKept = exact && known
      ? exact.map((e, i) => (known.has(e) || (i === last && [...known].some((k) => k.startsWith(e))) ? e : null))
      : null;
    return { corrections: corr, synonyms, exact: exactKept };
  }

  search(tokens: readonly string[], expansion: QueryExpansion, filters: ProductListQuery, cursor: Cursor | null, now: number) {
    const match = buildMatch(tokens, { prefixLast: true, corrections: expansion.corrections, synonyms: expansion.synonyms, exact: expansion.exact });
    return this.catalog.searchProducts(filters, cursor, now, match);
  }

  /**
   * Products and matching brands, categories, ingredients. Products: the best 50 hits by rank (then sellable first)
   * over the names and brands when at least `limit` shop-visible products match there (what a shopper types in a search box is
   * mostly the start of a name, and a name-only match ranks few short fields), else over every field but the
   * description, so symptom words find products too. A query typed with marks matches accent-exact, or folded when
   * nothing matches that way. The same statement decides both, in CTEs evaluated once; CROSS JOINs make SQLite start
   * from the hits, not the catalogue. The rank is read as a column and the best 50 kept by SQLite (`+score`): FTS5's
   * own `ORDER BY rank` ranks in a second pass and costs about twice as much.
   */
  async suggest(tokens: readonly string[], limit: number, exact: readonly string[] | null = null, now = Date.now()): Promise<SuggestionRows> {
    // Every field but the long description: symptom words are in the indications, and the description would make
    // short prefixes match most of the catalogue.
    const fields = (m: string) => `${SUGGEST_COLUMNS} : (${m})`;
    const names = (m: string) => `${NAME_COLUMNS} : (${m})`;
    const foldedAll = buildMatch(tokens, { prefixLast: true, phrase: false }).all;
    const accentedAll = exact ? buildMatch(tokens, { prefixLast: true, exact, phrase: false }).all : foldedAll;
    const today = vietnamDate(now);
    const products = this.d1
      .prepare(
        `WITH accent AS MATERIALIZED (SELECT ${exact ? 'EXISTS (SELECT 1 FROM product_search_fts WHERE product_search_fts MATCH ?)' : '0'} AS yes),
           choice AS MATERIALIZED (SELECT CASE WHEN yes THEN ? ELSE ? END AS name, CASE WHEN yes THEN ? ELSE ? END AS wide FROM accent),
           pick AS MATERIALIZED (SELECT CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM choice CROSS JOIN product_search_fts f CROSS JOIN product_search ps0 CROSS JOIN products p0
             WHERE f.product_search_fts MATCH choice.name AND ps0.id = f.rowid AND p0.id = ps0.product_id AND ${shopVisibleSql('p0')} LIMIT ?)) >= ? THEN name ELSE wide END AS m FROM choice)
         SELECT p.slug, p.name, p.prescription_required AS prescriptionRequired, p.special_control AS specialControl, u.price, u.sale_price AS salePrice,
            u.sale_starts_at AS saleStartsAt, u.sale_ends_at AS saleEndsAt,
            (SELECT i.r2_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS imageKey,
            ${inStockSummarySql('p.id', today)} AS inStock
         FROM (SELECT sid, score FROM (SELECT rowid AS sid, rank AS score
               FROM product_search_fts
               WHERE product_search_fts MATCH (SELECT m FROM pick))
               ORDER BY +score LIMIT 50) AS hits
         CROSS JOIN product_search ps CROSS JOIN products p CROSS JOIN product_units u
         WHERE ps.id = hits.sid AND p.id = ps.product_id AND ${shopVisibleSql('p')}
           AND u.product_id = p.id AND u.is_default = 1
         ORDER BY inStock DESC, hits.score, p.id
         LIMIT ?`,
      )
      .bind(...(exact ? [fields(accentedAll)] : []), names(accentedAll), names(foldedAll), fields(accentedAll), fields(foldedAll), limit, limit, limit);
    const entities = this.d1
      .prepare(`SELECT kind, ref, label FROM search_entities_fts WHERE search_entities_fts MATCH ? ORDER BY rank LIMIT ?`)
      .bind(`name : (${buildMatch(tokens, { prefixLast: true, columns: false }).all})`, limit);
    const [p, e] = await this.d1.batch<Record<string, unknown>>([products, entities]);
    return {
      products: ((p?.results ?? []) as SuggestionRows['products']).map((r) => ({ ...r, prescriptionRequired: Boolean(r.prescriptionRequired), specialControl: Boolean(r.specialControl), inStock: Number(r.inStock) === 1 })),
      entities: (e?.results ?? []) as SuggestionRows['entities'],
    };
  }
}
