/**
 * Product questions, the shopper's side (#17, ADR 0038): a signed-in shopper asks about a product (rate-limited,
 * screened, held for a pharmacist), lists their own questions; anyone reads a product's ANSWERED questions.
 * Question bodies are health data: never logged (the shared error path logs no bodies).
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { enforce } from '@medicare/shared/auth/ratelimit';
import { errorResponses } from '@medicare/shared/http/app';
import { askQuestion, myQuestions, publicQuestions } from '@medicare/shared/questions/repo.d1';
import { AskQuestionSchema, MyQuestionListSchema, MyQuestionSchema, PublicQuestionPageSchema, PublicQuestionQuerySchema } from '@medicare/shared/questions/schemas';
import { requireUser } from '../auth';
import type { ApiEnv } from '../env';
import { rateLimiter } from '../adapters';

const tags = ['Product questions'];
const security = [{ bearerAuth: [] }];

/** At most this many questions per account and hour (bucket `question.create` of the shared rate limiter). */
export const QUESTION_RATE_LIMIT = { limit: 10, windowSeconds: 3600 } as const;

const askRoute = createRoute({
  method: 'post',
  path: '/v1/questions',
  tags,
  security,
  summary: 'Ask a question about a product (signed-in shopper); it waits for a pharmacist and is published with the answer',
  description:
    '`body`: 10–1000 characters (UGC_LIMITS.questionBody). 404 `PRODUCT_NOT_FOUND` for an unknown product or one shoppers cannot see. 429 with Retry-After past 10 questions an hour.',
  request: { body: { content: { 'application/json': { schema: AskQuestionSchema } }, required: true } },
  responses: { 201: { description: 'The question, pending', content: { 'application/json': { schema: MyQuestionSchema } } }, ...errorResponses(400, 401, 404, 429) },
});
const mineRoute = createRoute({
  method: 'get',
  path: '/v1/questions/mine',
  tags,
  security,
  summary: 'My questions with their status and answer (signed-in shopper), newest first',
  responses: { 200: { description: 'My questions', content: { 'application/json': { schema: MyQuestionListSchema } } }, ...errorResponses(401) },
});
const publicRoute = createRoute({
  method: 'get',
  path: '/v1/questions',
  tags,
  summary: "A product's answered questions with the pharmacist's name and answer date, newest answer first (cursor paging)",
  description:
    '`product`: the product slug. Pending and hidden questions are never listed. 404 `PRODUCT_NOT_FOUND` for an unknown product or one shoppers cannot see; 400 `INVALID_CURSOR`. Not behind the catalogue cache (an answer does not bump the catalogue version), so an answer shows at once.',
  request: { query: PublicQuestionQuerySchema },
  responses: { 200: { description: 'A page of answered questions', content: { 'application/json': { schema: PublicQuestionPageSchema } } }, ...errorResponses(400, 404) },
});

const base = new OpenAPIHono<ApiEnv>();
base.on('POST', '/v1/questions', requireUser());
base.on('GET', '/v1/questions/mine', requireUser());

export const questionRoutes = base
  .openapi(askRoute, async (c) => {
    const { productId, body } = c.req.valid('json');
    const userId = c.var.principal!.userId;
    const now = Date.now();
    await enforce(rateLimiter(c), now, [['question.create', userId, QUESTION_RATE_LIMIT.limit, QUESTION_RATE_LIMIT.windowSeconds]]);
    return c.json(await askQuestion(c.var.db, { productId, userId, body, now }), 201);
  })
  .openapi(mineRoute, async (c) => c.json({ items: await myQuestions(c.var.db, c.var.principal!.userId) }, 200))
  .openapi(publicRoute, async (c) => {
    c.header('Cache-Control', 'no-store');
    const q = c.req.valid('query');
    return c.json(await publicQuestions(c.var.db, q.product, q), 200);
  });
