/**
 * The staff view of bank transfers: the payments list with its flags, the unmatched inbox, and the match of a stored
 * unmatched transfer to an order (whose effect is the webhook's own `transferEffect`, repo.d1.ts).
 *
 * Flags, each ONE SQL predicate over a transfer `t` and its order `o`:
 * - `underpaid` / `overpaid`: the order's settled payment status (orders/money.ts derives it on every change);
 * - `late`: the transfer reached Medicare (`t.created_at`, when the webhook or reconciliation stored it) at or after
 *   its order's move into `cancelled` or `expired` (that move's timeline row): the order had been called off before
 *   the money came. It stays true after the refund (it is about when the money came, not what is owed);
 * - `refund`: the order holds money it owes back (`awaitsRefundSql`, the refund route's own guard).
 */
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { containsText } from '../db/text-match';
import { ConflictError, NotFoundError } from '../errors';
import { awaitsRefundSql } from '../orders/money';
import { HOLDS_STOCK, ORDER_STATUS_LIST, STATUS_LABELS, statusInSql, TRANSITIONS, UNFULFILLED, type OrderStatus } from '../orders/state';
import { PAYMENT_STATUS_LABELS, type PaymentStatus } from './labels';
import { D1PaymentRepository, matchStatusFor } from './repo.d1';

export const PAYMENT_FLAGS = ['underpaid', 'overpaid', 'late', 'refund'] as const;
export type PaymentFlag = (typeof PAYMENT_FLAGS)[number];

export const BANK_MATCH_STATUSES = ['matched', 'unmatched', 'ignored', 'refund_pending', 'refunded'] as const;
export type BankMatchStatus = (typeof BANK_MATCH_STATUSES)[number];

/** What staff read for a transfer's match status (the one owner of these labels). */
export const MATCH_STATUS_LABELS: Record<BankMatchStatus, string> = {
  matched: 'Đã khớp đơn',
  unmatched: 'Chưa khớp đơn',
  ignored: 'Bỏ qua (chuyển đi / tài khoản khác)',
  refund_pending: 'Chờ hoàn tiền',
  refunded: 'Đã hoàn tiền',
};

export const PAYMENT_FLAG_LABELS: Record<PaymentFlag, string> = {
  underpaid: 'Chuyển thiếu',
  overpaid: 'Chuyển dư',
  late: 'Chuyển sau khi đơn đã hủy / hết hạn',
  refund: 'Chờ hoàn tiền',
};

/**
 * Order states in which an order has been called off before shipping — money arriving after that is late — read off
 * the state table: the states that leave nothing to deliver (`UNFULFILLED`) and are entered only from states that still
 * hold the goods (`HOLDS_STOCK`), i.e. never after the parcel left (today `cancelled` and `expired`).
 */
export const CALLED_OFF: readonly OrderStatus[] = ORDER_STATUS_LIST.filter((s) => {
  const into = TRANSITIONS.filter((t) => t.to === s);
  return UNFULFILLED.has(s) && into.length > 0 && into.every((t) => HOLDS_STOCK.has(t.from));
});

/** SQL: the predicate of `flag` over transfer `t` and its (LEFT JOINed) order `o`. */
export function paymentFlagSql(flag: PaymentFlag, t = 't', o = 'o'): string {
  switch (flag) {
    case 'underpaid':
      return `(${o}.payment_status = 'underpaid')`;
    case 'overpaid':
      return `(${o}.payment_status = 'overpaid')`;
    case 'late':
      return `(${t}.transfer_type = 'in' AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = ${t}.order_id AND ${statusInSql(CALLED_OFF, 'e.to_status')} AND e.created_at <= ${t}.created_at))`;
    case 'refund':
      return `(${t}.order_id IS NOT NULL AND ${awaitsRefundSql(o)})`;
  }
}

