/**
 * Keeping Elasticsearch in step with D1 (ADR 0035):
 * - triggers (migrations/0026_search_sync.sql) record each changed product in `search_feed` with a new change
 *   sequence (`meta.search_seq`, monotonically increasing);
 * - the api Worker (right after a request that wrote a catalogue table, and on its cron: workers/api/src/outbox.ts)
 *   turns feed rows past `meta.search_published` into `search.sync` outbox events (at most FEED_CHUNK products each),
 *   which the outbox publishes to the queue with its claims and retries;
 * - the consumer loads each product's CURRENT document and indexes it with external versioning (version = the
 *   product's current change sequence, `external_gte`), so replays and out-of-order deliveries never regress a
 *   document. Hidden, unapproved and deleted products become tombstones (`visible: false`) rather than deletions, so
 *   their version is kept too;
 * - the full reindex (reindex.elastic.ts, a queue-driven job) builds a fresh index, swaps the alias atomically,
 *   deletes the old index and replays what changed while it ran.
 */
import { Client, HttpConnection } from '@elastic/elasticsearch';
import { INDEX_SETTINGS, loadDocs, PRODUCT_MAPPING, type LoadedDoc } from './elastic-doc';
import { SEARCH_PUBLISHED_KEY } from './feed-sql';

/** Default alias searched and written (override with ELASTIC_INDEX). */
export const DEFAULT_ALIAS = 'medicare-products';
/** Products per `search.sync` event. */
export const FEED_CHUNK = 100;
/** The outbox event type of a feed chunk. */
export const SEARCH_SYNC_EVENT = 'search.sync';

export interface ElasticConfig {
  url: string;
  apiKey?: string;
  /** Per-request timeout (ms); search uses a short one and falls back to D1. */
  timeoutMs?: number;
}

/**
 * A client that works inside workerd: `HttpConnection` (the default undici connection compiles Wasm, which workerd
 * forbids), no retries (the caller decides: search falls back, the consumer lets the queue retry).
 */
export function elasticClient(cfg: ElasticConfig): Client {
  return new Client({
    node: cfg.url,
    ...(cfg.apiKey ? { auth: { apiKey: cfg.apiKey } } : {}),
    Connection: HttpConnection,
    requestTimeout: cfg.timeoutMs ?? 30_000,
    maxRetries: 0,
    compression: false,
  });
}

interface BulkResult {
  errors: boolean;
  items: Array<Record<string, { status: number; error?: { type: string; reason?: string } }>>;
}

/** Indexes documents with their change sequence as external version; a version conflict means a newer one is there. */
export async function indexDocs(es: Client, index: string, docs: readonly LoadedDoc[], refresh: false | 'wait_for' = false): Promise<{ indexed: number; stale: number }> {
  if (docs.length === 0) return { indexed: 0, stale: 0 };
  const operations = docs.flatMap((d) => [{ index: { _index: index, _id: d.id, version: d.seq, version_type: 'external_gte' } }, d.doc]);
  const res = (await es.bulk({ operations, refresh } as never)) as unknown as BulkResult;
  let indexed = 0;
  let stale = 0;
  const failures: string[] = [];
  for (const item of res.items) {
    const r = Object.values(item)[0]!;
    if (r.status < 300) indexed++;
    else if (r.status === 409) stale++;
    else failures.push(`${r.status} ${r.error?.type ?? ''} ${r.error?.reason?.slice(0, 120) ?? ''}`);
  }
  if (failures.length) throw new Error(`elasticsearch bulk: ${failures.length} failed: ${failures.slice(0, 3).join('; ')}`);
  return { indexed, stale };
}

/** The index behind an alias (null when the alias does not exist). */
export async function aliasTargets(es: Client, alias: string): Promise<string[]> {
  try {
    const res = (await es.indices.getAlias({ name: alias })) as Record<string, unknown>;
    return Object.keys(res);
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return [];
    throw err;
  }
}

export async function createIndex(es: Client, name: string): Promise<void> {
  await es.indices.create({ index: name, settings: INDEX_SETTINGS, mappings: PRODUCT_MAPPING } as never);
}

