import type { Cursor } from '../catalog/cursor';
import type { FacetRows } from '../catalog/repo.d1';
import type { ProductListResult } from '../catalog/ports';
import type { ProductListQuery } from '../catalog/schemas';

export interface QueryExpansion {
  /** Typo corrections per query token (indexed terms within the edit budget). */
  corrections: Map<string, string[]>;
  /** Synonyms per query phrase (folded). */
  synonyms: Map<string, string[]>;
  /** Per token, the accent-exact word to match (the query was typed with marks and the index holds it), else null. */
  exact: Array<string | null> | null;
}

export interface SuggestionRows {
  products: Array<{ slug: string; name: string; prescriptionRequired: boolean; specialControl: boolean; imageKey: string | null; price: number; salePrice: number | null; saleStartsAt: number | null; saleEndsAt: number | null; inStock: boolean }>;
  entities: Array<{ kind: 'brand' | 'category' | 'ingredient'; ref: string; label: string }>;
}

/** The search engines behind the port. */
export type SearchEngine = 'd1' | 'elastic';

/**
 * The search port. The embedded adapter is SQLite FTS5 in D1 (index.d1.ts); an Elasticsearch adapter can replace it
 * behind the same interface.
 */
export interface SearchIndex {
  /**
   * The engine that answers (a fallback reports whichever adapter answers now). Its sort keys are its own: a search
   * cursor records it (service.ts searchProducts), so a cursor made by one engine is never read by the other.
   */
  readonly engine: SearchEngine;
  /** Vocabulary neighbours and synonyms for the query's tokens (one round trip). */
  expand(tokens: readonly string[], exact?: readonly string[] | null): Promise<QueryExpansion>;
  search(tokens: readonly string[], expansion: QueryExpansion, filters: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult & { facets: FacetRows }>;
  suggest(tokens: readonly string[], limit: number, exact?: readonly string[] | null, now?: number): Promise<SuggestionRows>;
}
