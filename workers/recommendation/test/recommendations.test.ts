/**
 * #18 recommendations without a model (ADR 0048): trending from the sales the consumer counted, "for you" from the
 * shopper's counted orders and viewed products, with reasons written by code. Sales are counted by the consumer's own
 * `applySale` (the writer of the markers trending reads), orders and views are rows as their routes leave them.
 */
import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { applySale } from '../../consumer/src/sales';
import { product, sale } from './recs-fixtures';
import { BEST_SELLER_REASON, TRENDING_REASON } from '@medicare/shared/catalog/recommend.d1';
import { RECENTLY_VIEWED_COOKIE } from '@medicare/shared/catalog/recently-viewed.d1';
import { DAY, hcmWard, ids, seedFixtures, tokenFor } from '../../api/test/fixtures';

const betaPara = '01TESTPRODBETAPARA6500000';
const kidsSiro = '01TESTPRODALPHAKIDSSIRO00';
const codein = '01TESTPRODALPHACODEIN0000'; // prescription-only, same ingredient: never recommended
const PARA_ING = '01TESTINGPARACETAMOL00000';
const BUYER = 'user-rec-buyer';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
  await product(betaPara, 'beta-paracetamol-650', 'Beta Paracetamol 650mg', ids.catGiamDau, ids.brandBeta);
  await product(kidsSiro, 'alpha-kids-siro', 'Alpha Kids Siro', ids.catHaSot, ids.brandAlpha);
  await product(codein, 'alpha-paracetamol-codein', 'Alpha Paracetamol Codein', ids.catHaSot, ids.brandAlpha, true);
  await env.DB.batch([
    env.DB.prepare('INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) VALUES (?, ?, ?, 0)').bind(betaPara, PARA_ING, '650mg'),
    env.DB.prepare('INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) VALUES (?, ?, ?, 0)').bind(codein, PARA_ING, '500mg'),
  ]);
  const now = Date.now();
  await tokenFor('customer', BUYER);
  await sale([ids.cleanser, codein], now - DAY); // an Rx line in a counted order: still never trending
  await sale([ids.cleanser], now - 2 * DAY);
  await sale([ids.ibuprofen], now - 3 * DAY, BUYER); // bought, but its only batch expires today: not promotable
  await sale([kidsSiro], now - 3 * DAY);
  await sale([ids.serum], now - 10 * DAY); // outside the window (and sold out anyway)
  const returned = await sale([ids.paracetamol, betaPara], now - DAY);
  await applySale(env.DB, returned, -1, now); // taken back: no longer counts
  await env.DB.prepare('INSERT INTO recently_viewed (user_id, product_id, viewed_at) VALUES (?, ?, ?)').bind(BUYER, ids.paracetamol, now - 1000).run();
});

type Page = { basis: string; method: string; items: Array<{ id: string; reason: string; prescriptionRequired?: boolean }> };
const get = async (path: string, init?: RequestInit) => SELF.fetch(`https://recommendation.test${path}`, init);

describe('GET /v1/recommendations/trending', () => {
  it('ranks by orders counted in the last 7 days, fills with best sellers, never a prescription-only product', async () => {
    const res = await get('/v1/recommendations/trending?limit=6');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as Page;
    expect(body).toMatchObject({ basis: 'trending', method: 'heuristic' });
    expect(body.items.slice(0, 2).map((i) => [i.id, i.reason])).toEqual([
      [ids.cleanser, TRENDING_REASON],
      [kidsSiro, TRENDING_REASON],
    ]);
    // The returned order's products and the 10-day-old sale only fill in as best sellers; Beta Paracetamol's only
    // sale was taken back, so it is neither.
    expect(body.items.slice(2).every((i) => i.reason === BEST_SELLER_REASON)).toBe(true);
    expect(body.items.map((i) => i.id)).toContain(ids.paracetamol);
    expect(body.items.map((i) => i.id)).not.toContain(betaPara);
    expect(body.items.map((i) => i.id)).not.toContain(ids.ibuprofen);
    expect(body.items.map((i) => i.id)).not.toContain(codein);
    expect(body.items.map((i) => i.id)).not.toContain(ids.amoxicillin);
    expect(body.items.map((i) => i.id)).not.toContain(ids.serum); // sold out (every unit reserved)
  });

  it('400 for a limit out of range', async () => {
    expect((await get('/v1/recommendations/trending?limit=0')).status).toBe(400);
    expect((await get('/v1/recommendations/trending?limit=99')).status).toBe(400);
  });
});

describe('GET /v1/recommendations/for-you', () => {
  it("a signed-in shopper gets products related to what they bought and viewed, with the reason, never a seed or an Rx product", async () => {
    const token = await tokenFor('customer', BUYER);
    const res = await get('/v1/recommendations/for-you', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = (await res.json()) as Page;
    expect(body.basis).toBe('history');
    // Kids Siro: same category and brand as the ibuprofen bought (a purchase weighs most); Beta Paracetamol: same
    // active ingredient as the paracetamol viewed.
    expect(body.items.map((i) => [i.id, i.reason])).toEqual([
      [kidsSiro, 'Cùng nhóm với Alpha Ibuprofen 400mg bạn đã mua'],
      [betaPara, 'Cùng hoạt chất với Alpha Paracetamol 500mg bạn đã xem'],
    ]);
  });

  it("a guest's recently-viewed cookie seeds it; without history it is the trending list", async () => {
    const guest = (await (await get('/v1/recommendations/for-you', { headers: { cookie: `${RECENTLY_VIEWED_COOKIE}=${ids.paracetamol}` } })).json()) as Page;
    expect(guest.basis).toBe('history');
    expect(guest.items.map((i) => [i.id, i.reason])).toEqual([
      [betaPara, 'Cùng hoạt chất với Alpha Paracetamol 500mg bạn đã xem'],
      [kidsSiro, 'Cùng nhóm với Alpha Paracetamol 500mg bạn đã xem'],
    ]);
    const none = (await (await get('/v1/recommendations/for-you?limit=2')).json()) as Page;
    expect(none.basis).toBe('trending');
    expect(none.items.map((i) => i.id)).toEqual([ids.cleanser, kidsSiro]);
    const fresh = await tokenFor('customer', 'user-rec-fresh');
    const empty = (await (await get('/v1/recommendations/for-you?limit=2', { headers: { authorization: `Bearer ${fresh}` } })).json()) as Page;
    expect(empty.basis).toBe('trending');
  });

  it('a bad token is 401, not a guest answer', async () => {
    const res = await get('/v1/recommendations/for-you', { headers: { authorization: 'Bearer not.a.token' } });
    expect(res.status).toBe(401);
  });
});
