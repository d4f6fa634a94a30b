import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import { enforce } from '@medicare/shared/auth/ratelimit';
import { auditStatement } from '@medicare/shared/audit/write.d1';
import { errorResponses } from '@medicare/shared/http/app';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '@medicare/shared/http/auth';
import { DeletionRequestSchema, DeletionResultSchema, requestDeletion } from '@medicare/shared/legal/deletion';
import { AccountExportSchema, buildExport } from '@medicare/shared/legal/export';
import { requireUser } from '../auth';
import type { ApiEnv } from '../env';
import { rateLimiter } from '../adapters';

const tags = ['My account'];
const security = [{ bearerAuth: [] }];
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** Exports per account per hour (the `data-export` bucket). */
export const EXPORTS_PER_HOUR = 5;

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/me/export',
  tags,
  security,
  summary: `Download all of my data as one JSON document (profile, addresses, consents, orders, consultations...); ${EXPORTS_PER_HOUR} per hour`,
  responses: { 200: json(AccountExportSchema, 'The account export (Content-Disposition: attachment)'), ...errorResponses(401, 429) },
});
const deletionRoute = createRoute({
  method: 'post',
  path: '/v1/me/deletion',
  tags,
  security,
  summary: 'Delete my account (password re-check): personal fields anonymised at once, orders kept as accounting records; signs out everywhere',
  request: { body: { required: true, content: { 'application/json': { schema: DeletionRequestSchema } } } },
  responses: { 200: json(DeletionResultSchema, 'Deleted'), ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
});

/** #17 legal (ADR 0041): the owner's data rights. Audited without any of the data (no health data in logs). */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/me/export', requireUser());
base.use('/v1/me/deletion', requireUser());
export const meDataRoutes = base
  .openapi(exportRoute, async (c) => {
    const p = c.var.principal!;
    const now = Date.now();
    await enforce(rateLimiter(c), now, [['data-export', p.userId, EXPORTS_PER_HOUR, 3600]]);
    const doc = await buildExport(c.var.db, p.userId, now);
    await auditStatement(c.var.db, { actor: { id: p.userId, role: p.role }, action: 'account.export', entityType: 'user', entityId: p.userId, data: { sections: Object.keys(doc.sections) } }, now).run();
    c.header('Content-Disposition', `attachment; filename="medicare-du-lieu-${new Date(now).toISOString().slice(0, 10)}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(doc, 200);
  })
  .openapi(deletionRoute, async (c) => {
    const p = c.var.principal!;
    const done = await requestDeletion(c.var.db, rateLimiter(c), p, c.req.valid('json').password, Date.now());
    // Prescription files go once the rows are gone (a failed delete leaves an orphan object, never a dangling row).
    if (done.fileKeys.length) c.executionCtx.waitUntil(c.env.FILES_BUCKET.delete(done.fileKeys).catch(() => undefined));
    deleteCookie(c, ACCESS_COOKIE, { path: '/', secure: true });
    deleteCookie(c, REFRESH_COOKIE, { path: '/v1/auth', secure: true });
    return c.json({ message: 'Đã xóa tài khoản. Đơn hàng được lưu giữ theo quy định kế toán, không còn gắn với thông tin cá nhân của bạn.', deletedAt: done.deletedAt, ordersKept: done.ordersKept }, 200);
  });
