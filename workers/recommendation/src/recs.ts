/**
 * #18 recommendations (ADR 0048): trending for everyone, "for you" per shopper. The picks and their reasons are computed
 * by `D1Recommendations` over our own data. Trending alone — the same for everyone, no shopper data — may be reordered
 * by the model with a checked one-line reason each (rerank.ts; `method: 'model'`); "for you" never goes near a model.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { guestList, RECENTLY_VIEWED_COOKIE } from '@medicare/shared/catalog/recently-viewed.d1';
import { D1Recommendations, mergeSeeds } from '@medicare/shared/catalog/recommend.d1';
import { applyRanking, RERANK_POOL } from '@medicare/shared/catalog/rerank';
import { ProductSummarySchema } from '@medicare/shared/catalog/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import type { AuthVariables } from '@medicare/shared/http/auth';
import { intQuery } from '@medicare/shared/http/query';
import { getCookie } from 'hono/cookie';
import { optionalUser } from './auth';
import { trendingRanking } from './rerank';
import type { RecommendationBindings } from './index';

type Env = { Bindings: RecommendationBindings; Variables: AuthVariables };

const RecommendedSchema = ProductSummarySchema.extend({
  reason: z.string().openapi({ description: 'Why this product is shown, in Vietnamese, written by code from the relation that picked it' }),
});

const PageSchema = z
  .object({
    basis: z.enum(['history', 'trending']).openapi({ description: "`history`: from the shopper's orders and viewed products; `trending`: nothing to go on yet" }),
    method: z.literal('heuristic').openapi({ description: 'Content-based over our own data (no model, no shopper data sent anywhere; never re-ranked by a model)' }),
    items: z.array(RecommendedSchema),
  })
  .openapi('Recommendations');

const TrendingPageSchema = z
  .object({
    basis: z.literal('trending'),
    method: z.enum(['heuristic', 'model']).openapi({
      description:
        "`heuristic`: ranked by our sales counts, reasons written by code; `model`: the same products reordered by the model (catalogue data only, once per catalogue version and day), each reason the model's one line when it passed the safety rails, else code's. Header `X-Rerank` says why a list is heuristic when a model is configured (`budget`, `error`, `timeout`, `invalid`) or `off` without one.",
    }),
    items: z.array(
      ProductSummarySchema.extend({ reason: z.string().openapi({ description: 'Why this product is shown, in Vietnamese: written by code, or (method `model`) by the model and checked by the rails' }) }),
    ),
  })
  .openapi('TrendingRecommendations');

const limitQuery = z.object({ limit: intQuery(1, 24, 12) });

const trendingRoute = createRoute({
  method: 'get',
  path: '/v1/recommendations/trending',
  tags: ['Recommendations'],
  summary: 'Products selling most in the last 7 days (filled with best sellers), promotable ones only; optionally reordered by the model',
  request: { query: limitQuery },
  responses: {
    200: {
      description: 'The same for everyone',
      headers: z.object({ 'X-Rerank': z.enum(['model', 'off', 'budget', 'error', 'timeout', 'invalid']).openapi({ description: '`model`, or why the list is heuristic' }) }),
      content: { 'application/json': { schema: TrendingPageSchema } },
    },
    ...errorResponses(400),
  },
});

const forYouRoute = createRoute({
  method: 'get',
  path: '/v1/recommendations/for-you',
  tags: ['Recommendations'],
  summary: "Products related to the shopper's orders and viewed products (signed in: the account; guest: the recently-viewed cookie)",
  request: { query: limitQuery },
  responses: { 200: { description: 'Per shopper, never cached', content: { 'application/json': { schema: PageSchema } } }, ...errorResponses(400, 401, 503) },
});

/** Middleware first; the routes are chained onto it so `RecommendationAppType` (hono/client) sees every route. */
const base = new OpenAPIHono<Env>();
base.use(forYouRoute.path, optionalUser());

export const recommendationRoutes = base
  .openapi(trendingRoute, async (c) => {
    const now = Date.now();
    const limit = c.req.valid('query').limit;
    const recs = new D1Recommendations(c.env.DB);
    c.header('cache-control', 'public, max-age=300');
    if (!c.env.OPENAI_API_KEY) {
      c.header('x-rerank', 'off');
      return c.json({ basis: 'trending' as const, method: 'heuristic' as const, items: await recs.trending(now, limit) }, 200);
    }
    // The model orders a wider pool, the same for every limit (one ranking per catalogue version and day).
    const pool = await recs.trending(now, RERANK_POOL);
    const ranked = await trendingRanking(c.env, pool, now);
    c.header('x-rerank', ranked.ok ? 'model' : ranked.why);
    return ranked.ok
      ? c.json({ basis: 'trending' as const, method: 'model' as const, items: applyRanking(pool, ranked.ranking, limit) }, 200)
      : c.json({ basis: 'trending' as const, method: 'heuristic' as const, items: pool.slice(0, limit) }, 200);
  })
  .openapi(forYouRoute, async (c) => {
    const now = Date.now();
    const recs = new D1Recommendations(c.env.DB);
    const principal = c.var.principal;
    // A signed-in shopper whose guest cookie was not merged into the account yet still gets those views, after its own.
    const cookie = guestList(getCookie(c, RECENTLY_VIEWED_COOKIE));
    const history = principal ? await recs.accountHistory(principal.userId, now) : { bought: [], viewed: [] };
    const page = await recs.forYou(mergeSeeds(history.bought, [...history.viewed, ...cookie]), now, c.req.valid('query').limit);
    c.header('cache-control', 'private, no-store');
    return c.json({ ...page, method: 'heuristic' as const }, 200);
  });
