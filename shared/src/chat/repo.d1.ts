/**
 * The chat's storage in D1 (#15, ADR 0031). Every write is one batch (one transaction): a message takes the next
 * `seq` of its conversation and moves `last_seq` with it; a resend of the same (sender role, client id) inserts
 * nothing and reads back the stored message (idempotent send); take, close and handover are status transitions
 * guarded in SQL, so of two concurrent callers exactly one wins.
 */
import { auditStatement, type AuditWrite } from '../audit/write.d1';
import { ConflictError, NotFoundError } from '../errors';
import { newId } from '../ids';
import { CHAT_STATUS_LABELS, chatWsPath, type ChatClosedBy, type ChatConversation, type ChatMessage, type ChatSenderRole, type ChatStatus } from './protocol';

export interface ConversationRow {
  id: string;
  userId: string | null;
  guestId: string | null;
  customerName: string;
  customerPhone: string | null;
  pharmacistId: string | null;
  pharmacistName: string | null;
  status: ChatStatus;
  lastSeq: number;
  customerReadSeq: number;
  pharmacistReadSeq: number;
  lastActivityAt: number;
  takenAt: number | null;
  closedAt: number | null;
  closedBy: ChatClosedBy | null;
  consultationId: string | null;
  consultationCode: string | null;
  transcriptEmail: string | null;
  createdAt: number;
}

export const CONVERSATION_SELECT = `SELECT c.id, c.user_id AS userId, c.guest_id AS guestId, c.customer_name AS customerName, c.customer_phone AS customerPhone,
  c.pharmacist_id AS pharmacistId, p.name AS pharmacistName, c.status, c.last_seq AS lastSeq, c.customer_read_seq AS customerReadSeq,
  c.pharmacist_read_seq AS pharmacistReadSeq, c.last_activity_at AS lastActivityAt, c.taken_at AS takenAt, c.closed_at AS closedAt,
  c.closed_by AS closedBy, c.consultation_id AS consultationId, k.code AS consultationCode, c.transcript_email AS transcriptEmail, c.created_at AS createdAt
  FROM conversations c LEFT JOIN users p ON p.id = c.pharmacist_id LEFT JOIN consultations k ON k.id = c.consultation_id`;

const MESSAGE_SELECT = `SELECT id, seq, client_id AS clientId, sender_role AS senderRole, sender_name AS senderName, body, created_at AS createdAt FROM messages`;

/** The conversation as both parties see it. */
export function toConversation(r: ConversationRow): ChatConversation {
  return {
    id: r.id,
    status: r.status,
    statusLabel: CHAT_STATUS_LABELS[r.status],
    customerName: r.customerName,
    isGuest: r.userId === null,
    pharmacistName: r.pharmacistName,
    lastSeq: r.lastSeq,
    customerReadSeq: r.customerReadSeq,
    pharmacistReadSeq: r.pharmacistReadSeq,
    closedBy: r.closedBy,
    consultationCode: r.consultationCode,
    createdAt: r.createdAt,
    lastActivityAt: r.lastActivityAt,
    closedAt: r.closedAt,
    wsPath: chatWsPath(r.id),
  };
}

export async function conversationById(db: D1Database, id: string): Promise<ConversationRow | null> {
  return db.prepare(`${CONVERSATION_SELECT} WHERE c.id = ?`).bind(id).first<ConversationRow>();
}

/** The customer's open (waiting or active) conversation, if any. */
export async function openConversationOf(db: D1Database, customer: { userId: string } | { guestId: string }): Promise<ConversationRow | null> {
  const [col, val] = 'userId' in customer ? ['user_id', customer.userId] : ['guest_id', customer.guestId];
  return db.prepare(`${CONVERSATION_SELECT} WHERE c.${col} = ? AND c.status <> 'closed'`).bind(val).first<ConversationRow>();
}

/**
 * Opens a conversation for the customer, or answers the open one they already have (the partial unique indexes
 * allow one open conversation per account / guest identity, so two concurrent opens end with one).
 */
