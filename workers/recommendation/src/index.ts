import { createRoute, z } from '@hono/zod-openapi';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { ProductSummarySchema, SlugParamSchema } from '@medicare/shared/catalog/schemas';
import { toSummary } from '@medicare/shared/catalog/service';
import { NotFoundError } from '@medicare/shared/errors';
import { createApp, errorResponses } from '@medicare/shared/http/app';
import { intQuery } from '@medicare/shared/http/query';
import type { AuthVariables } from '@medicare/shared/http/auth';
import { loadOwnedConversation } from '@medicare/shared/assistant/repo.d1';
import { assistantConfig, beginTurn, D1RateLimiter, handoffLink, notFound, runTurn, sseResponse, type AssistantBindings } from './assistant';
import { assistantHandoffRoute, assistantMessageRoute } from './assistant-routes';
import { optionalUser } from './auth';
import type { OpenAIBindings } from './openai-client';
import { photoSearchRoutes } from './photo-search';
import { prescriptionRoutes } from './prescriptions';
import { recommendationRoutes } from './recs';
import type { RerankBindings } from './rerank';

/** Bindings of the recommendation Worker: only this Worker holds the OpenAI key. */
export interface RecommendationBindings extends AssistantBindings, OpenAIBindings, RerankBindings {
  DB: D1Database;
  /** Verifies shoppers' access tokens (the api Worker's secret) for "for you". */
  JWT_SECRET?: string;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
}

export const app = createApp<{ Bindings: RecommendationBindings; Variables: AuthVariables }>({
  service: 'recommendation',
  prefix: '/v1/recommendations',
  title: 'Medicare Recommendation API',
  description: 'Product recommendations, the pharmacist-assistant chat and prescription extraction.',
});

const boughtTogetherRoute = createRoute({
  method: 'get',
  path: '/v1/recommendations/products/{slug}/bought-together',
  tags: ['Recommendations'],
  summary: 'Products often bought together with this one (counted from confirmed orders by the consumer Worker)',
  request: { params: SlugParamSchema, query: z.object({ limit: intQuery(1, 20, 8) }) },
  responses: {
    200: { description: 'Sellable first, then by orders together', content: { 'application/json': { schema: z.object({ product: z.string(), items: z.array(ProductSummarySchema.extend({ boughtTogether: z.number().int() })) }) } } },
    ...errorResponses(400, 404),
  },
});

app.openapi(boughtTogetherRoute, async (c) => {
  const { slug } = c.req.valid('param');
  const now = Date.now();
  const rows = await new D1CatalogRepository(c.env.DB).boughtTogether(slug, c.req.valid('query').limit, now);
  if (!rows) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
  c.header('cache-control', 'public, max-age=300');
  return c.json({ product: slug, items: rows.map((r) => ({ ...toSummary(r, now), boughtTogether: r.together ?? 0 })) }, 200);
});

// ---- #18 "Trợ lý Medicare" (assistant.ts, ADR 0044) ----------------------------------------------------------------
app.use('/v1/recommendations/assistant/*', optionalUser());

app.openapi(assistantMessageRoute, async (c) => {
  const now = Date.now();
  const deps = { db: c.env.DB, limiter: new D1RateLimiter(c.env.DB), config: assistantConfig(c.env), principal: c.var.principal, ip: c.req.header('cf-connecting-ip') ?? 'local', now };
  const turn = await beginTurn(deps, c.req.valid('json'));
  const href = (await handoffLink(c, turn.conversation.id, now)).consultationHref;
  return sseResponse((emit) => runTurn(deps, turn, emit, undefined, href), (p) => c.executionCtx.waitUntil(p)) as never;
});

app.openapi(assistantHandoffRoute, async (c) => {
  const now = Date.now();
  const { id } = c.req.valid('param');
  const body = (c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : undefined) ?? {};
  const owner = c.var.principal ? { userId: c.var.principal.userId } : { token: body.token };
  if (!(await loadOwnedConversation(c.env.DB, id, owner, now))) throw notFound();
  return c.json(await handoffLink(c, id, now), 200);
});

app.route('/', recommendationRoutes); // #18 trending and "for you" (ADR 0048)
app.route('/', prescriptionRoutes); // #18 rx reading (internal: the api Worker's binding only)
app.route('/', photoSearchRoutes); // #18 photo search

/** The typed surface of the recommendation Worker for the web app's `hc<RecommendationAppType>()`. */
export type RecommendationAppType = typeof recommendationRoutes;

export default { fetch: app.fetch } satisfies ExportedHandler<RecommendationBindings>;
