import type { MiddlewareHandler } from 'hono';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import type { ApiEnv } from './env';

/** How long the edge keeps a catalogue response, and how long a browser may reuse it. */
export const EDGE_TTL_SECONDS = 60;
export const CLIENT_TTL_SECONDS = 15;
const CACHE_ORIGIN = 'https://catalog-cache.medicare.internal';

/** Cache key: catalogue version + path + query parameters in a canonical order. */
export function catalogCacheKey(version: number, url: URL): string {
  const params = [...url.searchParams.entries()].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const qs = new URLSearchParams(params).toString();
  return `${CACHE_ORIGIN}/v${version}${url.pathname}${qs ? `?${qs}` : ''}`;
}

/**
 * Edge cache for catalogue GETs through the Cache API. The key carries the catalogue version (one D1 read), which
 * triggers bump on every catalogue write, so an edit is never followed by a stale response from this cache.
 * Only 200 responses are stored; responses that set cookies are never cached.
 */
export function catalogCache(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const version = await new D1CatalogRepository(c.var.db).catalogVersion();
    const key = catalogCacheKey(version, new URL(c.req.url));
    const cache = edgeCache();
    const hit = await cache.match(key);
    if (hit) {
      const res = new Response(hit.body, hit);
      res.headers.set('X-Cache', 'HIT');
      res.headers.set('Cache-Control', `public, max-age=${CLIENT_TTL_SECONDS}`);
      return res;
    }
    await next();
    c.header('X-Catalog-Version', String(version));
    if (c.res.status === 200 && !c.res.headers.has('Set-Cookie')) {
      const stored = new Response(c.res.clone().body, c.res);
      stored.headers.set('Cache-Control', `public, max-age=${EDGE_TTL_SECONDS}`);
      stored.headers.delete('X-D1-Queries');
      stored.headers.delete('Server-Timing');
      await cache.put(key, stored);
    }
    c.header('X-Cache', 'MISS');
    c.header('Cache-Control', `public, max-age=${CLIENT_TTL_SECONDS}`);
  };
}

/** The Workers default cache (typed here so the web app, which compiles against DOM types, can import `AppType`). */
export function edgeCache(): Cache {
  return (caches as unknown as { default: Cache }).default;
}
