/**
 * #16 (ADR 0043): the per-isolate response memory in front of the Cache API (workers/api/src/cache.ts). It uses the
 * edge cache's own version-bearing key, so it never answers across catalogue versions; it keeps only what the Cache API
 * keeps (never a degraded fallback answer, never an error); HEAD shares GET's entries; a hit still asks D1 nothing.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogResponseMemory, catalogVersionMemo } from '../src/cache';
import worker from '../src/index';
import { afterVersionBound, api, ids, json, seedFixtures } from './fixtures';

beforeAll(async () => {
  catalogVersionMemo.setClock(() => 21_000_000);
  await seedFixtures();
});
afterAll(() => catalogVersionMemo.resetClock());
beforeEach(() => catalogResponseMemory.clear());

describe('response memory (edge cache layer 0)', () => {
  it('answers a repeated catalogue GET from memory: HIT, no D1 round trip, the same bytes every time', async () => {
    const path = '/v1/products/alpha-paracetamol-500';
    const miss = await api(path);
    const body = await miss.text();
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(catalogResponseMemory.stats().entries).toBe(1);
    for (let i = 0; i < 3; i++) {
      const hit = await api(path);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.headers.get('x-d1-queries')).toBe('0');
      expect(hit.headers.get('cache-control')).toBe('public, max-age=15');
      expect(hit.headers.get('x-edge-stored-at')).toBeNull();
      expect(await hit.text()).toBe(body);
    }
  });

  it('refills from the Cache API when the isolate forgot (a cold isolate), then serves from memory', async () => {
    const path = '/v1/products?limit=3&sort=newest';
    // The edge copy is written after the response (waitUntil): wait for it through the execution context.
    const fetchAndWait = async () => {
      const ctx = createExecutionContext();
      const res = await worker.fetch!(new Request(`https://api.medicare.test${path}`) as never, env as never, ctx);
      await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
      return res;
    };
    expect((await fetchAndWait()).headers.get('x-cache')).toBe('MISS');
    catalogResponseMemory.clear();
    expect((await fetchAndWait()).headers.get('x-cache')).toBe('HIT');
    expect(catalogResponseMemory.stats().entries).toBe(1);
    expect((await api(path)).headers.get('x-cache')).toBe('HIT');
  });

  it('never serves an answer across catalogue versions', async () => {
    const path = '/v1/products/alpha-paracetamol-500';
    const before = await json(await api(path));
    expect((await api(path)).headers.get('x-cache')).toBe('HIT');
    // Another writer changes the price straight in D1 (the triggers bump the version); once the bound has passed the
    // isolate reads the new version, whose key the memory has never seen.
    await env.DB.prepare('UPDATE product_units SET price = price + 1000 WHERE product_id = ? AND is_default = 1').bind(ids.paracetamol).run();
    afterVersionBound();
    const res = await api(path);
    expect(res.headers.get('x-cache')).toBe('MISS');
    const after = await json(res);
    expect(after.units.find((u: any) => u.isDefault).price).toBe(before.units.find((u: any) => u.isDefault).price + 1000);
  });

  it('keeps HEAD and GET on one entry, and never keeps an error', async () => {
    const path = '/v1/products?limit=4&sort=newest';
    const head = await api(path, { method: 'HEAD' });
    expect(head.headers.get('x-cache')).toBe('MISS');
    expect(await head.text()).toBe('');
    const get = await api(path);
    expect(get.headers.get('x-cache')).toBe('HIT');
    expect((await json(get)).items).toHaveLength(4);
    const head2 = await api(path, { method: 'HEAD' });
    expect(head2.headers.get('x-cache')).toBe('HIT');
    expect(await head2.text()).toBe('');

    const entries = catalogResponseMemory.stats().entries;
    expect((await api('/v1/products/no-such-product')).status).toBe(404);
    expect((await api('/v1/products?limit=9999')).status).toBe(400);
    expect(catalogResponseMemory.stats().entries).toBe(entries);
  });

  it('never keeps a search the D1 fallback answered (Elasticsearch down)', async () => {
    const downEnv = { ...env, SEARCH_BACKEND: 'elastic', ELASTIC_URL: 'http://127.0.0.1:9', ELASTIC_INDEX: 'down', ELASTIC_TIMEOUT_MS: '1000' };
    const ctx = createExecutionContext();
    const res = await worker.fetch!(new Request('https://api.medicare.test/v1/search?q=ibuprofen&limit=5') as never, downEnv as never, ctx);
    await res.arrayBuffer();
    await waitOnExecutionContext(ctx);
    expect(res.headers.get('x-search-backend')).toBe('d1-fallback');
    expect(catalogResponseMemory.stats().entries).toBe(0);
  });
});
