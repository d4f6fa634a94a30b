/**
 * Search query rules, pure and runtime-free:
 * - fold the query like the index (lowercase, no diacritics, đ→d) and keep only letters and digits, so FTS5 syntax
 *   (`"`, `*`, `NEAR`, `-`, `:`, parentheses…) can never reach MATCH as syntax: every token is emitted quoted;
 * - the last token is matched as a prefix (the word being typed), and as a whole word for extra score;
 * - the whole query also counts as a phrase, so adjacent words score higher;
 * - a 5+ letter token that is not an indexed term gets its indexed neighbours within one edit (two for 9+ letters);
 * - phrases of 1–3 tokens that have synonyms get those as alternatives;
 * - two expressions: `all` (every token group must match) and `any` (at least one), so results that contain every
 *   word rank first.
 */
import { ValidationError } from '../errors';
import { foldVietnamese } from '../text';

export const MAX_QUERY_CHARS = 200;
export const MAX_TOKENS = 12;
export const MIN_FUZZY_LENGTH = 5;

/** Folded tokens of a query: letters and digits only. */
export function tokenize(q: string): string[] {
  return foldVietnamese(q)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, MAX_TOKENS);
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

const quote = (t: string) => `"${t}"`;
const phraseExpr = (p: string) => quote(p.replace(/[^a-z0-9 ]/g, ' ').trim());

interface Group {
  /** FTS5 alternatives for this part of the query; any one may match. */
  alternatives: string[];
}

/**
 * Builds the MATCH expressions. Longest synonym phrases are taken first, left to right; the remaining tokens become
 * single-token groups with their prefix/typo alternatives.
 */
export function buildMatch(
  tokens: readonly string[],
  opts: { prefixLast: boolean; corrections?: ReadonlyMap<string, string[]>; synonyms?: ReadonlyMap<string, string[]> },
): { all: string; any: string } {
  if (tokens.length === 0) throw new RangeError('no tokens');
  const groups: Group[] = [];
  const last = tokens.length - 1;
  const tokenAlt = (t: string, i: number) => {
    // The word being typed matches as a prefix; the exact word is an alternative too, so whole-word matches
    // score higher than words that merely start with it ("ho" → "ho" before "hop", "hoa").
    const alts = i === last && opts.prefixLast ? (t.length >= 2 ? [quote(t), `${quote(t)}*`] : [`${quote(t)}*`]) : [quote(t)];
    for (const c of opts.corrections?.get(t) ?? []) alts.push(quote(c));
    return alts;
  };
  let i = 0;
  while (i < tokens.length) {
    let matched = false;
    for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const syns = opts.synonyms?.get(phrase);
      if (!syns?.length) continue;
      const own = n === 1 ? tokenAlt(tokens[i]!, i) : [`(${tokens.slice(i, i + n).map((t, k) => tokenAlt(t, i + k).join(' OR ')).map((a) => `(${a})`).join(' AND ')})`];
      groups.push({ alternatives: [...own, ...syns.map(phraseExpr)] });
      i += n;
      matched = true;
      break;
    }
    if (!matched) {
      groups.push({ alternatives: tokenAlt(tokens[i]!, i) });
      i++;
    }
  }
  const g = groups.map((x) => (x.alternatives.length === 1 ? x.alternatives[0]! : `(${x.alternatives.join(' OR ')})`));
  // The whole query as a phrase adds score to documents with the words side by side: typed without accents,
  // "dau dau" is both "đau đầu" (headache) and "dầu", and adjacency tells them apart.
  const phraseBoost = tokens.length >= 2 ? [quote(tokens.join(' '))] : [];
  return { all: g.join(' AND '), any: [...g, ...phraseBoost].join(' OR ') };
}
