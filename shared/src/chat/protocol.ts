/**
 * The live chat's wire protocol (#15, ADR 0031): every WebSocket frame both ways and the shapes the HTTP routes
 * answer. The web app imports these types and schemas; the ChatRoom Durable Object parses every client frame with
 * `ClientFrameSchema` and writes only `ServerFrame`s. Frames are JSON text; binary frames are refused.
 *
 * Flow: the client opens `GET /v1/chat/conversations/{id}/ws`, sends `hello { lastSeq }` (0 the first time, else the
 * highest `seq` it holds) and receives every message after it, then the conversation's `status` and `read` frames.
 * `send { clientId, body }` is answered by `ack { clientId, seq }` and the `message` reaches every socket of the
 * conversation; resending the same `clientId` (after a reconnect) never stores the message twice — it is acked with
 * its original `seq`.
 */
import { z } from '@hono/zod-openapi';
import { textInput } from '../text-input';

/** Longest message body, in characters (UTF-16 code units, as `String.length` counts them). */
export const CHAT_MAX_BODY = 2000;
/** Messages a sender may send per window (per conversation), and the window. */
export const CHAT_RATE_LIMIT = { messages: 20, windowSeconds: 10 } as const;
/** A conversation with no message for this long is closed by its room's alarm. */
export const CHAT_INACTIVITY_MS = 30 * 60_000;

export const CHAT_STATUSES = ['waiting', 'active', 'closed'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
export const CHAT_STATUS_LABELS: Record<ChatStatus, string> = { waiting: 'Đang chờ dược sĩ', active: 'Đang trò chuyện', closed: 'Đã kết thúc' };

export const CHAT_ROLES = ['customer', 'pharmacist', 'system'] as const;
export type ChatSenderRole = (typeof CHAT_ROLES)[number];
/** The two parties (the ones who type, read and close). */
export type ChatPartyRole = Exclude<ChatSenderRole, 'system'>;

export const CHAT_CLOSED_BY = ['customer', 'pharmacist', 'inactivity'] as const;
export type ChatClosedBy = (typeof CHAT_CLOSED_BY)[number];

/** A client-made message id (e.g. a UUID): the idempotency key of a send. */
export const ClientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId: 8–64 ký tự chữ, số, "-" hoặc "_".');

/** A message body: text, not blank, at most `CHAT_MAX_BODY` characters; stored trimmed and NFC (`textInput`). */
export const ChatBodySchema = textInput(1, CHAT_MAX_BODY, { min: 'Tin nhắn không được để trống.', max: `Tin nhắn dài tối đa ${CHAT_MAX_BODY} ký tự.` });

export const ChatMessageSchema = z.object({
  id: z.string(),
  seq: z.number().int().positive(),
  clientId: z.string().nullable(),
  senderRole: z.enum(CHAT_ROLES),
  senderName: z.string(),
  body: z.string(),
  createdAt: z.number().int(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

// ----- client → server -----

export const HelloFrameSchema = z.object({ type: z.literal('hello'), lastSeq: z.number().int().nonnegative() });
export const SendFrameSchema = z.object({ type: z.literal('send'), clientId: ClientIdSchema, body: ChatBodySchema });
export const TypingFrameSchema = z.object({ type: z.literal('typing') });
export const ReadFrameSchema = z.object({ type: z.literal('read'), upTo: z.number().int().nonnegative() });

export const ClientFrameSchema = z.discriminatedUnion('type', [HelloFrameSchema, SendFrameSchema, TypingFrameSchema, ReadFrameSchema]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

// ----- server → client -----

export const MessageFrameSchema = z.object({ type: z.literal('message'), message: ChatMessageSchema });
export const AckFrameSchema = z.object({ type: z.literal('ack'), clientId: z.string(), seq: z.number().int().positive() });
export const TypingEventFrameSchema = z.object({ type: z.literal('typing'), role: z.enum(['customer', 'pharmacist']) });
export const ReadEventFrameSchema = z.object({ type: z.literal('read'), role: z.enum(['customer', 'pharmacist']), upTo: z.number().int().nonnegative() });
export const StatusFrameSchema = z.object({
  type: z.literal('status'),
  status: z.enum(CHAT_STATUSES),
  pharmacistName: z.string().nullable(),
  closedBy: z.enum(CHAT_CLOSED_BY).nullable(),
  /** The consultation this chat was turned into (its code), once handed over. */
  consultationCode: z.string().nullable(),
});
export const CHAT_ERROR_CODES = ['BAD_FRAME', 'RATE_LIMITED', 'CHAT_CLOSED', 'NOT_HOLDER', 'BODY_TOO_LONG'] as const;
export const ErrorFrameSchema = z.object({ type: z.literal('error'), code: z.enum(CHAT_ERROR_CODES), message: z.string(), clientId: z.string().optional(), retryAfter: z.number().int().optional() });

export const ServerFrameSchema = z.discriminatedUnion('type', [MessageFrameSchema, AckFrameSchema, TypingEventFrameSchema, ReadEventFrameSchema, StatusFrameSchema, ErrorFrameSchema]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

// ----- HTTP shapes -----

/** A conversation as both parties see it. */
export const ChatConversationSchema = z.object({
  id: z.string(),
  status: z.enum(CHAT_STATUSES),
  statusLabel: z.string(),
  customerName: z.string(),
  isGuest: z.boolean(),
  pharmacistName: z.string().nullable(),
  lastSeq: z.number().int().nonnegative(),
  customerReadSeq: z.number().int().nonnegative(),
  pharmacistReadSeq: z.number().int().nonnegative(),
  closedBy: z.enum(CHAT_CLOSED_BY).nullable(),
  consultationCode: z.string().nullable(),
  createdAt: z.number().int(),
  lastActivityAt: z.number().int(),
  closedAt: z.number().int().nullable(),
  /** The WebSocket path (same origin) to open for this conversation. */
  wsPath: z.string(),
});
export type ChatConversation = z.infer<typeof ChatConversationSchema>;

export const ChatStatusSchema = z.object({
  onDuty: z.boolean(),
  /** When pharmacists are back (epoch ms); null while on duty (or when no opening is scheduled). */
  nextOpenAt: z.number().int().nullable(),
  hoursText: z.string(),
});
export type ChatDutyStatus = z.infer<typeof ChatStatusSchema>;

export const chatWsPath = (conversationId: string) => `/v1/chat/conversations/${conversationId}/ws`;
