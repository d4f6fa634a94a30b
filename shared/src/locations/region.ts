/**
 * Macro-region of a province for the shipping tariff, from its government code after the 2025 reform
 * (codes up to 37 are northern, 38–68 central incl. the Central Highlands, the rest southern).
 * Kept free of imports so that Node scripts (the seed) can load it directly.
 */
export function regionOfProvince(code: string): 'north' | 'central' | 'south' {
  const n = Number(code);
  if (n <= 37) return 'north';
  if (n <= 68) return 'central';
  return 'south';
}
