/**
 * Vietnamese text helpers shared by search, slugs and lookups.
 * SQLite's unicode61 tokenizer removes diacritics but does not fold đ/Đ, so every folded form maps them to d.
 * No imports: the storefront's client code imports this module (`formatVnd`) on every page; the zod fields built on
 * `normalizeText` live in text-input.ts.
 */

/**
 * THE normalisation of text people type (console, import, forms): Unicode NFC, trimmed. Vietnamese letters have two
 * encodings (precomposed "ọ" and "o" + combining dot); NFC makes every stored value and every comparison use one.
 */
export function normalizeText(input: string): string {
  return input.normalize('NFC').trim();
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lowercase, strip Vietnamese diacritics, fold đ → d, collapse whitespace. */
export function foldVietnamese(input: string): string {
  return input
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** URL slug: folded, ASCII letters and digits joined by single hyphens. */
export function slugify(input: string): string {
  return foldVietnamese(input)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Integer VND for people: 1234567 → "1.234.567đ" (Vietnamese digit grouping, no locale data needed). */
export function formatVnd(amount: number): string {
  return `${String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}đ`;
}

// ----- accent-exact search tokens -----
// The search index keeps each field twice: folded (accents optional) and "accent-exact", where every Vietnamese letter
// with a mark is written as its base letter plus digits (VNI-like: â ê ô 6, ă 8, ơ ư 7, đ 9; tones sắc 1, huyền 2,
// hỏi 3, ngã 4, nặng 5), so "đau" (d9au), "đầu" (d9a62u) and "dầu" (da62u) are different ASCII words that the folding
// tokenizer leaves alone. The SQL that fills the index (migrations/0013_search_relevance.sql) is generated from
// ACCENT_CODES below (see accentExactSqlSteps); a test checks the migration still matches.

const TONES: ReadonlyArray<[string, string]> = [['', ''], ['\u0301', '1'], ['\u0300', '2'], ['\u0309', '3'], ['\u0303', '4'], ['\u0323', '5']];
const VOWELS: ReadonlyArray<[string, string]> = [
  ['a', 'a'], ['a\u0306', 'a8'], ['a\u0302', 'a6'], ['e', 'e'], ['e\u0302', 'e6'], ['i', 'i'],
  ['o', 'o'], ['o\u0302', 'o6'], ['o\u031b', 'o7'], ['u', 'u'], ['u\u031b', 'u7'], ['y', 'y'],
];

/** Every lowercase Vietnamese letter with a mark (NFC) and its accent-exact code, e.g. ['ầ', 'a62'], ['đ', 'd9']. */
export const ACCENT_CODES: ReadonlyArray<readonly [string, string]> = [
  ...VOWELS.flatMap(([v, code]) => TONES.map(([mark, tone]) => [`${v}${mark}`.normalize('NFC'), `${code}${tone}`] as const)).filter(([ch, code]) => ch !== code),
  ['đ', 'd9'],
];
const ACCENT_MAP = new Map(ACCENT_CODES);

/** Lowercase NFC text with every Vietnamese marked letter replaced by its accent-exact code. */
export function accentExact(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFC').toLowerCase()) out += ACCENT_MAP.get(ch) ?? ch;
  return out;
}

/** Characters per step of the SQL mapping: SQLite's parser limits how deeply function calls nest in one expression. */
export const ACCENT_SQL_STEP = 16;

/**
 * The same mapping as SQL, in steps of nested replace() calls (each over the previous step's result, as a chain of
 * views in migrations/0013_search_relevance.sql), covering lower- and uppercase letters.
 */
export function accentExactSqlSteps(column: string): string[] {
  const pairs = ACCENT_CODES.flatMap(([ch, code]) => (ch.toUpperCase() !== ch ? [[ch, code], [ch.toUpperCase(), code]] : [[ch, code]]));
  const steps: string[] = [];
  for (let i = 0; i < pairs.length; i += ACCENT_SQL_STEP) {
    steps.push(pairs.slice(i, i + ACCENT_SQL_STEP).reduce((sql, [ch, code]) => `replace(${sql}, '${ch}', '${code}')`, column));
  }
  return steps;
}
