/**
 * The one way to match user-typed text inside columns: `instr()` instead of `LIKE`. D1 refuses LIKE patterns longer
 * than 50 bytes (25 Vietnamese letters such as "đ"), which made long queries fail with a 500, and LIKE needs its
 * wildcards escaped; `instr` has neither problem. Case-insensitive for ASCII letters, as LIKE was (SQLite's `lower`
 * only folds ASCII, so the term is folded the same way).
 */
export function containsText(columns: readonly string[], term: string): { sql: string; params: string[] } {
  const needle = term.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return { sql: `(${columns.map((c) => `instr(lower(${c}), ?) > 0`).join(' OR ')})`, params: columns.map(() => needle) };
}
