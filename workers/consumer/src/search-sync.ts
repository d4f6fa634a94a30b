/**
 * #16 Elasticsearch sync (ADR 0035): a `search.sync` event lists changed products with their change sequence; each
 * product's CURRENT document is loaded from D1 and indexed with external versioning (version = the product's current
 * sequence, `external_gte`), so a replay or a late, older delivery never overwrites a newer document. Registered only
 * when this Worker's SEARCH_BACKEND is `elastic`; a failure throws, and the queue retries (then dead-letters).
 */
import { z } from '@hono/zod-openapi';
import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { DEFAULT_ALIAS, elasticClient, SEARCH_SYNC_EVENT, syncProducts } from '@medicare/shared/search/sync.elastic';
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
    const es = elasticClient({ url: env.ELASTIC_URL!, apiKey: env.ELASTIC_API_KEY, timeoutMs: 30_000 });
    const res = await syncProducts(env.DB, es, env.ELASTIC_INDEX || DEFAULT_ALIAS, parsed.data.changes.map(([id]) => id), Date.now());
    console.info(JSON.stringify({ level: 'info', msg: 'search index synced', eventId: event.id, ...res }));
  };
}

/** The handlers to register: `search.sync` only when Elasticsearch is this deployment's search engine. */
export function searchSyncHandlers<B extends SearchSyncEnv>(env: Pick<SearchSyncEnv, 'SEARCH_BACKEND' | 'ELASTIC_URL'>): EventHandlers<B> {
  return env.SEARCH_BACKEND === 'elastic' && env.ELASTIC_URL ? { [SEARCH_SYNC_EVENT]: searchSyncHandler<B>() } : {};
}
