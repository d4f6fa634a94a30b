/**
 * The api Worker's two ways of getting outbox events to the queue (ADR 0015): after the request that wrote them
 * (`publishSoon`, in `waitUntil`, so the response does not wait), and on the cron (index.ts). Rows are claimed before
 * they are sent, so both may run at once and every event still goes out once.
 *
 * The catalogue's copies (Elasticsearch #16, MongoDB #19) learn of changes from feeds that triggers fill in the
 * writing transaction; `publishCatalogFeeds` turns what the feeds gained into outbox events. It runs on every cron and
 * right after any request that wrote a catalogue table (`announceCatalogChanges`, from `d1PerRequest`), so a copy
 * follows an admin edit, a stock receipt or an order's availability flip within the queue's delivery time instead of
 * at the next cron minute.
 */
import type { Context } from 'hono';
import { FEED_PUBLISHED_KEY, FEED_SEQ_KEY, publishCatalogFeed } from '@medicare/shared/catalog/feed';
import { mongoConfig } from '@medicare/shared/catalog/mongo-config';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { SEARCH_PUBLISHED_KEY, SEARCH_SEQ_KEY } from '@medicare/shared/search/feed-sql';
import { publishSearchFeed } from '@medicare/shared/search/sync.elastic';
import { elasticConfig } from './adapters';
import type { ApiBindings, ApiEnv } from './env';

/** Whether any copy of the catalogue is kept (then catalogue writes are announced). */
export function catalogueCopied(env: ApiBindings): boolean {
  return elasticConfig(env) !== null || mongoConfig(env) !== null;
}

/**
 * Which of the kept copies' feeds hold rows not yet announced (sequence past its published mark): one read of the
 * marks. A write that moved no feed (most checkouts: a reservation that flips no product's availability) costs only
 * this read, no write transaction.
 */
async function pendingFeeds(db: D1Database, search: boolean, catalog: boolean): Promise<{ search: boolean; catalog: boolean }> {
  const keys = [...(search ? [SEARCH_SEQ_KEY, SEARCH_PUBLISHED_KEY] : []), ...(catalog ? [FEED_SEQ_KEY, FEED_PUBLISHED_KEY] : [])];
  if (!keys.length) return { search: false, catalog: false };
  const rows = (await db.prepare(`SELECT key, value FROM meta WHERE key IN (${keys.map(() => '?').join(', ')})`).bind(...keys).all<{ key: string; value: number }>()).results;
  const mark = new Map(rows.map((r) => [r.key, Number(r.value)]));
  const past = (seq: string, published: string) => (mark.get(seq) ?? 0) > (mark.get(published) ?? 0);
  return { search: search && past(SEARCH_SEQ_KEY, SEARCH_PUBLISHED_KEY), catalog: catalog && past(FEED_SEQ_KEY, FEED_PUBLISHED_KEY) };
}

/**
 * Turns the feeds' new rows into outbox events, for the copies this deployment keeps: `search.sync` chunks for
 * Elasticsearch and one `catalog.sync` (the position) for MongoDB. Each is an atomic D1 batch that moves its
 * published mark with the event, so concurrent calls never announce a change twice; a feed with nothing new is only
 * read (`pendingFeeds`).
 */
export async function publishCatalogFeeds(env: ApiBindings, db: D1Database, now: number) {
  const pending = await pendingFeeds(db, elasticConfig(env) !== null, mongoConfig(env) !== null);
  const searchEvents = pending.search ? await publishSearchFeed(db, now) : 0;
  const catalogEvents = pending.catalog ? await publishCatalogFeed(db, now) : 0;
  return { searchEvents, catalogEvents };
}

/** Sends pending outbox events after the response (the request's own events first, as it just wrote them). */
export function publishSoon(c: Context<ApiEnv>): void {
  c.executionCtx.waitUntil(publishOutbox(new D1CheckoutRepository(c.var.db), c.env.EVENTS, Date.now()).catch(() => 0));
}

/**
 * After a request that wrote a catalogue table (with a copy kept): the feeds' new rows become events and are sent,
 * after the response. A failure is logged without data and left to the cron, which publishes the same feed rows.
 */
export function announceCatalogChanges(c: Context<ApiEnv>): void {
  const db = c.var.db;
  const work = (async () => {
    const now = Date.now();
    const { searchEvents, catalogEvents } = await publishCatalogFeeds(c.env, db, now);
    if (searchEvents + catalogEvents > 0) await publishOutbox(new D1CheckoutRepository(db), c.env.EVENTS, now);
  })().catch((err: Error) => {
    console.warn(JSON.stringify({ level: 'warn', msg: 'catalogue feed not announced; the cron will', reason: err?.name ?? 'Error' }));
  });
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (a bare app.request in a test): the work still runs; nothing waits for it.
  }
}
