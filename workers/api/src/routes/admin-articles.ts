import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AdminArticleSchema,
  AdminArticleSummarySchema,
  ArticleCreateSchema,
  ArticleListQuerySchema,
  ArticlePatchSchema,
  createArticle,
  deleteArticle,
  getAdminArticle,
  listAdminArticles,
  setArticleCover,
  updateArticle,
} from '@medicare/shared/content/articles-admin.d1';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { IMAGE_UPLOAD_DESCRIPTION, ImageUploadBody, imageBodyLimit, replaceImage } from '../uploads';

const tags = ['Admin: content'];
const security = [{ bearerAuth: [] }];
const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const list = createRoute({
  method: 'get',
  path: '/v1/admin/articles',
  tags,
  security,
  summary: 'Articles, drafts included, newest edit first (admin)',
  request: { query: ArticleListQuerySchema },
  responses: { 200: ok(z.object({ items: z.array(AdminArticleSummarySchema), nextCursor: z.string().nullable() }), 'Articles'), ...errorResponses(400, 401, 403) },
});
const create = createRoute({
  method: 'post',
  path: '/v1/admin/articles',
  tags,
  security,
  summary: 'Write an article, as a draft or published (admin; audited)',
  description: '409 ARTICLE_SLUG_TAKEN; 422 RELATED_PRODUCT_NOT_FOUND.',
  request: { body: { required: true, content: { 'application/json': { schema: ArticleCreateSchema } } } },
  responses: { 201: ok(AdminArticleSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 422) },
});
const get = createRoute({
  method: 'get',
  path: '/v1/admin/articles/{id}',
  tags,
  security,
  summary: 'One article with its Markdown body and related products (admin)',
  request: { params: IdParam },
  responses: { 200: ok(AdminArticleSchema, 'The article'), ...errorResponses(400, 401, 403, 404) },
});
const patch = createRoute({
  method: 'patch',
  path: '/v1/admin/articles/{id}',
  tags,
  security,
  summary: 'Edit, publish or withdraw an article (admin; audited; the shop follows at once)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ArticlePatchSchema } } } },
  responses: { 200: ok(AdminArticleSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 409, 422) },
});
const remove = createRoute({
  method: 'delete',
  path: '/v1/admin/articles/{id}',
  tags,
  security,
  summary: 'Delete an article (admin; audited)',
  request: { params: IdParam },
  responses: { 200: ok(z.object({ id: z.string(), deleted: z.literal(true) }), 'Deleted'), ...errorResponses(400, 401, 403, 404, 409) }, // 409: a policy page (#17)
});
const cover = createRoute({
  method: 'post',
  path: '/v1/admin/articles/{id}/cover',
  tags,
  security,
  summary: 'Upload the article cover image to R2, replacing the previous one (admin; audited)',
  description: IMAGE_UPLOAD_DESCRIPTION,
  request: { params: IdParam, body: ImageUploadBody },
  responses: { 201: ok(AdminArticleSchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/articles', requireRole('admin'));
base.use('/v1/admin/articles/*', requireRole('admin'));
base.use('/v1/admin/articles/:id/cover', imageBodyLimit());


export const adminArticleRoutes = base
  .openapi(list, async (c) => c.json(await listAdminArticles(c.var.db, c.req.valid('query')), 200))
  .openapi(create, async (c) => c.json(await createArticle(c.var.db, c.req.valid('json'), staffActor(c), Date.now()), 201))
  .openapi(get, async (c) => c.json(await getAdminArticle(c.var.db, c.req.valid('param').id), 200))
  .openapi(patch, async (c) => c.json(await updateArticle(c.var.db, c.req.valid('param').id, c.req.valid('json'), staffActor(c), Date.now()), 200))
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const coverKey = await deleteArticle(c.var.db, id, staffActor(c), Date.now());
    if (coverKey) await c.env.IMAGES_BUCKET.delete(coverKey);
    return c.json({ id, deleted: true as const }, 200);
  })
  .openapi(cover, async (c) => {
    const { id } = c.req.valid('param');
    await getAdminArticle(c.var.db, id);
    await replaceImage(c, c.req.valid('form').file, 'articles', id, (key) => setArticleCover(c.var.db, id, key, staffActor(c), Date.now()));
    return c.json(await getAdminArticle(c.var.db, id), 201);
  });
