import { D1CatalogRepository } from '../catalog/repo.d1';
import type { Cursor } from '../catalog/cursor';
import type { ProductListQuery } from '../catalog/schemas';
import type { QueryExpansion, SearchIndex, SuggestionRows } from './ports';
import { buildMatch, correctableInitials, corrections, fuzzyCandidatesWanted, phrases, searchPrefixLast, synonymsFor } from './query';
import { suggestD1 } from './suggest.d1';

const nextChar = (c: string) => String.fromCharCode(c.charCodeAt(0) + 1);

/** SQLite FTS5 search in D1, kept in sync with the catalogue by triggers (migrations/0003_search.sql; split in two tables by 0038). */
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
      // One window per token: same first letter, length within the edit budget. Accent-exact codes (they hold
      // digits) are not spellings of anything. A token that is itself an indexed term gets no corrections
      // (`corrections`), so its window is read only when the token is not one (#16, ADR 0042): fts5vocab counts the
      // documents of every term it passes, and a first-letter window ("v…", "t…") walks a large part of the index
      // (up to 19 ms of CPU for "vitamin c" at 20,000 products). The window is a scalar subquery inside a CASE, which
      // SQLite evaluates only when taken (a plain WHERE guard would be tested after the scan).
      const part = `SELECT json_extract(j.value, '$[0]') AS term, json_extract(j.value, '$[1]') AS doc
        FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM product_search_vocab k WHERE k.term = ? AND k.term NOT GLOB '*[0-9]*') THEN '[]'
          ELSE (SELECT json_group_array(json_array(term, doc)) FROM product_search_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ? AND term NOT GLOB '*[0-9]*') END AS rows) AS w
        CROSS JOIN json_each(w.rows) AS j`;
      statements.push(
        this.d1
          .prepare(wanted.map(() => part).join(' UNION ALL '))
          .bind(...wanted.flatMap((w) => [w.token, w.from, w.to, w.minLen, w.maxLen])),
      );
    }
    if (exact) {
      // Which accent-exact words the index holds (the last one as a prefix too): unknown ones match folded.
      const lastWord = exact[exact.length - 1]!;
      statements.push(
        this.d1
          .prepare(`SELECT term FROM product_search_vocab_x WHERE term IN (${exact.map(() => '?').join(',')}) OR (term > ? AND term < ?)`)
          .bind(...exact, lastWord, `${lastWord}{`),
      );
    }
    const [syn, ...rest] = await this.d1.batch<Record<string, unknown>>(statements);
    const vocab = wanted.length ? rest.shift() : undefined;
    const known = exact ? new Set(((rest.shift()?.results ?? []) as Array<{ term: string }>).map((r) => r.term)) : null;
    const vocabRows = (vocab?.results ?? []) as Array<{ term: string; doc: number }>;
    const corr = corrections(tokens, vocabRows);
    const synonyms = synonymsFor(tokens, corr, (syn?.results ?? []) as Array<{ term: string; synonym: string }>);
    const last = tokens.length - 1;
    const prefixLast = searchPrefixLast(tokens);
    const exactKept = exact && known
      ? exact.map((e, i) => (known.has(e) || (i === last && prefixLast && [...known].some((k) => k.startsWith(e))) ? e : null))
      : null;
    return { corrections: corr, synonyms, exact: exactKept };
  }

  search(tokens: readonly string[], expansion: QueryExpansion, filters: ProductListQuery, cursor: Cursor | null, now: number) {
    const match = buildMatch(tokens, { prefixLast: searchPrefixLast(tokens), corrections: expansion.corrections, synonyms: expansion.synonyms, exact: expansion.exact });
    return this.catalog.searchProducts(filters, cursor, now, match.split);
  }

  /** Autocomplete: the prefix index over names and brands, else the wide fields (suggest.d1.ts, ADR 0043). */
  suggest(tokens: readonly string[], limit: number, exact: readonly string[] | null = null, now = Date.now()): Promise<SuggestionRows> {
    return suggestD1(this.d1, tokens, limit, exact, now);
  }
}
