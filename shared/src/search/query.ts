/**
 * Search query rules, pure and runtime-free:
 * - fold the query like the index (lowercase, no diacritics, đ→d) and keep only letters and digits, so FTS5 syntax
 *   (`"`, `*`, `NEAR`, `-`, `:`, parentheses…) can never reach MATCH as syntax: every token is emitted quoted;
 * - a query typed with Vietnamese marks matches its words accent-exact (the index's `*_x` columns, see
 *   `accentExact`): "đau đầu" is not "dầu". A marked word the index does not hold (another tone placement, a
 *   mistyped mark) falls back to folded matching. A query typed without marks matches folded, as before;
 * - the last token is matched as a prefix (the word being typed), and as a whole word for extra score; in a submitted
 *   search only when it has 3+ letters (`searchPrefixLast`): a 1–2 letter last word is a whole word there;
 * - the whole query also counts as a phrase, so adjacent words score higher;
 * - a 5+ letter token that is not an indexed term gets its indexed neighbours within one edit (two for 9+ letters),
 *   treated like the word itself (prefix when last, and the synonyms of the corrected phrases);
 * - phrases of 1–3 tokens that have synonyms get those as alternatives;
 * - two expressions: `all` (every token group must match) and `any` (at least one). The results are the `all` hits;
 *   only when there are none, the `any` hits (see D1CatalogRepository.joined).
 */
import { ValidationError } from '../errors';
import { accentExact, foldVietnamese } from '../text';

export const MAX_QUERY_CHARS = 200;
export const MAX_TOKENS = 12;
export const MIN_FUZZY_LENGTH = 5;
/**
 * The shortest last word a submitted search also matches as a prefix (#16, ADR 0042). A 1–2 letter word ending a
 * submitted query is a whole word ("siro ho", "trẻ em", "cho bé", "vitamin c"); as a prefix it matched every word
 * starting with it ("be"* is bé, bệnh, bên, béo…; "c"* most of the index), which made the results noisier and BM25
 * read most of the index for every such query. Autocomplete (the word being typed) keeps every prefix.
 */
export const MIN_SEARCH_PREFIX = 3;

/** Whether a submitted search matches its last word as a prefix too: only from MIN_SEARCH_PREFIX letters. */
export function searchPrefixLast(tokens: readonly string[]): boolean {
  return (tokens[tokens.length - 1]?.length ?? 0) >= MIN_SEARCH_PREFIX;
}

/** Folded tokens of a query: letters and digits only. */
export function tokenize(q: string): string[] {
  return foldVietnamese(q)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, MAX_TOKENS);
}

/**
 * The accent-exact form of each token when the query was typed with Vietnamese marks (else null): same positions as
 * `tokenize`, unmarked words keep their letters ("ho" stays "ho", which then no longer matches "họ" or "hộp").
 */
export function exactTokens(q: string): string[] | null {
  const words = q.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, MAX_TOKENS);
  const folded = tokenize(q);
  if (words.length !== folded.length || words.every((w, i) => w === folded[i])) return null;
  const exact = words.map((w) => accentExact(w));
  return exact.every((e, i) => /^[a-z0-9]+$/.test(e) && foldVietnamese(words[i]!) === folded[i]) ? exact : null;
}

/** Validates a raw query and returns its tokens; 400 with a clear code when it is unusable. */
export function parseQuery(raw: string | undefined, minChars = 2): string[] {
  const q = (raw ?? '').trim();
  if (q.length > MAX_QUERY_CHARS) {
    throw new ValidationError(`Từ khóa tìm kiếm tối đa ${MAX_QUERY_CHARS} ký tự.`, { maxChars: MAX_QUERY_CHARS }, 'QUERY_TOO_LONG');
  }
  const tokens = tokenize(q);
  if (tokens.join('').length < minChars) {
    throw new ValidationError(`Vui lòng nhập ít nhất ${minChars} ký tự chữ hoặc số.`, { minChars }, 'QUERY_TOO_SHORT');
  }
  return tokens;
}

/** Damerau–Levenshtein distance (optimal string alignment), with an early exit above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]!;
}

export function maxEdits(token: string): number {
  return token.length >= 9 ? 2 : token.length >= MIN_FUZZY_LENGTH ? 1 : 0;
}

/** Tokens that deserve typo candidates, with the vocabulary window to look them up in. */
export function fuzzyCandidatesWanted(tokens: readonly string[]): Array<{ token: string; from: string; to: string; minLen: number; maxLen: number }> {
  return [...new Set(tokens)]
    .filter((t) => maxEdits(t) > 0 && /^[a-z]/.test(t))
    .map((t) => {
      const first = t[0]!;
      return { token: t, from: first, to: String.fromCharCode(first.charCodeAt(0) + 1), minLen: t.length - maxEdits(t), maxLen: t.length + maxEdits(t) };
    });
}

