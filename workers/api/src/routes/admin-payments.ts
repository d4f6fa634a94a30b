import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { newId } from '@medicare/shared/ids';
import { awaitsRefundSql, heldSql, paymentStatusSql, settlePayment } from '@medicare/shared/orders/money';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: payments'];
const security = [{ bearerAuth: [] }];
const anyJson = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });

const TX = `SELECT t.id, t.provider_txn_id AS providerTxnId, t.transfer_type AS transferType, t.amount, t.payment_code AS paymentCode, t.content,
  t.match_status AS matchStatus, t.source, t.transaction_at AS transactionAt, t.created_at AS createdAt, o.code AS orderCode, o.status AS orderStatus,
  o.payment_status AS orderPaymentStatus, o.total AS orderTotal, o.paid_amount AS orderPaid, o.refunded_amount AS orderRefunded FROM bank_transactions t LEFT JOIN orders o ON o.id = t.order_id`;

const list = createRoute({
  method: 'get',
  path: '/v1/admin/payments',
  tags,
  security,
  summary: 'Bank transactions, newest first; `flag=underpaid|overpaid|refund` narrows to orders needing attention (`refund`: the transfers of every order that holds money it owes back) (admin only)',
  request: { query: z.object({ flag: z.enum(['underpaid', 'overpaid', 'refund']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: { 200: anyJson('Transactions'), ...errorResponses(400, 401, 403) },
});
const unmatched = createRoute({ method: 'get', path: '/v1/admin/payments/unmatched', tags, security, summary: 'Incoming transfers no order matched (admin only)', responses: { 200: anyJson('Transactions'), ...errorResponses(401, 403) } });
const refund = createRoute({
  method: 'post',
  path: '/v1/admin/payments/{id}/refund',
  tags,
  security,
  summary: 'Record the refund of an order awaiting one, through one of its transfers: everything a cancelled, expired or returned order holds (all its transfers become refunded; the shopper is emailed), or the excess of an overpayment (admin only; audited)',
  request: {
    params: z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) }),
    body: { required: true, content: { 'application/json': { schema: z.object({ reference: z.string().trim().min(3).max(100).openapi({ description: 'Bank reference of the refund transfer' }), note: z.string().max(500).optional() }).strict() } } },
  },
  responses: { 200: anyJson('Refunded'), ...errorResponses(400, 401, 403, 404, 409) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/payments', requireRole('admin'));
base.use('/v1/admin/payments/*', requireRole('admin'));
export const adminPaymentRoutes = base
  .openapi(list, async (c) => {
    const { flag, limit } = c.req.valid('query');
    const where =
      flag === 'underpaid' ? "WHERE o.payment_status = 'underpaid'"
      : flag === 'overpaid' ? "WHERE o.payment_status = 'overpaid'"
      : flag === 'refund' ? `WHERE t.order_id IS NOT NULL AND ${awaitsRefundSql('o')}`
      : '';
    const rows = await c.var.db.prepare(`${TX} ${where} ORDER BY t.created_at DESC LIMIT ?`).bind(limit).all();
    return c.json({ items: rows.results }, 200);
  })
  .openapi(unmatched, async (c) => c.json({ items: (await c.var.db.prepare(`${TX} WHERE t.match_status = 'unmatched' ORDER BY t.created_at DESC LIMIT 200`).all()).results }, 200))
  .openapi(refund, async (c) => {
    const { id } = c.req.valid('param');
    const { reference, note } = c.req.valid('json');
    const db = c.var.db;
    const tx = await db.prepare("SELECT t.order_id AS orderId, o.code AS orderCode FROM bank_transactions t LEFT JOIN orders o ON o.id = t.order_id WHERE t.id = ?").bind(id).first<{ orderId: string | null; orderCode: string | null }>();
    if (!tx) throw new NotFoundError('Không tìm thấy giao dịch.', 'TRANSACTION_NOT_FOUND');
    if (!tx.orderId) throw new ConflictError('Giao dịch này không chờ hoàn tiền.', 'NOT_REFUNDABLE');
    const now = Date.now();
    const p = c.var.principal!;
    // What the order owes back follows from the one money rule (orders/money.ts): everything it holds once its goods
    // will not ship (refund_pending: through any of its transfers, all of which are marked refunded), or the excess of
    // an overpayment (this transfer). Each statement is guarded by the one before it, so a repeated or racing refund
    // changes nothing.
    const owed = `CASE WHEN ${paymentStatusSql('orders')} = 'overpaid' THEN ${heldSql('orders')} - total ELSE ${heldSql('orders')} END`;
    const [changed] = await db.batch([
      db
        .prepare(
          `UPDATE orders SET refunded_amount = refunded_amount + ${owed}, updated_at = ?
           WHERE id = ? AND ${awaitsRefundSql('orders')}
             AND EXISTS (SELECT 1 FROM bank_transactions t WHERE t.id = ? AND (t.match_status IN ('matched', 'refund_pending') OR ${paymentStatusSql('orders')} = 'refund_pending'))`,
        )
        .bind(now, tx.orderId, id),
      db
        .prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) SELECT ?, ?, ?, 'payment.refund', 'bank_transaction', ?, ?, ? WHERE changes() = 1")
        .bind(newId(), p.userId, p.role, id, JSON.stringify({ reference, note: note ?? null, orderCode: tx.orderCode }), now),
      db
        .prepare(
          `UPDATE bank_transactions SET match_status = 'refunded'
           WHERE order_id = ? AND match_status IN ('matched', 'refund_pending') AND (id = ? OR (SELECT payment_status FROM orders WHERE id = ?) = 'refund_pending') AND changes() = 1`,
        )
        .bind(tx.orderId, id, tx.orderId),
      // refund_pending → refunded (with the order.refunded event the consumer emails), overpaid → paid.
      ...settlePayment(db, tx.orderId, now),
    ]);
    if (changed!.meta.changes !== 1) throw new ConflictError('Giao dịch này không chờ hoàn tiền.', 'NOT_REFUNDABLE');
    return c.json((await c.var.db.prepare(`${TX} WHERE t.id = ?`).bind(id).first())!, 200);
  });
