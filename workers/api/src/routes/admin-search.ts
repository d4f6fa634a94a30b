/**
 * #16 search origin for admins (ADR 0035): which engine answers, the Elasticsearch sync feed's lag, the fallback
 * metric per day, and the full reindex with an alias swap (no downtime).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, ServiceUnavailableError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { elasticClient, reindexAll } from '@medicare/shared/search/sync.elastic';
import { elasticConfig } from '../adapters';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: search'];
const security = [{ bearerAuth: [] }];
const Int = z.number().int();

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
  summary: 'Rebuild the Elasticsearch index from D1 into a new index, swap the alias atomically, drop the old one (admin only)',
  responses: {
    200: { description: 'Reindexed', content: { 'application/json': { schema: z.object({ index: z.string(), count: Int, replayed: Int, previous: z.array(z.string()) }).openapi('SearchReindex') } } },
    ...errorResponses(401, 403, 409, 503),
  },
});

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/search', requireRole('admin'));
base.use('/v1/admin/search/*', requireRole('admin'));
export const adminSearchRoutes = base
  .openapi(status, async (c) => {
    const cfg = elasticConfig(c.env);
    const [meta, pending, days] = await c.env.DB.batch<Record<string, unknown>>([
      c.env.DB.prepare("SELECT key, value FROM meta WHERE key IN ('search_seq', 'search_published')"),
      c.env.DB.prepare("SELECT count(*) AS n FROM search_feed WHERE seq > (SELECT value FROM meta WHERE key = 'search_published')"),
      c.env.DB.prepare('SELECT day, count, last_error AS lastError, last_at AS lastAt FROM search_fallbacks ORDER BY day DESC LIMIT 30'),
    ]);
    const m = new Map(((meta?.results ?? []) as Array<{ key: string; value: number }>).map((r) => [r.key, Number(r.value)]));
    return c.json(
      {
        backend: cfg ? ('elastic' as const) : ('d1' as const),
        index: cfg?.index ?? null,
        feed: { seq: m.get('search_seq') ?? 0, published: m.get('search_published') ?? 0, pendingProducts: Number((pending?.results?.[0] as { n: number } | undefined)?.n ?? 0) },
        fallbacks: (days?.results ?? []) as Array<{ day: string; count: number; lastError: string | null; lastAt: number }>,
      },
      200,
    );
  })
  .openapi(reindex, async (c) => {
    const cfg = elasticConfig(c.env);
    if (!cfg) throw new ConflictError('Chưa cấu hình Elasticsearch (SEARCH_BACKEND=elastic, ELASTIC_URL).', 'SEARCH_BACKEND_NOT_ELASTIC');
    const es = elasticClient({ url: cfg.url, apiKey: cfg.apiKey, timeoutMs: 60_000 });
    try {
      return c.json(await reindexAll(c.env.DB, es, cfg.index, Date.now()), 200);
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', msg: 'search reindex failed', error: (err as Error)?.name ?? 'Error' }));
      throw new ServiceUnavailableError('Không kết nối được Elasticsearch, vui lòng thử lại sau.', 'SEARCH_BACKEND_UNAVAILABLE');
    }
  });
