/**
 * Recording a refund: the ONE set of guarded statements both refund routes run, `POST /v1/admin/payments/{id}/refund`
 * (through one of the order's bank transfers) and `POST /v1/admin/orders/{code}/refund` (an order with no transfer to
 * name, e.g. a COD order paid in cash on delivery and then returned). What the order owes back follows from the one
 * money rule (orders/money.ts): everything it holds once its goods will not ship (`refund_pending`: all its matched
 * transfers are marked refunded), or the excess of an overpayment (only the named transfer is marked). Each statement
 * is guarded by the one before it, so a repeated or racing refund changes nothing; an order that gave back everything
 * ends as `refunded` through the one transition adapter (from cancelled or returned; an expired order stays expired).
 */
import { z } from '@hono/zod-openapi';
import { auditStatement } from '../audit/write.d1';
import { awaitsRefundSql, heldSql, paymentStatusSql, settlePayment } from '../orders/money';
import { transitionStatements } from '../orders/transition.d1';

/** The body of both refund routes. */
export const RefundBodySchema = z
  .object({
    reference: z.string().trim().min(3).max(100).openapi({ description: 'Reference of the refund (bank transfer reference, cash receipt number)' }),
    note: z.string().max(500).optional(),
  })
  .strict();

export interface RefundInput {
  orderId: string;
  orderCode: string;
  /** The bank transfer the refund is recorded through, or null (the order route). */
  transactionId: string | null;
  /** The refund's reference (bank transfer reference, cash receipt number). */
  reference: string;
  note: string | null;
  actor: { id: string; role: string };
}

/** Applies the refund in ONE batch; true when it was recorded (false: nothing is owed back, or not through this transfer). */
export async function recordRefund(d: D1Database, r: RefundInput, now: number): Promise<boolean> {
  const owed = `CASE WHEN ${paymentStatusSql('orders')} = 'overpaid' THEN ${heldSql('orders')} - total ELSE ${heldSql('orders')} END`;
  // Through a transfer: it must be one of the order's matched transfers, unless the order owes everything back.
  const through = r.transactionId
    ? ` AND EXISTS (SELECT 1 FROM bank_transactions t WHERE t.id = ? AND t.order_id = orders.id AND (t.match_status IN ('matched', 'refund_pending') OR ${paymentStatusSql('orders')} = 'refund_pending'))`
    : '';
  const entity = r.transactionId ? { entityType: 'bank_transaction', entityId: r.transactionId } : { entityType: 'order', entityId: r.orderId };
  const [changed] = await d.batch([
    d
      .prepare(`UPDATE orders SET refunded_amount = refunded_amount + ${owed}, updated_at = ? WHERE id = ? AND ${awaitsRefundSql('orders')}${through}`)
      .bind(now, r.orderId, ...(r.transactionId ? [r.transactionId] : [])),
    auditStatement(d, { actor: r.actor, action: 'payment.refund', ...entity, data: { reference: r.reference, note: r.note, orderCode: r.orderCode } }, now, 'changed'),
    d
      .prepare(
        `UPDATE bank_transactions SET match_status = 'refunded'
         WHERE order_id = ? AND match_status IN ('matched', 'refund_pending') AND (id = ? OR (SELECT payment_status FROM orders WHERE id = ?) = 'refund_pending') AND changes() = 1`,
      )
      .bind(r.orderId, r.transactionId, r.orderId),
    // refund_pending → refunded (with the order.refunded event the consumer emails), overpaid → paid.
    ...settlePayment(d, r.orderId, now),
    ...transitionStatements(d, r.orderId, 'refunded', { type: 'admin', id: r.actor.id, reason: `Đã hoàn tiền (${r.reference})` }, now, { when: { sql: "payment_status = 'refunded'", binds: [] } }),
  ]);
  return changed!.meta.changes === 1;
}
