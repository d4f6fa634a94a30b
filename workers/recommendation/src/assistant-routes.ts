/**
 * "Trợ lý Medicare" routes (#18, ADR 0044): the chat turn (a server-sent event stream through the rails of
 * shared/src/assistant/) and the "hỏi dược sĩ" hand-off. The contract (events, fields) is shared/src/assistant/schemas.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { AssistantMessageRequestSchema, AssistantStreamSchema, ConversationIdSchema, HandoffAnswerSchema, HandoffRequestSchema } from '@medicare/shared/assistant/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import { z } from '@hono/zod-openapi';

const tags = ['Assistant'];

export const assistantMessageRoute = createRoute({
  method: 'post',
  path: '/v1/recommendations/assistant/messages',
  tags,
  summary: 'Ask "Trợ lý Medicare" (streams the answer as server-sent events, checked by the safety rails)',
  description:
    'Public; a signed-in shopper owns the conversation, a guest holds its secret `token` (from the `meta` event). ' +
    'Red flags get the fixed emergency answer without calling the model. Without an OpenAI key, or when the model fails, ' +
    '`mode` is `fallback` (our own search, labelled). 400 `ASSISTANT_MESSAGE_INVALID` (1..1000 characters after trimming); ' +
    '404 `ASSISTANT_CONVERSATION_NOT_FOUND` (unknown, expired or not yours); 429 `ASSISTANT_RATE_LIMITED` (per-IP messages or tokens, before the stream). ' +
    'Per-conversation budgets end the stream with `event: error` `ASSISTANT_BUDGET_EXCEEDED`.',
  request: { body: { required: true, content: { 'application/json': { schema: AssistantMessageRequestSchema } } } },
  responses: {
    200: { description: 'The answer as server-sent events (see AssistantEventStream)', content: { 'text/event-stream': { schema: AssistantStreamSchema } } },
    ...errorResponses(400, 401, 404, 429),
  },
});

export const assistantHandoffRoute = createRoute({
  method: 'post',
  path: '/v1/recommendations/assistant/conversations/{id}/handoff',
  tags,
  summary: '"Hỏi dược sĩ": a link to the consultation form that will carry this conversation\'s transcript',
  description:
    'The owner only (the same signed-in shopper, or a guest presenting the conversation `token`); anyone else gets 404 ' +
    '`ASSISTANT_CONVERSATION_NOT_FOUND`. The link holds a signed hand-off token (1 hour); the consultation submission ' +
    '(`POST /v1/consultations`, payload `assistantConversationId` + `assistantHandoffToken`) attaches the transcript server-side.',
  request: {
    params: z.object({ id: ConversationIdSchema.openapi({ param: { name: 'id', in: 'path' } }) }),
    body: { required: false, content: { 'application/json': { schema: HandoffRequestSchema } } },
  },
  responses: { 200: { description: 'The consultation link', content: { 'application/json': { schema: HandoffAnswerSchema } } }, ...errorResponses(400, 401, 404) },
});
