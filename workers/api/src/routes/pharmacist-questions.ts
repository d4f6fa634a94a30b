/**
 * Product questions, the staff side (#17, ADR 0038): the queue (pending, flagged first then oldest, waiting time from
 * the server), answer (pending → answered, guarded in SQL: a second answer at once gets 409 QUESTION_ANSWERED), edit
 * the answer, hide with a reason. Pharmacists and admins; every action audited without the question's text.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { errorResponses } from '@medicare/shared/http/app';
import { answerQuestion, editAnswer, hideQuestion, staffQuestion, staffQuestionQueue } from '@medicare/shared/questions/repo.d1';
import { AnswerQuestionSchema, HideQuestionSchema, StaffQuestionQuerySchema, StaffQuestionQueueSchema, StaffQuestionSchema } from '@medicare/shared/questions/schemas';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';

const tags = ['Pharmacist: product questions'];
const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodTypeAny>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const question = (description: string) => ({ description, content: { 'application/json': { schema: StaffQuestionSchema } } });

const queueRoute = createRoute({
  method: 'get',
  path: '/v1/pharmacist/questions',
  tags,
  security,
  summary: 'The product-question queue (pharmacist, admin): pending ones flagged first then oldest first, with waiting time',
  description: '`status`: pending (default) | answered | hidden. `counts`: pending and flagged pending questions.',
  request: { query: StaffQuestionQuerySchema },
  responses: { 200: { description: 'A page of the queue', content: { 'application/json': { schema: StaffQuestionQueueSchema } } }, ...errorResponses(400, 401, 403) },
});
const answerRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/questions/{id}/answer',
  tags,
  security,
  summary: 'Answer a pending question (pharmacists only: shown as their advice): it is published on the product page and the asker is emailed (audited)',
  description: '409 `QUESTION_ANSWERED` when it was answered already (also the loser of two answers at once), `QUESTION_HIDDEN` when hidden.',
  request: { params: IdParam, ...json(AnswerQuestionSchema) },
  responses: { 200: question('The answered question'), ...errorResponses(400, 401, 403, 404, 409) },
});
const editRoute = createRoute({
  method: 'put',
  path: '/v1/pharmacist/questions/{id}/answer',
  tags,
  security,
  summary: "Replace an answered question's answer (pharmacists only; audited, no new email)",
  description: '409 `QUESTION_NOT_ANSWERED` while it has no answer, `QUESTION_HIDDEN` when hidden.',
  request: { params: IdParam, ...json(AnswerQuestionSchema) },
  responses: { 200: question('The question with its new answer'), ...errorResponses(400, 401, 403, 404, 409) },
});
const hideRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/questions/{id}/hide',
  tags,
  security,
  summary: 'Hide a pending or answered question with a reason (pharmacist, admin; audited)',
  description: '409 `QUESTION_HIDDEN` when it is hidden already.',
  request: { params: IdParam, ...json(HideQuestionSchema) },
  responses: { 200: question('The hidden question'), ...errorResponses(400, 401, 403, 404, 409) },
});

const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
base.on('GET', '/v1/pharmacist/questions', staff);
// Answers are shown and emailed as a named pharmacist's advice: pharmacists only (as review replies); admins hide.
base.on(['POST', 'PUT'], '/v1/pharmacist/questions/:id/answer', requireRole('pharmacist'));
base.on('POST', '/v1/pharmacist/questions/:id/hide', staff);

export const pharmacistQuestionRoutes = base
  .openapi(queueRoute, async (c) => c.json(await staffQuestionQueue(c.var.db, c.req.valid('query'), Date.now()), 200))
  .openapi(answerRoute, async (c) => {
    const { id } = c.req.valid('param');
    const now = Date.now();
    await answerQuestion(c.var.db, { id, actor: staffActor(c), body: c.req.valid('json').body, now });
    publishSoon(c);
    return c.json(await staffQuestion(c.var.db, id, now), 200);
  })
  .openapi(editRoute, async (c) => {
    const { id } = c.req.valid('param');
    const now = Date.now();
    await editAnswer(c.var.db, { id, actor: staffActor(c), body: c.req.valid('json').body, now });
    return c.json(await staffQuestion(c.var.db, id, now), 200);
  })
  .openapi(hideRoute, async (c) => {
    const { id } = c.req.valid('param');
    const now = Date.now();
    await hideQuestion(c.var.db, { id, actor: staffActor(c), reason: c.req.valid('json').reason, now });
    return c.json(await staffQuestion(c.var.db, id, now), 200);
  });
