/**
 * #19 (ADR 0046): the api Worker with RATE_LIMIT_BACKEND=upstash and CACHE_BACKEND=upstash, through its own fetch
 * handler, against the Upstash REST stand-in over a real redis-server (test/upstash-setup.ts), with the real
 * `@upstash/redis` client inside workerd:
 * - sign-in limits are counted in Redis (and not in D1), exactly, under parallel guesses;
 * - Upstash down: sign-in limits still hold, counted by D1 (fail closed onto D1), and the answer says so;
 * - a catalogue write through an admin route publishes D1's version to Redis; other isolates key the edge cache by
 *   the Redis copy.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { rateLimitBreaker } from '@medicare/shared/auth/ratelimit.upstash';
import { UPSTASH_VERSION_KEY } from '@medicare/shared/catalog/version';
import { upstashClient } from '@medicare/shared/upstash/client';
import worker from '../src/index';
import { versionBreaker } from '../src/cache';
import { afterVersionBound, ids, json, seedFixtures, tokenFor } from './fixtures';

const url = inject('upstashStandinUrl');
const token = inject('upstashStandinToken');
const upstashEnv = { ...env, RATE_LIMIT_BACKEND: 'upstash', CACHE_BACKEND: 'upstash', UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token };
const redis = upstashClient({ url, token, timeoutMs: 5_000 });
const mode = (m: 'up' | 'down') => fetch(`${url}/__standin/mode`, { method: 'POST', body: JSON.stringify({ mode: m }) });

async function call(path: string, init: RequestInit = {}, e: Record<string, unknown> = upstashEnv) {
  const ctx = createExecutionContext();
  const res = await worker.fetch!(new Request(`https://api.medicare.test${path}`, init) as never, e as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
const login = (email: string, ip: string) =>
  call('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip }, body: JSON.stringify({ email, password: 'SaiMatKhau1' }) });
const d1RateRows = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM rate_limits WHERE key LIKE 'login%'").first<{ n: number }>())!.n;

beforeAll(async () => {
  await seedFixtures();
});

afterEach(async () => {
  await mode('up');
  rateLimitBreaker.reset();
  versionBreaker.reset();
});

describe('RATE_LIMIT_BACKEND=upstash: sign-in limits in Redis', () => {
  it('counts 12 parallel wrong passwords exactly (5 × 401, 7 × 429) in Redis, not in D1', async () => {
    const email = `upstash-parallel-${crypto.randomUUID()}@example.vn`;
    const rowsBefore = await d1RateRows();
    const res = await Promise.all(Array.from({ length: 12 }, (_, i) => login(email, `198.51.100.${i + 1}`)));
    expect(res.map((r) => r.status).sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    const throttled = res.find((r) => r.status === 429)!;
    expect((await json(throttled)).error.code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.every((r) => r.headers.get('x-ratelimit-backend') === null)).toBe(true);
    // The counters live in Redis (one per IP, one for the address); D1's table got nothing.
    expect(((await redis.keys('rl:login-fail:address:*')) as string[]).length).toBeGreaterThanOrEqual(1);
    expect(((await redis.keys('rl:login:ip:*')) as string[]).length).toBeGreaterThanOrEqual(12);
    expect(await d1RateRows()).toBe(rowsBefore);
  });

  it('Upstash down: the same limit holds, counted by D1, and the answers say d1-fallback', async () => {
    await mode('down');
    const email = `upstash-down-${crypto.randomUUID()}@example.vn`;
    const statuses: number[] = [];
    const backends: Array<string | null> = [];
    for (let i = 0; i < 7; i++) {
      const r = await login(email, `198.51.101.${i + 1}`);
      statuses.push(r.status);
      backends.push(r.headers.get('x-ratelimit-backend'));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(backends.every((b) => b === 'd1-fallback')).toBe(true);
    expect(await d1RateRows()).toBeGreaterThan(0);
  });
});

describe('CACHE_BACKEND=upstash: the catalogue version', () => {
  const d1Version = async () => (await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!.value;
  const redisVersion = async () => Number(((await redis.hmget(UPSTASH_VERSION_KEY, 'v')) as unknown as Array<string | null>)[0]);

  it("an admin's write publishes D1's version to Redis; other isolates' cache keys follow the Redis copy", async () => {
    const admin = await tokenFor('admin');
    const p = await json(await call(`/v1/admin/products/${ids.ibuprofen}`, { headers: { authorization: `Bearer ${admin}` } }));
    const units = p.units.map(({ retiredAt: _r, ...u }: any, i: number) => (i === 0 ? { ...u, price: u.price + 1000 } : u));
    const edit = await call(`/v1/admin/products/${ids.ibuprofen}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ units }),
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    const v = await d1Version();
    expect(await redisVersion()).toBe(v);
    // The writer's isolate reads its own write from D1 (its publish may have been lost) …
    const own = await call('/v1/products?limit=1');
    expect(Number(own.headers.get('x-catalog-version'))).toBe(v);
    // … then follows the global copy: another writer published a later version (D1 is not asked for it).
    await redis.hset(UPSTASH_VERSION_KEY, { v: String(v + 1000), b: '' });
    afterVersionBound();
    const other = await call('/v1/products?limit=1');
    expect(other.status).toBe(200);
    expect(Number(other.headers.get('x-catalog-version'))).toBe(v + 1000);
  });

  it('a write of no catalogue table (a cart item) publishes nothing; a stock receipt (the ledger) does', async () => {
    await redis.del(UPSTASH_VERSION_KEY);
    const cart = await call('/v1/cart/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unitId: '01TESTUNITCLEANSER00000000', quantity: 1 }) });
    expect(cart.status, await cart.clone().text()).toBe(200);
    expect(cart.headers.get('x-d1-queries')).not.toBeNull();
    expect(await redis.exists(UPSTASH_VERSION_KEY), 'no publish after a cart write').toBe(0);
    const admin = await tokenFor('admin');
    const receipt = await call('/v1/admin/stock/receipts', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: ids.amoxicillin, unitId: '01TESTUNITAMOXHOP000000000', quantity: 2, costPrice: 50_000, lotNumber: `UP-${Date.now()}`, expiryDate: '2031-01-01', supplier: 'Phân phối Alpha', receivedDate: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10) }),
    });
    expect(receipt.status, await receipt.clone().text()).toBe(201);
    expect(await redisVersion()).toBe(await d1Version());
  });

  it('Upstash down: the version is read from D1', async () => {
    await mode('down');
    afterVersionBound();
    const res = await call('/v1/products?limit=1');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-catalog-version'))).toBe(await d1Version());
  });
});
