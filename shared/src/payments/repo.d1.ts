import { auditStatement } from '../audit/write.d1';
import { ConflictError } from '../errors';
import { newId } from '../ids';
import { UNFULFILLED, type OrderStatus } from '../orders/state';
import { transitionStatements } from '../orders/transition.d1';
import { redactedRaw, type SepayWebhook } from './sepay';
import type { PaymentStatusRow } from './status';

export type MatchStatus = 'matched' | 'unmatched' | 'ignored' | 'refund_pending';

/** What a transfer's order is, for the one matching rule (`matchStatusFor`). */
export interface PaymentOrder {
  id: string;
  code: string;
  status: string;
  total: number;
  paidAmount: number;
  paymentMethod: string;
  paymentStatus: string;
  expiresAt: number | null;
}

/**
 * THE matching rule, for the webhook, reconciliation and a staff match alike: an incoming transfer to our account
 * attaches to a bank-transfer order; to one whose goods will not ship (`UNFULFILLED`) it is owed back
 * (`refund_pending`), otherwise it pays the order (`matched`). Anything else stays `unmatched` (our account, no order)
 * or is `ignored` (outgoing, or another account).
 */
export function matchStatusFor(transfer: { transferType: 'in' | 'out'; ourAccount: boolean }, order: Pick<PaymentOrder, 'status' | 'paymentMethod'> | null): MatchStatus {
  if (transfer.transferType === 'out' || !transfer.ourAccount) return 'ignored';
  if (!order || order.paymentMethod !== 'bank_transfer') return 'unmatched';
  return UNFULFILLED.has(order.status as OrderStatus) ? 'refund_pending' : 'matched';
}

/** Match statuses in which a transfer's money counts towards its order (`orders.paid_amount`). */
const ATTACHES: ReadonlySet<MatchStatus> = new Set(['matched', 'refund_pending']);

const SAFE_ID = /^[0-9A-Za-z]{10,40}$/;

/**
 * THE effect of a transfer attached to an order, for the end of a D1 batch: one function for the webhook (and
 * reconciliation) and for a staff match. Every statement is conditioned on `claimed`, SQL that is true only in the
 * batch that attached this transfer (the webhook: the bank_transactions row this call inserted exists; a match: the
 * audit row written only when its guarded UPDATE changed the transfer), so a replayed or racing call changes nothing.
 * - the amount is added in SQL (two transfers for one order never lose an update);
 * - the order moves to `confirmed` through the one transition adapter (`transitionStatements`, orders/transition.d1.ts:
 *   guarded by the table's from-set for the `payment` actor, timeline row, `order.confirmed` once) and only once it
 *   holds its total; the payment status (refund_pending for an order that will not ship) follows from the one money rule;
 * - `order.paid` goes to the outbox when the order is paid (or overpaid) after this transfer.
 */
export function transferEffect(d: D1Database, t: { orderId: string; amount: number; claimed: string; actorId: string | null }, now: number): D1PreparedStatement[] {
  const { orderId, amount, claimed } = t;
  return [
    d.prepare(`UPDATE orders SET paid_amount = paid_amount + ?, updated_at = ? WHERE id = ? AND ${claimed}`).bind(amount, now, orderId),
    // The confirmation is the state machine's `payment` move, written by the one transition adapter (its guard from the
    // table, its timeline row, its `order.confirmed` event once, and the payment status re-derived by the one money
    // rule: refund_pending for an order that no longer ships), only in the batch that attached the transfer and once
    // the order holds its total.
    ...transitionStatements(d, orderId, 'confirmed', { type: 'payment', id: t.actorId, reason: 'Đã nhận chuyển khoản' }, now, {
      when: { sql: `${claimed} AND paid_amount - refunded_amount >= total`, binds: [] },
    }),
    d
      .prepare(
        `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
         SELECT ?, 'order.paid', 'order', id, json_object('orderId', id, 'code', code, 'amount', ?, 'paymentStatus', payment_status), ?
         FROM orders WHERE id = ? AND ${claimed} AND payment_status IN ('paid', 'overpaid')`,
      )
      .bind(newId(), amount, now, orderId),
  ];
}

