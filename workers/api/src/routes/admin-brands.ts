import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AdminBrandSchema, BrandCreateSchema, BrandListQuerySchema, BrandPatchSchema, createBrand, deleteBrand, getAdminBrand, listAdminBrands, setBrandLogo, updateBrand } from '@medicare/shared/content/brands.d1';
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
  path: '/v1/admin/brands',
  tags,
  security,
  summary: 'Every brand by name, with its product count (admin)',
  request: { query: BrandListQuerySchema },
  responses: { 200: ok(z.object({ items: z.array(AdminBrandSchema) }), 'Brands'), ...errorResponses(400, 401, 403) },
});
const create = createRoute({
  method: 'post',
  path: '/v1/admin/brands',
  tags,
  security,
  summary: 'Create a brand (admin; audited; bumps the catalogue version)',
  request: { body: { required: true, content: { 'application/json': { schema: BrandCreateSchema } } } },
  responses: { 201: ok(AdminBrandSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 422) },
});
const patch = createRoute({
  method: 'patch',
  path: '/v1/admin/brands/{id}',
  tags,
  security,
  summary: 'Edit a brand: name, slug, country, description (admin; audited)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: BrandPatchSchema } } } },
  responses: { 200: ok(AdminBrandSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
});
const remove = createRoute({
  method: 'delete',
  path: '/v1/admin/brands/{id}',
  tags,
  security,
  summary: 'Delete a brand no product or voucher uses (admin; audited)',
  description: '409 BRAND_NOT_EMPTY with `details: { products, vouchers }` otherwise.',
  request: { params: IdParam },
  responses: { 200: ok(z.object({ id: z.string(), deleted: z.literal(true) }), 'Deleted'), ...errorResponses(400, 401, 403, 404, 409) },
});
const logo = createRoute({
  method: 'post',
  path: '/v1/admin/brands/{id}/logo',
  tags,
  security,
  summary: 'Upload the brand logo to R2, replacing the previous one (admin; audited)',
  description: IMAGE_UPLOAD_DESCRIPTION,
  request: { params: IdParam, body: ImageUploadBody },
  responses: { 201: ok(AdminBrandSchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/brands', requireRole('admin'));
base.use('/v1/admin/brands/*', requireRole('admin'));
base.use('/v1/admin/brands/:id/logo', imageBodyLimit());


export const adminBrandRoutes = base
  .openapi(list, async (c) => c.json({ items: await listAdminBrands(c.var.db, c.req.valid('query').q) }, 200))
  .openapi(create, async (c) => c.json(await createBrand(c.var.db, c.req.valid('json'), staffActor(c), Date.now()), 201))
  .openapi(patch, async (c) => c.json(await updateBrand(c.var.db, c.req.valid('param').id, c.req.valid('json'), staffActor(c), Date.now()), 200))
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const logoKey = await deleteBrand(c.var.db, id, staffActor(c), Date.now());
    if (logoKey) await c.env.IMAGES_BUCKET.delete(logoKey);
    return c.json({ id, deleted: true as const }, 200);
  })
  .openapi(logo, async (c) => {
    const { id } = c.req.valid('param');
    await getAdminBrand(c.var.db, id);
    await replaceImage(c, c.req.valid('form').file, 'brands', id, (key) => setBrandLogo(c.var.db, id, key, staffActor(c), Date.now()));
    return c.json(await getAdminBrand(c.var.db, id), 201);
  });
