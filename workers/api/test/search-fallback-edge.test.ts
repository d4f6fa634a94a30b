/**
 * #16 the edge cache and the Elasticsearch fallback, through the Worker's own fetch handler: SEARCH_BACKEND=elastic
 * with ELASTIC_URL on a loopback port nothing listens on (connection refused), so every search falls back to D1.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { api, seedFixtures } from './fixtures';

/** Nothing listens on port 9 (discard) of the loopback here: ES answers "connection refused". */
const downEnv = { ...env, SEARCH_BACKEND: 'elastic', ELASTIC_URL: 'http://127.0.0.1:9', ELASTIC_INDEX: 'down', ELASTIC_TIMEOUT_MS: '1000' };

async function call(path: string, e: Record<string, unknown> = downEnv, init: RequestInit = {}) {
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
