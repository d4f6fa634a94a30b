import { D1CatalogRepository } from '../catalog/repo.d1';
import type { Cursor } from '../catalog/cursor';
import type { ProductListQuery } from '../catalog/schemas';
import { vietnamDate } from '../catalog/availability';
import type { QueryExpansion, SearchIndex, SuggestionRows } from './ports';
import { buildMatch, corrections, fuzzyCandidatesWanted, phrases } from './query';

/** SQLite FTS5 search in D1, kept in sync with the catalogue by triggers (migrations/0003_search.sql). */
export class D1SearchIndex implements SearchIndex {
  private readonly catalog: D1CatalogRepository;

  constructor(private readonly d1: D1Database) {
    this.catalog = new D1CatalogRepository(d1);
  }

  async expand(tokens: readonly string[]): Promise<QueryExpansion> {
    const wanted = fuzzyCandidatesWanted(tokens);
    const ph = phrases(tokens);
    const statements: D1PreparedStatement[] = [
      this.d1.prepare(`SELECT term, synonym FROM search_synonyms WHERE term IN (${ph.map(() => '?').join(',')})`).bind(...ph),
    ];
    if (wanted.length) {
      // One window per token: same first letter, length within the edit budget; exact terms are included so a
      // token that is already indexed is recognised and left alone.
      const parts = wanted.map(() => '(term >= ? AND term < ? AND length(term) BETWEEN ? AND ?)');
      statements.push(
        this.d1
          .prepare(`SELECT term, doc FROM product_search_vocab WHERE ${parts.join(' OR ')}`)
          .bind(...wanted.flatMap((w) => [w.from, w.to, w.minLen, w.maxLen])),
      );
    }
    const [syn, vocab] = await this.d1.batch<Record<string, unknown>>(statements);
    const synonyms = new Map<string, string[]>();
    for (const r of (syn?.results ?? []) as Array<{ term: string; synonym: string }>) synonyms.set(r.term, [...(synonyms.get(r.term) ?? []), r.synonym]);
    const vocabRows = (vocab?.results ?? []) as Array<{ term: string; doc: number }>;
    return { corrections: corrections(tokens, vocabRows), synonyms };
  }

  search(tokens: readonly string[], expansion: QueryExpansion, filters: ProductListQuery, cursor: Cursor | null, now: number) {
    const match = buildMatch(tokens, { prefixLast: true, corrections: expansion.corrections, synonyms: expansion.synonyms });
    return this.catalog.searchProducts(filters, cursor, now, match);
  }

  /** Products by name/brand prefix (best 50 hits by rank, then sellable first) and matching brands, categories,
   *  ingredients; CROSS JOINs make SQLite start from the hits, not from the catalogue. */
  async suggest(tokens: readonly string[], limit: number): Promise<SuggestionRows> {
    const { all } = buildMatch(tokens, { prefixLast: true });
    const today = vietnamDate(Date.now());
    const products = this.d1
      .prepare(
        `SELECT p.slug, p.name, p.prescription_required AS prescriptionRequired, p.special_control AS specialControl, u.price, u.sale_price AS salePrice,
            u.sale_starts_at AS saleStartsAt, u.sale_ends_at AS saleEndsAt,
            (SELECT i.r2_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS imageKey
         FROM (SELECT rowid AS sid, rank AS score
               FROM product_search_fts WHERE product_search_fts MATCH ? ORDER BY rank LIMIT 50) AS hits
         CROSS JOIN product_search ps CROSS JOIN products p CROSS JOIN product_units u
         WHERE ps.id = hits.sid AND p.id = ps.product_id AND p.approval_state = 'approved' AND p.visible = 1
           AND u.product_id = p.id AND u.is_default = 1
         ORDER BY (SELECT COALESCE(SUM(sb.quantity - sb.reserved), 0) FROM stock_batches sb WHERE sb.product_id = p.id AND sb.expiry_date > ?) > 0 DESC,
                  hits.score, p.id
         LIMIT ?`,
      )
      .bind(`{name brand} : (${all})`, today, limit);
    const entities = this.d1
      .prepare(`SELECT kind, ref, label FROM search_entities_fts WHERE search_entities_fts MATCH ? ORDER BY rank LIMIT ?`)
      .bind(`name : (${all})`, limit);
    const [p, e] = await this.d1.batch<Record<string, unknown>>([products, entities]);
    return {
      products: ((p?.results ?? []) as SuggestionRows['products']).map((r) => ({ ...r, prescriptionRequired: Boolean(r.prescriptionRequired), specialControl: Boolean(r.specialControl) })),
      entities: (e?.results ?? []) as SuggestionRows['entities'],
    };
  }
}
