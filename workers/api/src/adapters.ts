/**
 * The api Worker's one adapter factory: every route gets its ports from here. D1 is the embedded default; the
 * optional origin adapters (MongoDB, Elasticsearch, Upstash) plug in here behind the same ports.
 */
import type { Context } from 'hono';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { mongoConfig, openMongo } from '@medicare/shared/catalog/client.mongo';
import type { CatalogRepository } from '@medicare/shared/catalog/ports';
import { MongoCatalogRepository, mongoError } from '@medicare/shared/catalog/repo.mongo';
import { D1LocationRepository } from '@medicare/shared/locations/repo.d1';
import { D1SearchIndex } from '@medicare/shared/search/index.d1';
import { ElasticSearchIndex } from '@medicare/shared/search/index.elastic';
import { FallbackSearchIndex, SearchBreaker, fallbackReason, recordSearchFallback } from '@medicare/shared/search/fallback';
import type { SearchIndex } from '@medicare/shared/search/ports';
import { DEFAULT_ALIAS, elasticClient } from '@medicare/shared/search/sync.elastic';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { GhnCarrier, GhtkCarrier, type WaybillCanceller } from '@medicare/shared/checkout/carrier';
import { D1RateLimiter, type RateLimiter } from '@medicare/shared/auth/ratelimit';
import { FallbackRateLimiter, UpstashRateLimiter, rateLimitBreaker } from '@medicare/shared/auth/ratelimit.upstash';
import { D1CatalogVersionStore, UpstashCatalogVersionStore, type CatalogVersionStore } from '@medicare/shared/catalog/version';
import { upstashClient, type UpstashConfig } from '@medicare/shared/upstash/client';
import { rememberingExpansions } from './cache';
import type { ApiEnv } from './env';
import { CATALOG_READS, durableMongoRepository } from './mongo-origin';

/** Which origin answers the catalogue read port (`X-Catalog-Backend`). */
export type CatalogBackend = 'd1' | 'mongo' | 'mongo-do';

/**
 * #19 (ADR 0047): this isolate's breaker for the MongoDB origin. After a failed read, catalogue reads skip MongoDB for
 * `BREAKER_OPEN_MS` (10 s) and answer 503 CATALOG_ORIGIN_UNAVAILABLE at once (the edge cache keeps serving what it
 * holds) instead of each waiting the driver's timeout. Exported for tests.
 */
export const catalogOriginBreaker = new SearchBreaker();