/**
 * Picks corrections for each token from vocabulary terms (with document counts). A token that is itself a term gets
 * none (exact matches are never drowned); otherwise the closest terms win, the more common first, at most 3.
 */
export function corrections(tokens: readonly string[], vocab: ReadonlyArray<{ term: string; doc: number }>): Map<string, string[]> {
  const terms = new Map<string, number>();
  for (const v of vocab) terms.set(v.term, v.doc);
  const out = new Map<string, string[]>();
  for (const t of new Set(tokens)) {
    const limit = maxEdits(t);
    if (limit === 0 || terms.has(t)) continue;
    const scored: Array<{ term: string; d: number; doc: number }> = [];
    for (const [term, doc] of terms) {
      if (term === t) continue;
      const d = editDistance(t, term, limit);
      if (d <= limit) scored.push({ term, d, doc });
    }
    scored.sort((x, y) => x.d - y.d || y.doc - x.doc || x.term.localeCompare(y.term));
    const best = scored.filter((s) => s.d === scored[0]?.d).slice(0, 3).map((s) => s.term);
    if (best.length) out.set(t, best);
  }
  return out;
}

/** All phrases of 1–3 consecutive tokens (for synonym lookup). */
export function phrases(tokens: readonly string[]): string[] {
  const out = new Set<string>();
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(' '));
  return [...out];
}

/** First letters of the phrases a correction could change (their synonyms are fetched with the vocabulary). */
export function correctableInitials(tokens: readonly string[]): string[] {
  const fuzzy = new Set(fuzzyCandidatesWanted(tokens).map((w) => w.token));
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 1; n <= 3 && i + n <= tokens.length; n++) {
      if (tokens.slice(i, i + n).some((t) => fuzzy.has(t))) out.add(tokens[i]![0]!);
    }
  }
  return [...out];
}

/**
 * Synonyms per typed phrase, including those of its corrected spellings: a corrected query gets the same
 * alternatives as the correct one ("paracetamon" → paracetamol → panadol, efferalgan…).
 */
export function synonymsFor(tokens: readonly string[], corrections: ReadonlyMap<string, string[]>, rows: ReadonlyArray<{ term: string; synonym: string }>): Map<string, string[]> {
  const byTerm = new Map<string, string[]>();
  for (const r of rows) byTerm.set(r.term, [...(byTerm.get(r.term) ?? []), r.synonym]);
  const out = new Map<string, string[]>();
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      let variants: string[][] = [[]];
      for (const t of tokens.slice(i, i + n)) variants = variants.flatMap((v) => [t, ...(corrections.get(t) ?? [])].map((x) => [...v, x])).slice(0, 9);
      const syns = [...new Set(variants.flatMap((v) => byTerm.get(v.join(' ')) ?? []))];
      if (syns.length) out.set(tokens.slice(i, i + n).join(' '), syns);
    }
  }
  return out;
}

/** The folded and accent-exact column sets (migrations/0013_search_relevance.sql; since 0038 two tables, see FTS_TABLES). */
export const FOLDED_COLUMNS = '{name brand category ingredients indications body}';
export const EXACT_COLUMNS = '{name_x brand_x category_x ingredients_x indications_x body_x}';

const quote = (t: string) => `"${t}"`;
const phraseExpr = (p: string) => quote(p.replace(/[^a-z0-9 ]/g, ' ').trim());

/** The two FTS5 tables of the search index (migrations/0038_search_split.sql, ADR 0042): folded and accent-exact. */
export type FtsTable = 'folded' | 'exact';
export const FTS_TABLES: Record<FtsTable, string> = { folded: 'product_search_fts', exact: 'product_search_fts_x' };

/**
 * A MATCH expression over the split index: a leaf is an FTS5 expression (no column filter) over one table; AND/OR
 * nodes combine leaves of different tables (their rowid sets). A query whose words all read one table is one leaf.
 */
export type MatchTree = { table: FtsTable; fts: string } | { op: 'AND' | 'OR'; parts: MatchTree[] };

/** The split form of a query's expressions (`buildMatch(...).split`). */
export interface SplitMatch {
  all: MatchTree;
  any: MatchTree;
  /** The whole query as a phrase (one table), or null. */
  phrase: { table: FtsTable; fts: string } | null;
  /**
   * Per table, what ranks a row of `all` / `any` in it (`projectMatch`): a row's score is the sum of its BM25 rank in
   * each (FTS5's bm25 is a sum over phrases, so this is the rank one table holding both halves gave for the phrases
   * the row matched through).
   */
  score: Partial<Record<FtsTable, { all: string; any: string }>>;
}

