/**
 * #16 Elasticsearch sync (ADR 0035): a `search.sync` event lists changed products with their change sequence; each
 * product's CURRENT document is loaded from D1 and indexed with external versioning (version = the product's current
 * sequence, `external_gte`), so a replay or a late, older delivery never overwrites a newer document. Always registered:
 * without Elasticsearch here the chunk is handed back to the feed; a failure throws, and the queue retries (then
 * dead-letters).
 */
import { z } from '@hono/zod-openapi';
import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { DEFAULT_ALIAS, deferSearchSync, elasticClient, SEARCH_SYNC_EVENT, syncProducts } from '@medicare/shared/search/sync.elastic';
import type { EventHandler, EventHandlers } from './process';

export interface SearchSyncEnv {
  DB: D1Database;
  SEARCH_BACKEND?: string;
  ELASTIC_URL?: string;
  ELASTIC_API_KEY?: string;
  ELASTIC_INDEX?: string;
}

const PayloadSchema = z.object({ changes: z.array(z.tuple([z.string().min(1).max(60), z.number().int().nonnegative()])).max(500) });

export function searchSyncHandler<B extends SearchSyncEnv>(): EventHandler<B> {
  return async (event: EventEnvelope, env: B) => {
    const parsed = PayloadSchema.safeParse(event.payload);
    if (!parsed.success) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'search.sync payload dropped', eventId: event.id }));
      return;
    }
    if (!hasElastic(env)) {
      // The api publishes the feed but this Worker has no Elasticsearch (SEARCH_BACKEND differs): hand the chunk back
      // rather than acknowledge it as done, so enabling Elasticsearch here later replays it.
      await deferSearchSync(env.DB, parsed.data.changes, Date.now());
      console.warn(JSON.stringify({ level: 'warn', msg: 'search.sync deferred: this consumer has no Elasticsearch (set SEARCH_BACKEND=elastic and ELASTIC_URL like the api Worker)', eventId: event.id }));
      return;
    }
    const es = elasticClient({ url: env.ELASTIC_URL!, apiKey: env.ELASTIC_API_KEY, timeoutMs: 30_000 });
    const res = await syncProducts(env.DB, es, env.ELASTIC_INDEX || DEFAULT_ALIAS, parsed.data.changes.map(([id]) => id), Date.now());
    console.info(JSON.stringify({ level: 'info', msg: 'search index synced', eventId: event.id, ...res }));
  };
}

const hasElastic = (env: Pick<SearchSyncEnv, 'SEARCH_BACKEND' | 'ELASTIC_URL'>) => env.SEARCH_BACKEND === 'elastic' && Boolean(env.ELASTIC_URL);

/**
 * The handlers to register, whatever this Worker's SEARCH_BACKEND: `search.sync` indexes where Elasticsearch is
 * configured and otherwise hands the chunk back (deferSearchSync), so a consumer configured differently from the api
 * never acknowledges feed changes it did not apply.
 */
export function searchSyncHandlers<B extends SearchSyncEnv>(): EventHandlers<B> {
  return { [SEARCH_SYNC_EVENT]: searchSyncHandler<B>() };
}
