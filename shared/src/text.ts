/**
 * Vietnamese text helpers shared by search, slugs and lookups.
 * SQLite's unicode61 tokenizer removes diacritics but does not fold đ/Đ, so every folded form maps them to d.
 */

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
