/**
 * The money an order holds, and the payment status that follows from it: ONE rule, written once as SQL so every path
 * that moves an order or its money (payment webhook and reconciliation, customer and admin cancel, the expiry cron,
 * carrier return, COD delivery, a recorded refund) re-derives `orders.payment_status` from the same columns.
 *
 * - held = `paid_amount - refunded_amount` (integer VND received and not yet given back);
 * - an order whose goods will not reach the shopper (`UNFULFILLED`) that holds money is `refund_pending`, once it holds
 *   nothing after a refund it is `refunded`;
 * - otherwise held against the total: `unpaid`, `underpaid`, `paid`, `overpaid`.
 */
import { newId } from '../ids';
import type { PaymentStatus } from '../payments/labels';
import { UNFULFILLED } from './state';

export type { PaymentStatus };

const list = (s: ReadonlySet<string>) => [...s].map((x) => `'${x}'`).join(', ');

/** SQL: the money order `o` (a table name or alias) holds. */
export const heldSql = (o = 'orders') => `(${o}.paid_amount - ${o}.refunded_amount)`;

/** SQL: the payment status order `o`'s columns imply. */
export function paymentStatusSql(o = 'orders') {
  const held = heldSql(o);
  return `(CASE WHEN ${o}.status IN (${list(UNFULFILLED)}) THEN (CASE WHEN ${held} > 0 THEN 'refund_pending' WHEN ${o}.refunded_amount > 0 THEN 'refunded' ELSE 'unpaid' END)
    WHEN ${held} <= 0 THEN 'unpaid' WHEN ${held} > ${o}.total THEN 'overpaid' WHEN ${held} = ${o}.total THEN 'paid' ELSE 'underpaid' END)`;
}

/** Payment statuses whose money an admin refunds from the refund queue (all of it, or the excess of an overpayment). */
export const REFUNDABLE: ReadonlySet<PaymentStatus> = new Set(['refund_pending', 'overpaid']);
/** SQL: order `o` has money waiting to be given back (the refund queue and the refund route's guard). */
export const awaitsRefundSql = (o = 'orders') => `${paymentStatusSql(o)} IN (${list(REFUNDABLE)})`;

/**
 * Statements that settle an order's payment status after any change to its state or money, for the end of a D1 batch.
 * Each is idempotent (it re-derives from the columns), so a replayed or racing batch changes nothing twice:
 * - `order.refund_pending` / `order.refunded` outbox events, written only when the status is ENTERING that state (they
 *   run before the update, so they compare the stored status with the derived one): one email per refund episode;
 * - `orders.payment_status` itself;
 * - the order's `payments` row mirrors it (`unpaid` reads `pending`, or `void` once the order ended unfulfilled).
 */
export function settlePayment(d: D1Database, orderId: string, now: number): D1PreparedStatement[] {
  const derived = paymentStatusSql('orders');
  const entering = (to: PaymentStatus) =>
    d
      .prepare(
        `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
         SELECT ?, 'order.${to}', 'order', id, json_object('orderId', id, 'code', code, 'amount', ${to === 'refunded' ? 'refunded_amount' : heldSql('orders')}), ? FROM orders
         WHERE id = ? AND payment_status <> '${to}' AND ${derived} = '${to}'`,
      )
      .bind(newId(), now, orderId);
  return [
    entering('refund_pending'),
    entering('refunded'),
    d.prepare(`UPDATE orders SET payment_status = ${derived}, updated_at = ? WHERE id = ? AND payment_status <> ${derived}`).bind(now, orderId),
    d
      .prepare(
        `UPDATE payments SET status = x.s, amount_received = x.paid, refunded_at = CASE WHEN x.s = 'refunded' THEN COALESCE(refunded_at, ?) ELSE refunded_at END, updated_at = ?
         FROM (SELECT CASE WHEN payment_status <> 'unpaid' THEN payment_status WHEN status IN (${list(UNFULFILLED)}) THEN 'void' ELSE 'pending' END AS s, paid_amount AS paid FROM orders WHERE id = ?) AS x
         WHERE payments.order_id = ? AND (payments.status <> x.s OR payments.amount_received <> x.paid)`,
      )
      .bind(now, now, orderId, orderId),
  ];
}
