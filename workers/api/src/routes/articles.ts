import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ArticleListQuerySchema, ArticleSchema, ArticleSummarySchema, getArticle, listArticles } from '@medicare/shared/content/articles';
import { SlugParamSchema } from '@medicare/shared/catalog/schemas';
import { toSummary } from '@medicare/shared/catalog/service';
import { errorResponses } from '@medicare/shared/http/app';
import { d1CatalogRepository } from '../adapters';
import { catalogCache } from '../cache';
import type { ApiEnv } from '../env';

const tags = ['Content'];
const listRoute = createRoute({
  method: 'get',
  path: '/v1/articles',
  tags,
  summary: 'Published health articles, newest first (public)',
  request: { query: ArticleListQuerySchema },
  responses: { 200: { description: 'Articles', content: { 'application/json': { schema: z.object({ items: z.array(ArticleSummarySchema) }) } } }, ...errorResponses(400) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/v1/articles/{slug}',
  tags,
  summary: 'One published article with its Markdown body (public)',
  request: { params: SlugParamSchema },
  responses: { 200: { description: 'Article', content: { 'application/json': { schema: ArticleSchema } } }, ...errorResponses(400, 404) },
});

/**
 * Public reads behind the catalogue's edge cache (keyed by the catalogue version, which every article write bumps:
 * migrations/0019), so a published or withdrawn article shows at once; related products are read as the shop shows them.
 */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/articles/*', catalogCache({ '/v1/articles': ArticleListQuerySchema }));
export const articleRoutes = base
  .openapi(listRoute, async (c) => c.json(await listArticles(c.var.db, c.req.valid('query')), 200))
  .openapi(getRoute, async (c) => {
    const now = Date.now();
    const { relatedProductIds, ...a } = await getArticle(c.var.db, c.req.valid('param').slug);
    const related = await d1CatalogRepository(c).productsByIds(relatedProductIds, now);
    return c.json({ ...a, relatedProducts: related.map((r) => toSummary(r, now)) }, 200);
  });
