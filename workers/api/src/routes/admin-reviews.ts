/**
 * Review moderation (#17, ADR 0037): the queue (pending first, flagged first, oldest first), approve, hide with a
 * reason, and a pharmacist's reply. Admins and pharmacists moderate; only a pharmacist replies (the reply is shown as
 * "Dược sĩ <tên> trả lời"). Every action is audited in its batch; the product's rating is recomputed there too.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { moderateReview, moderationQueue, replyToReview, staffReviewById } from '@medicare/shared/reviews/repo.d1';
import { REVIEW_HIDE_REASONS } from '@medicare/shared/reviews/rules';
import { HideReviewSchema, ReplyReviewSchema, StaffReviewQueueQuerySchema, StaffReviewQueueSchema, StaffReviewSchema } from '@medicare/shared/reviews/schemas';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: reviews'];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const HIDE_REASONS = Object.entries(REVIEW_HIDE_REASONS).map(([code, label]) => ({ code, label }));

const queueRoute = createRoute({
  method: 'get',
  path: '/v1/admin/reviews',
  tags,
  security,
  summary: 'The review moderation queue (admin, pharmacist): pending first, flagged first, oldest first',
  description: '`status`: pending | approved | hidden | all (default). Answers the hide reasons (Vietnamese labels) too.',
  request: { query: StaffReviewQueueQuerySchema },
  responses: { 200: json(StaffReviewQueueSchema, 'A page of the queue'), ...errorResponses(400, 401, 403) },
});
const approveRoute = createRoute({
  method: 'post',
  path: '/v1/admin/reviews/{id}/approve',
  tags,
  security,
  summary: "Approve a pending or hidden review (admin, pharmacist): it is published and counts in the product's rating (audited)",
  description: '409 `REVIEW_STATE_CONFLICT` when it is already approved (a double click or another moderator); 409 `REVIEW_ORDER_RETURNED` when the goods of its order came back (hidden by the platform with reason `returned`); 404 `REVIEW_NOT_FOUND`.',
  request: { params: IdParam },
  responses: { 200: json(StaffReviewSchema, 'The approved review'), ...errorResponses(400, 401, 403, 404, 409) },
});
const hideRoute = createRoute({
  method: 'post',
  path: '/v1/admin/reviews/{id}/hide',
  tags,
  security,
  summary: "Hide a pending or approved review with a reason (admin, pharmacist): it leaves the product page and its rating (audited)",
  description: '409 `REVIEW_STATE_CONFLICT` when it is already hidden; 404 `REVIEW_NOT_FOUND`.',
  request: { params: IdParam, ...jsonBody(HideReviewSchema) },
  responses: { 200: json(StaffReviewSchema, 'The hidden review'), ...errorResponses(400, 401, 403, 404, 409) },
});
const replyRoute = createRoute({
  method: 'put',
  path: '/v1/admin/reviews/{id}/reply',
  tags,
  security,
  summary: 'Write or replace the pharmacist reply of a review (pharmacist; shown once the review is approved; audited)',
  description: '404 `REVIEW_NOT_FOUND`.',
  request: { params: IdParam, ...jsonBody(ReplyReviewSchema) },
  responses: { 200: json(StaffReviewSchema, 'The review with its reply'), ...errorResponses(400, 401, 403, 404) },
});

const view = async (db: D1Database, id: string) => {
  const r = await staffReviewById(db, id);
  if (!r) throw new NotFoundError('Không tìm thấy đánh giá.', 'REVIEW_NOT_FOUND');
  return r;
};

const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
base.on('GET', '/v1/admin/reviews', staff);
base.on('POST', '/v1/admin/reviews/:id/approve', staff);
base.on('POST', '/v1/admin/reviews/:id/hide', staff);
base.on('PUT', '/v1/admin/reviews/:id/reply', requireRole('pharmacist'));

export const adminReviewRoutes = base
  .openapi(queueRoute, async (c) => {
    const { status, cursor, limit } = c.req.valid('query');
    const page = await moderationQueue(c.var.db, { status: status === 'all' ? undefined : status, cursor, limit });
    return c.json({ ...page, hideReasons: HIDE_REASONS }, 200);
  })
  .openapi(approveRoute, async (c) => {
    const { id } = c.req.valid('param');
    await moderateReview(c.var.db, { id, move: 'approve', actor: staffActor(c), now: Date.now() });
    return c.json(await view(c.var.db, id), 200);
  })
  .openapi(hideRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { reason, note } = c.req.valid('json');
    await moderateReview(c.var.db, { id, move: 'hide', reason, note: note ?? null, actor: staffActor(c), now: Date.now() });
    return c.json(await view(c.var.db, id), 200);
  })
  .openapi(replyRoute, async (c) => {
    const { id } = c.req.valid('param');
    await replyToReview(c.var.db, { id, body: c.req.valid('json').body, actor: staffActor(c), now: Date.now() });
    return c.json(await view(c.var.db, id), 200);
  });
