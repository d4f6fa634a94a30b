/**
 * #18 recommendations without a model (ADR 0048): trending for everyone, "for you" per shopper. The picks and their
 * reasons are computed by `D1Recommendations` over our own data; the responses say how (`method: 'heuristic'`).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { guestList, RECENTLY_VIEWED_COOKIE } from '@medicare/shared/catalog/recently-viewed.d1';
import { D1Recommendations, mergeSeeds } from '@medicare/shared/catalog/recommend.d1';
import { ProductSummarySchema } from '@medicare/shared/catalog/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import type { AuthVariables } from '@medicare/shared/http/auth';
import { intQuery } from '@medicare/shared/http/query';
import { getCookie } from 'hono/cookie';
import { optionalUser } from './auth';
import type { RecommendationBindings } from './index';

type Env = { Bindings: RecommendationBindings; Variables: AuthVariables };

const RecommendedSchema = ProductSummarySchema.extend({
  reason: z.string().openapi({ description: 'Why this product is shown, in Vietnamese, written by code from the relation that picked it' }),
});

const PageSchema = z
  .object({
    basis: z.enum(['history', 'trending']).openapi({ description: "`history`: from the shopper's orders and viewed products; `trending`: nothing to go on yet" }),
    method: z.literal('heuristic').openapi({ description: 'Content-based over our own data (no model, no shopper data sent anywhere)' }),
    items: z.array(RecommendedSchema),
  })
  .openapi('Recommendations');

const limitQuery = z.object({ limit: intQuery(1, 24, 12) });

const trendingRoute = createRoute({
  method: 'get',
  path: '/v1/recommendations/trending',
  tags: ['Recommendations'],
  summary: 'Products selling most in the last 7 days (filled with best sellers), promotable ones only',
  request: { query: limitQuery },
  responses: { 200: { description: 'The same for everyone', content: { 'application/json': { schema: PageSchema } } }, ...errorResponses(400) },
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
    const items = await new D1Recommendations(c.env.DB).trending(Date.now(), c.req.valid('query').limit);
    c.header('cache-control', 'public, max-age=300');
    return c.json({ basis: 'trending' as const, method: 'heuristic' as const, items }, 200);
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
