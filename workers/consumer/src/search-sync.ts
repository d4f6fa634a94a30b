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
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { CONSUMER_STEP_BUDGET, failReindex, noteReindexError, REINDEX_STEP_EVENT, runReindexSteps } from '@medicare/shared/search/reindex.elastic';
import type { EventHandler, EventHandlers } from './process';

export interface SearchSyncEnv {
  DB: D1Database;
  EVENTS: Queue;
  /** Reindex tuning (tests use small values to watch a job advance): products per build step, steps per message. */
  SEARCH_REINDEX_PAGE?: string;
  SEARCH_REINDEX_STEPS?: string;
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

const StepSchema = z.object({ jobId: z.string().min(10).max(40), phase: z.enum(['build', 'swap', 'replay']), cursor: z.string().max(60) });

/**
 * One step of a full reindex job (reindex.elastic.ts), then the following ones within this invocation's budget; the
 * step left over is published from the outbox here (the api cron re-publishes it if this send fails). A stale or
 * replayed step does nothing. Without Elasticsearch here the job fails with a message admins see.
 */
export function searchReindexHandler<B extends SearchSyncEnv>(): EventHandler<B> {
  return async (event: EventEnvelope, env: B) => {
    const p = StepSchema.safeParse(event.payload);
    if (!p.success) return; // a malformed step can't be fixed by retrying
    if (!hasElastic(env)) {
      await failReindex(env.DB, p.data.jobId, 'Worker consumer chưa cấu hình Elasticsearch (SEARCH_BACKEND=elastic, ELASTIC_URL): không dựng lại được chỉ mục.', Date.now());
      return;
    }
    const es = elasticClient({ url: env.ELASTIC_URL!, apiKey: env.ELASTIC_API_KEY, timeoutMs: 60_000 });
    const budget = {
      ...CONSUMER_STEP_BUDGET,
      ...(Number(env.SEARCH_REINDEX_STEPS) > 0 ? { maxSteps: Number(env.SEARCH_REINDEX_STEPS) } : {}),
      ...(Number(env.SEARCH_REINDEX_PAGE) > 0 ? { pageSize: Number(env.SEARCH_REINDEX_PAGE) } : {}),
    };
    try {
      if (await runReindexSteps(env.DB, es, p.data, budget)) await publishOutbox(new D1CheckoutRepository(env.DB), env.EVENTS, Date.now());
    } catch (err) {
      // The queue retries this step; admins see why the job waits (error class and status only, no document data).
      const e = err as { name?: string; meta?: { statusCode?: number } };
      await noteReindexError(env.DB, p.data.jobId, `${e?.name ?? 'Error'}${e?.meta?.statusCode ? ` ${e.meta.statusCode}` : ''}`, Date.now()).catch(() => undefined);
      throw err;
    }
  };
}

/**
 * The handlers to register, whatever this Worker's SEARCH_BACKEND: `search.sync` indexes where Elasticsearch is
 * configured and otherwise hands the chunk back (deferSearchSync), so a consumer configured differently from the api
 * never acknowledges feed changes it did not apply.
 */
export function searchSyncHandlers<B extends SearchSyncEnv>(): EventHandlers<B> {
  return { [SEARCH_SYNC_EVENT]: searchSyncHandler<B>(), [REINDEX_STEP_EVENT]: searchReindexHandler<B>() };
}
