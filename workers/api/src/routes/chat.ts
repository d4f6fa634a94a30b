/**
 * Live chat, the customer's side and the WebSocket (#15, ADR 0031). Identity comes from the session cookie/token or
 * the guest chat cookie issued when a guest opens a chat (HttpOnly, sent to /v1/chat only), never from the URL; the
 * ONE participation rule is `chatRoleOf` (shared/src/chat/access.ts). The WebSocket is served by the conversation's
 * ChatRoom Durable Object, to which this Worker passes the identity it authenticated.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { enforce } from '@medicare/shared/auth/ratelimit';
import { normalizeVietnamesePhone } from '@medicare/shared/auth/policy';
import { chatRoleOf, GUEST_CHAT_COOKIE, GUEST_CHAT_PATH, GUEST_CHAT_TTL_SECONDS, issueGuestChat, readGuestChat } from '@medicare/shared/chat/access';
import { dutyStatus, onDutySchedules } from '@medicare/shared/chat/duty.d1';
import { ChatConversationSchema, ChatMessageSchema, ChatStatusSchema } from '@medicare/shared/chat/protocol';
import * as chat from '@medicare/shared/chat/repo.d1';
import { ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '@medicare/shared/errors';
import { jwtSecret } from '@medicare/shared/http/auth';
import { errorResponses } from '@medicare/shared/http/app';
import { newId } from '@medicare/shared/ids';
import { textInput } from '@medicare/shared/text-input';
import { clientIp, optionalUser } from '../auth';
import { CHAT_IDENTITY_HEADER, type RoomIdentity } from '../chat-room';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';
import { rateLimiter } from '../adapters';

const tags = ['Chat'];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const OpenBodySchema = z
  .object({
    name: textInput(1, 100, { min: 'Vui lòng nhập họ tên.' }).optional(),
    phone: z.string().trim().max(20).optional().openapi({ example: '0912345678', description: 'The number the pharmacist may call; required for a guest' }),
  })
  .strict();
const TranscriptBodySchema = z.object({ email: z.string().trim().max(254).email('Email không hợp lệ.').optional() }).strict();

/** Guest conversations an IP may open per hour (guests are anonymous: this keeps bots from flooding the queue; an
 *  account has at most one open conversation anyway). */
const OPEN_LIMIT = { perIp: 20, windowSeconds: 3600 } as const;
/** One transcript email per conversation per this many seconds. */
const TRANSCRIPT_COOLDOWN_SECONDS = 60;

const statusRoute = createRoute({ method: 'get', path: '/v1/chat/status', tags, summary: 'Whether pharmacists are on duty for the chat now, and when they are back', responses: { 200: json(ChatStatusSchema, 'Duty status') } });
const openRoute = createRoute({
  method: 'post',
  path: '/v1/chat/conversations',
  tags,
  security,
  summary: "Open a chat with a pharmacist (signed-in customer, or a guest with name + phone); answers the caller's open conversation if there is one",
  description: 'A guest receives the HttpOnly guest chat cookie (`mc_gch`, path /v1/chat, 24 h) that identifies them to every chat route and the WebSocket. Staff accounts cannot open customer chats (403).',
  request: { body: { required: false, content: { 'application/json': { schema: OpenBodySchema } } } },
  responses: { 200: json(ChatConversationSchema, 'The open conversation the caller already has'), 201: json(ChatConversationSchema, 'Opened'), ...errorResponses(400, 401, 403, 429) },
});
const currentRoute = createRoute({
  method: 'get',
  path: '/v1/chat/conversations/current',
  tags,
  security,
  summary: "The caller's open conversation (session or guest chat cookie)",
  responses: { 200: json(ChatConversationSchema, 'Open conversation'), ...errorResponses(401, 404) },
});
const messagesRoute = createRoute({
  method: 'get',
  path: '/v1/chat/conversations/{id}/messages',
  tags,
  security,
  summary: 'Messages after a sequence number (the customer who opened it, or the pharmacist holding it)',
  request: { params: IdParam, query: z.object({ after: z.coerce.number().int().nonnegative().default(0).openapi({ param: { name: 'after', in: 'query' } }) }) },
  responses: { 200: json(z.object({ items: z.array(ChatMessageSchema) }), 'Messages, oldest first'), ...errorResponses(400, 401, 404) },
});
const closeRoute = createRoute({
  method: 'post',
  path: '/v1/chat/conversations/{id}/close',
  tags,
  security,
  summary: 'Close the conversation (either party); closing a closed conversation answers it unchanged',
  request: { params: IdParam },
  responses: { 200: json(ChatConversationSchema, 'Closed'), ...errorResponses(401, 404) },
});
const transcriptRoute = createRoute({
  method: 'post',
  path: '/v1/chat/conversations/{id}/transcript',
  tags,
  security,
  summary: 'Email the transcript to the customer (the account email, or the address given; a guest must give one)',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: TranscriptBodySchema } } } },
  responses: { 202: json(z.object({ accepted: z.literal(true) }), 'The email will be sent once'), ...errorResponses(400, 401, 404, 429) },
});
const wsRoute = createRoute({
  method: 'get',
  path: '/v1/chat/conversations/{id}/ws',
  tags,
  security,
  summary: 'The conversation WebSocket (Upgrade: websocket); frames are described by shared/src/chat/protocol.ts',
  description:
    'Client frames: `hello {lastSeq}`, `send {clientId, body}` (≤ 2,000 characters, rate-limited per sender), `typing`, `read {upTo}`. Server frames: `message`, `ack {clientId, seq}`, `typing`, `read`, `status`, `error {code}`. A resend of the same clientId is acked with its original seq and never stored twice.',
  request: { params: IdParam },
  responses: { 101: { description: 'Switching Protocols: the WebSocket' }, ...errorResponses(400, 401, 404) },
});

