/**
 * The Elasticsearch adapter of the search port (ADR 0035). Same inputs, same answers as the D1 adapter (index.d1.ts),
 * so the search service is unchanged:
 * - text was folded in TypeScript before indexing (elastic-doc.ts); queries use the same tokens, so both engines fold
 *   alike. Folded words match the folded fields, accent-exact words the `*_x` fields, with the FTS5 column weights;
 * - the last word matches as a prefix too (from 3 letters: `searchPrefixLast`); a word the index does not hold gets
 *   the term suggester's corrections (the D1 typo budget: 1 edit for 5–8 letters, 2 for 9+, same first letter, the
 *   closest and most common, at most 3), then matches through `match` with that fuzziness; synonyms are data (D1
 *   `search_synonyms`, read at query time as the D1 adapter does);
 * - relevance = verbatim phrase first, then sellable, then text score × popularity, folded into one score (no scripts:
 *   this distribution has no painless); other sorts and the keyset cursor use `search_after` on (key, id);
 * - the price now is a nested interval list (sale windows), read with a nested filter/sort at `now`;
 * - facets are disjunctive: each group is a `filter` aggregation with every filter but its own, the list itself is
 *   filtered by `post_filter`.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Cursor } from '../catalog/cursor';
import type { ProductListRow, ProductListResult } from '../catalog/ports';
import { PRICE_BUCKETS, type FacetGroup, type FacetRows } from '../catalog/repo.d1';
import type { ProductListQuery } from '../catalog/schemas';
import { sortKeyCount } from '../catalog/sort';
import { shopVisibleSql } from '../catalog/visibility';
import { buildMatch, correctableInitials, editDistance, fuzzyCandidatesWanted, maxEdits, phrases, searchPrefixLast, synonymsFor } from './query';
import type { QueryExpansion, SearchIndex, SuggestionRows } from './ports';
import { exactField, FACET_SEP, FIELD_WEIGHTS, foldedField, TEXT_FIELDS, MAX_PREFIX, type ProductCard } from './elastic-doc';

type Q = Record<string, unknown>;
const nextChar = (c: string) => String.fromCharCode(c.charCodeAt(0) + 1);

/** Score bands of the relevance sort (tier, then sellable, then text): far above any text score this index gives. */
const TIER_BOOST = 100_000;
const IN_STOCK_BOOST = 50_000;

const weighted = (kind: 'f' | 'x', fields: readonly string[] = TEXT_FIELDS) =>
  fields.map((f) => `${kind === 'f' ? foldedField(f as never) : exactField(f as never)}^${FIELD_WEIGHTS[f as keyof typeof FIELD_WEIGHTS]}`);

/** One word on a field set: as a whole word (scored), and as a prefix when it is the word being typed. */
function wordQuery(word: string, kind: 'f' | 'x', prefix: boolean, fuzziness = 0): Q {
  const whole: Q = { multi_match: { query: word, type: 'most_fields', fields: weighted(kind), ...(fuzziness ? { fuzziness, prefix_length: 1, max_expansions: 3 } : {}) } };
  if (!prefix) return whole;
  const pre = TEXT_FIELDS.map((f) => ({ prefix: { [kind === 'f' ? foldedField(f) : exactField(f)]: { value: word, boost: FIELD_WEIGHTS[f] } } }));
  return { bool: { should: [whole, ...pre], minimum_should_match: 1 } };
}

/** The time-dependent price (nested intervals) at `now`. */
const priceNow = (now: number): Q => ({ bool: { filter: [{ range: { 'prices.from': { lte: now } } }, { range: { 'prices.to': { gt: now } } }] } });

export interface ElasticIndexOptions {
  /** Index or alias name (default alias `medicare-products`). */
  index: string;
}

export class ElasticSearchIndex implements SearchIndex {
  readonly engine = 'elastic' as const;
  constructor(
    private readonly es: Client,
    private readonly d1: D1Database,
    private readonly opts: ElasticIndexOptions,
  ) {}

