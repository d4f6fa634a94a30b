import { beforeAll, describe, expect, it } from 'vitest';
import { api, BULK_COUNT, ids, json, seedFixtures, VISIBLE_COUNT } from './fixtures';

beforeAll(seedFixtures);

type Page = { items: Array<Record<string, any>>; total: number; nextCursor: string | null };
const list = async (qs: string) => {
  const res = await api(`/v1/products${qs}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<Page>(res);
};
const slugs = (p: Page) => p.items.map((i) => i.slug);

async function walk(qs: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page = await list(`${qs}${qs ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...slugs(page));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages };
}

describe('GET /v1/categories', () => {
  it('returns the 3-level tree with counts of visible, approved products rolled up', async () => {
    const { items } = await json<{ items: any[] }>(await api('/v1/categories'));
    expect(items.map((c) => c.slug)).toEqual(['thuoc', 'duoc-my-pham']);
    const thuoc = items[0];
    expect(thuoc.productCount).toBe(3); // paracetamol, ibuprofen, amoxicillin (hidden/pending excluded)
    expect(thuoc.children.map((c: any) => [c.slug, c.productCount])).toEqual([['thuoc-giam-dau', 2], ['khang-sinh-nhom', 1]]);
    expect(thuoc.children[0].children[0]).toMatchObject({ slug: 'thuoc-ha-sot', level: 3, productCount: 2, children: [] });
    expect(items[1].productCount).toBe(2 + BULK_COUNT);
  });

  it('returns one category with breadcrumb and children', async () => {
    const c = await json(await api('/v1/categories/thuoc-giam-dau'));
    expect(c).toMatchObject({ slug: 'thuoc-giam-dau', level: 2, productCount: 2 });
    expect(c.breadcrumb.map((b: any) => b.slug)).toEqual(['thuoc', 'thuoc-giam-dau']);
    expect(c.children).toEqual([{ slug: 'thuoc-ha-sot', name: 'Thuốc hạ sốt', productCount: 2 }]);
    const leaf = await json(await api('/v1/categories/thuoc-ha-sot'));
    expect(leaf.breadcrumb.map((b: any) => b.level)).toEqual([1, 2, 3]);
  });

  it('answers unknown and malformed slugs with 404 and 400 envelopes', async () => {
    const nf = await api('/v1/categories/khong-co');
    expect(nf.status).toBe(404);
    expect((await json(nf)).error.code).toBe('CATEGORY_NOT_FOUND');
    const bad = await api('/v1/categories/Bad_Slug!');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /v1/brands', () => {
  it('lists brands by name with visible product counts', async () => {
    const { items } = await json<{ items: any[] }>(await api('/v1/brands'));
    expect(items.map((b) => [b.slug, b.productCount])).toEqual([['alpha', 2], ['beta', 1], ['gamma', 2 + BULK_COUNT]]);
    const beta = await json(await api('/v1/brands/beta'));
    expect(beta).toMatchObject({ slug: 'beta', name: 'Beta Labs', country: 'Pháp', productCount: 1 });
    expect((await api('/v1/brands/khong-co')).status).toBe(404);
  });
});

describe('GET /v1/products: visibility and marking', () => {
  it('lists only approved, visible products', async () => {
    const page = await list('?limit=60');
    expect(page.total).toBe(VISIBLE_COUNT);
    expect(slugs(page)).not.toContain('alpha-hidden');
    expect(slugs(page)).not.toContain('alpha-pending');
    expect((await api('/v1/products/alpha-hidden')).status).toBe(404);
    expect((await api('/v1/products/alpha-pending')).status).toBe(404);
  });

  it('shows prescription-only products marked for consultation', async () => {
    const page = await list('?rx=true');
    expect(slugs(page)).toEqual(['beta-amoxicillin-500']);
    expect(page.items[0]).toMatchObject({ prescriptionRequired: true, purchaseMode: 'consultation' });
    const otc = await list('?rx=false&limit=60');
    expect(otc.total).toBe(VISIBLE_COUNT - 1);
    expect(otc.items.every((i) => i.purchaseMode === 'cart')).toBe(true);
  });
});

describe('GET /v1/products: facets', () => {
  it('counts brands, dosage forms, Rx/OTC and price buckets for the filters when asked, in the same answer', async () => {
    const plain = await list('?category=thuoc');
    expect((plain as Record<string, unknown>).facets).toBeUndefined();
    const page = (await list('?category=thuoc&facets=true')) as Page & { facets: Record<string, Array<Record<string, unknown>>> };
    expect(page.total).toBe(plain.total);
    const sum = (k: string) => page.facets[k]!.reduce((t, f) => t + Number(f.count), 0);
    for (const k of ['brands', 'dosageForms', 'prescription', 'priceBuckets']) expect(sum(k)).toBe(page.total);
    // Categories are a facet group too: counted without the page's own category filter (the whole shop here).
    expect(sum('categories')).toBe(VISIBLE_COUNT);
    expect(page.facets.prescription!.map((f) => f.label).sort()).toEqual(['Không kê đơn', 'Thuốc kê đơn']);
    // Facets follow the other groups' filters, not their own (disjunctive): choosing OTC keeps the Rx option.
    const otc = (await list('?category=thuoc&rx=false&facets=true')) as Page & { facets: Record<string, Array<Record<string, unknown>>> };
    expect(otc.total).toBe(2);
    expect(otc.facets.prescription).toEqual([
      { rx: false, label: 'Không kê đơn', count: 2 },
      { rx: true, label: 'Thuốc kê đơn', count: 1 },
    ]);
    expect(otc.facets.brands).toEqual([{ slug: 'alpha', name: 'Alpha Pharma', count: 2 }]);
    expect((await api('/v1/products?facets=maybe')).status).toBe(400);
  });
});

describe('GET /v1/products: disjunctive facets (#12)', () => {
  it('keeps the other brands (and their counts) when a brand is chosen; other groups follow the choice', async () => {
    const page = (await list('?category=thuoc&brand=beta&facets=true')) as Page & { facets: Record<string, Array<Record<string, unknown>>> };
    expect(slugs(page)).toEqual(['beta-amoxicillin-500']);
    expect(page.facets.brands).toEqual([
      { slug: 'alpha', name: 'Alpha Pharma', count: 2 },
      { slug: 'beta', name: 'Beta Labs', count: 1 },
    ]);
    expect(page.facets.prescription).toEqual([{ rx: true, label: 'Thuốc kê đơn', count: 1 }]);
    // Two brands chosen: the list holds both, each brand's count is what choosing it adds.
    const both = (await list('?category=thuoc&brand=beta,alpha&facets=true')) as Page & { facets: Record<string, Array<Record<string, unknown>>> };
    expect(both.total).toBe(3);
    expect(both.facets.brands!.reduce((t, f) => t + Number(f.count), 0)).toBe(both.total);
    // A price range keeps the other price buckets.
    const cheap = (await list('?category=thuoc&maxPrice=1&facets=true')) as Page & { facets: Record<string, Array<Record<string, unknown>>> };
    expect(cheap.total).toBe(0);
    expect(cheap.facets.priceBuckets!.reduce((t, f) => t + Number(f.count), 0)).toBe(3);
    expect(cheap.facets.brands).toEqual([]);
  });
});

describe('GET /v1/products: filters', () => {
  it('filters by category at any level, including descendants', async () => {
    expect((await list('?category=thuoc')).total).toBe(3);
    expect((await list('?category=thuoc-giam-dau')).total).toBe(2);
    expect(slugs(await list('?category=thuoc-khang-sinh'))).toEqual(['beta-amoxicillin-500']);
    expect((await list('?category=duoc-my-pham')).total).toBe(2 + BULK_COUNT);
  });

  it('filters by one or several brands and rejects unknown brands', async () => {
    expect((await list('?brand=alpha')).total).toBe(2);
    expect((await list('?brand=alpha,beta')).total).toBe(3);
    const res = await api('/v1/products?brand=alpha,nobody');
    expect(res.status).toBe(404);
    expect((await json(res)).error).toMatchObject({ code: 'BRAND_NOT_FOUND', details: { brands: ['nobody'] } });
    expect((await api('/v1/products?category=nothing-here')).status).toBe(404);
  });

  it('filters by the current price of the default unit (sale prices count)', async () => {
    const page = await list('?minPrice=150000&maxPrice=260000');
    expect(slugs(page)).toEqual(['gamma-cleanser']); // 250 000 on sale at 199 000
    expect(slugs(await list('?minPrice=200000&maxPrice=260000'))).toEqual([]);
    expect(slugs(await list('?minPrice=299000&maxPrice=300000'))).toEqual(['gamma-serum']); // future sale not applied
  });

  it('filters by dosage form and by sellable stock', async () => {
    expect(slugs(await list('?dosageForm=Viên nang cứng'))).toEqual(['beta-amoxicillin-500']);
    const inStock = slugs(await list('?inStock=true&category=thuoc'));
    expect(inStock.sort()).toEqual(['alpha-paracetamol-500', 'beta-amoxicillin-500']); // ibuprofen's only batch expires today
    expect(slugs(await list('?inStock=false&category=thuoc'))).toEqual(['alpha-ibuprofen-400']);
    expect(slugs(await list('?inStock=true&brand=gamma&limit=60'))).not.toContain('gamma-serum'); // all reserved
  });

  it.each([
    ['limit above the cap', '?limit=61'],
    ['limit zero', '?limit=0'],
    ['limit not a number', '?limit=abc'],
    ['unknown sort', '?sort=cheapest'],
    ['negative price', '?minPrice=-1'],
    ['min above max', '?minPrice=5000&maxPrice=100'],
    ['bad boolean', '?rx=yes'],
    ['bad slug', '?category=Thuốc'],
    ['tampered cursor', '?cursor=eyJub3QiOiJhIGN1cnNvciJ9'],
  ])('rejects %s with a 400 envelope', async (_name, qs) => {
    const res = await api(`/v1/products${qs}`);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toMatch(/^(VALIDATION_FAILED|INVALID_CURSOR)$/);
    expect(typeof body.error.message).toBe('string');
  });
});

describe('GET /v1/products: sorts and cursor pagination', () => {
  it('sorts by price both ways, newest and best-selling', async () => {
    const asc = await list('?sort=price_asc&limit=60');
    const prices = asc.items.map((i) => i.defaultUnit.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const desc = await list('?sort=price_desc&limit=3');
    expect(desc.items.map((i) => i.defaultUnit.price)).toEqual([300_000, 199_000, 100_000]);
    const newest = await list('?sort=newest&category=thuoc');
    expect(slugs(newest)).toEqual(['alpha-ibuprofen-400', 'beta-amoxicillin-500', 'alpha-paracetamol-500']);
    const best = await list('?sort=best_selling&limit=2');
    expect(slugs(best)).toEqual(['alpha-ibuprofen-400', 'alpha-paracetamol-500']);
  });

  it('ranks sellable products first by default (relevance)', async () => {
    const page = await list('?category=thuoc');
    expect(slugs(page)[2]).toBe('alpha-ibuprofen-400'); // best seller, but out of sellable stock
  });

  it.each(['relevance', 'price_asc', 'price_desc', 'newest', 'best_selling'])('walks every product exactly once with sort=%s', async (sort) => {
    for (const limit of [1, 7, VISIBLE_COUNT, 60]) {
      const { seen, pages } = await walk(`?sort=${sort}`, limit);
      expect(seen.length).toBe(VISIBLE_COUNT);
      expect(new Set(seen).size).toBe(VISIBLE_COUNT);
      expect(pages).toBe(Math.max(1, Math.ceil(VISIBLE_COUNT / limit)));
    }
  });

  it('gives a stable order across pages with many equal sort keys', async () => {
    const { seen } = await walk('?sort=price_asc&brand=gamma', 4);
    const all = slugs(await list('?sort=price_asc&brand=gamma&limit=60'));
    expect(seen).toEqual(all);
  });

  it('rejects a cursor made for another sort', async () => {
    const first = await list('?sort=newest&limit=2');
    const res = await api(`/v1/products?sort=price_asc&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('INVALID_CURSOR');
  });

  it('returns an empty last page without a cursor', async () => {
    const page = await list(`?limit=60`);
    expect(page.nextCursor).toBeNull();
    const empty = await list('?category=thuoc-khang-sinh&rx=false');
    expect(empty).toEqual({ items: [], total: 0, nextCursor: null });
  });
});

describe('GET /v1/products/{slug}', () => {
  it('returns units with prices and availability from non-expired batches only', async () => {
    const p = await json(await api('/v1/products/alpha-paracetamol-500'));
    expect(p).toMatchObject({ id: ids.paracetamol, name: 'Alpha Paracetamol 500mg', purchaseMode: 'cart', availableBaseUnits: 220, inStock: true });
    expect(p.units.map((u: any) => [u.name, u.factor, u.price, u.available, u.inStock])).toEqual([
      ['Hộp', 100, 100_000, 2, true],
      ['Vỉ', 10, 11_000, 22, true],
      ['Viên', 1, 1_200, 220, true],
    ]);
    expect(p.nearestExpiry.nearExpiry).toBe(true);
    expect(p.activeIngredients).toEqual([{ slug: 'paracetamol', name: 'Paracetamol', strength: '500mg' }]);
    expect(p.breadcrumb.map((b: any) => b.slug)).toEqual(['thuoc', 'thuoc-giam-dau', 'thuoc-ha-sot']);
    expect(p.images[0].url).toBe('/v1/images/products/placeholder/test-box.png');
    expect(p.brand).toEqual({ slug: 'alpha', name: 'Alpha Pharma', country: 'Việt Nam' });
  });

  it('marks a prescription-only product for consultation', async () => {
    const p = await json(await api('/v1/products/beta-amoxicillin-500'));
    expect(p).toMatchObject({ prescriptionRequired: true, purchaseMode: 'consultation', inStock: true });
  });

  it('shows an active sale and ignores a future one', async () => {
    const c = await json(await api('/v1/products/gamma-cleanser'));
    expect(c.units[0]).toMatchObject({ price: 199_000, listPrice: 250_000, onSale: true, discountPercent: 20 });
    const s = await json(await api('/v1/products/gamma-serum'));
    expect(s.units[0]).toMatchObject({ price: 300_000, onSale: false, available: 0, inStock: false });
  });

  it('reports no stock when every batch has expired', async () => {
    const p = await json(await api('/v1/products/alpha-ibuprofen-400'));
    expect(p).toMatchObject({ availableBaseUnits: 0, inStock: false, nearestExpiry: null });
  });

  it('answers 404 for an unknown product', async () => {
    const res = await api('/v1/products/khong-ton-tai');
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: 'PRODUCT_NOT_FOUND', message: 'Không tìm thấy sản phẩm.', details: { slug: 'khong-ton-tai' } } });
  });
});
