import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AdminCategorySchema,
  CategoryCreateSchema,
  CategoryPatchSchema,
  createCategory,
  deleteCategory,
  getAdminCategory,
  listAdminCategories,
  setCategoryImage,
  updateCategory,
} from '@medicare/shared/content/categories.d1';
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
  path: '/v1/admin/categories',
  tags,
  security,
  summary: 'The whole category tree, flat in tree order, with product and child counts (admin)',
  responses: { 200: ok(z.object({ items: z.array(AdminCategorySchema) }), 'Categories'), ...errorResponses(401, 403) },
});
const create = createRoute({
  method: 'post',
  path: '/v1/admin/categories',
  tags,
  security,
  summary: 'Create a category at level 1–3 (admin; audited; bumps the catalogue version)',
  description: '422 CATEGORY_TOO_DEEP under a level-3 parent; 409 CATEGORY_SLUG_TAKEN.',
  request: { body: { required: true, content: { 'application/json': { schema: CategoryCreateSchema } } } },
  responses: { 201: ok(AdminCategorySchema, 'Created'), ...errorResponses(400, 401, 403, 404, 409, 422) },
});
const patch = createRoute({
  method: 'patch',
  path: '/v1/admin/categories/{id}',
  tags,
  security,
  summary: 'Rename, describe, move (with its subtree) or reorder a category (admin; audited)',
  description:
    'A move rewrites the path and level of the category and every descendant in one statement; products keep their category. ' +
    '422 CATEGORY_TOO_DEEP when a descendant would land on a 4th level, CATEGORY_MOVE_INTO_ITSELF under itself or a descendant.',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: CategoryPatchSchema } } } },
  responses: { 200: ok(AdminCategorySchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 422) },
});
const remove = createRoute({
  method: 'delete',
  path: '/v1/admin/categories/{id}',
  tags,
  security,
  summary: 'Delete an empty category (admin; audited)',
  description: '409 CATEGORY_NOT_EMPTY with `details: { products, children, vouchers }` when anything still uses it.',
  request: { params: IdParam },
  responses: { 200: ok(z.object({ id: z.string(), deleted: z.literal(true) }), 'Deleted'), ...errorResponses(400, 401, 403, 404, 409) },
});
const image = createRoute({
  method: 'post',
  path: '/v1/admin/categories/{id}/image',
  tags,
  security,
  summary: 'Upload the category image to R2, replacing the previous one (admin; audited)',
  description: IMAGE_UPLOAD_DESCRIPTION,
  request: { params: IdParam, body: ImageUploadBody },
  responses: { 201: ok(AdminCategorySchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/categories', requireRole('admin'));
base.use('/v1/admin/categories/*', requireRole('admin'));
base.use('/v1/admin/categories/:id/image', imageBodyLimit());


export const adminCategoryRoutes = base
  .openapi(list, async (c) => c.json({ items: await listAdminCategories(c.var.db) }, 200))
  .openapi(create, async (c) => c.json(await createCategory(c.var.db, c.req.valid('json'), staffActor(c), Date.now()), 201))
  .openapi(patch, async (c) => c.json(await updateCategory(c.var.db, c.req.valid('param').id, c.req.valid('json'), staffActor(c), Date.now()), 200))
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await deleteCategory(c.var.db, id, staffActor(c), Date.now());
    return c.json({ id, deleted: true as const }, 200);
  })
  .openapi(image, async (c) => {
    const { id } = c.req.valid('param');
    await getAdminCategory(c.var.db, id);
    await replaceImage(c, c.req.valid('form').file, 'categories', id, (key) => setCategoryImage(c.var.db, id, key, staffActor(c), Date.now()));
    return c.json(await getAdminCategory(c.var.db, id), 201);
  });
