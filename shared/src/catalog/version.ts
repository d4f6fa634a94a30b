/**
 * The catalogue-version port (#19, ADR 0046; the version of ADR 0004/0032 that every edge-cache key carries).
 *
 * One place bumps the version: the D1 triggers on every catalogue table (`meta.catalog_version`, migrations 0001…),
 * in the same transaction as the write. D1 stays the truth; a store only makes it readable:
 * - `D1CatalogVersionStore`: reads `meta` in the handle's session (today's path, ADR 0032);
 * - `UpstashCatalogVersionStore`: a global copy in Redis, `{ version, bookmark }`, advanced (never lowered, one EVAL) by
 *   the writer right after its D1 write committed (`publishCatalogVersion`, called by the api Worker's `d1PerRequest`
 *   hook: the one hook that already sees every write it serves), with the write's D1 bookmark, so a cache miss keyed
 *   by that version reads its data from a D1 session at least that fresh (ADR 0032's "a miss never stores an older
 *   page under a newer key"). The copy expires `UPSTASH_VERSION_TTL_MS` after its last publish: the next reader then
 *   reseeds it from the D1 primary. That bounds what a writer that does not publish (the queue consumer, scripts, a
 *   publish lost to an Upstash outage) can leave stale.
 *
 * Contract (test/ratelimit-contract.test.ts, both stores): `read` answers the current stamp; `advance(s)` makes the
 * version at least `s.version` and answers the stored stamp (a lower or equal version changes nothing: monotonic, and
 * concurrent advances end at their maximum).
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { bookmarkOf } from '../db/instrument';
import { D1CatalogRepository } from './repo.d1';

export interface VersionStamp {
  version: number;
  /** A D1 bookmark at least as fresh as the write that produced `version` (null: unknown, e.g. outside workerd). */
  bookmark: string | null;
}

export interface CatalogVersionStore {
  readonly backend: 'd1' | 'upstash';
  read(): Promise<VersionStamp>;
  advance(stamp: VersionStamp): Promise<VersionStamp>;
}

export class D1CatalogVersionStore implements CatalogVersionStore {
  readonly backend = 'd1';

  constructor(private readonly db: D1Database) {}

  async read(): Promise<VersionStamp> {
    const version = await new D1CatalogRepository(this.db).catalogVersion();
    return { version, bookmark: bookmarkOf(this.db) };
  }

  /** Not on the write path (the triggers bump); here for the contract and for tools. */
  async advance(stamp: VersionStamp): Promise<VersionStamp> {
    const row = await this.db
      .prepare("UPDATE meta SET value = MAX(value, ?) WHERE key = 'catalog_version' RETURNING value")
      .bind(stamp.version)
      .first<{ value: number }>();
    return { version: row?.value ?? stamp.version, bookmark: bookmarkOf(this.db) };
  }
}

/** How long the Redis copy lives after its last publish (ms); then the next reader reseeds it from the D1 primary. */
export const UPSTASH_VERSION_TTL_MS = 5_000;
export const UPSTASH_VERSION_KEY = 'catalog:version';

/** ARGV: version, bookmark ('' for none), ttl ms. Returns the stored {version, bookmark}. */
const ADVANCE = `local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
local v = tonumber(ARGV[1])
if v > cur then
  redis.call('HSET', KEYS[1], 'v', ARGV[1], 'b', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {ARGV[1], ARGV[2]}
end
if v == cur then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {tostring(cur), redis.call('HGET', KEYS[1], 'b') or ''}`;

const stampOf = (v: unknown, b: unknown): VersionStamp => ({ version: Number(v), bookmark: b ? String(b) : null });

export class UpstashCatalogVersionStore implements CatalogVersionStore {
  readonly backend = 'upstash';

  /** `seed`: the stamp read from the D1 primary, when Redis has none (first use, or expired). */
  constructor(
    private readonly redis: Redis,
    private readonly seed: () => Promise<VersionStamp>,
    private readonly key = UPSTASH_VERSION_KEY,
    private readonly ttlMs = UPSTASH_VERSION_TTL_MS,
  ) {}

  async read(): Promise<VersionStamp> {
    // Raw HMGET reply (the client is made with automaticDeserialization off): [version, bookmark], nil when absent.
    const raw = (await this.redis.hmget(this.key, 'v', 'b')) as unknown as Array<string | null> | null;
    if (!raw || raw[0] === null || raw[0] === undefined) return this.advance(await this.seed());
    return stampOf(raw[0], raw[1]);
  }

  async advance(stamp: VersionStamp): Promise<VersionStamp> {
    const [v, b] = (await this.redis.eval(ADVANCE, [this.key], [String(stamp.version), stamp.bookmark ?? '', String(this.ttlMs)])) as [string, string];
    return stampOf(v, b);
  }
}

/**
 * The tables whose writes can bump the catalogue version: those with a version trigger (0001…), those whose triggers
 * write one of them (`stock_movements` → `stock_batches`; a reservation's `stock_batches` → the availability
 * summary's flip), and `meta` itself (code that bumps explicitly: review moderation). A test derives this set from the
 * migrated schema's triggers and holds the list to it, so a new catalogue table cannot be forgotten here.
 */
export const CATALOG_WRITE_TABLES: ReadonlySet<string> = new Set([
  'article_products', 'articles', 'brands', 'categories', 'ingredients', 'manufacturers', 'meta', 'product_availability',
  'product_images', 'product_ingredients', 'product_units', 'products', 'search_synonyms', 'stock_batches', 'stock_movements',
]);

/**
 * Whether a request that wrote these tables (`D1Stats.writtenTables`) may have moved the catalogue version: only then
 * is the version published (ADR 0046). A write of an unknown table (`*`) counts. Conservative by design: a checkout's
 * reservation counts (it may flip availability) even when the version did not move; then the publish is a no-op EVAL.
 */
export function mayBumpCatalogVersion(writtenTables: Iterable<string>): boolean {
  for (const t of writtenTables) if (t === '*' || CATALOG_WRITE_TABLES.has(t)) return true;
  return false;
}

/**
 * After a write committed in `db` (a D1 session that saw it): copies D1's version and bookmark to `store` (a no-op for
 * the D1 store, whose triggers already did it). The one publish point; the api Worker calls it in `d1PerRequest`.
 */
export async function publishCatalogVersion(db: D1Database, store: CatalogVersionStore): Promise<VersionStamp | null> {
  if (store.backend === 'd1') return null;
  return store.advance(await new D1CatalogVersionStore(db).read());
}
