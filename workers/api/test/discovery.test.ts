/**
 * #17 discovery (ADR 0039): collections (deals across a sale-window boundary, best sellers per category, new arrivals),
 * related products (generic alternatives), recently viewed (cap 20, accounts and guests apart), through SELF.fetch.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as s from '@medicare/shared/db/schema';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { api, DAY, ids, json, NOW, seedFixtures, tokenFor } from './fixtures';

type Card = { id: string; slug: string; prescriptionRequired: boolean; inStock: boolean; category: { slug: string }; soldCount: number; defaultUnit: { price: number; onSale: boolean; discountPercent: number } };
type Page = { collection: string; title: string; items: Card[]; total: number; nextCursor: string | null };

const bulk = (i: number) => `01TESTPRODBULK${String(i).padStart(12, '0')}`;
const bulkUnit = (i: number) => `01TESTUNITBULK${String(i).padStart(12, '0')}`;
const T0 = NOW - 100 * DAY;
const ING_PARA = '01TESTINGPARACETAMOL00000';
const ING_CAFF = '01TESTINGCAFFEINE00000000';

/** Generic-alternative candidates of Alpha Paracetamol 500mg (paracetamol 500mg, 100 000 đ a box). */
const gen = {
  saleCheap: { id: '01TESTGENSALECHEAP0000000', slug: 'delta-paracetamol-500', strength: '500 mg', price: 32_000, sale: 29_000 },
  cheap: { id: '01TESTGENCHEAP00000000000', slug: 'epsilon-paracetamol-500', strength: '500MG', price: 30_000 },
  soldOut: { id: '01TESTGENSOLDOUT000000000', slug: 'zeta-paracetamol-500', strength: '500mg', price: 10_000, stock: 0 },
  rx: { id: '01TESTGENRX00000000000000', slug: 'eta-paracetamol-500-rx', strength: '500mg', price: 5_000, rx: true },
  hidden: { id: '01TESTGENHIDDEN0000000000', slug: 'theta-paracetamol-500', strength: '500mg', price: 5_000, hidden: true },
  other: { id: '01TESTGEN650000000000000', slug: 'iota-paracetamol-650', strength: '650mg', price: 5_000 },
  combo: { id: '01TESTGENCOMBO00000000000', slug: 'kappa-paracetamol-cafein', strength: '500mg', price: 5_000, caffeine: true },
} as const;

beforeAll(async () => {
  await seedFixtures();
  const db = drizzle(env.DB, { schema: s });
  // Deals: bulk-1 50 % until tomorrow; bulk-2 25 % open-ended; bulk-5 20 % (ties with the fixture's cleanser, 20 %);
  // bulk-3 10 % from tomorrow; bulk-0 50 % but sold out; amoxicillin (Rx) and the hidden product 50 %.
  const sale = (unitId: string, price: number, salePrice: number, startsAt: number | null, endsAt: number | null) =>
    env.DB.prepare('UPDATE product_units SET price = ?, sale_price = ?, sale_starts_at = ?, sale_ends_at = ? WHERE id = ?').bind(price, salePrice, startsAt, endsAt, unitId);
  // New arrivals: approved recently (amoxicillin, the newest, is prescription-only: never promoted).
  const approved = (id: string, at: number) => env.DB.prepare('UPDATE products SET approved_at = ? WHERE id = ?').bind(at, id);
  await env.DB.batch([
    sale(bulkUnit(1), 20_000, 10_000, NOW - DAY, NOW + DAY),
    sale(bulkUnit(2), 20_000, 15_000, null, null),
    sale(bulkUnit(5), 20_000, 16_000, NOW - DAY, null),
    sale(bulkUnit(3), 20_000, 18_000, NOW + DAY, null),
    sale(bulkUnit(0), 20_000, 10_000, null, null),
    sale('01TESTUNITAMOXHOP000000000', 90_000, 45_000, null, null),
    sale('01TESTUNITHIDDEN000000000', 10_000, 5_000, null, null),
    approved(ids.amoxicillin, NOW - 1_000),
    approved(ids.paracetamol, NOW - 3_600_000),
    approved(ids.ibuprofen, NOW - 7_200_000),
  ]);

  await db.insert(s.ingredients).values({ id: ING_CAFF, slug: 'cafein', name: 'Cafein', createdAt: T0 });
  for (const g of Object.values(gen)) {
    const x = g as { id: string; slug: string; strength: string; price: number; sale?: number; stock?: number; rx?: boolean; hidden?: boolean; caffeine?: boolean };
    await db.insert(s.products).values({
      id: x.id, slug: x.slug, name: x.slug, categoryId: ids.catHaSot, brandId: ids.brandBeta, shortDescription: '.', description: '.', dosageForm: 'Viên nén',
      packSpec: 'Hộp 10 vỉ x 10 viên', baseUnit: 'viên', indications: 'Hạ sốt.', countryOfOrigin: 'Việt Nam', approvalState: 'approved', visible: !x.hidden,
      prescriptionRequired: Boolean(x.rx), createdAt: T0, updatedAt: T0,
    });
    await db.insert(s.productUnits).values({ id: `U${x.id.slice(1)}`, productId: x.id, name: 'Hộp', factor: 100, price: x.price, salePrice: x.sale ?? null, weightGrams: 100, isDefault: true, position: 0, createdAt: T0, updatedAt: T0 });
    await db.insert(s.stockBatches).values({ id: `B${x.id.slice(1)}`, productId: x.id, lotNumber: 'G-1', expiryDate: vietnamDate(NOW + 300 * DAY), quantity: x.stock ?? 500, reserved: 0, receivedAt: T0, createdAt: T0, updatedAt: T0 });
    await db.insert(s.productIngredients).values({ productId: x.id, ingredientId: ING_PARA, strength: x.strength, position: 0 });
    if (x.caffeine) await db.insert(s.productIngredients).values({ productId: x.id, ingredientId: ING_CAFF, strength: '65mg', position: 1 });
  }
  // Bought together (counted by the consumer from confirmed orders): paracetamol with ibuprofen.
  await env.DB.prepare('INSERT INTO co_purchases (product_id, other_id, orders, updated_at) VALUES (?, ?, 3, ?)').bind(ids.paracetamol, ids.ibuprofen, NOW).run();
});

