import type { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { bookmarkOf, instrumentD1, laterBookmark } from '@medicare/shared/db/instrument';
import type { QueryExpansion, SearchIndex } from '@medicare/shared/search/ports';
import { SearchBreaker } from '@medicare/shared/search/fallback';
import { openMongo, mongoConfig } from '@medicare/shared/catalog/client.mongo';
import { MongoCatalogRepository } from '@medicare/shared/catalog/repo.mongo';
import { catalogOrigin, catalogOriginBreaker, catalogVersionStore } from './adapters';
import type { ApiEnv } from './env';

/** How long the edge keeps a catalogue response, and how long a browser may reuse it. */
export const EDGE_TTL_SECONDS = 60;
export const CLIENT_TTL_SECONDS = 15;
const CACHE_ORIGIN = 'https://catalog-cache.medicare.internal';
/** `X-Search-Backend` of a search the D1 fallback answered (ADR 0035): never stored. */
const DEGRADED_BACKEND = 'd1-fallback';

/**
 * The catalogue version a request takes from this isolate's memory (ADR 0032):
 * - younger than `VERSION_FRESH_MS`: used as is (a cache hit asks D1 nothing);
 * - up to `VERSION_MAX_AGE_MS`: used, and re-read in the background (`waitUntil`, one refresh at a time);
 * - older (or forgotten after a staff write here): read before answering, in the request's own D1 session.
 * So a catalogue write made anywhere reaches every isolate's cache keys within `VERSION_MAX_AGE_MS` (plus replica lag).
 */
export const VERSION_FRESH_MS = 1_000;
export const VERSION_MAX_AGE_MS = 5_000;

interface VersionMemo {
  version: number;
  /** When the read that produced it started (the version is at least this fresh). */
  readAt: number;
  /** How far that read had seen: a miss reads its data from a session at least as fresh (never older than its key). */
  bookmark: string | null;
}

const memo = {
  current: null as VersionMemo | null,
  /** Bumped when the memo is forgotten: a read that started before must not store its (maybe older) answer. */
  generation: 0,
  /** The bookmark of the last staff write served here: the next read starts from it (the admin sees their edit). */
  floor: null as string | null,
  /** Start of the background refresh in flight, if any. */
  refreshingSince: null as number | null,
  /** A write was served here since the last read (ADR 0046): the next synchronous read asks D1, not the global copy. */
  wroteHere: false,
  now: () => Date.now(),
};

/** A staff write was served by this isolate: the next catalogue request reads the version again, at least at `bookmark`. */
export function forgetCatalogVersion(bookmark: string | null = null): void {
  memo.generation++;
  memo.current = null;
  memo.floor = laterBookmark(memo.floor, bookmark);
  memo.wroteHere = true;
}

/** #19: this isolate's Upstash breaker for version reads (D1 answers for `BREAKER_OPEN_MS` after a failed read). */
export const versionBreaker = new SearchBreaker();

/**
 * For Worker tests (they run in the Worker's isolate): the memo's clock, and its state. Tests that write the catalogue
 * straight into D1 play "another isolate wrote" and move the clock past `VERSION_MAX_AGE_MS`, as time would.
 */
export const catalogVersionMemo = {
  setClock(now: () => number): void {
    memo.now = now;
  },
  /** Moves the memo's clock forward, as the passing of `ms` would. */
  advance(ms: number): void {
    const base = memo.now;
    memo.now = () => base() + ms;
  },
  resetClock(): void {
    memo.now = () => Date.now();
  },
  snapshot(): Readonly<VersionMemo> | null {
    return memo.current && { ...memo.current };
  },
  refreshing(): boolean {
    return memo.refreshingSince !== null;
  },
};

/**
 * The query schemas of the cached routes that take query parameters, by path: the cache key is built from what the
 * route's validator keeps, so unknown parameters (utm_*, fbclid, `_=<random>`) and the order of a list's values
 * (`brand=b,a`) neither split an entry nor let a client bypass the cache. A cached route not listed takes no query
 * parameters (a detail page, the category tree): its key has none.
 */
export type CatalogQuerySchemas = Readonly<Record<string, z.ZodType>>;

/** Cache key: catalogue version + path + the route's validated query parameters in a canonical form. */
export function catalogCacheKey(version: number, url: URL, queries: CatalogQuerySchemas = {}, variant: string | null = null): string {
  const qs = canonicalQuery(url, queries[url.pathname]);
  return `${CACHE_ORIGIN}/v${version}${variant ? `/${variant}` : ''}${url.pathname}${qs ? `?${qs}` : ''}`;
}

/**
 * The query as the route's zod validator sees it (Hono's shape: a repeated key becomes an array), parsed: unknown keys
 * are dropped, defaults filled in, list values deduped; lists are sorted here (every list filter is a set). A query the
 * route refuses (400, never stored) keys on its known raw parameters.
 */
function canonicalQuery(url: URL, schema: z.ZodType | undefined): string {
  if (!schema) return '';
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    raw[key] = all.length === 1 ? all[0]! : all;
  }
  const parsed = schema.safeParse(raw);
  const known = parsed.success ? (parsed.data as Record<string, unknown>) : raw;
  const shape = schemaKeys(schema);
  const params: [string, string][] = [];
  for (const [key, value] of Object.entries(known)) {
    if (value === undefined || (!parsed.success && shape && !shape.has(key))) continue;
    params.push([key, Array.isArray(value) ? [...new Set(value.map(String))].sort().join(',') : String(value)]);
  }
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return new URLSearchParams(params).toString();
}

