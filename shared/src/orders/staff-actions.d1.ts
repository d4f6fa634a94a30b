/**
 * Staff order actions (#13, ADR 0020), each applied in ONE D1 batch with its `audit_log` row (actor, reason):
 * - notes (internal, staff only);
 * - status moves a staff member may make by the state table, applied by the one transition adapter
 *   (orders/transition.d1.ts: the table's guard and the stock and money effects of the target state, as for a carrier);
 * - a return received: per line, the goods go back into their batch (once) or are written off (once);
 * - an email resend, as its own outbox event (the consumer sends it once per request).
 */
import { z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import { ORDER_EMAIL_EVENTS } from '../mail/order-templates';
import { auditStatement } from '../audit/write.d1';
import type { AuditAction } from '../audit/actions';
import { mayReceiveReturn, STAFF_MOVES } from './staff-detail';
import { assertTransition, GOODS_RETURNED, statusInSql, type OrderStatus } from './state';
import { transitionStatements, writeOffStatements } from './transition.d1';

export interface StaffActor {
  id: string;
  role: string;
}

/** The outbox event type of a staff email resend (handled by the consumer's order-mail step). */
export const ORDER_EMAIL_RESEND = 'order.email_resend';
export const EMAIL_KINDS = ORDER_EMAIL_EVENTS.map((e) => e.slice('order.'.length)) as [string, ...string[]];

export const Reason = z.string().trim().min(3).max(500).openapi({ description: 'Why (mandatory, kept in the timeline and the audit log)' });
export const NoteBodySchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();
export const StatusBodySchema = z.object({ to: z.enum(STAFF_MOVES as [OrderStatus, ...OrderStatus[]]), reason: Reason }).strict();
export const CancelBodySchema = z.object({ reason: Reason }).strict();
export const ReturnBodySchema = z
  .object({
    reason: Reason,
    lines: z
      .array(z.object({ lineId: z.string().min(10).max(40), disposition: z.enum(['restock', 'write_off']) }).strict())
      .min(1)
      .max(100)
      .refine((l) => new Set(l.map((x) => x.lineId)).size === l.length, { message: 'Mỗi dòng hàng chỉ chọn một lần.' }),
  })
  .strict();
export const EmailBodySchema = z.object({ kind: z.enum(EMAIL_KINDS).openapi({ description: 'The order email to send again (it must have been sent once: the order reached that state)' }) }).strict();

const audit = (d: D1Database, actor: StaffActor, action: AuditAction, orderId: string, data: Record<string, unknown>, now: number, when: 'always' | 'changed' | { sql: string; binds?: unknown[] } = 'always') =>
  auditStatement(d, { actor, action, entityType: 'order', entityId: orderId, data }, now, when);

async function orderFacts(d: D1Database, code: string) {
  const o = await d
    .prepare(
      `SELECT id, status, payment_status AS paymentStatus, COALESCE(email, (SELECT email FROM users WHERE id = orders.user_id)) AS email,
         EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = orders.id AND e.to_status = 'returned') AS wasReturned FROM orders WHERE code = ?`,
    )
    .bind(code)
    .first<{ id: string; status: OrderStatus; paymentStatus: string; email: string | null; wasReturned: number }>();
  if (!o) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
  return o;
}

export async function addNote(d: D1Database, code: string, text: string, actor: StaffActor, now: number) {
  const o = await orderFacts(d, code);
  const id = newId();
  await d.batch([
    d.prepare('INSERT INTO order_notes (id, order_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)').bind(id, o.id, actor.id, text, now),
    audit(d, actor, 'order.note', o.id, { noteId: id }, now),
  ]);
  const row = await d.prepare('SELECT n.id, n.text, u.name AS authorName, n.created_at AS at FROM order_notes n JOIN users u ON u.id = n.author_id WHERE n.id = ?').bind(id).first<{ id: string; text: string; authorName: string; at: number }>();
  return row!;
}

/** A staff status move: decided by the state table, applied by the one transition adapter with the table's guard. */
export async function moveStatus(d: D1Database, code: string, to: OrderStatus, reason: string, actor: StaffActor, now: number) {
  if (!STAFF_MOVES.includes(to)) throw new ValidationError('Trạng thái này không được chuyển trực tiếp.', { field: 'to' }, 'MOVE_NOT_ALLOWED');
  const o = await orderFacts(d, code);
  assertTransition(o.status, to, 'admin');
  // Guarded on the state the move was decided from (not any state the table allows): a move decided on a stale read
  // changes nothing and is 409, whatever the order became meanwhile.
  const res = await d.batch(
    transitionStatements(d, o.id, to, { type: 'admin', id: actor.id, reason }, now, {
      when: { sql: 'status = ?', binds: [o.status] },
      audit: { actor, action: 'order.status', data: { from: o.status, to, reason } },
    }),
  );
  if (res[0]!.meta.changes !== 1) throw new ConflictError('Đơn hàng vừa thay đổi trạng thái, vui lòng tải lại.', 'ORDER_STATE_CHANGED');
}

/**
 * A return received: the order becomes `returned` (from `return_requested`; a carrier return is already there, and an
 * order refunded after its return stays `refunded`), and each chosen line's goods go back into their batch or are
 * written off, each at most once (orders/transition.d1.ts). The
 * money follows the one rule (`settlePayment`: a paid order that came back is `refund_pending`). A repeat that would
 * change nothing writes nothing (no audit row either).
 */
export async function receiveReturn(d: D1Database, code: string, input: z.infer<typeof ReturnBodySchema>, actor: StaffActor, now: number) {
  const o = await orderFacts(d, code);
  if (!mayReceiveReturn(o.status, o.wasReturned === 1)) throw new ConflictError('Chỉ nhận hàng hoàn trả cho đơn đang yêu cầu trả hàng hoặc đã hoàn về.', 'ORDER_NOT_RETURNABLE', { status: o.status });
  const allocs = (
    await d
      .prepare(
        `SELECT l.id AS lineId, a.shipped_at AS shippedAt, a.restocked_at AS restockedAt, (SELECT 1 FROM stock_write_offs w WHERE w.allocation_id = a.id) AS writtenOff
         FROM order_lines l LEFT JOIN order_allocations a ON a.order_line_id = l.id AND a.released_at IS NULL WHERE l.order_id = ?`,
      )
      .bind(o.id)
      .all<{ lineId: string; shippedAt: number | null; restockedAt: number | null; writtenOff: number | null }>()
  ).results;
  const unknown = input.lines.filter((l) => !allocs.some((a) => a.lineId === l.lineId));
  if (unknown.length) throw new ValidationError('Dòng hàng không thuộc đơn hàng này.', { lineIds: unknown.map((l) => l.lineId) }, 'UNKNOWN_ORDER_LINE');
  const restock = input.lines.filter((l) => l.disposition === 'restock').map((l) => l.lineId);
  const writeOff = input.lines.filter((l) => l.disposition === 'write_off').map((l) => l.lineId);
  const pending = (ids: string[], due: (a: (typeof allocs)[number]) => boolean) => allocs.some((a) => ids.includes(a.lineId) && a.shippedAt !== null && !a.writtenOff && due(a));
  const changes = o.status === 'return_requested' || pending(restock, (a) => a.restockedAt === null) || pending(writeOff, () => true);
  if (!changes) return false;
  try {
    // The move (from return_requested; an order a carrier brought back is already returned, or refunded since, and does
    // not move) by the one adapter, restocking only the lines chosen; then the write-offs; each effect at most once.
    await d.batch([
      ...transitionStatements(d, o.id, 'returned', { type: 'admin', id: actor.id, reason: input.reason }, now, { restockLines: restock }),
      ...writeOffStatements(d, o.id, writeOff, input.reason, actor.id, now),
      audit(d, actor, 'order.return', o.id, { reason: input.reason, lines: input.lines }, now, { sql: statusInSql(GOODS_RETURNED, '(SELECT status FROM orders WHERE id = ?)'), binds: [o.id] }),
    ]);
  } catch (e) {
    if (/stock_batches/.test(String(e))) throw new ConflictError('Hàng trả về đã được bán cho đơn khác, không thể xuất hủy từ lô này.', 'STOCK_ALREADY_USED');
    throw e;
  }
  return true;
}

/**
 * Sends an order email again: an `order.email_resend` outbox event per request (the consumer keys the email by that
 * event, so it is sent once per request, never swallowed by the original email's once-guard). Only an email the order
 * has already been sent (its `order.<kind>` event exists) to an address it has.
 */
export async function resendEmail(d: D1Database, code: string, kind: string, actor: StaffActor, now: number) {
  const o = await orderFacts(d, code);
  if (!o.email) throw new ConflictError('Đơn hàng không có địa chỉ email.', 'ORDER_HAS_NO_EMAIL');
  const type = `order.${kind}`;
  const eventId = newId();
  const res = await d.batch([
    d
      .prepare(
        `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
         SELECT ?, ?, 'order', id, json_object('orderId', id, 'code', code, 'kind', ?), ? FROM orders
         WHERE id = ? AND EXISTS (SELECT 1 FROM outbox_events WHERE aggregate_id = ? AND type = ?)`,
      )
      .bind(eventId, ORDER_EMAIL_RESEND, type, now, o.id, o.id, type),
    audit(d, actor, 'order.email', o.id, { kind }, now, 'changed'),
  ]);
  if (res[0]!.meta.changes !== 1) throw new ConflictError('Đơn hàng chưa từng có email loại này.', 'EMAIL_NOT_SENT_BEFORE', { kind });
}