/**
 * Indexes the given products' current documents (the consumer's `search.sync` handler), waiting until they are
 * searchable, then bumps the catalogue version when anything changed: the edge cache keys on that version, so a
 * search cached between the catalogue write and the index catching up is not served after it.
 */
export async function syncProducts(d1: D1Database, es: Client, alias: string, productIds: readonly string[], now: number) {
  const docs = await loadDocs(d1, [...new Set(productIds)], now);
  const res = await indexDocs(es, alias, docs, 'wait_for');
  await d1.batch([
    ...(res.indexed > 0 ? [d1.prepare("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'")] : []),
    // A consumer with Elasticsearch applied a chunk: the cron publishes at full speed again (see deferSearchSync).
    d1.prepare(`UPDATE meta SET value = 0 WHERE key = '${CONSUMER_OFF_KEY}' AND value <> 0`),
  ]);
  return res;
}

/** meta key: when (epoch ms) a consumer without Elasticsearch last handed a feed chunk back; 0 when none did since. */
export const CONSUMER_OFF_KEY = 'search_consumer_off';

/**
 * A `search.sync` chunk reached a consumer that has no Elasticsearch configured (its SEARCH_BACKEND differs from the
 * api's): the changes are NOT applied, so the feed position is given back — `search_published` goes back to before
 * the chunk's oldest change, in one statement with the mark below — and the cron publishes them again. While that
 * mark is set the cron publishes one chunk per run (a probe), not the whole backlog: once the consumer has
 * Elasticsearch, the probe is applied, the mark clears and the feed replays from the last applied change.
 */
export async function deferSearchSync(d1: D1Database, changes: ReadonlyArray<readonly [string, number]>, now: number): Promise<void> {
  if (changes.length === 0) return;
  const oldest = Math.min(...changes.map(([, seq]) => seq));
  await d1.batch([
    d1.prepare(`UPDATE meta SET value = ? WHERE key = '${SEARCH_PUBLISHED_KEY}' AND value >= ?`).bind(oldest - 1, oldest),
    d1.prepare(`INSERT INTO meta (key, value) VALUES ('${CONSUMER_OFF_KEY}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).bind(now),
  ]);
}

/**
 * Turns unpublished feed rows into `search.sync` outbox events (id `search-sync-<last seq>-<now>`: a chunk handed
 * back by `deferSearchSync` and published again is a new event), FEED_CHUNK products each, oldest changes first. Each
 * chunk is one atomic D1 batch (the outbox row and the new published mark), so two crons never publish a change twice
 * as different events, and a crash never skips one. Returns how many events were written.
 */
export async function publishSearchFeed(d1: D1Database, now: number, maxChunks = 20): Promise<number> {
  let written = 0;
  // A consumer without Elasticsearch handed chunks back (deferSearchSync): one chunk per run until one is applied.
  const off = await d1.prepare(`SELECT value FROM meta WHERE key = '${CONSUMER_OFF_KEY}'`).first<{ value: number }>();
  const chunks = Number(off?.value ?? 0) > 0 ? 1 : maxChunks;
  for (let i = 0; i < chunks; i++) {
    const next = `SELECT product_id, seq FROM search_feed WHERE seq > (SELECT value FROM meta WHERE key = '${SEARCH_PUBLISHED_KEY}') ORDER BY seq LIMIT ${FEED_CHUNK}`;
    const [ins] = await d1.batch([
      d1.prepare(
        `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
         SELECT printf('search-sync-%012d-%d', max(seq), ?1), '${SEARCH_SYNC_EVENT}', 'search_feed', CAST(max(seq) AS TEXT), json_object('changes', json_group_array(json_array(product_id, seq))), ?1
         FROM (${next}) HAVING count(*) > 0
         ON CONFLICT (id) DO NOTHING`,
      ).bind(now),
      d1.prepare(`UPDATE meta SET value = (SELECT max(seq) FROM (${next})) WHERE key = '${SEARCH_PUBLISHED_KEY}' AND EXISTS (${next})`),
    ]);
    if (!ins?.meta.changes) break;
    written++;
  }
  return written;
}
