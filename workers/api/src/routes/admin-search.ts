/**
 * #16 search origin for admins (ADR 0035): which engine answers, the Elasticsearch sync feed's lag, the fallback
 * metric per day, and the full reindex with an alias swap (no downtime) as a queue-driven job with its progress.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { ConflictError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { SEARCH_PUBLISHED_KEY, SEARCH_SEQ_KEY } from '@medicare/shared/search/feed-sql';
import { latestReindexJob, startReindex, type ReindexJob } from '@medicare/shared/search/reindex.elastic';
import { elasticConfig } from '../adapters';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: search'];
const security = [{ bearerAuth: [] }];
const Int = z.number().int();

const ReindexJobSchema = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    phase: z.enum(['build', 'swap', 'replay', 'none']).openapi({ description: 'build (pages of products into the new index) → swap (the alias) → replay (changes made meanwhile) → none (ended)' }),
    alias: z.string(),
    index: z.string().openapi({ description: 'The index being built (`<alias>-<epoch ms>`)' }),
    total: Int.openapi({ description: 'Products when the job began' }),
    indexed: Int.openapi({ description: 'Products written into the new index so far' }),
    replayed: Int.openapi({ description: 'Products changed during the run and indexed again after the swap' }),
    previous: z.array(z.string()).openapi({ description: 'Indexes the alias pointed to before the swap (deleted)' }),
    failure: z.string().nullable().openapi({ description: 'Why it failed, or the last error of a step the queue retries' }),
    createdAt: Int,
    updatedAt: Int,
    finishedAt: Int.nullable(),
  })
  .openapi('SearchReindexJob');

const StatusSchema = z
  .object({
    backend: z.enum(['d1', 'elastic']).openapi({ description: 'The configured search engine (SEARCH_BACKEND)' }),
    index: z.string().nullable().openapi({ description: 'The Elasticsearch alias searched (ELASTIC_INDEX), null on D1' }),
    feed: z.object({
      seq: Int.openapi({ description: 'The latest catalogue change sequence' }),
      published: Int.openapi({ description: 'Changes up to this sequence are queued for the index' }),
      pendingProducts: Int.openapi({ description: 'Products changed after `published` (not yet queued)' }),
    }),
    fallbacks: z.array(z.object({ day: z.string(), count: Int, lastError: z.string().nullable(), lastAt: Int })).openapi({ description: 'Searches answered by D1 because Elasticsearch failed or timed out, per Vietnam day (last 30 days with any)' }),
    reindex: ReindexJobSchema.nullable().openapi({ description: 'The latest full reindex job and its progress (null before the first)' }),
  })
  .openapi('SearchStatus');

const status = createRoute({
  method: 'get',
  path: '/v1/admin/search',
  tags,
  security,
  summary: 'Search engine, sync feed lag and fallback counts per day (admin only)',
  responses: { 200: { description: 'Status', content: { 'application/json': { schema: StatusSchema } } }, ...errorResponses(401, 403) },
});

const reindex = createRoute({
  method: 'post',
  path: '/v1/admin/search/reindex',
  tags,
  security,
  summary: 'Start a full reindex job: the consumer builds a new index from D1 in pages, swaps the alias atomically, drops the old one and replays changes made meanwhile (admin only; progress on GET /v1/admin/search)',
  responses: {
    202: { description: 'Job started (queued)', content: { 'application/json': { schema: ReindexJobSchema } } },
    ...errorResponses(401, 403, 409),
  },
});

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/search', requireRole('admin'));
base.use('/v1/admin/search/*', requireRole('admin'));
export const adminSearchRoutes = base
  .openapi(status, async (c) => {
    const cfg = elasticConfig(c.env);
    const jobP = latestReindexJob(c.env.DB);
    const [meta, pending, days] = await c.env.DB.batch<Record<string, unknown>>([
      c.env.DB.prepare('SELECT key, value FROM meta WHERE key IN (?, ?)').bind(SEARCH_SEQ_KEY, SEARCH_PUBLISHED_KEY),
      c.env.DB.prepare('SELECT count(*) AS n FROM search_feed WHERE seq > (SELECT value FROM meta WHERE key = ?)').bind(SEARCH_PUBLISHED_KEY),
      c.env.DB.prepare('SELECT day, count, last_error AS lastError, last_at AS lastAt FROM search_fallbacks ORDER BY day DESC LIMIT 30'),
    ]);
    const m = new Map(((meta?.results ?? []) as Array<{ key: string; value: number }>).map((r) => [r.key, Number(r.value)]));
    return c.json(
      {
        backend: cfg ? ('elastic' as const) : ('d1' as const),
        index: cfg?.index ?? null,
        feed: { seq: m.get(SEARCH_SEQ_KEY) ?? 0, published: m.get(SEARCH_PUBLISHED_KEY) ?? 0, pendingProducts: Number((pending?.results?.[0] as { n: number } | undefined)?.n ?? 0) },
        fallbacks: (days?.results ?? []) as Array<{ day: string; count: number; lastError: string | null; lastAt: number }>,
        reindex: jobView(await jobP),
      },
      200,
    );
  })
  .openapi(reindex, async (c) => {
    const cfg = elasticConfig(c.env);
    if (!cfg) throw new ConflictError('Chưa cấu hình Elasticsearch (SEARCH_BACKEND=elastic, ELASTIC_URL).', 'SEARCH_BACKEND_NOT_ELASTIC');
    // The job row and its first step in one batch (409 SEARCH_REINDEX_RUNNING while one runs); the outbox sends the
    // step now, the consumer runs the job (the cron re-sends it if this send fails).
    const job = await startReindex(c.env.DB, cfg.index, staffActor(c).id, Date.now());
    c.executionCtx.waitUntil(publishOutbox(new D1CheckoutRepository(c.env.DB), c.env.EVENTS, Date.now()).catch(() => 0));
    return c.json(jobView(job)!, 202);
  });

function jobView(j: ReindexJob | null) {
  if (!j) return null;
  const { cursor, startSeq, ...rest } = j;
  void cursor;
  void startSeq;
  return rest;
}