export async function openConversation(
  db: D1Database,
  customer: ({ userId: string } | { guestId: string }) & { name: string; phone: string | null },
  now: number,
): Promise<{ conversation: ConversationRow; created: boolean }> {
  const id = newId();
  const [userId, guestId] = 'userId' in customer ? [customer.userId, null] : [null, customer.guestId];
  await db
    .prepare(
      `INSERT INTO conversations (id, user_id, guest_id, customer_name, customer_phone, status, last_activity_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(id, userId, guestId, customer.name, customer.phone, now, now, now)
    .run();
  const open = await openConversationOf(db, customer);
  if (!open) throw new ConflictError('Không mở được cuộc trò chuyện, vui lòng thử lại.', 'CHAT_OPEN_FAILED');
  return { conversation: open, created: open.id === id };
}

export interface NewMessage {
  conversationId: string;
  role: ChatSenderRole;
  /** The account of the sender (null for a guest and for system messages). */
  senderId: string | null;
  senderName: string;
  /** The client's message id (idempotency key); null for system messages. */
  clientId: string | null;
  body: string;
}

/**
 * Who may post now, as SQL over the conversation row `c`: the customer while it is open, the pharmacist only while
 * they hold it, the system while it is open (its closing notice is written in the batch that closes it, before the
 * status changes).
 */
function mayPostSql(role: ChatSenderRole): { sql: string; binds: unknown[] } {
  if (role === 'pharmacist') return { sql: `c.status = 'active' AND c.pharmacist_id = ?`, binds: [] };
  return { sql: `c.status <> 'closed'`, binds: [] };
}

/** The statements that append `m` (its seq is the conversation's next) and move `last_seq`/`last_activity_at`. */
export function appendMessageStatements(db: D1Database, m: NewMessage, id: string, now: number, extraGuard?: { sql: string; binds: unknown[] }): D1PreparedStatement[] {
  const guard = mayPostSql(m.role);
  const guardBinds = m.role === 'pharmacist' ? [m.senderId] : [];
  const extra = extraGuard ? ` AND (${extraGuard.sql})` : '';
  return [
    db
      .prepare(
        `INSERT INTO messages (id, conversation_id, seq, client_id, sender_role, sender_id, sender_name, body, created_at)
         SELECT ?, c.id, c.last_seq + 1, ?, ?, ?, ?, ?, ? FROM conversations c WHERE c.id = ? AND ${guard.sql}${extra}
         ON CONFLICT DO NOTHING`,
      )
      .bind(id, m.clientId, m.role, m.senderId, m.senderName, m.body, now, m.conversationId, ...guardBinds, ...(extraGuard?.binds ?? [])),
    // Only when the message above was written (its id exists): the conversation's cursor and activity move with it.
    db
      .prepare(
        `UPDATE conversations SET last_seq = (SELECT seq FROM messages WHERE id = ?1), last_activity_at = ?2, updated_at = ?2
         WHERE id = ?3 AND EXISTS (SELECT 1 FROM messages WHERE id = ?1)`,
      )
      .bind(id, now, m.conversationId),
  ];
}

export type AppendResult = { ok: true; message: ChatMessage; duplicate: boolean } | { ok: false };

/**
 * Appends a message. A resend of a (role, clientId) already stored answers the stored message with `duplicate: true`
 * (nothing written); `{ ok: false }` when the sender may not post (the conversation is closed, or a pharmacist does
 * not hold it).
 */
export async function appendMessage(db: D1Database, m: NewMessage, now: number): Promise<AppendResult> {
  const id = newId();
  const res = await db.batch([
    ...appendMessageStatements(db, m, id, now),
    db.prepare(`${MESSAGE_SELECT} WHERE conversation_id = ? AND (id = ? OR (sender_role = ? AND client_id = ?))`).bind(m.conversationId, id, m.role, m.clientId),
  ]);
  const row = res[2]!.results[0] as ChatMessage | undefined;
  if (!row) return { ok: false };
  return { ok: true, message: row, duplicate: row.id !== id };
}

/** The messages after `after` (seq), oldest first. */
export async function messagesAfter(db: D1Database, conversationId: string, after: number, limit = 500): Promise<ChatMessage[]> {
  return (await db.prepare(`${MESSAGE_SELECT} WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`).bind(conversationId, after, limit).all<ChatMessage>()).results;
}

/** Moves a side's read receipt forward (never back, never past the last message); answers the stored value. */
export async function markRead(db: D1Database, conversationId: string, role: 'customer' | 'pharmacist', upTo: number): Promise<number | null> {
  const col = role === 'customer' ? 'customer_read_seq' : 'pharmacist_read_seq';
  const row = await db
    .prepare(`UPDATE conversations SET ${col} = MAX(${col}, MIN(?, last_seq)) WHERE id = ? RETURNING ${col} AS upTo`)
    .bind(upTo, conversationId)
    .first<{ upTo: number }>();
  return row?.upTo ?? null;
}

/** Vietnamese system notices written into the conversation. */
export const SYSTEM_NOTICES = {
  taken: (name: string) => `Dược sĩ ${name} đã tham gia cuộc trò chuyện.`,
  closed: { customer: 'Khách hàng đã kết thúc cuộc trò chuyện.', pharmacist: 'Dược sĩ đã kết thúc cuộc trò chuyện.', inactivity: 'Cuộc trò chuyện đã tự kết thúc vì không có tin nhắn mới.' } satisfies Record<ChatClosedBy, string>,
  handedOver: (code: string) => `Cuộc trò chuyện đã được chuyển thành phiếu tư vấn ${code}.`,
} as const;

const SYSTEM_NAME = 'Medicare';

/**
 * A pharmacist takes a waiting conversation: exactly one of concurrent takers wins (the UPDATE is guarded on
 * `status = 'waiting'`); the join notice and the audit row are written only by the winner, in the same batch.
 * Taking again a conversation one already holds answers it unchanged. 409 CHAT_TAKEN otherwise.
 */
export async function takeConversation(db: D1Database, conversationId: string, pharmacist: { id: string; name: string }, now: number): Promise<ConversationRow> {
  const auditId = newId();
  const audit: AuditWrite = { id: auditId, actor: { id: pharmacist.id, role: 'pharmacist' }, action: 'chat.take', entityType: 'conversation', entityId: conversationId, data: {} };
  await db.batch([
    db
      .prepare(`UPDATE conversations SET status = 'active', pharmacist_id = ?, taken_at = ?, last_activity_at = ?, updated_at = ? WHERE id = ? AND status = 'waiting'`)
      .bind(pharmacist.id, now, now, now, conversationId),
    auditStatement(db, audit, now, 'changed'),
    ...appendMessageStatements(db, { conversationId, role: 'system', senderId: null, senderName: SYSTEM_NAME, clientId: null, body: SYSTEM_NOTICES.taken(pharmacist.name) }, newId(), now, {
      sql: `EXISTS (SELECT 1 FROM audit_log WHERE id = ?)`,
      binds: [auditId],
    }),
  ]);
  const row = await conversationById(db, conversationId);
  if (!row) throw new NotFoundError('Không tìm thấy cuộc trò chuyện.', 'CHAT_NOT_FOUND');
  if (row.status === 'active' && row.pharmacistId === pharmacist.id) return row;
  throw new ConflictError(
    row.status === 'closed' ? 'Cuộc trò chuyện đã kết thúc.' : `Cuộc trò chuyện đã được dược sĩ ${row.pharmacistName ?? ''} nhận.`.replace(' .', '.'),
    'CHAT_TAKEN',
    { pharmacistName: row.pharmacistName, status: row.status },
  );
}

/**
 * Closes the conversation (by a party or by inactivity): the closing notice and the status change in one batch,
 * guarded on it being open. Answers whether this call closed it.
 */
export async function closeConversation(db: D1Database, conversationId: string, by: ChatClosedBy, now: number): Promise<boolean> {
  const noticeId = newId();
  const res = await db.batch([
    ...appendMessageStatements(db, { conversationId, role: 'system', senderId: null, senderName: SYSTEM_NAME, clientId: null, body: SYSTEM_NOTICES.closed[by] }, noticeId, now),
    db
      .prepare(`UPDATE conversations SET status = 'closed', closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ? AND status <> 'closed' AND EXISTS (SELECT 1 FROM messages WHERE id = ?)`)
      .bind(now, by, now, conversationId, noticeId),
    db.prepare('SELECT EXISTS (SELECT 1 FROM messages WHERE id = ?) AS closed').bind(noticeId),
  ]);
  return Boolean((res[3]!.results[0] as { closed: number }).closed);
}

/** The statement that writes `chat.transcript_requested` into the outbox (payload: ids only). */
export function transcriptEventStatement(db: D1Database, conversationId: string, now: number): D1PreparedStatement {
  return db
    .prepare("INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) VALUES (?, 'chat.transcript_requested', 'conversation', ?, ?, ?)")
    .bind(newId(), conversationId, JSON.stringify({ conversationId }), now);
}

/** Records where the transcript goes and writes its event, in one batch. */
export async function requestTranscript(db: D1Database, conversationId: string, email: string, now: number): Promise<void> {
  await db.batch([
    db.prepare('UPDATE conversations SET transcript_email = ?, transcript_requested_at = ?, updated_at = ? WHERE id = ?').bind(email, now, now, conversationId),
    transcriptEventStatement(db, conversationId, now),
  ]);
}

/** Pharmacist list filters. */
export const PHARMACIST_CHAT_FILTERS = ['waiting', 'mine', 'active', 'closed'] as const;
export type PharmacistChatFilter = (typeof PHARMACIST_CHAT_FILTERS)[number];

export interface PharmacistChatItem {
  id: string;
  customerName: string;
  isGuest: boolean;
  status: ChatStatus;
  waitingSeconds: number;
  pharmacistName: string | null;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
  unread: number;
}

const PREVIEW_CHARS = 80;

/** The pharmacist's lists: waiting (oldest first), mine (held by me, open), active (all open and held), closed (latest). */
export async function pharmacistChats(db: D1Database, filter: PharmacistChatFilter, pharmacistId: string, now: number): Promise<PharmacistChatItem[]> {
  const where = {
    waiting: { sql: `c.status = 'waiting'`, order: 'c.created_at ASC', binds: [] as unknown[] },
    mine: { sql: `c.status = 'active' AND c.pharmacist_id = ?`, order: 'c.last_activity_at DESC', binds: [pharmacistId] },
    active: { sql: `c.status = 'active'`, order: 'c.last_activity_at DESC', binds: [] },
    closed: { sql: `c.status = 'closed'`, order: 'c.closed_at DESC', binds: [] },
  }[filter];
  const rows = await db
    .prepare(
      `SELECT c.id, c.customer_name AS customerName, c.user_id IS NULL AS isGuest, c.status, c.created_at AS createdAt, c.taken_at AS takenAt, c.closed_at AS closedAt,
         p.name AS pharmacistName, m.created_at AS lastMessageAt, substr(m.body, 1, ${PREVIEW_CHARS}) AS lastMessagePreview,
         (SELECT COUNT(*) FROM messages u WHERE u.conversation_id = c.id AND u.sender_role = 'customer' AND u.seq > c.pharmacist_read_seq) AS unread
       FROM conversations c LEFT JOIN users p ON p.id = c.pharmacist_id
       LEFT JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq
       WHERE ${where.sql} ORDER BY ${where.order} LIMIT 100`,
    )
    .bind(...where.binds)
    .all<{ id: string; customerName: string; isGuest: number; status: ChatStatus; createdAt: number; takenAt: number | null; closedAt: number | null; pharmacistName: string | null; lastMessageAt: number | null; lastMessagePreview: string | null; unread: number }>();
  return rows.results.map((r) => ({
    id: r.id,
    customerName: r.customerName,
    isGuest: Boolean(r.isGuest),
    status: r.status,
    // How long the customer waited (so far, while waiting) for a pharmacist.
    waitingSeconds: Math.max(0, Math.floor(((r.takenAt ?? r.closedAt ?? now) - r.createdAt) / 1000)),
    pharmacistName: r.pharmacistName,
    lastMessageAt: r.lastMessageAt,
    lastMessagePreview: r.lastMessagePreview,
    unread: r.unread,
  }));
}

/** The whole conversation (for the transcript and the handover note). */
export async function allMessages(db: D1Database, conversationId: string): Promise<ChatMessage[]> {
  return messagesAfter(db, conversationId, 0, 10_000);
}
