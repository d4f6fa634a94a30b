import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ArticleListQuerySchema, ArticleSchema, ArticleSummarySchema, getArticle, listArticles } from '@medicare/shared/content/articles';
import { SlugParamSchema } from '@medicare/shared/catalog/schemas';
import { errorResponses } from '@medicare/shared/http/app';
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

/** Public reads; browsers and the edge may reuse them for five minutes. */
export const articleRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(listRoute, async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await listArticles(c.var.db, c.req.valid('query')), 200);
  })
  .openapi(getRoute, async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await getArticle(c.var.db, c.req.valid('param').slug), 200);
  });
