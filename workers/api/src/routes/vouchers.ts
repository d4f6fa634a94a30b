import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { D1VoucherAdmin, PublicVoucherSchema, VoucherCreateSchema, VoucherPatchSchema, VoucherSchema } from '@medicare/shared/checkout/vouchers.admin';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const publicList = createRoute({ method: 'get', path: '/v1/vouchers', tags: ['Vouchers'], summary: 'Running vouchers (public)', responses: { 200: json(z.object({ items: z.array(PublicVoucherSchema) }), 'Vouchers') } });
const adminList = createRoute({ method: 'get', path: '/v1/admin/vouchers', tags: ['Admin: vouchers'], security, summary: 'All vouchers (admin only)', responses: { 200: json(z.object({ items: z.array(VoucherSchema) }), 'Vouchers'), ...errorResponses(401, 403) } });
const adminCreate = createRoute({
  method: 'post',
  path: '/v1/admin/vouchers',
  tags: ['Admin: vouchers'],
  security,
  summary: 'Create a voucher (admin only; audited)',
  request: { body: { required: true, content: { 'application/json': { schema: VoucherCreateSchema } } } },
  responses: { 201: json(VoucherSchema, 'Created'), ...errorResponses(400, 401, 403, 409) },
});
const adminPatch = createRoute({
  method: 'patch',
  path: '/v1/admin/vouchers/{id}',
  tags: ['Admin: vouchers'],
  security,
  summary: 'Edit or deactivate a voucher (admin only; audited)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: VoucherPatchSchema } } } },
  responses: { 200: json(VoucherSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/vouchers', requireRole('admin'));
base.use('/v1/admin/vouchers/*', requireRole('admin'));
const actor = (p: { userId: string; role: string }) => ({ id: p.userId, role: p.role });
export const voucherRoutes = base
  .openapi(publicList, async (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({ items: await new D1VoucherAdmin(c.var.db).running(Date.now()) }, 200);
  })
  .openapi(adminList, async (c) => c.json({ items: await new D1VoucherAdmin(c.var.db).list(Date.now()) }, 200))
  .openapi(adminCreate, async (c) => c.json(await new D1VoucherAdmin(c.var.db).create(c.req.valid('json'), actor(c.var.principal!), Date.now()), 201))
  .openapi(adminPatch, async (c) => c.json(await new D1VoucherAdmin(c.var.db).update(c.req.valid('param').id, c.req.valid('json'), actor(c.var.principal!), Date.now()), 200));