function schemaKeys(schema: z.ZodType): Set<string> | null {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? new Set(Object.keys(shape)) : null;
}

/** When the edge copy was stored (epoch ms, the memo's clock): lets an isolate keep it in memory for the rest of its TTL. */
const STORED_AT_HEADER = 'X-Edge-Stored-At';

/**
 * A per-isolate memory of catalogue answers in front of the Cache API (ADR 0043): the SAME version-bearing key (version,
 * variant, path, canonical query), so it can never serve an answer across catalogue versions or search engines, and
 * only what the Cache API would hold (200s without cookies, never a degraded fallback). An entry lives for what is left
 * of `EDGE_TTL_SECONDS` since the edge copy was stored, so the time bounds of ADR 0032 are unchanged. Bounded: at most
 * `RESPONSE_MEMORY_MAX_ENTRIES` entries and `RESPONSE_MEMORY_MAX_BYTES` of bodies (least recently used evicted first;
 * bodies over `RESPONSE_MEMORY_MAX_ENTRY_BYTES` are not kept) — a few MB of the isolate's 128 MB.
 */
export const RESPONSE_MEMORY_MAX_ENTRIES = 256;
export const RESPONSE_MEMORY_MAX_BYTES = 8 * 1024 * 1024;
export const RESPONSE_MEMORY_MAX_ENTRY_BYTES = 256 * 1024;

interface RememberedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: ArrayBuffer;
  storedAt: number;
}

function remembering(res: Response, body: ArrayBuffer, storedAt: number): RememberedResponse {
  return { status: res.status, headers: [...res.headers].filter(([name]) => name.toLowerCase() !== STORED_AT_HEADER.toLowerCase()), body, storedAt };
}

/**
 * A bounded per-isolate memory of entries that live `EDGE_TTL_SECONDS` from their `storedAt`: least recently used
 * evicted first, past `maxEntries` entries or `maxBytes` of `sizeOf` (an entry over `maxEntryBytes` is not kept).
 * Serves both the response memory and the search-expansion memory below.
 */