  /**
   * Corrections from the index's own vocabulary (term suggester, `suggest_mode: missing`: only for words the index
   * does not hold), which accent-exact words the index holds (one `filters` aggregation), and the synonyms of the
   * typed and corrected phrases from D1: one Elasticsearch request and one D1 query, in parallel.
   */
  async expand(tokens: readonly string[], exact: readonly string[] | null = null): Promise<QueryExpansion> {
    const wanted = fuzzyCandidatesWanted(tokens);
    const ph = phrases(tokens);
    const initials = correctableInitials(tokens);
    const synWhere = [`term IN (${ph.map(() => '?').join(',')})`, ...initials.map(() => '(term >= ? AND term < ?)')].join(' OR ');
    const synP = this.d1.prepare(`SELECT term, synonym FROM search_synonyms WHERE ${synWhere}`).bind(...ph, ...initials.flatMap((c) => [c, nextChar(c)])).all<{ term: string; synonym: string }>();
    const last = tokens.length - 1;
    const needEs = wanted.length > 0 || exact !== null;
    const esP = needEs
      ? this.es.search({
          index: this.opts.index,
          size: 0,
          track_total_hits: false,
          ...(wanted.length
            ? { suggest: Object.fromEntries(wanted.map((w, i) => [`t${i}`, { text: w.token, term: { field: 'all_f', suggest_mode: 'missing', max_edits: maxEdits(w.token), prefix_length: 1, min_word_length: 5, size: 10, sort: 'score', string_distance: 'damerau_levenshtein', analyzer: 'whitespace' } }])) }
            : {}),
          ...(exact
            ? {
                aggs: {
                  known: {
                    filters: {
                      filters: Object.fromEntries(
                        exact.map((e, i) => [
                          `w${i}`,
                          { bool: { should: TEXT_FIELDS.map((f) => (i === last && searchPrefixLast(tokens) ? { prefix: { [exactField(f)]: e } } : { term: { [exactField(f)]: e } })), minimum_should_match: 1 } },
                        ]),
                      ),
                    },
                  },
                },
              }
            : {}),
        } as never)
      : Promise.resolve(null);
    const [syn, res] = await Promise.all([synP, esP]);
    const corr = new Map<string, string[]>();
    if (res && wanted.length) {
      const suggest = (res as { suggest?: Record<string, Array<{ options: Array<{ text: string; freq: number }> }>> }).suggest ?? {};
      wanted.forEach((w, i) => {
        const options = (suggest[`t${i}`]?.[0]?.options ?? []).map((o) => ({ term: o.text, d: editDistance(w.token, o.text, maxEdits(w.token)), doc: o.freq }));
        const ok = options.filter((o) => o.d <= maxEdits(w.token) && o.term !== w.token && !/[0-9]/.test(o.term));
        ok.sort((x, y) => x.d - y.d || y.doc - x.doc || x.term.localeCompare(y.term));
        const best = ok.filter((o) => o.d === ok[0]?.d).slice(0, 3).map((o) => o.term);
        if (best.length) corr.set(w.token, best);
      });
    }
    const synonyms = synonymsFor(tokens, corr, syn.results ?? []);
    let exactKept: Array<string | null> | null = null;
    if (exact && res) {
      const buckets = ((res as { aggregations?: { known?: { buckets?: Record<string, { doc_count: number }> } } }).aggregations?.known?.buckets ?? {}) as Record<string, { doc_count: number }>;
      exactKept = exact.map((e, i) => ((buckets[`w${i}`]?.doc_count ?? 0) > 0 ? e : null));
    }
    return { corrections: corr, synonyms, exact: exactKept };
  }