/**
 * Records one SePay transaction and applies its effect in ONE D1 batch. The transaction id is unique per provider;
 * every effect is conditioned on the row inserted by THIS call existing, so a replay (or ten in parallel) stores
 * nothing and changes nothing. A staff match (`match`) applies the same effect to a stored unmatched transfer.
 */
export class D1PaymentRepository {
  constructor(private readonly d1: D1Database) {}

  orderForPayment(code: string) {
    return this.d1
      .prepare("SELECT id, code, status, total, paid_amount AS paidAmount, payment_method AS paymentMethod, payment_status AS paymentStatus, expires_at AS expiresAt FROM orders WHERE code = ?")
      .bind(code)
      .first<PaymentOrder>();
  }

  /**
   * A transfer for an order whose goods will not ship (`UNFULFILLED`) is stored as `refund_pending`; the order's money
   * status then follows from `settlePayment` like every other path.
   */
  async record(p: SepayWebhook, orderId: string | null, matchStatus: MatchStatus, source: 'webhook' | 'reconciliation', now: number): Promise<{ duplicate: boolean }> {
    const d = this.d1;
    const txId = newId();
    const statements: D1PreparedStatement[] = [
      d.prepare("INSERT INTO webhook_events (id, provider, provider_event_id, raw, received_at) VALUES (?, 'sepay', ?, ?, ?) ON CONFLICT (provider, provider_event_id) DO NOTHING").bind(newId(), String(p.id), redactedRaw(p), now),
      d
        .prepare(
          `INSERT INTO bank_transactions (id, provider, provider_txn_id, order_id, transfer_type, amount, payment_code, content, account_number, transaction_at, match_status, source, created_at)
           VALUES (?, 'sepay', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, provider_txn_id) DO NOTHING`,
        )
        .bind(txId, String(p.id), orderId, p.transferType, p.transferAmount, p.code ?? null, p.content, p.accountNumber, Date.parse(`${p.transactionDate.replace(' ', 'T')}+07:00`) || null, matchStatus, source, now),
    ];
    if (orderId && ATTACHES.has(matchStatus)) {
      statements.push(...transferEffect(d, { orderId, amount: p.transferAmount, claimed: `EXISTS (SELECT 1 FROM bank_transactions WHERE id = '${txId}')`, actorId: null }, now));
    }
    const res = await d.batch(statements);
    return { duplicate: res[1]!.meta.changes === 0 };
  }

  /**
   * Attaches a stored unmatched incoming transfer to `order` and applies `transferEffect`, in one batch. The claim is
   * the guarded `UPDATE bank_transactions … WHERE match_status = 'unmatched'`; the audit row (`payment.match`) is
   * written only when that UPDATE changed the transfer, and every effect is conditioned on that audit row existing, so
   * of two racing or repeated matches exactly one applies. Answers false when the transfer was no longer unmatched.
   */
  async match(
    tx: { id: string; amount: number },
    order: PaymentOrder,
    matchStatus: MatchStatus,
    audit: { actorId: string; actorRole: string; note: string | null },
    now: number,
  ): Promise<boolean> {
    if (!ATTACHES.has(matchStatus)) throw new ConflictError('Không thể ghép giao dịch này với đơn hàng.', 'NOT_MATCHABLE');
    const d = this.d1;
    const auditId = newId();
    if (!SAFE_ID.test(auditId)) throw new Error('unexpected id shape');
    const [claim] = await d.batch([
      d
        .prepare("UPDATE bank_transactions SET order_id = ?, match_status = ? WHERE id = ? AND match_status = 'unmatched' AND transfer_type = 'in'")
        .bind(order.id, matchStatus, tx.id),
      auditStatement(
        d,
        { id: auditId, actor: { id: audit.actorId, role: audit.actorRole }, action: 'payment.match', entityType: 'bank_transaction', entityId: tx.id, data: { orderCode: order.code, amount: tx.amount, matchStatus, note: audit.note } },
        now,
        'changed',
      ),
      ...transferEffect(d, { orderId: order.id, amount: tx.amount, claimed: `EXISTS (SELECT 1 FROM audit_log WHERE id = '${auditId}')`, actorId: audit.actorId }, now),
    ]);
    return claim!.meta.changes === 1;
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
