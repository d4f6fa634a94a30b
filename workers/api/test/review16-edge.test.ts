/**
 * #16 adversarial review (REVIEW16.md): the edge read path. Each test here FAILS on the trial merge and names the
 * defect it proves; they go green when the fix lands (no test here can pass by accident: each asserts the answer a
 * correct implementation gives, through SELF.fetch as a shopper sends it).
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogVersionMemo } from '../src/cache';
import { api, seedFixtures } from './fixtures';

// The memo's clock stands still: a HIT here depends only on the cache key, not on the machine's speed.
beforeAll(async () => {
  catalogVersionMemo.setClock(() => 7_000_000);
  await seedFixtures();
});
afterAll(() => catalogVersionMemo.resetClock());

const get = async (path: string) => {
  const res = await api(path);
  await res.arrayBuffer();
  return { status: res.status, cache: res.headers.get('x-cache'), queries: Number(res.headers.get('x-d1-queries')) };
};

describe('R16-E1 cache key canonicalisation (workers/api/src/cache.ts catalogCacheKey)', () => {
  it('serves a listing with an unknown tracking parameter from the entry of the same listing (no D1 round trip)', async () => {
    expect(await get('/v1/products?category=thuoc')).toMatchObject({ status: 200, cache: 'MISS' });
    expect(await get('/v1/products?category=thuoc')).toEqual({ status: 200, cache: 'HIT', queries: 0 });
    // Same answer (zod drops unknown keys), but a new cache entry and a D1 miss for every distinct junk value: any
    // client (or a bot appending ?x=<random>) bypasses the edge cache and the key space is unbounded.
    expect(await get('/v1/products?category=thuoc&utm_source=zalo')).toEqual({ status: 200, cache: 'HIT', queries: 0 });
    expect(await get(`/v1/products?category=thuoc&_=${Math.random()}`)).toEqual({ status: 200, cache: 'HIT', queries: 0 });
  });

  it('serves a search whose brand list is the same set in another order from one entry', async () => {
    expect(await get('/v1/search?q=thuoc&brand=alpha,beta')).toMatchObject({ status: 200, cache: 'MISS' });
    expect(await get('/v1/search?q=thuoc&brand=beta,alpha')).toEqual({ status: 200, cache: 'HIT', queries: 0 });
  });
});

describe('R16-E2 D1 sessions: payment status right after paying (workers/api/src/middleware.ts d1RouteClass)', () => {
  // The webhook that marks an order paid is written by the payment Worker: the shopper carries no bookmark for it,
  // so an account read on `first-unconstrained` may come from a replica that has not seen the payment yet and the
  // shopper who just paid is told "chưa thanh toán" (and the checkout page keeps polling / offers to pay again).
  for (const path of ['/v1/orders/DHNOSUCH000/payment', '/v1/orders/DHNOSUCH000/payment/events', '/v1/orders/DHNOSUCH000']) {
    it(`reads ${path.replace('DHNOSUCH000', '{code}')} on the primary (state written by another Worker)`, async () => {
      const spy = vi.spyOn(env.DB, 'withSession');
      try {
        const res = await api(path);
        await res.arrayBuffer();
        expect(spy).toHaveBeenCalled();
        expect(spy.mock.calls[0]![0]).toBe('first-primary');
      } finally {
        spy.mockRestore();
      }
    });
  }
});