  /** The token groups of a query (the same grouping as `buildMatch`: longest synonym phrase first, left to right). */
  private groups(tokens: readonly string[], x: QueryExpansion, prefixLast: boolean): Q[] {
    const last = tokens.length - 1;
    const tokenQ = (t: string, i: number): Q => {
      const e = x.exact?.[i] ?? null;
      const prefix = prefixLast && i === last;
      if (e) return wordQuery(e, 'x', prefix);
      const corr = x.corrections.get(t) ?? [];
      if (!corr.length) return wordQuery(t, 'f', prefix);
      // A word the index does not hold: `match` with the D1 typo budget (its corrections as prefixes when being typed).
      const fuzzy = wordQuery(t, 'f', false, maxEdits(t));
      return prefix ? { bool: { should: [fuzzy, ...corr.map((c) => wordQuery(c, 'f', true))], minimum_should_match: 1 } } : fuzzy;
    };
    const out: Q[] = [];
    let i = 0;
    while (i < tokens.length) {
      let matched = false;
      for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
        const phrase = tokens.slice(i, i + n).join(' ');
        const syns = x.synonyms.get(phrase);
        if (!syns?.length) continue;
        const own: Q = n === 1 ? tokenQ(tokens[i]!, i) : { bool: { must: tokens.slice(i, i + n).map((t, k) => tokenQ(t, i + k)) } };
        const alts = syns.map((s) => ({ multi_match: { query: s, type: 'phrase', fields: weighted('f') } }));
        out.push({ bool: { should: [own, ...alts], minimum_should_match: 1 } });
        i += n;
        matched = true;
        break;
      }
      if (!matched) {
        out.push(tokenQ(tokens[i]!, i));
        i++;
      }
    }
    return out;
  }

  /** Verbatim whole-query phrase (2+ words, all folded or all accent-exact), as `buildMatch` decides it; else null. */
  private phrase(tokens: readonly string[], x: QueryExpansion): Q | null {
    const p = buildMatch(tokens, { prefixLast: true, exact: x.exact, columns: false }).phrase;
    if (!p) return null;
    const allExact = tokens.every((_, k) => (x.exact?.[k] ?? null) !== null);
    const text = allExact ? tokens.map((_, k) => x.exact![k]).join(' ') : tokens.join(' ');
    return { multi_match: { query: text, type: 'phrase', fields: weighted(allExact ? 'x' : 'f') } };
  }

  /** Filters of the listing by facet group (each left out of its own group's counts), plus those always applied. */
  private filters(q: ProductListQuery, now: number): { always: Q[]; byGroup: Record<FacetGroup, Q | null> } {
    const always: Q[] = [{ term: { visible: true } }];
    if (q.inStock !== undefined) always.push({ term: { in_stock: q.inStock } });
    const price = q.minPrice !== undefined || q.maxPrice !== undefined
      ? { nested: { path: 'prices', query: { bool: { filter: [priceNow(now), { range: { 'prices.value': { ...(q.minPrice !== undefined ? { gte: q.minPrice } : {}), ...(q.maxPrice !== undefined ? { lte: q.maxPrice } : {}) } } }] } } } }
      : null;
    return {
      always,
      byGroup: {
        category: q.category ? { term: { category_slugs: q.category } } : null,
        brand: q.brand?.length ? { terms: { brand_slug: q.brand } } : null,
        dosageForm: q.dosageForm?.length ? { terms: { dosage_form: q.dosageForm } } : null,
        rx: q.rx !== undefined ? { term: { rx: q.rx } } : null,
        price,
      },
    };
  }

  private sort(q: ProductListQuery, now: number): { sort: Q[]; keys: (hit: { sort: unknown[]; score: number }) => number[]; after: (c: Cursor) => unknown[] } {
    const nestedPrice = (order: 'asc' | 'desc') => ({ 'prices.value': { order, nested: { path: 'prices', filter: priceNow(now) } } });
    switch (q.sort) {
      case 'price_asc':
        return { sort: [nestedPrice('asc'), { id: 'asc' }], keys: (h) => [Number(h.sort[0])], after: (c) => [c.keys[0], c.id] };
      case 'price_desc':
        return { sort: [nestedPrice('desc'), { id: 'asc' }], keys: (h) => [-Number(h.sort[0])], after: (c) => [-c.keys[0]!, c.id] };
      case 'newest':
        return { sort: [{ created_at: 'desc' }, { id: 'asc' }], keys: (h) => [-Number(h.sort[0])], after: (c) => [-c.keys[0]!, c.id] };
      case 'best_selling':
        return { sort: [{ sold_count: 'desc' }, { id: 'asc' }], keys: (h) => [-Number(h.sort[0])], after: (c) => [-c.keys[0]!, c.id] };
      case 'relevance':
      default:
        // One score carries (phrase tier, sellable, text × popularity); the cursor keeps it as its third key.
        return { sort: [{ _score: 'desc' }, { id: 'asc' }], keys: (h) => [0, 0, -Number(h.sort[0])], after: (c) => [-c.keys[sortKeyCount('relevance', true) - 1]!, c.id] };
    }
  }

  async search(tokens: readonly string[], expansion: QueryExpansion, filters: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult & { facets: FacetRows }> {
    // Existence of the category and brands filtered on (404s, as the D1 adapter), in parallel with the search.
    const checks = this.d1.batch<{ slug: string }>([
      this.d1.prepare('SELECT slug FROM categories WHERE slug = ?').bind(filters.category ?? ''),
      this.d1.prepare(`SELECT slug FROM brands WHERE slug IN (${(filters.brand ?? ['']).map(() => '?').join(',')})`).bind(...(filters.brand ?? [''])),
    ]);
    const run = (mode: 'all' | 'any') => this.run(tokens, expansion, filters, cursor, now, mode);
    let res = await run('all');
    // No product holds every word: the products holding some of them (D1: the `any` expression).
    if (res.matched === 0 && tokens.length > 1) res = await run('any');
    const [cat, brands] = await checks;
    const found = new Set((brands?.results ?? []).map((b) => b.slug));
    return {
      rows: res.rows,
      total: res.total,
      facets: res.facets,
      missingCategory: filters.category !== undefined && (cat?.results ?? []).length === 0,
      missingBrands: (filters.brand ?? []).filter((b) => !found.has(b)),
    };
  }

  private async run(tokens: readonly string[], x: QueryExpansion, q: ProductListQuery, cursor: Cursor | null, now: number, mode: 'all' | 'any') {
    const groups = this.groups(tokens, x, searchPrefixLast(tokens));
    const phrase = this.phrase(tokens, x);
    const text: Q = mode === 'all' ? { bool: { must: groups } } : { bool: { should: [...groups, ...(phrase ? [phrase] : [])], minimum_should_match: 1 } };
    const { always, byGroup } = this.filters(q, now);
    const query: Q = {
      bool: {
        must: [{ function_score: { query: text, functions: [{ field_value_factor: { field: 'popularity', missing: 1 } }], boost_mode: 'multiply' } }],
        should: [...(phrase ? [{ constant_score: { filter: phrase, boost: TIER_BOOST } }] : []), { constant_score: { filter: { term: { in_stock: true } }, boost: IN_STOCK_BOOST } }],
        filter: always,
      },
    };
    const others = (except: FacetGroup | null) => Object.entries(byGroup).filter(([g, f]) => f && g !== except).map(([, f]) => f as Q);
    const facetAgg = (group: FacetGroup, inner: Q) => ({ filter: { bool: { filter: others(group) } }, aggs: { f: inner } });
    const s = this.sort(q, now);
    const body: Q = {
      size: q.limit + 1,
      track_total_hits: true,
      query,
      post_filter: { bool: { filter: others(null) } },
      sort: s.sort,
      ...(cursor ? { search_after: s.after(cursor) } : {}),
      _source: ['card'],
      aggs: {
        matched: { filter: { match_all: {} } },
        category: facetAgg('category', { terms: { field: 'category_facet', size: 20 } }),
        brand: facetAgg('brand', { terms: { field: 'brand_facet', size: 20 } }),
        dosageForm: facetAgg('dosageForm', { terms: { field: 'dosage_form', size: 20 } }),
        rx: facetAgg('rx', { terms: { field: 'rx', size: 2 } }),
        price: facetAgg('price', {
          nested: { path: 'prices' },
          aggs: { now: { filter: priceNow(now), aggs: { b: { range: { field: 'prices.value', ranges: PRICE_BUCKETS.map((b) => (b.max === null ? { from: b.min } : { from: b.min, to: b.max })) } } } } },
        }),
      },
    };
    const res = (await this.es.search({ index: this.opts.index, ...body } as never)) as unknown as EsResponse;
    // The page as D1 sees it now: hits hidden, unapproved or deleted since their last sync are dropped (and the page
    // refilled after the last hit), so no shopper finds such a product while the feed catches up.
    const { hits, dropped } = await this.visibleHits(res.hits.hits, q.limit + 1, (after) => this.es.search({ index: this.opts.index, ...body, aggs: undefined, track_total_hits: false, search_after: after } as never) as unknown as Promise<EsResponse>);
    const terms = (name: string) => (res.aggregations?.[name]?.f?.buckets ?? []) as Array<{ key: string | number; key_as_string?: string; doc_count: number }>;
    const pair = (k: string) => {
      const [slug, name] = String(k).split(FACET_SEP);
      return { slug: slug!, name: name ?? slug! };
    };
    const priceAgg = res.aggregations?.price?.f?.now?.b?.buckets as Array<{ doc_count: number }> | undefined;
    const facets: FacetRows = {
      categories: terms('category').map((b) => ({ ...pair(String(b.key)), n: b.doc_count })),
      brands: terms('brand').map((b) => ({ ...pair(String(b.key)), n: b.doc_count })),
      dosageForms: terms('dosageForm').map((b) => ({ form: String(b.key), n: b.doc_count })),
      rx: terms('rx').map((b) => ({ rx: b.key === 1 || b.key_as_string === 'true', n: b.doc_count })),
      priceBuckets: (priceAgg ?? []).map((b, i) => ({ bucket: i, n: b.doc_count })).filter((b) => b.n > 0),
    };
    const rows: ProductListRow[] = hits.map((h) => ({ ...(h._source.card as ProductCard), sortKeys: s.keys({ sort: h.sort, score: h._score ?? 0 }) }));
    // Hits of the text query and the always-on filters, before the facet filters (the `all`/`any` decision).
    return { rows, total: Math.max(0, res.hits.total.value - dropped), facets, matched: Number(res.aggregations?.matched?.doc_count ?? 0) };
  }

  /**
   * The hits a shopper may see NOW (ADR 0035 "Visibility at query time"): Elasticsearch learns of a hide, a revoked
   * approval or a deletion with the next sync (≤ about a minute), so every page is checked against D1 with THE rule
   * (`shopVisibleSql`): one primary-key lookup of at most a page of ids. Dropped hits are replaced from after the last
   * hit (`more`, at most MAX_REFILLS more pages), so paging and the next-page cursor stay right.
   */
  private async visibleHits(first: EsHit[], want: number, more: (after: unknown[]) => Promise<EsResponse>): Promise<{ hits: EsHit[]; dropped: number }> {
    const out: EsHit[] = [];
    let dropped = 0;
    let page = first;
    for (let round = 0; ; round++) {
      const visible = await visibleIds(this.d1, page.map((h) => h._id));
      for (const h of page) {
        if (visible.has(h._id)) out.push(h);
        else dropped++;
      }
      const last = page[page.length - 1];
      if (out.length >= want || page.length < want || !last || round >= MAX_REFILLS) break;
      page = (await more(last.sort)).hits.hits;
    }
    return { hits: out.slice(0, want), dropped };
  }

  /**
   * Autocomplete: products whose autocomplete words hold every typed word (the last one as a prefix, from the
   * precomputed prefixes), sellable first, then by text score; accent-exact when the query had marks and that matches
   * something, else folded (both asked in one `_msearch`). Brands, categories and ingredients come from D1's small
   * entity index (search_entities_fts), in parallel.
   */
  async suggest(tokens: readonly string[], limit: number, exact: readonly string[] | null = null, now = Date.now()): Promise<SuggestionRows> {
    void now;
    const entities = this.d1
      .prepare(`SELECT kind, ref, label FROM search_entities_fts WHERE search_entities_fts MATCH ? ORDER BY rank LIMIT ?`)
      .bind(`name : (${buildMatch(tokens, { prefixLast: true, columns: false }).all})`, limit)
      .all<SuggestionRows['entities'][number]>();
    const body = (ws: readonly string[], kind: 'f' | 'x') => {
      const last = ws.length - 1;
      return {
        size: limit,
        _source: ['card'],
        query: {
          bool: {
            filter: [{ term: { visible: true } }, ...ws.map((w, i) => (i === last ? { term: { suggest_prefix: w.slice(0, MAX_PREFIX) } } : { term: { suggest_word: w } }))],
            should: [
              { constant_score: { filter: { term: { in_stock: true } }, boost: IN_STOCK_BOOST } },
              ...ws.map((w, i) => wordQuery(w, kind, i === last)).map((qq) => ({ bool: { should: [qq], boost: 1 } })),
            ],
          },
        },
        sort: [{ _score: 'desc' }, { id: 'asc' }],
      };
    };
    const searches: Q[] = exact ? [{ index: this.opts.index }, body(exact, 'x'), { index: this.opts.index }, body(tokens, 'f')] : [{ index: this.opts.index }, body(tokens, 'f')];
    const [ms, ent] = await Promise.all([this.es.msearch({ searches } as never) as unknown as Promise<{ responses: Array<EsResponse & { error?: unknown }> }>, entities]);
    for (const r of ms.responses) if (r.error) throw new Error(`elasticsearch msearch failed: ${JSON.stringify(r.error).slice(0, 200)}`);
    const pick = ms.responses.find((r) => r.hits.hits.length > 0) ?? ms.responses[ms.responses.length - 1]!;
    // Only products a shopper may see now (a hide not yet synced is dropped: visibleHits).
    const visible = await visibleIds(this.d1, pick.hits.hits.map((h) => h._id));
    return {
      products: pick.hits.hits.filter((h) => visible.has(h._id)).map((h) => {
        const c = h._source.card as ProductCard;
        return { slug: c.slug, name: c.name, prescriptionRequired: c.prescriptionRequired, specialControl: c.specialControl, imageKey: c.imageKey, price: c.unit.price, salePrice: c.unit.salePrice, saleStartsAt: c.unit.saleStartsAt, saleEndsAt: c.unit.saleEndsAt, inStock: c.inStock };
      }),
      entities: ent.results ?? [],
    };
  }
}

/** Pages fetched after the first one to replace hits hidden since their last sync (a burst of hides in one minute). */
const MAX_REFILLS = 3;

/** The ids among `ids` that a shopper may see now: THE rule (`shopVisibleSql`), one lookup by primary key. */
async function visibleIds(d1: D1Database, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await d1.prepare(`SELECT p.id FROM products p WHERE p.id IN (${ids.map(() => '?').join(',')}) AND ${shopVisibleSql('p')}`).bind(...ids).all<{ id: string }>();
  return new Set((res.results ?? []).map((r) => r.id));
}

type EsHit = { _id: string; _score: number | null; _source: { card: unknown }; sort: unknown[] };
interface EsResponse {
  hits: { total: { value: number }; hits: EsHit[] };
  aggregations?: Record<string, any>;
}