afterEach(() => {
  vi.useRealTimers();
});

const page = async (path: string) => {
  const res = await api(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<Page>(res);
};

async function walk(path: string, limit: number, between?: (n: number) => void) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let n = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const p: Page = await page(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(p.items.length).toBeLessThanOrEqual(limit);
    seen.push(...p.items.map((i) => i.slug));
    cursor = p.nextCursor;
    between?.(++n);
  } while (cursor && n < 40);
  return seen;
}

describe('GET /v1/collections/deals', () => {
  it('lists the sales active now, biggest discount first (ties by id), in stock and sold through the cart only', async () => {
    const p = await page('/v1/collections/deals');
    expect(p.title).toBe('Ưu đãi hôm nay');
    expect(p.items.map((i) => [i.slug, i.defaultUnit.discountPercent])).toEqual([
      ['gamma-bulk-1', 50],
      ['gamma-bulk-2', 25],
      ['gamma-bulk-5', 20],
      ['gamma-cleanser', 20],
      ['delta-paracetamol-500', 9],
    ]);
    expect(p.total).toBe(5);
    expect(p.items.every((i) => i.defaultUnit.onSale && i.inStock && !i.prescriptionRequired)).toBe(true);
  });

  it('pages across a sale-window boundary: an ended sale leaves, a started one joins, nothing repeats', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const first = await page('/v1/collections/deals?limit=2');
    expect(first.items.map((i) => i.slug)).toEqual(['gamma-bulk-1', 'gamma-bulk-2']);
    // Tomorrow: bulk-1's sale has ended, bulk-3's has begun. The cursor from yesterday still pages on.
    vi.setSystemTime(NOW + DAY + 3_600_000);
    expect(await walk('/v1/collections/deals', 2)).toEqual(['gamma-bulk-2', 'gamma-bulk-5', 'gamma-cleanser', 'gamma-bulk-3', 'delta-paracetamol-500']);
    const second = await page(`/v1/collections/deals?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((i) => i.slug)).toEqual(['gamma-bulk-5', 'gamma-cleanser']);
    const third = await page(`/v1/collections/deals?limit=2&cursor=${encodeURIComponent(second.nextCursor!)}`);
    expect(third.items.map((i) => [i.slug, i.defaultUnit.discountPercent])).toEqual([['gamma-bulk-3', 10], ['delta-paracetamol-500', 9]]);
    expect(third.nextCursor).toBeNull();
  });

  it('refuses a cursor of another collection and an unknown collection', async () => {
    const best = await page('/v1/collections/best-sellers?limit=1');
    const res = await api(`/v1/collections/deals?cursor=${encodeURIComponent(best.nextCursor!)}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('INVALID_CURSOR');
    const unknown = await api('/v1/collections/khuyen-mai');
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.code).toBe('VALIDATION_FAILED');
  });

  it('is served from the catalogue edge cache, keyed by the validated query', async () => {
    const a = await api('/v1/collections/deals?limit=3&utm_source=zalo');
    expect(a.status).toBe(200);
    await a.arrayBuffer();
    const b = await api('/v1/collections/deals?utm_source=facebook&limit=3');
    expect(b.headers.get('X-Cache')).toBe('HIT');
    expect((await json<Page>(b)).items).toHaveLength(3);
  });
});

