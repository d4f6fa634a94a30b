/**
 * Live chat, the pharmacist's side (#15, ADR 0031): the waiting list, taking a conversation (atomic: of two
 * pharmacists exactly one wins, `takeConversation`), the customer's context (recent orders and consultations), and
 * turning a chat into a consultation. Pharmacists only (admins do not chat with customers).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ChatConversationSchema, CHAT_STATUSES } from '@medicare/shared/chat/protocol';
import * as chat from '@medicare/shared/chat/repo.d1';
import { NotFoundError, ValidationError } from '@medicare/shared/errors';
import { handOver } from '@medicare/shared/chat/handover';
import { normalizeVietnamesePhone } from '@medicare/shared/auth/policy';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';
import { roomOf } from './chat';

const tags = ['Pharmacist: chat'];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

export const PharmacistChatItemSchema = z.object({
  id: z.string(),
  customerName: z.string(),
  isGuest: z.boolean(),
  status: z.enum(CHAT_STATUSES),
  waitingSeconds: z.number().int().nonnegative(),
  pharmacistName: z.string().nullable(),
  lastMessageAt: z.number().int().nullable(),
  lastMessagePreview: z.string().nullable(),
  unread: z.number().int().nonnegative(),
});

export const PharmacistChatDetailSchema = z.object({
  conversation: ChatConversationSchema,
  customer: z.object({ name: z.string(), phone: z.string().nullable(), userId: z.string().nullable(), isGuest: z.boolean() }),
  recentOrders: z.array(z.object({ code: z.string(), status: z.string(), total: z.number().int(), createdAt: z.number().int() })),
  recentConsultations: z.array(z.object({ code: z.string(), status: z.string(), createdAt: z.number().int() })),
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/pharmacist/chats',
  tags,
  security,
  summary: 'Chats: waiting (oldest first, with waiting time), mine, active, closed (pharmacists)',
  request: { query: z.object({ status: z.enum(chat.PHARMACIST_CHAT_FILTERS).default('waiting').openapi({ param: { name: 'status', in: 'query' } }) }) },
  responses: { 200: json(z.object({ items: z.array(PharmacistChatItemSchema) }), 'Chats'), ...errorResponses(400, 401, 403) },
});
const detailRoute = createRoute({
  method: 'get',
  path: '/v1/pharmacist/chats/{id}',
  tags,
  security,
  summary: "A chat with the customer's contact, recent orders and consultations (pharmacists)",
  request: { params: IdParam },
  responses: { 200: json(PharmacistChatDetailSchema, 'Chat'), ...errorResponses(401, 403, 404) },
});
const takeRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/chats/{id}/take',
  tags,
  security,
  summary: 'Take a waiting chat (atomic: one pharmacist wins; audited). Taking one you hold answers it unchanged',
  request: { params: IdParam },
  responses: { 200: json(ChatConversationSchema, 'Taken'), ...errorResponses(401, 403, 404, 409) },
});

const HandoverBodySchema = z
  .object({
    productIds: z.array(z.string().min(10).max(40)).max(10).optional().openapi({ description: 'Products the consultation is about (optional)' }),
    contactPhone: z.string().trim().max(20).optional().openapi({ description: 'The number to call when the conversation has none' }),
  })
  .strict();
const handoverRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/chats/{id}/consultation',
  tags,
  security,
  summary: 'Turn the chat into a consultation (the holding pharmacist; the transcript becomes its note; once per chat; audited)',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: HandoverBodySchema } } } },
  responses: { 201: json(z.object({ consultationId: z.string(), code: z.string() }), 'Consultation created (in the queue)'), ...errorResponses(400, 401, 403, 404, 409) },
});

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/pharmacist/chats', requireRole('pharmacist'));
base.use('/v1/pharmacist/chats/*', requireRole('pharmacist'));

type Recent = { code: string; status: string; createdAt: number };

/** The customer's latest consultations: by account, or for a guest by the phone they gave. */
async function recentConsultations(db: D1Database, conv: chat.ConversationRow): Promise<Recent[]> {
  const [where, val] = conv.userId ? ['user_id = ?', conv.userId] : ['user_id IS NULL AND guest_phone = ?', conv.customerPhone];
  if (val === null) return [];
  return (await db.prepare(`SELECT code, status, created_at AS createdAt FROM consultations WHERE ${where} ORDER BY created_at DESC LIMIT 5`).bind(val).all<Recent>()).results;
}

export const pharmacistChatRoutes = base
  .openapi(listRoute, async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json({ items: await chat.pharmacistChats(c.var.db, c.req.valid('query').status, c.var.principal!.userId, Date.now()) }, 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.db;
    const conv = await chat.conversationById(db, id);
    if (!conv) throw new NotFoundError('Không tìm thấy cuộc trò chuyện.', 'CHAT_NOT_FOUND');
    const [ordersWhere, ordersVal] = conv.userId ? ['user_id = ?', conv.userId] : ['user_id IS NULL AND phone = ?', conv.customerPhone];
    const orders = ordersVal === null ? [] : (await db.prepare(`SELECT code, status, total, created_at AS createdAt FROM orders WHERE ${ordersWhere} ORDER BY created_at DESC LIMIT 5`).bind(ordersVal).all<{ code: string; status: string; total: number; createdAt: number }>()).results;
    c.header('Cache-Control', 'private, no-store');
    return c.json(
      {
        conversation: chat.toConversation(conv),
        customer: { name: conv.customerName, phone: conv.customerPhone, userId: conv.userId, isGuest: conv.userId === null },
        recentOrders: orders,
        recentConsultations: await recentConsultations(db, conv),
      },
      200,
    );
  })
  .openapi(takeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.db;
    const before = await chat.conversationById(db, id);
    if (!before) throw new NotFoundError('Không tìm thấy cuộc trò chuyện.', 'CHAT_NOT_FOUND');
    const me = await db.prepare('SELECT name FROM users WHERE id = ?').bind(c.var.principal!.userId).first<{ name: string }>();
    const taken = await chat.takeConversation(db, id, { id: c.var.principal!.userId, name: me?.name ?? '' }, Date.now());
    if (before.status === 'waiting') await roomOf(c, id).changed(id, before.lastSeq);
    return c.json(chat.toConversation(taken), 200);
  })
  .openapi(handoverRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = (c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : undefined) ?? {};
    const phone = body.contactPhone ? normalizeVietnamesePhone(body.contactPhone) : null;
    if (body.contactPhone && !phone) throw new ValidationError('Số điện thoại không hợp lệ.', { fields: { contactPhone: 'Số điện thoại không hợp lệ.' } }, 'INVALID_PHONE');
    const done = await handOver(c.var.db, c.env.FILES_BUCKET, id, { id: c.var.principal!.userId }, { productIds: body.productIds, contactPhone: phone }, Date.now());
    publishSoon(c);
    await roomOf(c, id).changed(id, done.beforeSeq);
    return c.json({ consultationId: done.consultationId, code: done.code }, 201);
  });
