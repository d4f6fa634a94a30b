/** The brand directory's A–Z grouping: by the first letter of the name without accents (Đ with D), digits under "0–9". */
export function brandLetter(name: string): string {
  const first = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'D').trim().charAt(0).toUpperCase();
  if (/[A-Z]/.test(first)) return first;
  return /[0-9]/.test(first) ? '0–9' : '#';
}

export function groupByLetter<T extends { name: string }>(items: readonly T[]): Array<{ letter: string; items: T[] }> {
  const groups = new Map<string, T[]>();
  for (const b of [...items].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
    const l = brandLetter(b.name);
    groups.set(l, [...(groups.get(l) ?? []), b]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '0–9' || a === '#' ? 1 : b === '0–9' || b === '#' ? -1 : a.localeCompare(b))).map(([letter, items]) => ({ letter, items }));
}