describe('GET /v1/collections/best-sellers', () => {
  it('lists the most sold first, overall and within a category and its descendants; prescription-only never', async () => {
    const all = await page('/v1/collections/best-sellers?limit=60');
    const sold = all.items.map((i) => i.soldCount);
    expect(sold).toEqual([...sold].sort((a, b) => b - a));
    // Ibuprofen (900 sold) is out of stock today (its only batch expires today): never on a shelf.
    expect(all.items.slice(0, 2).map((i) => i.slug)).toEqual(['alpha-paracetamol-500', 'gamma-cleanser']);
    expect(all.items.some((i) => i.slug === 'alpha-ibuprofen-400')).toBe(false);
    expect(all.items.some((i) => i.slug === 'beta-amoxicillin-500')).toBe(false);
    expect(all.items.every((i) => i.soldCount > 0 && i.inStock)).toBe(true);

    const thuoc = await page('/v1/collections/best-sellers?category=thuoc');
    expect(thuoc.items.map((i) => i.slug)).toEqual(['alpha-paracetamol-500']);
    const skin = await walk('/v1/collections/best-sellers?category=sua-rua-mat', 3);
    expect(skin[0]).toBe('gamma-cleanser');
    expect(new Set(skin).size).toBe(skin.length);
    const skinAll = await page('/v1/collections/best-sellers?category=sua-rua-mat&limit=60');
    expect(skin).toEqual(skinAll.items.map((i) => i.slug));
    expect(skinAll.items.every((i) => i.category.slug === 'sua-rua-mat')).toBe(true);
  });

  it('answers an unknown category with 404 CATEGORY_NOT_FOUND', async () => {
    const res = await api('/v1/collections/best-sellers?category=khong-co');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('CATEGORY_NOT_FOUND');
  });
});

