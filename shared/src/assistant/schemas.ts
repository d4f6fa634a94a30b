/**
 * "Trợ lý Medicare" (#18, ADR 0044): the assistant contract shared by the recommendation Worker (server) and the
 * storefront widget (browser). `POST /v1/recommendations/assistant/messages` answers a server-sent event stream whose
 * events, in order, are described by `AssistantEvents` below (each `data:` line is the JSON of its schema).
 * No imports besides zod: the storefront's client widget may import the types.
 */
import { z } from '@hono/zod-openapi';

/** Characters of one shopper message, after trimming (ASSISTANT_MESSAGE_INVALID outside 1..MAX). */
export const MAX_MESSAGE_CHARS = 1000;
/** A guest conversation's secret: 43 base64url characters (32 random bytes), returned once per turn in `meta.token`. */
export const ConversationTokenSchema = z.string().min(20).max(200).openapi({ description: "A guest conversation's secret (from `meta.token`); required to continue or hand off a guest conversation" });
export const ConversationIdSchema = z.string().min(10).max(40).openapi({ example: '01JDASSISTANTCONV000000000' });

export const AssistantMessageRequestSchema = z
  .object({
    conversationId: ConversationIdSchema.optional().openapi({ description: 'Continue this conversation (its owner only); omitted: a new conversation' }),
    message: z.string().openapi({ description: `What the shopper asks (1..${MAX_MESSAGE_CHARS} characters after trimming)`, example: 'Tôi bị cảm cúm, sổ mũi thì nên dùng gì?' }),
    token: ConversationTokenSchema.optional(),
  })
  .openapi('AssistantMessageRequest');
export type AssistantMessageRequest = z.infer<typeof AssistantMessageRequestSchema>;

export const ASSISTANT_MODES = ['model', 'fallback'] as const;
export const BLOCK_REASONS = ['rx', 'dosing', 'diagnosis', 'injection', 'off_topic'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

export const AssistantProductSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    price: z.number().int().openapi({ description: 'Integer VND (the default unit, sale applied), from our catalogue' }),
    url: z.string().openapi({ example: '/san-pham/alpha-paracetamol-500' }),
    prescription: z.boolean().openapi({ description: 'Always false today: the rails never put a consultation-only product in an answer' }),
  })
  .openapi('AssistantProduct');
export type AssistantProduct = z.infer<typeof AssistantProductSchema>;

export const HandoffLinkSchema = z.object({ label: z.literal('Hỏi dược sĩ'), href: z.string() }).openapi('AssistantHandoffLink');

/** The SSE events, by name. `meta` first; `done` (or `error`) last. */
export const AssistantEvents = {
  meta: z
    .object({
      conversationId: z.string(),
      mode: z.enum(ASSISTANT_MODES),
      token: z.string().nullable().openapi({ description: "Guest conversations: the conversation's secret (keep it to continue or hand off); null for a signed-in shopper's" }),
    })
    .openapi('AssistantMetaEvent'),
  delta: z.object({ text: z.string() }).openapi('AssistantDeltaEvent'),
  products: z.object({ items: z.array(AssistantProductSchema) }).openapi('AssistantProductsEvent'),
  blocked: z.object({ reason: z.enum(BLOCK_REASONS), text: z.string() }).openapi('AssistantBlockedEvent'),
  emergency: z.object({ text: z.string() }).openapi('AssistantEmergencyEvent'),
  done: z.object({ handoff: HandoffLinkSchema }).openapi('AssistantDoneEvent'),
  error: z.object({ code: z.string(), message: z.string() }).openapi('AssistantErrorEvent'),
} as const;
export type AssistantEventName = keyof typeof AssistantEvents;
export type AssistantEvent = { [K in AssistantEventName]: { event: K; data: z.infer<(typeof AssistantEvents)[K]> } }[AssistantEventName];

/** The stream as one documented schema (OpenAPI cannot type SSE events one by one): each event's name and data. */
export const AssistantStreamSchema = z
  .string()
  .openapi('AssistantEventStream', {
    description:
      'text/event-stream. Events in order: `meta` {conversationId, mode, token}; zero or more `delta` {text} (released only after the rails checked it); ' +
      'optional `products` {items}; optional `blocked` {reason, text} (show `text` instead of what this turn streamed); `emergency` {text} (a red flag: fixed answer, no model); ' +
      '`done` {handoff: {label, href}} or `error` {code, message} (ASSISTANT_BUDGET_EXCEEDED…).',
  });

export const HandoffRequestSchema = z.object({ token: ConversationTokenSchema.optional() }).openapi('AssistantHandoffRequest');
export const HandoffAnswerSchema = z
  .object({
    consultationHref: z.string().openapi({ example: '/tu-van-duoc-si?tro-ly=01JD...&token=...' }),
    expiresAt: z.number().int().openapi({ description: 'The hand-off token inside the link is valid until then (ms)' }),
  })
  .openapi('AssistantHandoff');

/** The consultation form's query parameters the hand-off link carries (`/tu-van-duoc-si?tro-ly=…&token=…`). */
export const HANDOFF_QUERY = { conversation: 'tro-ly', token: 'token' } as const;
export const HANDOFF_LABEL = 'Hỏi dược sĩ' as const;
/** Where "Hỏi dược sĩ" goes before anything was said (no conversation yet): the consultation form. */
export const CONSULTATION_PATH = '/tu-van-duoc-si';

/** One SSE frame. */
export function sseFrame(e: AssistantEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