/**
 * The part of an expression one table can rank: its leaves of that table, with the tree's AND/OR kept and the other
 * table's parts left out (an AND keeps its other children's constraint on this table; an OR ranks the rows that
 * matched through this table). Restrictive like the expression itself, so ranking reads only likely hits, not every
 * row holding any one of the query's phrases. null when the table holds no part of it.
 */
export function projectMatch(t: MatchTree, table: FtsTable): string | null {
  if (isLeaf(t)) return t.table === table ? t.fts : null;
  const parts = t.parts.map((p) => projectMatch(p, table)).filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : `(${parts.join(` ${t.op} `)})`;
}

const isLeaf = (t: MatchTree): t is { table: FtsTable; fts: string } => 'table' in t;
const treeTables = (t: MatchTree): Set<FtsTable> => (isLeaf(t) ? new Set([t.table]) : new Set(t.parts.flatMap((p) => [...treeTables(p)])));
/** FTS5 text of a tree whose leaves all read one table. */
const ftsText = (t: MatchTree): string => (isLeaf(t) ? t.fts : t.parts.map((p) => (isLeaf(p) ? p.fts : `(${ftsText(p)})`)).join(` ${t.op} `));
/**
 * Simplifies a tree for the split index: single-part nodes and nested nodes of the same operator are flattened, and
 * the leaves of one table under one node become one leaf (AND/OR are associative and commutative over rowid sets), so
 * a query that reads one table is one leaf and a mixed one reads each table as few times as possible.
 */
export function collapseMatch(t: MatchTree): MatchTree {
  if (isLeaf(t)) return t;
  const parts = t.parts.map(collapseMatch).flatMap((p) => (!isLeaf(p) && p.op === t.op ? p.parts : [p]));
  const out: MatchTree[] = [];
  for (const table of ['exact', 'folded'] as const) {
    const same = parts.filter((p) => isLeaf(p) && p.table === table);
    if (same.length) out.push(same.length === 1 ? same[0]! : { table, fts: `(${ftsText({ op: t.op, parts: same })})` });
  }
  out.push(...parts.filter((p) => !isLeaf(p)));
  const tables = treeTables({ op: t.op, parts: out });
  if (out.length === 1) return out[0]!;
  if (tables.size === 1) return { table: [...tables][0]!, fts: `(${ftsText({ op: t.op, parts: out })})` };
  return { op: t.op, parts: out };
}

interface Group {
  /** FTS5 alternatives for this part of the query; any one may match. */
  alternatives: string[];
  /** The same alternatives as split-index trees. */
  trees: MatchTree[];
}

export interface MatchOptions {
  prefixLast: boolean;
  corrections?: ReadonlyMap<string, string[]>;
  synonyms?: ReadonlyMap<string, string[]>;
  /** Per token: the accent-exact word to match instead of the folded one (null: folded). */
  exact?: ReadonlyArray<string | null> | null;
  /** false: no column sets (for single-column indexes such as search_entities_fts). */
  columns?: boolean;
  /** false: no whole-query phrase (autocomplete, where position lists of common prefixes cost more than they rank). */
  phrase?: boolean;
}

/**
 * The whole query as a folded phrase, and (#16) as the same phrase with corrected words, so a corrected query keeps
 * the adjacency score of the correct one ("vitamn c" ranks "Vitamin C" like "vitamin c" does). Each variant implies
 * the first word group, whose alternatives include the corrections.
 */
function foldedPhrase(tokens: readonly string[], corrections: ReadonlyMap<string, string[]> | undefined): string {
  let variants: string[][] = [[]];
  for (const t of tokens) variants = variants.flatMap((v) => [t, ...(corrections?.get(t) ?? [])].map((x) => [...v, x])).slice(0, 9);
  return variants.length === 1 ? quote(tokens.join(' ')) : `(${variants.map((v) => quote(v.join(' '))).join(' OR ')})`;
}

/**
 * Builds the MATCH expressions. Longest synonym phrases are taken first, left to right; the remaining tokens become
 * single-token groups with their prefix/typo alternatives. Folded words match the folded columns only and
 * accent-exact words the accent-exact columns only, so no word is counted twice. `all`/`any`/`phrase` are the
 * expressions with column sets (one table holding both halves, as Elasticsearch's adapter and the tests read them);
 * `split` is the same query over the split index (migration 0038: one FTS5 table per half, no column filters).
 */