export interface PaymentRow {
  id: string;
  providerTxnId: string;
  transferType: 'in' | 'out';
  amount: number;
  paymentCode: string | null;
  content: string | null;
  matchStatus: BankMatchStatus;
  matchStatusLabel: string;
  source: 'webhook' | 'reconciliation';
  transactionAt: number | null;
  createdAt: number;
  orderCode: string | null;
  orderStatus: OrderStatus | null;
  orderStatusLabel: string | null;
  orderPaymentStatus: PaymentStatus | null;
  orderPaymentStatusLabel: string | null;
  orderTotal: number | null;
  orderPaid: number | null;
  orderRefunded: number | null;
  flags: PaymentFlag[];
  /** Set when a staff member matched the transfer by hand (from its `payment.match` audit row). */
  matchedBy: { actorId: string | null; actorName: string | null; note: string | null; at: number } | null;
}

const SELECT = `SELECT t.id, t.provider_txn_id AS providerTxnId, t.transfer_type AS transferType, t.amount, t.payment_code AS paymentCode, t.content,
  t.match_status AS matchStatus, t.source, t.transaction_at AS transactionAt, t.created_at AS createdAt, o.code AS orderCode, o.status AS orderStatus,
  o.payment_status AS orderPaymentStatus, o.total AS orderTotal, o.paid_amount AS orderPaid, o.refunded_amount AS orderRefunded,
  ${PAYMENT_FLAGS.map((f) => `CASE WHEN ${paymentFlagSql(f)} THEN 1 ELSE 0 END AS flag_${f}`).join(', ')},
  m.actor_id AS matchActorId, mu.name AS matchActorName, json_extract(m.data, '$.note') AS matchNote, m.created_at AS matchAt
  FROM bank_transactions t LEFT JOIN orders o ON o.id = t.order_id
  LEFT JOIN audit_log m ON m.entity_type = 'bank_transaction' AND m.entity_id = t.id AND m.action = 'payment.match'
  LEFT JOIN users mu ON mu.id = m.actor_id`;

type Raw = Omit<PaymentRow, 'flags' | 'matchedBy' | 'matchStatusLabel' | 'orderStatusLabel' | 'orderPaymentStatusLabel'> & {
  matchActorId: string | null;
  matchActorName: string | null;
  matchNote: string | null;
  matchAt: number | null;
} & Record<`flag_${PaymentFlag}`, number>;

function toRow(r: Raw): PaymentRow {
  const { matchActorId, matchActorName, matchNote, matchAt, flag_underpaid: _u, flag_overpaid: _o, flag_late: _l, flag_refund: _r, ...rest } = r;
  return {
    ...rest,
    matchStatusLabel: MATCH_STATUS_LABELS[r.matchStatus],
    orderStatusLabel: r.orderStatus ? STATUS_LABELS[r.orderStatus] : null,
    orderPaymentStatusLabel: r.orderPaymentStatus ? PAYMENT_STATUS_LABELS[r.orderPaymentStatus] : null,
    flags: PAYMENT_FLAGS.filter((f) => r[`flag_${f}`] === 1),
    matchedBy: matchAt === null ? null : { actorId: matchActorId, actorName: matchActorName, note: matchNote, at: matchAt },
  };
}

/** The search: order code, payment code, content or SePay id contains `q` (`containsText`, the one text-match rule). */
const search = (q: string) => containsText(['o.code', 't.payment_code', 't.content', 't.provider_txn_id'], q.normalize('NFC'));

export interface PaymentQuery {
  flag?: PaymentFlag;
  q?: string;
  cursor?: string;
  limit: number;
}

async function page(d: D1Database, sort: string, where: string[], params: unknown[], cursor: string | undefined, limit: number) {
  const w = [...where];
  const p = [...params];
  if (cursor) {
    const c = decodeCursor(cursor, sort, 1);
    w.push('(t.created_at < ? OR (t.created_at = ? AND t.id < ?))');
    p.push(c.keys[0], c.keys[0], c.id);
  }
  const rows = await d
    .prepare(`${SELECT} ${w.length ? `WHERE ${w.join(' AND ')}` : ''} ORDER BY t.created_at DESC, t.id DESC LIMIT ?`)
    .bind(...p, limit + 1)
    .all<Raw>();
  const items = rows.results.slice(0, limit).map(toRow);
  const last = items.at(-1);
  return { items, nextCursor: rows.results.length > limit && last ? encodeCursor({ sort, keys: [last.createdAt], id: last.id }) : null };
}