describe('GET /v1/collections/new-arrivals', () => {
  it('lists the most recently published first (approval date, else creation), prescription-only and sold-out never', async () => {
    const p = await page('/v1/collections/new-arrivals?limit=3');
    expect(p.items.map((i) => i.slug)).toEqual(['alpha-paracetamol-500', 'gamma-bulk-9', 'gamma-bulk-14']);
    const all = await walk('/v1/collections/new-arrivals', 7);
    expect(all).not.toContain('beta-amoxicillin-500');
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('GET /v1/related/{slug}', () => {
  type Related = { product: string; alternatives: Card[]; sameCategory: Card[]; sameBrand: Card[]; boughtTogether: Array<Card & { boughtTogether: number }> };
  const related = async (slug: string) => {
    const res = await api(`/v1/related/${slug}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return json<Related>(res);
  };

  it('offers generic alternatives: same ingredient and strength, OTC only, sellable first, cheapest now first', async () => {
    const r = await related('alpha-paracetamol-500');
    // Delta is on sale at 29 000 (below Epsilon's 30 000); Zeta is cheapest but sold out; Rx, hidden, 650 mg and the
    // paracetamol + caffeine combination are not alternatives.
    expect(r.alternatives.map((i) => i.slug)).toEqual([gen.saleCheap.slug, gen.cheap.slug, gen.soldOut.slug]);
    expect(r.alternatives.map((i) => i.defaultUnit.price)).toEqual([29_000, 30_000, 10_000]);
    const everywhere = [...r.alternatives, ...r.sameCategory, ...r.sameBrand].map((i) => i.slug);
    expect(everywhere).not.toContain('alpha-paracetamol-500');
    expect(everywhere).not.toContain(gen.hidden.slug);
    expect(everywhere).not.toContain('alpha-hidden');
    expect(new Set(everywhere).size).toBe(everywhere.length);
    // Other products of the category (the Rx one shown as the shop shows it everywhere: a consultation card).
    expect(r.sameCategory.map((i) => i.slug)).toEqual(expect.arrayContaining(['alpha-ibuprofen-400', gen.rx.slug, gen.other.slug, gen.combo.slug]));
    expect(r.sameCategory.find((i) => i.slug === gen.rx.slug)).toMatchObject({ prescriptionRequired: true, purchaseMode: 'consultation' });
  });

  it('works both ways, never lists the product itself', async () => {
    const r = await related(gen.cheap.slug);
    expect(r.alternatives.map((i) => i.slug)).toEqual([gen.saleCheap.slug, 'alpha-paracetamol-500', gen.soldOut.slug]);
    const none = await related(gen.other.slug);
    expect(none.alternatives).toEqual([]);
  });

  it('adds "bought together" from the recommendation Worker', async () => {
    const r = await related('alpha-paracetamol-500');
    expect(r.boughtTogether.map((i) => [i.slug, i.boughtTogether])).toEqual([['alpha-ibuprofen-400', 3]]);
  });

  it('answers 404 for a product the shop does not show, 400 for a malformed slug; is edge-cached', async () => {
    const hidden = await api('/v1/related/alpha-hidden');
    expect(hidden.status).toBe(404);
    expect((await json(hidden)).error.code).toBe('PRODUCT_NOT_FOUND');
    expect((await api('/v1/related/Bad_Slug!')).status).toBe(400);
    await (await api('/v1/related/gamma-serum')).arrayBuffer();
    expect((await api('/v1/related/gamma-serum')).headers.get('X-Cache')).toBe('HIT');
  });
});

describe('/v1/recently-viewed', () => {
  const view = (productId: string, headers: Record<string, string> = {}) =>
    api('/v1/recently-viewed', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ productId }) });
  const cookieOf = (res: Response) => /mc_rv=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const list = async (headers: Record<string, string> = {}) => {
    const res = await api('/v1/recently-viewed', { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(res.headers.get('X-Cache')).toBeNull();
    return (await json<{ items: Card[] }>(res)).items.map((i) => i.id);
  };
  const visible = () => [ids.paracetamol, ids.ibuprofen, ids.cleanser, ids.amoxicillin, ...Array.from({ length: 25 }, (_, i) => bulk(i))];

  it('keeps a guest\'s last 20 in a cookie, newest first, and answers the others on each view', async () => {
    let cookie = '';
    for (const id of visible().slice(0, 24)) {
      const res = await view(id, cookie ? { cookie: `mc_rv=${cookie}` } : {});
      expect(res.status).toBe(200);
      cookie = cookieOf(res);
    }
    const got = await list({ cookie: `mc_rv=${cookie}` });
    expect(got).toEqual(visible().slice(4, 24).reverse());
    // Viewing one already in the list moves it to the front; the answer is the list without it.
    const again = await view(bulk(10), { cookie: `mc_rv=${cookie}` });
    const others = (await json<{ items: Card[] }>(again)).items.map((i) => i.id);
    expect(others).not.toContain(bulk(10));
    expect((await list({ cookie: `mc_rv=${cookieOf(again)}` }))[0]).toBe(bulk(10));
    // Nobody else sees it: a guest without the cookie, or with a forged one, has nothing (or only real, visible ids).
    expect(await list()).toEqual([]);
    expect(await list({ cookie: `mc_rv=${'x'.repeat(5000)}` })).toEqual([]);
    expect(await list({ cookie: `mc_rv=${ids.hidden}.${ids.paracetamol}.<script>` })).toEqual([ids.paracetamol]);
  });

  it('keeps an account\'s last 20 in D1 (capped in the same batch), apart from other accounts and guests', async () => {
    const a = { authorization: `Bearer ${await tokenFor('customer', 'rv-customer-a')}` };
    const b = { authorization: `Bearer ${await tokenFor('customer', 'rv-customer-b')}` };
    for (const id of visible().slice(0, 22)) expect((await view(id, a)).status).toBe(200);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM recently_viewed WHERE user_id = 'rv-customer-a'").first<{ n: number }>())!.n).toBe(20);
    expect(await list(a)).toEqual(visible().slice(2, 22).reverse());
    expect(await view(ids.paracetamol, b).then((r) => r.status)).toBe(200);
    expect(await list(b)).toEqual([ids.paracetamol]);
    expect(await list()).toEqual([]);
  });

  it('merges a guest list into the account (in front: the browsing just before sign-in) on the first call after sign-in, then clears the cookie', async () => {
    const first = await view(ids.cleanser);
    const cookie = cookieOf(first);
    const c = { authorization: `Bearer ${await tokenFor('customer', 'rv-customer-c')}` };
    await view(ids.ibuprofen, c);
    const res = await api('/v1/recently-viewed', { headers: { ...c, cookie: `mc_rv=${cookie}` } });
    expect(res.headers.get('set-cookie')).toMatch(/mc_rv=;.*Max-Age=0/i);
    expect((await json<{ items: Card[] }>(res)).items.map((i) => i.id)).toEqual([ids.cleanser, ids.ibuprofen]);
  });

  it('refuses a product the shop does not show (404, nothing written) and a malformed body (400)', async () => {
    const a = { authorization: `Bearer ${await tokenFor('customer', 'rv-customer-d')}` };
    const hidden = await view(ids.hidden, a);
    expect(hidden.status).toBe(404);
    expect((await json(hidden)).error.code).toBe('PRODUCT_NOT_FOUND');
    expect((await view(ids.pending)).status).toBe(404);
    expect(await list(a)).toEqual([]);
    const bad = await api('/v1/recently-viewed', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productId: '../x' }) });
    expect(bad.status).toBe(400);
  });
});
