import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AdminUpdateUserSchema, CreateStaffSchema, UserSchema } from '@medicare/shared/auth/schemas';
import * as auth from '@medicare/shared/auth/service';
import { errorResponses } from '@medicare/shared/http/app';
import { authDeps, requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: users'];
const security = [{ bearerAuth: [] }];
const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listUsers = createRoute({
  method: 'get',
  path: '/v1/admin/users',
  tags,
  security,
  summary: 'List and search accounts (admin only)',
  request: {
    query: z.object({
      q: z.string().trim().max(100).optional().openapi({ description: 'Part of the email, name or phone' }),
      role: z.enum(['customer', 'pharmacist', 'admin']).optional(),
      status: z.enum(['active', 'deactivated']).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
      cursor: z.string().max(40).optional(),
    }),
  },
  responses: { 200: ok(z.object({ items: z.array(UserSchema), nextCursor: z.string().nullable() }), 'Accounts'), ...errorResponses(400, 401, 403) },
});
const createUser = createRoute({
  method: 'post',
  path: '/v1/admin/users',
  tags,
  security,
  summary: 'Create a pharmacist or admin account (admin only; audited)',
  request: { body: { required: true, content: { 'application/json': { schema: CreateStaffSchema } } } },
  responses: { 201: ok(UserSchema, 'Created'), ...errorResponses(400, 401, 403, 409) },
});
const patchUser = createRoute({
  method: 'patch',
  path: '/v1/admin/users/{id}',
  tags,
  security,
  summary: 'Change role, deactivate/reactivate, set the practising certificate (admin only; audited)',
  request: {
    params: z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) }),
    body: { required: true, content: { 'application/json': { schema: AdminUpdateUserSchema } } },
  },
  responses: { 200: ok(UserSchema, 'Updated'), ...errorResponses(400, 401, 403, 404) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/users', requireRole('admin'));
base.use('/v1/admin/users/*', requireRole('admin'));
export const adminUserRoutes = base
  .openapi(listUsers, async (c) => {
    const q = c.req.valid('query');
    const rows = await authDeps(c).repo.listUsers({ search: q.q, role: q.role, status: q.status, limit: q.limit, afterId: q.cursor });
    const page = rows.slice(0, q.limit);
    return c.json({ items: page.map(auth.publicUser), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null }, 200);
  })
  .openapi(createUser, async (c) => c.json(await auth.createStaff(authDeps(c), c.var.principal!, c.req.valid('json')), 201))
  .openapi(patchUser, async (c) => c.json(await auth.adminUpdateUser(authDeps(c), c.var.principal!, c.req.valid('param').id, c.req.valid('json')), 200));
