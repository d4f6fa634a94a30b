/**
 * #16 the edge cache and the Elasticsearch fallback, through the Worker's own fetch handler: SEARCH_BACKEND=elastic
 * with ELASTIC_URL on a loopback port nothing listens on (connection refused), so every search falls back to D1.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BREAKER_OPEN_MS } from '@medicare/shared/search/fallback';
import { ElasticSearchIndex } from '@medicare/shared/search/index.elastic';
import { searchBreaker } from '../src/adapters';
import worker from '../src/index';
import { api, seedFixtures } from './fixtures';

/** Nothing listens on port 9 (discard) of the loopback here: ES answers "connection refused". */
const downEnv = { ...env, SEARCH_BACKEND: 'elastic', ELASTIC_URL: 'http://127.0.0.1:9', ELASTIC_INDEX: 'down', ELASTIC_TIMEOUT_MS: '1000' };

async function call(path: string, e: object = downEnv, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch!(new Request(`https://api.medicare.test${path}`, init) as never, e as never, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return { status: res.status, backend: res.headers.get('x-search-backend'), cache: res.headers.get('x-cache'), cacheControl: res.headers.get('cache-control') };
}

beforeAll(seedFixtures);

describe('edge cache and the D1 fallback (X5)', () => {
  it('never stores a search the D1 fallback answered; the next request asks again, and a healthy answer is cached', async () => {
    const path = '/v1/search?q=ibuprofen&limit=5';
    expect(await call(path)).toEqual({ status: 200, backend: 'd1-fallback', cache: 'MISS', cacheControl: 'no-store' });
    expect(await call(path)).toMatchObject({ status: 200, backend: 'd1-fallback', cache: 'MISS' });
    const sug = '/v1/search/suggest?q=ibup';
    expect(await call(sug)).toMatchObject({ backend: 'd1-fallback', cache: 'MISS', cacheControl: 'no-store' });
    expect(await call(sug)).toMatchObject({ backend: 'd1-fallback', cache: 'MISS' });
    // The same URL answered by a healthy engine is stored and then served as a HIT.
    expect((await api(path)).headers.get('x-cache')).toBe('MISS');
    expect(await call(path, env)).toMatchObject({ status: 200, backend: 'd1', cache: 'HIT' });
  });
});

describe('circuit breaker on the Elasticsearch fallback (X3)', () => {
  let t = 5_000_000;
  const fallbacks = async () => Number((await env.DB.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM search_fallbacks').first<{ n: number }>())!.n);
  beforeAll(() => {
    searchBreaker.now = () => t;
    searchBreaker.reset();
  });
  afterAll(() => {
    searchBreaker.now = () => Date.now();
    searchBreaker.reset();
  });

  it('skips Elasticsearch for BREAKER_OPEN_MS after a failure and writes the fallback metric once per window', async () => {
    const expand = vi.spyOn(ElasticSearchIndex.prototype, 'expand');
    const suggest = vi.spyOn(ElasticSearchIndex.prototype, 'suggest');
    const tried = () => expand.mock.calls.length + suggest.mock.calls.length;
    try {
      const before = await fallbacks();
      expect(await call('/v1/search?q=paracetamol&limit=3')).toMatchObject({ status: 200, backend: 'd1-fallback' });
      expect(tried()).toBe(1);
      expect(await fallbacks()).toBe(before + 1); // the first fallback of a window is written at once

      t += BREAKER_OPEN_MS - 1; // still open: D1 answers at once, ES is not asked, the metric is counted in memory
      expect(await call('/v1/search?q=ibuprofen&limit=3')).toMatchObject({ status: 200, backend: 'd1-fallback' });
      expect(await call('/v1/search?q=vitamin&limit=3')).toMatchObject({ status: 200, backend: 'd1-fallback' });
      expect(await call('/v1/search/suggest?q=para')).toMatchObject({ status: 200, backend: 'd1-fallback' });
      expect(tried()).toBe(1);
      expect(await fallbacks()).toBe(before + 1);

      t += 1; // the window is over: ES is tried again; it still fails, and the pending count is written in one go
      expect(await call('/v1/search?q=amoxicillin&limit=3')).toMatchObject({ status: 200, backend: 'd1-fallback' });
      expect(tried()).toBe(2);
      expect(await fallbacks()).toBe(before + 5);
    } finally {
      expand.mockRestore();
      suggest.mockRestore();
    }
  });
});
