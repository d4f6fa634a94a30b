import { foldVietnamese } from '../text';

export interface Ward {
  code: string;
  provinceCode: string;
  name: string;
}

const WARD_PREFIXES = ['phuong ', 'xa ', 'dac khu ', 'thi tran '];

function stripPrefix(folded: string): string {
  for (const p of WARD_PREFIXES) if (folded.startsWith(p)) return folded.slice(p.length);
  return folded;
}

/**
 * Finds wards by what a shopper types: accents optional, "Phường"/"Xã" optional. Exact name matches first,
 * then prefix matches, then substring matches; ties by name.
 */
export function searchWards<T extends Ward>(wards: readonly T[], query: string, limit = 20): T[] {
  const q = stripPrefix(foldVietnamese(query));
  if (!q) return wards.slice(0, limit);
  const scored: Array<{ w: T; score: number; folded: string }> = [];
  for (const w of wards) {
    const full = foldVietnamese(w.name);
    const bare = stripPrefix(full);
    const score = bare === q || full === q ? 0 : bare.startsWith(q) ? 1 : full.includes(q) ? 2 : -1;
    if (score >= 0) scored.push({ w, score, folded: full });
  }
  scored.sort((a, b) => a.score - b.score || a.folded.localeCompare(b.folded));
  return scored.slice(0, limit).map((x) => x.w);
}

export { regionOfProvince } from './region';