class IsolateMemory<V extends { storedAt: number }> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;

  constructor(
    private readonly limits: { maxEntries: number; maxBytes: number; maxEntryBytes: number },
    private readonly sizeOf: (v: V) => number = () => 0,
  ) {}

  get(key: string, now: number): V | null {
    const e = this.entries.get(key);
    if (!e) return null;
    const age = now - e.storedAt;
    if (age < 0 || age >= EDGE_TTL_SECONDS * 1000) {
      this.delete(key);
      return null;
    }
    // Most recently used last (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, e: V): void {
    if (this.sizeOf(e) > this.limits.maxEntryBytes) return;
    this.delete(key);
    this.entries.set(key, e);
    this.bytes += this.sizeOf(e);
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= this.sizeOf(e);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

const responseMemory = new IsolateMemory<RememberedResponse>(
  { maxEntries: RESPONSE_MEMORY_MAX_ENTRIES, maxBytes: RESPONSE_MEMORY_MAX_BYTES, maxEntryBytes: RESPONSE_MEMORY_MAX_ENTRY_BYTES },
  (e) => e.body.byteLength,
);

/** For Worker tests: what this isolate's response memory holds, and a way to empty it (an isolate starting cold). */
export const catalogResponseMemory = {
  stats: () => responseMemory.stats(),
  clear: () => responseMemory.clear(),
};

/**
 * Edge cache for catalogue GETs through the Cache API. The key carries the catalogue version, which triggers bump on
 * every catalogue write; the version comes from this isolate's memo (above), so a hit costs no D1 round trip.
 * Only 200 responses are stored; responses that set cookies, and searches the D1 fallback answered, are never cached.
 * `queries`: the query schemas of the
 * routes behind this middleware (see `CatalogQuerySchemas`). `variant`: what else the answer depends on, in the key
 * (search: the configured engine, whose cursors the other engine refuses, so a page cached before a switch of
 * `SEARCH_BACKEND` is never served after it).
 */
export function catalogCache(queries: CatalogQuerySchemas = {}, variant?: (c: Context<ApiEnv>) => string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    // Hono answers HEAD by running the GET route and dropping the body, so HEAD shares GET's entries both ways.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const { version, anchor } = await catalogVersion(c);
    const key = catalogCacheKey(version, new URL(c.req.url), queries, variant?.(c) ?? null);
    const remembered = responseMemory.get(key, memo.now());
    if (remembered) return answerHit(new Response(remembered.body, { status: remembered.status, headers: remembered.headers }));
    const cache = edgeCache();
    const hit = await cache.match(key);
    if (hit) {
      const body = await hit.arrayBuffer();
      const storedAt = Number(hit.headers.get(STORED_AT_HEADER));
      const res = new Response(body, hit);
      res.headers.delete(STORED_AT_HEADER);
      // Kept in this isolate's memory only for what is left of the edge TTL (an entry without its time is not kept).
      if (Number.isFinite(storedAt) && storedAt > 0) responseMemory.set(key, remembering(res, body, storedAt));
      return answerHit(res);
    }
    // The version the miss is keyed by: per-version memories of the handler (search expansions) key by it too.
    c.set('catalogVersion', version);
    // A miss reads the data at least as fresh as the version in its key, so no older page is stored under it.
    if (anchor) c.set('db', instrumentD1(c.env.DB, { session: anchor, stats: c.var.d1 }).db);
    await next();
    c.header('X-Catalog-Version', String(version));
    // A search answered by the D1 fallback while Elasticsearch is down is a degraded answer: it must not outlive the
    // outage, so neither the edge nor the browser keeps it.
    // So is an error of the origin (5xx, e.g. 503 CATALOG_ORIGIN_UNAVAILABLE while MongoDB is unreachable): the next
    // request must ask again, not be answered from the browser's cache.
    if (c.res.headers.get('X-Search-Backend') === DEGRADED_BACKEND || c.res.status >= 500) {
      c.header('X-Cache', 'MISS');
      c.header('Cache-Control', 'no-store');
      return;
    }
    if (c.res.status === 200 && !c.res.headers.has('Set-Cookie')) {
      const body = await c.res.clone().arrayBuffer();
      const storedAt = memo.now();
      const stored = new Response(body, c.res);
      stored.headers.set('Cache-Control', `public, max-age=${EDGE_TTL_SECONDS}`);
      stored.headers.delete('X-D1-Queries');
      stored.headers.delete('Server-Timing');
      responseMemory.set(key, remembering(stored, body, storedAt));
      stored.headers.set(STORED_AT_HEADER, String(storedAt));
      // The shopper does not wait for the Cache API write; this isolate's memory answers the next request meanwhile.
      const put = cache.put(key, stored);
      if (!afterResponse(c, put)) await put;
    }
    c.header('X-Cache', 'MISS');
    c.header('Cache-Control', `public, max-age=${CLIENT_TTL_SECONDS}`);
  };
}