/** Transfers newest first (all, or those with `flag`), searched by order code, payment code, content or SePay id, with counts per flag. */
export async function listPayments(d: D1Database, q: PaymentQuery) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.q) {
    const text = search(q.q);
    where.push(text.sql);
    params.push(...text.params);
  }
  const counted = await d
    .prepare(
      `SELECT COUNT(*) AS "all", COALESCE(SUM(CASE WHEN t.match_status = 'unmatched' THEN 1 ELSE 0 END), 0) AS unmatched,
         ${PAYMENT_FLAGS.map((f) => `COALESCE(SUM(CASE WHEN ${paymentFlagSql(f)} THEN 1 ELSE 0 END), 0) AS ${f}`).join(', ')}
       FROM bank_transactions t LEFT JOIN orders o ON o.id = t.order_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    )
    .bind(...params)
    .first<Record<'all' | 'unmatched' | PaymentFlag, number>>();
  if (q.flag) where.push(paymentFlagSql(q.flag));
  const result = await page(d, `payments:${q.flag ?? 'all'}`, where, params, q.cursor, q.limit);
  return { ...result, counts: counted! };
}

/** The inbox: incoming transfers to our account that no order matched, newest first. */
export async function listUnmatched(d: D1Database, q: Omit<PaymentQuery, 'flag'>) {
  const where = ["t.match_status = 'unmatched'"];
  const params: unknown[] = [];
  if (q.q) {
    const text = search(q.q);
    where.push(text.sql);
    params.push(...text.params);
  }
  return page(d, 'unmatched', where, params, q.cursor, q.limit);
}

export async function paymentRow(d: D1Database, id: string): Promise<PaymentRow | null> {
  const r = await d.prepare(`${SELECT} WHERE t.id = ?`).bind(id).first<Raw>();
  return r ? toRow(r) : null;
}

/**
 * A staff member attaches a stored unmatched incoming transfer to an order. The order's match status comes from the
 * webhook's own rule (`matchStatusFor`: a bank-transfer order; refund_pending if it will not ship) and the effect is
 * the webhook's own `transferEffect`, applied once (the repository's guarded claim). Audited as `payment.match`.
 */
export async function matchTransfer(
  d: D1Database,
  input: { transactionId: string; orderCode: string; note: string | null },
  actor: { userId: string; role: string },
  now: number,
): Promise<PaymentRow> {
  const tx = await d
    .prepare('SELECT id, amount, transfer_type AS transferType, match_status AS matchStatus FROM bank_transactions WHERE id = ?')
    .bind(input.transactionId)
    .first<{ id: string; amount: number; transferType: 'in' | 'out'; matchStatus: BankMatchStatus }>();
  if (!tx) throw new NotFoundError('Không tìm thấy giao dịch.', 'TRANSACTION_NOT_FOUND');
  if (tx.transferType !== 'in' || tx.matchStatus === 'ignored') {
    throw new ConflictError('Chỉ ghép được tiền chuyển đến tài khoản của Medicare.', 'NOT_MATCHABLE', { transferType: tx.transferType, matchStatus: tx.matchStatus });
  }
  if (tx.matchStatus !== 'unmatched') throw new ConflictError('Giao dịch này đã được ghép với một đơn hàng.', 'ALREADY_MATCHED');
  const repo = new D1PaymentRepository(d);
  const order = await repo.orderForPayment(input.orderCode);
  if (!order) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
  const status = matchStatusFor({ transferType: 'in', ourAccount: true }, order);
  if (status === 'unmatched') throw new ConflictError('Đơn hàng này không thanh toán bằng chuyển khoản.', 'ORDER_NOT_BANK_TRANSFER');
  const applied = await repo.match(tx, order, status, { actorId: actor.userId, actorRole: actor.role, note: input.note }, now);
  if (!applied) throw new ConflictError('Giao dịch này đã được ghép với một đơn hàng.', 'ALREADY_MATCHED');
  return (await paymentRow(d, tx.id))!;
}