type Caller = { principal: ApiEnv['Variables']['principal']; guestId: string | null };

async function callerOf(c: Context<ApiEnv>): Promise<Caller> {
  return { principal: c.var.principal, guestId: await readGuestChat(jwtSecret(c), getCookie(c, GUEST_CHAT_COOKIE), Math.floor(Date.now() / 1000)) };
}

/** The conversation and the caller's side in it; 401 with no identity at all, 404 for anyone without a part in it. */
export async function participation(c: Context<ApiEnv>, id: string) {
  const caller = await callerOf(c);
  if (!caller.principal && !caller.guestId) throw new UnauthorizedError();
  const conv = await chat.conversationById(c.var.db, id);
  const role = conv ? chatRoleOf(conv, caller) : null;
  if (!conv || !role) throw new NotFoundError('Không tìm thấy cuộc trò chuyện.', 'CHAT_NOT_FOUND');
  return { conv, role, caller };
}

/** The conversation's room (one Durable Object per conversation id). */
export const roomOf = (c: Context<ApiEnv>, id: string) => c.env.CHAT_ROOM.get(c.env.CHAT_ROOM.idFromName(id));

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/chat/conversations', optionalUser());
base.use('/v1/chat/conversations/*', optionalUser());

export const chatRoutes = base
  .openapi(statusRoute, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(dutyStatus(await onDutySchedules(c.var.db), Date.now()), 200);
  })
  .openapi(openRoute, async (c) => {
    const input = (c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : undefined) ?? {};
    const caller = await callerOf(c);
    const p = caller.principal;
    if (p && p.role !== 'customer') throw new ForbiddenError('Tài khoản nhân viên không mở trò chuyện với vai trò khách hàng.', 'CHAT_CUSTOMERS_ONLY');
    const now = Date.now();
    const db = c.var.db;
    const existing = p ? await chat.openConversationOf(db, { userId: p.userId }) : caller.guestId ? await chat.openConversationOf(db, { guestId: caller.guestId }) : null;
    if (existing) return c.json(chat.toConversation(existing), 200);
    const phone = input.phone ? normalizeVietnamesePhone(input.phone) : null;
    if (input.phone && !phone) throw new ValidationError('Số điện thoại không hợp lệ.', { fields: { phone: 'Số điện thoại không hợp lệ.' } }, 'INVALID_PHONE');
    let opened;
    if (p) {
      const user = await db.prepare('SELECT name, phone FROM users WHERE id = ?').bind(p.userId).first<{ name: string; phone: string | null }>();
      opened = await chat.openConversation(db, { userId: p.userId, name: input.name ?? user?.name ?? 'Khách hàng', phone: phone ?? user?.phone ?? null }, now);
    } else {
      if (!input.name || !phone) throw new ValidationError('Vui lòng nhập họ tên và số điện thoại.', { fields: { ...(input.name ? {} : { name: 'Vui lòng nhập họ tên.' }), ...(phone ? {} : { phone: 'Vui lòng nhập số điện thoại.' }) } }, 'GUEST_DETAILS_REQUIRED');
      await enforce(rateLimiter(c, db), now, [['chat-open:ip', clientIp(c), OPEN_LIMIT.perIp, OPEN_LIMIT.windowSeconds]]);
      const guestId = caller.guestId ?? newId();
      opened = await chat.openConversation(db, { guestId, name: input.name, phone }, now);
      setCookie(c, GUEST_CHAT_COOKIE, await issueGuestChat(jwtSecret(c), guestId, Math.floor(now / 1000)), { httpOnly: true, secure: true, sameSite: 'Lax', path: GUEST_CHAT_PATH, maxAge: GUEST_CHAT_TTL_SECONDS });
    }
    // Arms the room's inactivity alarm: a conversation nobody writes in closes by itself.
    if (opened.created) await roomOf(c, opened.conversation.id).changed(opened.conversation.id, opened.conversation.lastSeq);
    return c.json(chat.toConversation(opened.conversation), opened.created ? 201 : 200);
  })
  .openapi(currentRoute, async (c) => {
    const caller = await callerOf(c);
    if (!caller.principal && !caller.guestId) throw new UnauthorizedError();
    const conv = caller.principal ? await chat.openConversationOf(c.var.db, { userId: caller.principal.userId }) : await chat.openConversationOf(c.var.db, { guestId: caller.guestId! });
    if (!conv) throw new NotFoundError('Bạn chưa có cuộc trò chuyện nào đang mở.', 'CHAT_NOT_FOUND');
    return c.json(chat.toConversation(conv), 200);
  })
  .openapi(messagesRoute, async (c) => {
    const { id } = c.req.valid('param');
    await participation(c, id);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ items: await chat.messagesAfter(c.var.db, id, c.req.valid('query').after) }, 200);
  })
  .openapi(closeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { conv, role } = await participation(c, id);
    if (conv.status !== 'closed' && (await chat.closeConversation(c.var.db, id, role, Date.now()))) await roomOf(c, id).changed(id, conv.lastSeq);
    return c.json(chat.toConversation((await chat.conversationById(c.var.db, id))!), 200);
  })
  .openapi(transcriptRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { role, caller } = await participation(c, id);
    if (role !== 'customer') throw new NotFoundError('Không tìm thấy cuộc trò chuyện.', 'CHAT_NOT_FOUND');
    const body = (c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : undefined) ?? {};
    const email = body.email ?? (caller.principal ? (await c.var.db.prepare('SELECT email FROM users WHERE id = ?').bind(caller.principal.userId).first<{ email: string }>())?.email : undefined);
    if (!email) throw new ValidationError('Vui lòng nhập email để nhận nội dung cuộc trò chuyện.', { fields: { email: 'Vui lòng nhập email.' } }, 'EMAIL_REQUIRED');
    const now = Date.now();
    const gate = await rateLimiter(c).cooldown('chat-transcript', id, TRANSCRIPT_COOLDOWN_SECONDS, now);
    if (!gate.ok) throw new TooManyRequestsError(gate.retryAfter);
    await chat.requestTranscript(c.var.db, id, email, now);
    publishSoon(c);
    return c.json({ accepted: true as const }, 202);
  })
  .openapi(wsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { conv, role } = await participation(c, id);
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ValidationError('Cần kết nối WebSocket (Upgrade: websocket).', undefined, 'WEBSOCKET_REQUIRED');
    const name = role === 'customer' ? conv.customerName : ((await c.var.db.prepare('SELECT name FROM users WHERE id = ?').bind(c.var.principal!.userId).first<{ name: string }>())?.name ?? 'Dược sĩ');
    const identity: RoomIdentity = { conversationId: id, role, userId: role === 'customer' ? conv.userId : c.var.principal!.userId, name };
    // A request built here: only the Upgrade and the identity this Worker vouches for reach the room.
    const res = await roomOf(c, id).fetch('https://chat-room.internal/ws', { headers: { upgrade: 'websocket', [CHAT_IDENTITY_HEADER]: encodeURIComponent(JSON.stringify(identity)) } });
    if (res.status !== 101 || !res.webSocket) throw new ValidationError('Không mở được kết nối trò chuyện.', undefined, 'WEBSOCKET_FAILED');
    return new Response(null, { status: 101, webSocket: res.webSocket }) as never;
  });