/**
 * A search's query expansion (typo corrections from the index vocabulary, synonyms, the accent-exact words: the first
 * of a D1 search's two round trips) remembered per isolate, keyed like the response memory by the catalogue version
 * of the request's cache key, the engine and the query's tokens (ADR 0043). Everything the expansion reads (the search
 * index's vocabulary, `search_synonyms`) changes only through writes whose triggers bump that version, so a remembered
 * expansion is the one a read at that version gives; it lives at most `EDGE_TTL_SECONDS`, as the responses do. A
 * search miss whose words this isolate has expanded at this version (another page, sort or filter of the same query:
 * what a shopper does next) makes one D1 round trip instead of two. Bounded: `EXPANSION_MEMORY_MAX_ENTRIES`, least
 * recently used evicted first. Each caller gets its own copy.
 */
export const EXPANSION_MEMORY_MAX_ENTRIES = 512;

const expansionMemory = new IsolateMemory<{ expansion: QueryExpansion; storedAt: number }>({ maxEntries: EXPANSION_MEMORY_MAX_ENTRIES, maxBytes: Infinity, maxEntryBytes: Infinity });

function copyExpansion(e: QueryExpansion): QueryExpansion {
  const copyMap = (m: Map<string, string[]>) => new Map([...m].map(([k, v]) => [k, [...v]] as [string, string[]]));
  return { corrections: copyMap(e.corrections), synonyms: copyMap(e.synonyms), exact: e.exact && [...e.exact] };
}

/** `index` with its `expand` answered from this isolate's memory of expansions at catalogue `version` when it can. */
export function rememberingExpansions(index: SearchIndex, version: number): SearchIndex {
  return {
    get engine() {
      return index.engine;
    },
    async expand(tokens, exact = null) {
      const key = `${version}|${index.engine}|${JSON.stringify([tokens, exact ?? null])}`;
      const now = memo.now();
      const known = expansionMemory.get(key, now);
      if (known) return copyExpansion(known.expansion);
      const expansion = await index.expand(tokens, exact);
      expansionMemory.set(key, { expansion: copyExpansion(expansion), storedAt: now });
      return expansion;
    },
    search: (...args) => index.search(...args),
    suggest: (...args) => index.suggest(...args),
  };
}

/** For Worker tests: how many expansions this isolate remembers, and a way to forget them (a cold isolate). */
export const searchExpansionMemory = {
  size: () => expansionMemory.stats().entries,
  clear: () => expansionMemory.clear(),
};

/** A stored answer served again: marked as a hit, with the browser's TTL. */
function answerHit(res: Response): Response {
  res.headers.set('X-Cache', 'HIT');
  res.headers.set('Cache-Control', `public, max-age=${CLIENT_TTL_SECONDS}`);
  return res;
}

/** Runs `work` after the response when the request has an execution context; false when it has none (`app.request`). */
function afterResponse(c: Context<ApiEnv>, work: Promise<unknown>): boolean {
  try {
    (c.executionCtx as ExecutionContext).waitUntil(work.catch(() => undefined));
    return true;
  } catch {
    return false;
  }
}

/**
 * The version for this request. From the memo: `anchor` is the bookmark a miss must read its data from. Read now:
 * in the request's own session (anchored at the last staff write or the memo's bookmark, so it never goes back), which
 * the miss then keeps using (`anchor` null).
 */
