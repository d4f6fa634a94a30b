import { newId } from '../ids';
import { settlePayment } from '../orders/money';
import { redactedRaw, type SepayWebhook } from './sepay';
import type { PaymentStatusRow } from './status';

export type MatchStatus = 'matched' | 'unmatched' | 'ignored' | 'refund_pending';

/**
 * Records one SePay transaction and applies its effect in ONE D1 batch. The transaction id is unique per provider;
 * every effect is conditioned on the row inserted by THIS call existing, so a replay (or ten in parallel) stores
 * nothing and changes nothing. Amounts are added in SQL, so two transfers for one order never lose an update.
 */
export class D1PaymentRepository {
  constructor(private readonly d1: D1Database) {}

  orderForPayment(code: string) {
    return this.d1
      .prepare("SELECT id, code, status, total, paid_amount AS paidAmount, payment_method AS paymentMethod, payment_status AS paymentStatus, expires_at AS expiresAt FROM orders WHERE code = ?")
      .bind(code)
      .first<{ id: string; code: string; status: string; total: number; paidAmount: number; paymentMethod: string; paymentStatus: string; expiresAt: number | null }>();
  }

  /**
   * A transfer for an order whose goods will not ship (`UNFULFILLED`) is stored as `refund_pending`; the order's money
   * status then follows from `settlePayment` like every other path.
   */
  async record(p: SepayWebhook, orderId: string | null, matchStatus: MatchStatus, source: 'webhook' | 'reconciliation', now: number): Promise<{ duplicate: boolean }> {
    const d = this.d1;
    const txId = newId();
    const mine = `EXISTS (SELECT 1 FROM bank_transactions WHERE id = '${txId}')`;
    const statements: D1PreparedStatement[] = [
      d.prepare("INSERT INTO webhook_events (id, provider, provider_event_id, raw, received_at) VALUES (?, 'sepay', ?, ?, ?) ON CONFLICT (provider, provider_event_id) DO NOTHING").bind(newId(), String(p.id), redactedRaw(p), now),
      d
        .prepare(
          `INSERT INTO bank_transactions (id, provider, provider_txn_id, order_id, transfer_type, amount, payment_code, content, account_number, transaction_at, match_status, source, created_at)
           VALUES (?, 'sepay', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, provider_txn_id) DO NOTHING`,
        )
        .bind(txId, String(p.id), orderId, p.transferType, p.transferAmount, p.code ?? null, p.content, p.accountNumber, Date.parse(`${p.transactionDate.replace(' ', 'T')}+07:00`) || null, matchStatus, source, now),
    ];
    if (orderId && (matchStatus === 'matched' || matchStatus === 'refund_pending')) {
      const amt = p.transferAmount;
      statements.push(
        d
          .prepare(
            `UPDATE orders SET status = CASE WHEN status = 'pending_payment' AND paid_amount - refunded_amount + ? >= total THEN 'confirmed' ELSE status END,
               paid_amount = paid_amount + ?, updated_at = ? WHERE id = ? AND ${mine}`,
          )
          .bind(amt, amt, now, orderId),
        // The payment status (and refund_pending for an order that no longer ships) follows from the one rule.
        ...settlePayment(d, orderId, now),
        d
          .prepare(
            `INSERT INTO order_events (id, order_id, from_status, to_status, actor_type, actor_id, reason, created_at)
             SELECT ?, id, 'pending_payment', 'confirmed', 'payment', NULL, 'Đã nhận chuyển khoản', ? FROM orders
             WHERE id = ? AND status = 'confirmed' AND payment_status IN ('paid', 'overpaid') AND ${mine}
               AND NOT EXISTS (SELECT 1 FROM order_events WHERE order_id = ? AND to_status = 'confirmed')`,
          )
          .bind(newId(), now, orderId, orderId),
        d
          .prepare(
            `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
             SELECT ?, 'order.paid', 'order', id, json_object('orderId', id, 'code', code, 'amount', ?, 'paymentStatus', payment_status), ?
             FROM orders WHERE id = ? AND ${mine} AND payment_status IN ('paid', 'overpaid')`,
          )
          .bind(newId(), amt, now, orderId),
      );
    }
    const res = await d.batch(statements);
    return { duplicate: res[1]!.meta.changes === 0 };
  }

  async paymentStatus(code: string) {
    return this.d1
      .prepare(
        `SELECT o.code, o.status, o.payment_method AS paymentMethod, o.payment_status AS paymentStatus, o.total, o.paid_amount AS paidAmount, o.expires_at AS expiresAt
         FROM orders o WHERE o.code = ?`,
      )
      .bind(code)
      .first<PaymentStatusRow>();
  }
}
