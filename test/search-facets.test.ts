/**
 * Search facets are exact (issue 16): on the real seed catalogue, in-process (node:sqlite with the repo's migrations
 * and the SQL the D1 adapter sends), every facet group of a search equals what counting the full result set gives —
 * the set paged through with the cursor, with every other filter applied and the group's own left out (disjunctive
 * facets) — for queries whose hits span many pages. The total is the length of that set with every filter applied.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../seed/load.mjs';
import { facetSums, PRICE_BUCKETS, type FacetGroupRow } from '../shared/src/catalog/repo.d1';
import { MAX_PAGE_SIZE } from '../shared/src/catalog/schemas';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts } from '../shared/src/search/service';
import { SqliteD1 } from './d1-sqlite';

const db = new SqliteD1().migrate();
const index = new D1SearchIndex(db.asD1());
const NOW = Date.parse('2026-11-25T03:00:00Z');

beforeAll(async () => {
  await loadSeed(db.asD1(), { today: '2026-11-25', locations: false });
}, 120_000);

type Filters = { category?: string; brand?: string[]; minPrice?: number; maxPrice?: number; rx?: boolean; dosageForm?: string[]; inStock?: boolean };
type Result = Awaited<ReturnType<typeof searchProducts>>;
type Item = Result['items'][number];

const search = (q: string, f: Filters, limit: number, cursor?: string) => searchProducts(index, { q, sort: 'relevance', limit, ...f, ...(cursor ? { cursor } : {}) } as never, NOW);

/** Every result of a search, paged through with the cursor. */
async function everything(q: string, f: Filters): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await search(q, f, MAX_PAGE_SIZE, cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const bucketOf = (price: number) => PRICE_BUCKETS.findIndex((b) => price >= b.min && (b.max === null || price < b.max));

/** Counts per value, largest first (ties by value), as the facets list them: the 20 largest. */
function tally(items: Item[], key: (i: Item) => string, top = 20) {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, top);
}

/** Categories whose path starts with the filtered category's (the filter includes descendants). */
function inCategory(slug: string) {
  const rows = db.db.prepare('SELECT c.slug FROM categories c WHERE instr(c.path, (SELECT path FROM categories WHERE slug = ?)) = 1').all(slug) as Array<{ slug: string }>;
  return new Set(rows.map((r) => r.slug));
}

const CASES: Array<{ q: string; f: Filters }> = [
  { q: 'vitamin', f: {} },
  { q: 'dau', f: { inStock: true } },
  { q: 'vien', f: { rx: false, maxPrice: 300_000 } },
  { q: 'thuoc', f: { category: 'thuoc', dosageForm: ['Viên nén', 'Viên nang'], minPrice: 20_000 } },
];

describe('search facets count the full result set exactly (#16)', () => {
  it.each(CASES)('$q $f', async ({ q, f }) => {
    const res = await search(q, f, 24);
    const all = await everything(q, f);
    expect(all.length).toBeGreaterThan(24); // hits span more than a page
    expect(res.total).toBe(all.length);
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);

    // Each group without its own filter, every other filter applied.
    const without = async (...keys: Array<keyof Filters>) => everything(q, Object.fromEntries(Object.entries(f).filter(([k]) => !keys.includes(k as keyof Filters))) as Filters);
    const [byCategory, byBrand, byForm, byRx, byPrice] = await Promise.all([without('category'), without('brand'), without('dosageForm'), without('rx'), without('minPrice', 'maxPrice')]);

    expect(res.facets.categories.map((c) => [c.slug, c.count])).toEqual(tally(byCategory!, (i) => i.category.slug));
    expect(res.facets.brands.map((b) => [b.slug, b.count])).toEqual(tally(byBrand!, (i) => i.brand.slug));
    expect(res.facets.dosageForms.map((d) => [d.value, d.count])).toEqual(tally(byForm!, (i) => i.dosageForm));
    expect(Object.fromEntries(res.facets.prescription.map((r) => [String(r.rx), r.count]))).toEqual(Object.fromEntries(tally(byRx!, (i) => String(i.prescriptionRequired), 2)));
    expect(Object.fromEntries(res.facets.priceBuckets.map((p) => [String(PRICE_BUCKETS.findIndex((b) => b.min === p.min)), p.count]))).toEqual(
      Object.fromEntries(tally(byPrice!, (i) => String(bucketOf(i.defaultUnit.price)), PRICE_BUCKETS.length)),
    );

    // The filters themselves hold on the listed set.
    const cats = f.category ? inCategory(f.category) : null;
    for (const i of all) {
      if (cats) expect(cats.has(i.category.slug)).toBe(true);
      if (f.rx !== undefined) expect(i.prescriptionRequired).toBe(f.rx);
      if (f.inStock !== undefined) expect(i.inStock).toBe(f.inStock);
      if (f.maxPrice !== undefined) expect(i.defaultUnit.price).toBeLessThanOrEqual(f.maxPrice);
      if (f.minPrice !== undefined) expect(i.defaultUnit.price).toBeGreaterThanOrEqual(f.minPrice);
      if (f.dosageForm) expect(f.dosageForm).toContain(i.dosageForm);
    }
  }, 120_000);
});

describe('facetSums: the disjunctive counts from one GROUP BY (#16, ADR 0042)', () => {
  it('counts each group over the rows passing every other filter, and the total over the rows passing all', () => {
    // mask bits: category 1, brand 2, dosage form 4, Rx 8, price 16, in stock 32 (63: every filter passed).
    const rows: FacetGroupRow[] = [
      ['cat-a', 'Viên nén', 0, 0, 63, 5],
      ['cat-b', 'Viên nén', 0, 1, 63 - 1, 3], // fails the category filter only
      ['cat-a', 'Siro', 1, 2, 63 - 8, 2], // fails the Rx filter only
      ['cat-a', 'Siro', 0, 2, 63 - 32, 7], // out of stock (the in-stock filter applies to every group)
      ['cat-b', 'Gel', 0, 4, 63 - 1 - 16, 4], // fails two filters: counted nowhere
    ];
    const s = facetSums(rows);
    expect(s.total).toBe(5);
    expect([...s.category]).toEqual([['cat-a', 5], ['cat-b', 3]]);
    expect([...s.dosageForm]).toEqual([['Viên nén', 5]]);
    expect([...s.rx]).toEqual([[0, 5], [1, 2]]);
    expect([...s.price]).toEqual([[0, 5]]);
  });
});
