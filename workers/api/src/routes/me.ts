import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AddressInputSchema, AddressPatchSchema, AddressSchema, D1AddressBook, MAX_ADDRESSES } from '@medicare/shared/auth/addresses';
import { ChangePasswordSchema, MessageSchema, UpdateMeSchema, UserSchema } from '@medicare/shared/auth/schemas';
import * as auth from '@medicare/shared/auth/service';
import { NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { authDeps, requireUser } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['My account'];
const security = [{ bearerAuth: [] }];
const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const SessionSchema = z.object({ id: z.string(), createdAt: z.number().int(), lastUsedAt: z.number().int(), userAgent: z.string().nullable(), current: z.boolean() }).openapi('SignInSession');

const getMe = createRoute({ method: 'get', path: '/v1/me', tags, security, summary: 'My profile', responses: { 200: ok(UserSchema, 'Profile'), ...errorResponses(401) } });
const patchMe = createRoute({
  method: 'patch',
  path: '/v1/me',
  tags,
  security,
  summary: 'Update my name or phone',
  request: { body: { required: true, content: { 'application/json': { schema: UpdateMeSchema } } } },
  responses: { 200: ok(UserSchema, 'Updated profile'), ...errorResponses(400, 401) },
});
const changePassword = createRoute({
  method: 'post',
  path: '/v1/me/password',
  tags,
  security,
  summary: 'Change my password (other sessions are signed out)',
  request: { body: { required: true, content: { 'application/json': { schema: ChangePasswordSchema } } } },
  responses: { 200: ok(MessageSchema, 'Changed'), ...errorResponses(400, 401, 422, 429) },
});
const listSessions = createRoute({ method: 'get', path: '/v1/me/sessions', tags, security, summary: 'My signed-in sessions', responses: { 200: ok(z.object({ items: z.array(SessionSchema) }), 'Sessions'), ...errorResponses(401) } });
const revokeSession = createRoute({
  method: 'delete',
  path: '/v1/me/sessions/{id}',
  tags,
  security,
  summary: 'Sign out one of my sessions',
  request: { params: z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: ok(MessageSchema, 'Revoked'), ...errorResponses(401, 404) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/me', requireUser());
base.use('/v1/me/*', requireUser());
const profileRoutes = base
  .openapi(getMe, async (c) => c.json(await auth.me(authDeps(c), c.var.principal!), 200))
  .openapi(patchMe, async (c) => c.json(await auth.updateMe(authDeps(c), c.var.principal!, c.req.valid('json')), 200))
  .openapi(changePassword, async (c) => c.json(await auth.changePassword(authDeps(c), c.var.principal!, c.req.valid('json')), 200))
  .openapi(listSessions, async (c) => {
    const d = authDeps(c);
    const items = await d.repo.listSessions(c.var.principal!.userId, d.now);
    return c.json({ items: items.map((s) => ({ ...s, current: s.id === c.var.principal!.sessionId })) }, 200);
  })
  .openapi(revokeSession, async (c) => {
    const d = authDeps(c);
    if (!(await d.repo.revokeOwnSession(c.var.principal!.userId, c.req.valid('param').id, d.now))) {
      throw new NotFoundError('Không tìm thấy phiên đăng nhập.', 'SESSION_NOT_FOUND');
    }
    return c.json({ message: 'Đã đăng xuất phiên này.' }, 200);
  });

// ----- address book -----
const AddressIdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const listAddresses = createRoute({ method: 'get', path: '/v1/me/addresses', tags, security, summary: 'My address book', responses: { 200: ok(z.object({ items: z.array(AddressSchema) }), 'Addresses'), ...errorResponses(401) } });
const createAddress = createRoute({
  method: 'post',
  path: '/v1/me/addresses',
  tags,
  security,
  summary: `Add an address (at most ${MAX_ADDRESSES}; the first becomes the default)`,
  request: { body: { required: true, content: { 'application/json': { schema: AddressInputSchema } } } },
  responses: { 201: ok(AddressSchema, 'Created'), ...errorResponses(400, 401, 409) },
});
const patchAddress = createRoute({
  method: 'patch',
  path: '/v1/me/addresses/{id}',
  tags,
  security,
  summary: 'Edit an address or make it the default',
  request: { params: AddressIdParam, body: { required: true, content: { 'application/json': { schema: AddressPatchSchema } } } },
  responses: { 200: ok(AddressSchema, 'Updated'), ...errorResponses(400, 401, 404) },
});
const deleteAddress = createRoute({
  method: 'delete',
  path: '/v1/me/addresses/{id}',
  tags,
  security,
  summary: 'Delete an address (deleting the default promotes the newest remaining one)',
  request: { params: AddressIdParam },
  responses: { 200: ok(MessageSchema, 'Deleted'), ...errorResponses(401, 404) },
});

const book = (c: { var: ApiEnv['Variables'] }) => new D1AddressBook(c.var.db);
export const meRoutes = profileRoutes
  .openapi(listAddresses, async (c) => c.json({ items: await book(c).list(c.var.principal!.userId) }, 200))
  .openapi(createAddress, async (c) => c.json(await book(c).create(c.var.principal!.userId, c.req.valid('json'), Date.now()), 201))
  .openapi(patchAddress, async (c) => c.json(await book(c).update(c.var.principal!.userId, c.req.valid('param').id, c.req.valid('json'), Date.now()), 200))
  .openapi(deleteAddress, async (c) => {
    await book(c).remove(c.var.principal!.userId, c.req.valid('param').id);
    return c.json({ message: 'Đã xóa địa chỉ.' }, 200);
  });