/** The port with the breaker in front: open → 503 at once; a failure → 503 and the breaker opens. */
function guardedByBreaker(repo: CatalogRepository): CatalogRepository {
  const guarded = (method: (typeof CATALOG_READS)[number]) => async (...args: unknown[]) => {
    if (catalogOriginBreaker.isOpen()) throw mongoError(new Error('catalogue origin breaker open'));
    try {
      return await (repo[method] as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
    } catch (e) {
      const err = mongoError(e);
      if (err.status === 503) catalogOriginBreaker.trip();
      throw err;
    }
  };
  return Object.fromEntries(CATALOG_READS.map((m) => [m, guarded(m)])) as unknown as CatalogRepository;
}

/**
 * #19: the catalogue origin of this request when it is not D1 (CATALOG_BACKEND=mongo with MONGODB_URI), else null.
 * One per request: `per-request` (default) opens a client on first use, closed after the response by the
 * `mongoPerRequest` middleware; `MONGODB_CLIENT=durable-object` reads through the colo's `MongoOrigin` object.
 */
export function catalogOrigin(c: Context<ApiEnv>): { repo: CatalogRepository; backend: CatalogBackend } | null {
  const known = c.get('catalogOrigin');
  if (known) return known;
  const cfg = mongoConfig(c.env);
  if (!cfg) return null;
  let origin: { repo: CatalogRepository; backend: CatalogBackend };
  if (c.env.MONGODB_CLIENT === 'durable-object' && c.env.MONGO_ORIGIN) {
    const colo = (c.req.raw as { cf?: { colo?: string } }).cf?.colo ?? 'local';
    origin = { repo: guardedByBreaker(durableMongoRepository(c.env.MONGO_ORIGIN, cfg, colo)), backend: 'mongo-do' };
  } else {
    const handle = openMongo(cfg);
    c.set('mongoHandle', handle);
    origin = { repo: guardedByBreaker(new MongoCatalogRepository(handle.db)), backend: 'mongo' };
  }
  c.set('catalogOrigin', origin);
  return origin;
}

/**
 * The catalogue read port of the storefront routes (listing, product page, categories, brands): D1 by default, the
 * MongoDB origin with CATALOG_BACKEND=mongo. `X-Catalog-Backend` says which answered (`d1`, `mongo`, `mongo-do`).
 */
export function catalogRepository(c: Context<ApiEnv>): CatalogRepository {
  const origin = catalogOrigin(c);
  c.header('X-Catalog-Backend', origin?.backend ?? 'd1');
  return origin?.repo ?? new D1CatalogRepository(c.var.db);
}

/** D1's catalogue reader, for the reads only D1 answers (cards by id for articles; admin, search and discovery SQL). */
export function d1CatalogRepository(c: Context<ApiEnv>) {
  return new D1CatalogRepository(c.var.db);
}

export function locationRepository(c: Context<ApiEnv>) {
  return new D1LocationRepository(c.var.db);
}

/** Default time bound of one Elasticsearch call before search falls back to D1 (ms). */
export const SEARCH_TIMEOUT_MS = 1000;

/** Whether this deployment searches Elasticsearch (SEARCH_BACKEND=elastic with an endpoint). */
export function elasticConfig(env: ApiEnv['Bindings']) {
  if (env.SEARCH_BACKEND !== 'elastic' || !env.ELASTIC_URL) return null;
  const timeoutMs = Number(env.ELASTIC_TIMEOUT_MS) > 0 ? Number(env.ELASTIC_TIMEOUT_MS) : SEARCH_TIMEOUT_MS;
  return { url: env.ELASTIC_URL, apiKey: env.ELASTIC_API_KEY, index: env.ELASTIC_INDEX || DEFAULT_ALIAS, timeoutMs };
}

/**
 * This isolate's Elasticsearch circuit breaker (R16-X3, `SearchBreaker`): after a failure, searches skip ES for
 * `BREAKER_OPEN_MS` (10 s) and answer from D1 at once; the fallback metric is written at most once per window.
 * Exported for tests (they inject its clock).
 */
export const searchBreaker = new SearchBreaker();

/**
 * #16: the search port. D1 (FTS5) by default; with SEARCH_BACKEND=elastic, Elasticsearch with a time bound, falling
 * back to D1 for the rest of the request on an error or timeout, and for every request of this isolate while the
 * breaker is open. `X-Search-Backend` says which answered (`d1`, `elastic`, `d1-fallback`); fallbacks are counted
 * in memory and added to today's row of `search_fallbacks` at most once per breaker window (in waitUntil), with the
 * error class logged then (never the query).
 */
export function searchIndex(c: Context<ApiEnv>): SearchIndex {
  const d1 = new D1SearchIndex(c.var.db);
  const cfg = elasticConfig(c.env);
  if (!cfg) {
    c.header('X-Search-Backend', 'd1');
    // A cached catalogue GET (its cache key's version is known): expansions remembered at that version (ADR 0043).
    const version = c.var.catalogVersion;
    return version === undefined ? d1 : rememberingExpansions(d1, version);
  }
  c.header('X-Search-Backend', 'elastic');
  const es = new ElasticSearchIndex(elasticClient({ url: cfg.url, apiKey: cfg.apiKey, timeoutMs: cfg.timeoutMs }), c.var.db, { index: cfg.index });
  return new FallbackSearchIndex(es, d1, {
    timeoutMs: cfg.timeoutMs,
    breaker: searchBreaker,
    onFallback(err) {
      c.header('X-Search-Backend', 'd1-fallback');
      const count = searchBreaker.count();
      if (count === 0) return;
      const reason = fallbackReason(err);
      console.warn(JSON.stringify({ level: 'warn', msg: 'search fell back to D1', reason, count }));
      const now = Date.now();
      const write = recordSearchFallback(c.env.DB, reason, now, vietnamDate(now), count).catch(() => undefined);
      try {
        c.executionCtx.waitUntil(write);
      } catch {
        /* no execution context (direct app.fetch in a script): the write still runs */
      }
    },
  });
}

/** #19: Upstash Redis when its REST URL and token are set (both secrets). */
export function upstashConfig(env: ApiEnv['Bindings']): UpstashConfig | null {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return null;
  const timeoutMs = Number(env.UPSTASH_TIMEOUT_MS) > 0 ? Number(env.UPSTASH_TIMEOUT_MS) : undefined;
  return { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, timeoutMs };
}

/**
 * #19 the rate-limit port (ADR 0046). D1 by default; with RATE_LIMIT_BACKEND=upstash (and its URL/token), Upstash
 * Redis, with D1 answering any call Upstash fails (error, timeout) and every call while this isolate's breaker is open:
 * limits never fail open. `X-RateLimit-Backend: d1-fallback` marks an answer D1 gave instead; the error class is logged
 * (never the subject).
 */
export function rateLimiter(c: Context<ApiEnv>, db: D1Database = c.var.db): RateLimiter {
  const d1 = new D1RateLimiter(db);
  const cfg = c.env.RATE_LIMIT_BACKEND === 'upstash' ? upstashConfig(c.env) : null;
  if (!cfg) return d1;
  return new FallbackRateLimiter(new UpstashRateLimiter(upstashClient(cfg)), d1, rateLimitBreaker, (err) => {
    c.header('X-RateLimit-Backend', 'd1-fallback');
    if (err) console.warn(JSON.stringify({ level: 'warn', msg: 'rate limits fell back to D1', reason: (err as Error)?.name ?? 'Error' }));
  });
}

/**
 * #19 the catalogue-version store (ADR 0046, amends 0032): D1 by default; with CACHE_BACKEND=upstash, the global copy
 * in Upstash Redis, reseeded from the D1 primary when it has none. `db`: the D1 handle a D1 read uses.
 */
export function catalogVersionStore(env: ApiEnv['Bindings'], db: D1Database): CatalogVersionStore {
  const cfg = env.CACHE_BACKEND === 'upstash' ? upstashConfig(env) : null;
  if (!cfg) return new D1CatalogVersionStore(db);
  return new UpstashCatalogVersionStore(upstashClient(cfg), () => new D1CatalogVersionStore(env.DB.withSession('first-primary') as unknown as D1Database).read());
}

/** GHN (fee quotes, waybills, cancellations) when its credentials are configured; destinations come from carrier_ward_mappings. */
export function ghnCarrier(c: Context<ApiEnv>): GhnCarrier | null {
  const { GHN_TOKEN, GHN_SHOP_ID, GHN_BASE_URL } = c.env;
  if (!GHN_TOKEN || !GHN_SHOP_ID) return null;
  return new GhnCarrier({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, baseUrl: GHN_BASE_URL ?? 'https://online-gateway.ghn.vn' }, (ward) =>
    c.var.db.prepare("SELECT district_id AS districtId, carrier_ward_code AS carrierWardCode FROM carrier_ward_mappings WHERE carrier = 'ghn' AND ward_code = ?").bind(ward).first(),
  );
}

/** GHTK (waybill cancellation) when its token and partner code are configured. */
export function ghtkCarrier(c: Context<ApiEnv>): GhtkCarrier | null {
  const { GHTK_TOKEN, GHTK_CLIENT_SOURCE, GHTK_BASE_URL } = c.env;
  if (!GHTK_TOKEN || !GHTK_CLIENT_SOURCE) return null;
  return new GhtkCarrier({ token: GHTK_TOKEN, clientSource: GHTK_CLIENT_SOURCE, baseUrl: GHTK_BASE_URL ?? 'https://services.giaohangtietkiem.vn' });
}

/** The carriers whose waybills we can cancel through their API, by carrier name (unconfigured ones are absent). */
export function waybillCancellers(c: Context<ApiEnv>): Partial<Record<'ghn' | 'ghtk', WaybillCanceller>> {
  const ghn = ghnCarrier(c);
  const ghtk = ghtkCarrier(c);
  return { ...(ghn ? { ghn } : {}), ...(ghtk ? { ghtk } : {}) };
}
