/**
 * #19 (ADR 0046): ONE contract suite for the rate-limit port (`RateLimiter`) and the catalogue-version port
 * (`CatalogVersionStore`), run against the D1 implementations (the real migrations on SQLite, test/d1-sqlite.ts) and
 * against Upstash — the real `@upstash/redis` client talking to the Upstash REST stand-in in front of a REAL
 * redis-server (test/upstash-setup.ts). Every backend must give the same answers.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { RateLimiter } from '../shared/src/auth/ratelimit';
import { D1RateLimiter } from '../shared/src/auth/ratelimit';
import { FallbackRateLimiter, UpstashRateLimiter } from '../shared/src/auth/ratelimit.upstash';
import { D1CatalogVersionStore, UPSTASH_VERSION_KEY, UpstashCatalogVersionStore, publishCatalogVersion, type CatalogVersionStore } from '../shared/src/catalog/version';
import { SearchBreaker } from '../shared/src/search/fallback';
import { upstashClient } from '../shared/src/upstash/client';
import { SqliteD1 } from './d1-sqlite';

const url = inject('upstashStandinUrl');
const token = inject('upstashStandinToken');
const redis = () => upstashClient({ url, token, timeoutMs: 5_000 });
const control = (mode: 'up' | 'down' | 'hang') => fetch(`${url}/__standin/mode`, { method: 'POST', body: JSON.stringify({ mode }) });
const standinStats = async () => (await (await fetch(`${url}/__standin/stats`)).json()) as { single: number; pipeline: number; multiExec: number };

let d1: SqliteD1;
beforeAll(() => {
  d1 = new SqliteD1().migrate();
});

const limiters: Array<[string, () => RateLimiter]> = [
  ['d1', () => new D1RateLimiter(d1.asD1())],
  ['upstash', () => new UpstashRateLimiter(redis())],
];

// A window start far from any boundary, so `now + small` stays in the same window for every window length used here.
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0) + 123;

describe.each(limiters)('RateLimiter contract: %s', (_name, make) => {
  const action = () => `contract-${randomUUID()}`;

  it('50 parallel hits: exactly `limit` are ok, the rest get a retryAfter to the end of the window', async () => {
    const limiter = make();
    const a = action();
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter.hit(a, 'user-1', 7, 60, T0)));
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    // T0 is 123 ms into its minute: 59.877 s are left, rounded up.
    for (const r of results) expect(r.retryAfter).toBe(60);
  });

  it('the window resets: the next window starts from zero', async () => {
    const limiter = make();
    const a = action();
    for (let i = 0; i < 3; i++) expect((await limiter.hit(a, 's', 3, 60, T0 + i)).ok).toBe(true);
    const over = await limiter.hit(a, 's', 3, 60, T0 + 30_000);
    expect(over).toEqual({ ok: false, retryAfter: 30 });
    const nextWindow = T0 - (T0 % 60_000) + 60_000;
    expect((await limiter.hit(a, 's', 3, 60, nextWindow)).ok).toBe(true);
  });

  it('subjects and actions are counted apart', async () => {
    const limiter = make();
    const a = action();
    expect((await limiter.hit(a, 'x', 1, 60, T0)).ok).toBe(true);
    expect((await limiter.hit(a, 'x', 1, 60, T0)).ok).toBe(false);
    expect((await limiter.hit(a, 'y', 1, 60, T0)).ok).toBe(true);
    expect((await limiter.hit(action(), 'x', 1, 60, T0)).ok).toBe(true);
  });

  it('refund gives one hit back in the current window, never below zero', async () => {
    const limiter = make();
    const a = action();
    await limiter.refund(a, 's', 60, T0); // nothing to give back: must not bank a credit
    expect((await limiter.hit(a, 's', 2, 60, T0)).ok).toBe(true);
    expect((await limiter.hit(a, 's', 2, 60, T0)).ok).toBe(true);
    expect((await limiter.hit(a, 's', 2, 60, T0)).ok).toBe(false);
    await limiter.refund(a, 's', 60, T0);
    await limiter.refund(a, 's', 60, T0);
    expect((await limiter.hit(a, 's', 2, 60, T0)).ok).toBe(true);
    expect((await limiter.hit(a, 's', 2, 60, T0)).ok).toBe(false);
  });

  it('cooldown: one event per period (exactly one of 20 parallel), retryAfter to its end, then open again', async () => {
    const limiter = make();
    const a = action();
    const first = await Promise.all(Array.from({ length: 20 }, () => limiter.cooldown(a, 'chat-1', 120, T0)));
    expect(first.filter((r) => r.ok)).toHaveLength(1);
    expect(first.find((r) => r.ok)).toEqual({ ok: true, retryAfter: 0 });
    expect(await limiter.cooldown(a, 'chat-1', 120, T0 + 30_500)).toEqual({ ok: false, retryAfter: 90 });
    expect((await limiter.cooldown(a, 'chat-2', 120, T0 + 30_500)).ok).toBe(true);
    expect((await limiter.cooldown(a, 'chat-1', 120, T0 + 120_000)).ok).toBe(true);
    expect(await limiter.cooldown(a, 'chat-1', 120, T0 + 121_000)).toEqual({ ok: false, retryAfter: 119 });
  });
});

describe('Upstash rate limits keep subjects out of Redis', () => {
  it('keys carry a hash of the subject, never the subject', async () => {
    const r = redis();
    const a = `contract-${randomUUID()}`;
    await new UpstashRateLimiter(r).hit(a, 'shopper@example.vn', 5, 60, T0);
    const keys = (await r.keys(`rl:${a}:*`)) as string[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('shopper');
    expect(keys[0]).toMatch(new RegExp(`^rl:${a}:[A-Za-z0-9_-]{43}:\\d+$`));
  });
});

describe('FallbackRateLimiter: Upstash down → D1 answers, limits hold (fail closed onto D1)', () => {
  it('an Upstash error answers from D1 at once, and the breaker keeps the next calls off Upstash', async () => {
    const breaker = new SearchBreaker(() => T0);
    const fallbacks: unknown[] = [];
    const limiter = new FallbackRateLimiter(new UpstashRateLimiter(redis()), new D1RateLimiter(d1.asD1()), breaker, (e) => fallbacks.push(e));
    const a = `contract-${randomUUID()}`;
    await control('down');
    try {
      const before = await standinStats();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await limiter.hit(a, 'ip-1', 3, 60, T0));
      expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
      expect(fallbacks).toHaveLength(5);
      expect(fallbacks[0]).toBeInstanceOf(Error);
      expect(fallbacks.slice(1)).toEqual([null, null, null, null]); // breaker open: Upstash not asked again
      expect(breaker.isOpen()).toBe(true);
      // The stand-in served no command meanwhile (the one failed call answered 503 before reaching Redis).
      expect(await standinStats()).toEqual(before);
    } finally {
      await control('up');
    }
  });

  it('a hanging Upstash costs one time bound, then D1 answers', async () => {
    const limiter = new FallbackRateLimiter(new UpstashRateLimiter(upstashClient({ url, token, timeoutMs: 200 })), new D1RateLimiter(d1.asD1()), new SearchBreaker(() => T0));
    const a = `contract-${randomUUID()}`;
    await control('hang');
    try {
      expect((await limiter.hit(a, 'ip-2', 1, 60, T0)).ok).toBe(true);
      expect((await limiter.hit(a, 'ip-2', 1, 60, T0)).ok).toBe(false);
    } finally {
      await control('up');
    }
  });
});

// ---- the catalogue-version port ----

const d1Version = () => new D1CatalogVersionStore(d1.asD1());
const stores: Array<[string, (key: string) => CatalogVersionStore]> = [
  ['d1', () => d1Version()],
  ['upstash', (key) => new UpstashCatalogVersionStore(redis(), () => d1Version().read(), key)],
];

describe.each(stores)('CatalogVersionStore contract: %s', (_name, make) => {
  it('reads the version, bumps it, and never goes back', async () => {
    const store = make(`catalog:version:${randomUUID()}`);
    const v0 = (await store.read()).version;
    expect(v0).toBeGreaterThanOrEqual(1);
    const bumped = await store.advance({ version: v0 + 1, bookmark: null });
    expect(bumped.version).toBe(v0 + 1);
    expect((await store.read()).version).toBe(v0 + 1);
    expect((await store.advance({ version: v0, bookmark: null })).version).toBe(v0 + 1);
    expect((await store.read()).version).toBe(v0 + 1);
  });

  it('concurrent advances end at their maximum', async () => {
    const store = make(`catalog:version:${randomUUID()}`);
    const v0 = (await store.read()).version;
    const targets = Array.from({ length: 30 }, (_, i) => v0 + 1 + ((i * 7) % 30));
    await Promise.all(targets.map((version) => store.advance({ version, bookmark: null })));
    expect((await store.read()).version).toBe(Math.max(...targets));
  });
});

describe('UpstashCatalogVersionStore: D1 stays the truth', () => {
  it('an empty (or expired) copy is reseeded from D1 on read; a publish copies D1 after a trigger bumped it', async () => {
    const r = redis();
    const key = `catalog:version:${randomUUID()}`;
    const store = new UpstashCatalogVersionStore(r, () => d1Version().read(), key);
    const before = (await d1Version().read()).version;
    expect((await store.read()).version).toBe(before);
    expect(Number(await r.pttl(key))).toBeGreaterThan(0); // it expires: the next reader reseeds from D1
    // A catalogue write: the trigger bumps meta.catalog_version in D1 …
    d1.db.exec(`INSERT INTO search_synonyms (term, synonym, kind, created_at) VALUES ('contract-${randomUUID()}', 'x', 'synonym', 0)`);
    const after = (await d1Version().read()).version;
    expect(after).toBe(before + 1);
    expect((await store.read()).version).toBe(before); // … Redis does not know yet
    // … and the writer publishes it (the api Worker does this in d1PerRequest after every write it serves).
    expect(await publishCatalogVersion(d1.asD1(), store)).toEqual({ version: after, bookmark: null });
    expect((await store.read()).version).toBe(after);
    await r.del(key);
    expect((await store.read()).version).toBe(after);
  });

  it('the bookmark travels with the version', async () => {
    const store = new UpstashCatalogVersionStore(redis(), async () => ({ version: 1, bookmark: null }), `catalog:version:${randomUUID()}`);
    await store.advance({ version: 41, bookmark: '0000002a-00000001-00005000-deadbeef' });
    expect(await store.read()).toEqual({ version: 41, bookmark: '0000002a-00000001-00005000-deadbeef' });
    expect(await store.advance({ version: 40, bookmark: 'older' })).toEqual({ version: 41, bookmark: '0000002a-00000001-00005000-deadbeef' });
  });

  it('uses the documented key', () => {
    expect(UPSTASH_VERSION_KEY).toBe('catalog:version');
  });
});

describe('the Upstash stand-in speaks what @upstash/redis sends', () => {
  it('auto-pipelining: parallel commands reach it as POST /pipeline calls (reads and writes apart); base64 results decode to the UTF-8 text', async () => {
    const r = redis();
    const key = `standin:${randomUUID()}`;
    const before = await standinStats();
    const [set, got, n] = await Promise.all([r.set(key, 'Thuốc hạ sốt'), r.get(key), r.incr(`${key}:n`)]);
    expect([set, got, n]).toEqual(['OK', 'Thuốc hạ sốt', 1]);
    const after = await standinStats();
    // The client pipelines reads and writes apart: SET + INCR in one /pipeline call, GET in another; none alone.
    expect(after.pipeline - before.pipeline).toBe(2);
    expect(after.single - before.single).toBe(0);
  });

  it('MULTI/EXEC through POST /multi-exec; a Redis error comes back as { error } and the client throws it', async () => {
    const r = redis();
    const key = `standin:${randomUUID()}`;
    const tx = r.multi();
    tx.incr(key);
    tx.incr(key);
    expect(await tx.exec()).toEqual([1, 2]);
    await expect(r.eval('return redis.call("NOPE")', [], [])).rejects.toThrow(/NOPE|Unknown Redis command|ERR/i);
  });

  it('refuses a wrong token with 401 { error }', async () => {
    const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: JSON.stringify(['PING']) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });
});