async function catalogVersion(c: Context<ApiEnv>): Promise<{ version: number; anchor: string | null }> {
  const now = memo.now();
  const m = memo.current;
  const age = m ? now - m.readAt : Infinity;
  if (m && age >= 0 && age <= VERSION_MAX_AGE_MS) {
    if (age > VERSION_FRESH_MS) refreshInBackground(c, now);
    return { version: m.version, anchor: m.bookmark };
  }
  const generation = memo.generation;
  // #19 (ADR 0047): with the MongoDB origin, keys carry MongoDB's own version (it moves forward only once the documents
  // of that version are written), so a miss never stores older documents under a newer key while the sync lags.
  const origin = catalogOrigin(c);
  if (origin && !catalogOriginBreaker.isOpen()) {
    try {
      const version = await origin.repo.catalogVersion();
      if (generation === memo.generation) remember(version, now, null);
      return { version: Math.max(version, m?.version ?? 0), anchor: null };
    } catch {
      // Origin down: the key this isolate used last, so its cached pages keep being served; else D1's (below).
      if (m) return { version: m.version, anchor: m.bookmark };
    }
  } else if (origin && m) {
    return { version: m.version, anchor: m.bookmark };
  }
  const from = laterBookmark(memo.floor, m?.bookmark);
  // #19 (ADR 0046): with CACHE_BACKEND=upstash the version comes from the global copy, with the bookmark its writer
  // published (the miss reads its data from a session at least that fresh). After a write served here, and whenever
  // Upstash fails, D1 answers as before (the writer sees its edit even if its publish was lost).
  const store = catalogVersionStore(c.env, c.var.db);
  if (store.backend === 'upstash' && !memo.wroteHere && !versionBreaker.isOpen()) {
    try {
      const stamp = await store.read();
      if (generation === memo.generation) remember(stamp.version, now, laterBookmark(stamp.bookmark, from));
      // Never step back below what this isolate already used (a lost publish leaves the global copy behind for ≤ 5 s).
      return { version: Math.max(stamp.version, m?.version ?? 0), anchor: laterBookmark(stamp.bookmark, from) };
    } catch (err) {
      versionBreaker.trip();
      console.warn(JSON.stringify({ level: 'warn', msg: 'catalogue version fell back to D1', reason: (err as Error)?.name ?? 'Error' }));
    }
  }
  if (from) c.set('db', instrumentD1(c.env.DB, { session: from, stats: c.var.d1 }).db);
  const version = await new D1CatalogRepository(c.var.db).catalogVersion();
  if (generation === memo.generation) remember(version, now, bookmarkOf(c.var.db));
  return { version, anchor: null };
}

function remember(version: number, readAt: number, bookmark: string | null): void {
  const m = memo.current;
  // Two reads may finish out of order: keep the later one.
  if (m && (m.version > version || m.readAt > readAt)) return;
  memo.current = { version, readAt, bookmark: laterBookmark(bookmark, m?.bookmark) };
  memo.floor = null;
  memo.wroteHere = false;
}

/** Re-reads the version after the response (one refresh per isolate at a time); the request does not wait for it. */
function refreshInBackground(c: Context<ApiEnv>, now: number): void {
  if (memo.refreshingSince !== null && now - memo.refreshingSince <= VERSION_MAX_AGE_MS) return;
  let ctx: ExecutionContext;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    return; // no execution context (a bare `app.request`): the synchronous read takes over once the memo is too old
  }
  memo.refreshingSince = now;
  const generation = memo.generation;
  // #19: the MongoDB origin's version, read with a client of its own (the request's is closed after the response).
  const mongo = mongoConfig(c.env);
  if (mongo) {
    const handle = c.env.MONGODB_CLIENT === 'durable-object' ? null : openMongo(mongo);
    const repo = handle ? new MongoCatalogRepository(handle.db) : catalogOrigin(c)!.repo;
    const read = (catalogOriginBreaker.isOpen() ? Promise.reject(new Error('breaker open')) : repo.catalogVersion())
      .then((version) => {
        if (generation === memo.generation) remember(version, now, null);
      })
      .catch(() => undefined)
      .finally(() => {
        if (memo.refreshingSince === now) memo.refreshingSince = null;
        return handle?.close();
      });
    ctx.waitUntil(read);
    return;
  }
  const session = c.env.DB.withSession(laterBookmark(memo.floor, memo.current?.bookmark) ?? 'first-unconstrained');
  // The same store as the synchronous read (D1 in this session, or the Upstash copy, falling back to this session).
  const store = catalogVersionStore(c.env, session as unknown as D1Database);
  const d1Read = () => new D1CatalogRepository(session as unknown as D1Database).catalogVersion().then((version) => ({ version, bookmark: session.getBookmark() }));
  const viaUpstash = store.backend === 'upstash' && !versionBreaker.isOpen();
  const read = (viaUpstash ? store.read().catch(() => (versionBreaker.trip(), d1Read())) : d1Read())
    .then(({ version, bookmark }) => {
      if (generation === memo.generation) remember(version, now, bookmark);
    })
    .catch(() => undefined) // the next request past the bound reads synchronously and reports any error
    .finally(() => {
      if (memo.refreshingSince === now) memo.refreshingSince = null;
    });
  ctx.waitUntil(read);
}

/** The Workers default cache (typed here so the web app, which compiles against DOM types, can import `AppType`). */
export function edgeCache(): Cache {
  return (caches as unknown as { default: Cache }).default;
}