export function buildMatch(tokens: readonly string[], opts: MatchOptions): { all: string; any: string; phrase: string | null; split: SplitMatch } {
  if (tokens.length === 0) throw new RangeError('no tokens');
  const groups: Group[] = [];
  const last = tokens.length - 1;
  const exact = (i: number) => opts.exact?.[i] ?? null;
  const cols = opts.columns === false ? () => '' : (set: string) => `${set} : `;
  const words = (t: string, i: number) => {
    // The word being typed matches as a prefix; the exact word is an alternative too, so whole-word matches
    // score higher than words that merely start with it ("ho" → "ho" before "hop", "hoa").
    const prefix = i === last && opts.prefixLast;
    return !prefix ? [quote(t)] : t.length >= 2 ? [quote(t), `${quote(t)}*`] : [`${quote(t)}*`];
  };
  const tokenTree = (t: string, i: number): { table: FtsTable; fts: string } => {
    const e = exact(i);
    if (e) return { table: 'exact', fts: `(${words(e, i).join(' OR ')})` };
    // A corrected word is treated like the word itself (prefix too when it is the last one).
    const alts = [t, ...(opts.corrections?.get(t) ?? [])].flatMap((w) => words(w, i));
    return { table: 'folded', fts: `(${alts.join(' OR ')})` };
  };
  const render = (l: { table: FtsTable; fts: string }) => `${cols(l.table === 'exact' ? EXACT_COLUMNS : FOLDED_COLUMNS)}${l.fts}`;
  let i = 0;
  while (i < tokens.length) {
    let matched = false;
    for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const syns = opts.synonyms?.get(phrase);
      if (!syns?.length) continue;
      const ownTrees = tokens.slice(i, i + n).map((t, k) => tokenTree(t, i + k));
      const own = n === 1 ? [render(ownTrees[0]!)] : [`(${ownTrees.map((x) => `(${render(x)})`).join(' AND ')})`];
      const synLeaf = { table: 'folded' as const, fts: `(${syns.map(phraseExpr).join(' OR ')})` };
      groups.push({ alternatives: [...own, render(synLeaf)], trees: [n === 1 ? ownTrees[0]! : { op: 'AND', parts: ownTrees }, synLeaf] });
      i += n;
      matched = true;
      break;
    }
    if (!matched) {
      const leaf = tokenTree(tokens[i]!, i);
      groups.push({ alternatives: [render(leaf)], trees: [leaf] });
      i++;
    }
  }
  const g = groups.map((x) => (x.alternatives.length === 1 ? x.alternatives[0]! : `(${x.alternatives.join(' OR ')})`));
  const gt = groups.map((x): MatchTree => (x.trees.length === 1 ? x.trees[0]! : { op: 'OR', parts: x.trees }));
  // The whole query as a phrase adds score to documents with the words side by side: typed without accents,
  // "dau dau" is both "đau đầu" (headache) and "dầu", and adjacency tells them apart. Only when every word is matched
  // the same way (all folded or all accent-exact), so the phrase always implies the first group.
  const allExact = tokens.every((_, k) => exact(k) !== null);
  const allFolded = tokens.every((_, k) => exact(k) === null);
  const phraseLeaf: { table: FtsTable; fts: string } | null =
    tokens.length < 2 || opts.phrase === false ? null : allExact ? { table: 'exact', fts: quote(tokens.map((_, k) => exact(k)).join(' ')) } : allFolded ? { table: 'folded', fts: foldedPhrase(tokens, opts.corrections) } : null;
  const phrase = phraseLeaf ? render(phraseLeaf) : null;
  // In `all` the phrase is OR-ed into the first group: the set stays the same (the phrase implies that group), the
  // rank gains the phrase's score.
  const all = phrase ? [`(${g[0]} OR ${phrase})`, ...g.slice(1)] : g;
  const allTree: MatchTree = { op: 'AND', parts: phraseLeaf ? [{ op: 'OR', parts: [gt[0]!, phraseLeaf] }, ...gt.slice(1)] : gt };
  const anyTree: MatchTree = { op: 'OR', parts: [...gt, ...(phraseLeaf ? [phraseLeaf] : [])] };
  const split = { all: collapseMatch(allTree), any: collapseMatch(anyTree) };
  const score: SplitMatch['score'] = {};
  for (const table of ['exact', 'folded'] as const) {
    const [all, any] = [projectMatch(split.all, table), projectMatch(split.any, table)];
    if (all !== null && any !== null) score[table] = { all, any };
  }
  return {
    all: all.join(' AND '),
    any: [...g, ...(phrase ? [phrase] : [])].join(' OR '),
    phrase,
    split: { ...split, phrase: phraseLeaf, score },
  };
}
