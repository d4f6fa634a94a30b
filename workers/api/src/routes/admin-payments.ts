import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { newId } from '@medicare/shared/ids';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: payments'];
const security = [{ bearerAuth: [] }];
const anyJson = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });

const TX = `SELECT t.id, t.provider_txn_id AS providerTxnId, t.transfer_type AS transferType, t.amount, t.payment_code AS paymentCode, t.content,
  t.match_status AS matchStatus, t.source, t.transaction_at AS transactionAt, t.created_at AS createdAt, o.code AS orderCode, o.status AS orderStatus,
  o.payment_status AS orderPaymentStatus, o.total AS orderTotal, o.paid_amount AS orderPaid FROM bank_transactions t LEFT JOIN orders o ON o.id = t.order_id`;

const list = createRoute({
  method: 'get',
  path: '/v1/admin/payments',
  tags,
  security,
  summary: 'Bank transactions, newest first; `flag=underpaid|overpaid|refund` narrows to orders needing attention (admin only)',
  request: { query: z.object({ flag: z.enum(['underpaid', 'overpaid', 'refund']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: { 200: anyJson('Transactions'), ...errorResponses(400, 401, 403) },
});
const unmatched = createRoute({ method: 'get', path: '/v1/admin/payments/unmatched', tags, security, summary: 'Incoming transfers no order matched (admin only)', responses: { 200: anyJson('Transactions'), ...errorResponses(401, 403) } });
const refund = createRoute({
  method: 'post',
  path: '/v1/admin/payments/{id}/refund',
  tags,
  security,
  summary: 'Record that a transfer awaiting refund (payment for a cancelled/expired order, or an overpayment) was refunded (admin only; audited)',
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
      : flag === 'refund' ? "WHERE t.match_status = 'refund_pending' OR o.payment_status IN ('overpaid', 'refund_pending')"
      : '';
    const rows = await c.var.db.prepare(`${TX} ${where} ORDER BY t.created_at DESC LIMIT ?`).bind(limit).all();
    return c.json({ items: rows.results }, 200);
  })
  .openapi(unmatched, async (c) => c.json({ items: (await c.var.db.prepare(`${TX} WHERE t.match_status = 'unmatched' ORDER BY t.created_at DESC LIMIT 200`).all()).results }, 200))
  .openapi(refund, async (c) => {
    const { id } = c.req.valid('param');
    const { reference, note } = c.req.valid('json');
    const tx = await c.var.db.prepare(`${TX} WHERE t.id = ?`).bind(id).first<{ matchStatus: string; orderPaymentStatus: string | null; orderCode: string | null }>();
    if (!tx) throw new NotFoundError('Không tìm thấy giao dịch.', 'TRANSACTION_NOT_FOUND');
    const refundable = tx.matchStatus === 'refund_pending' || tx.orderPaymentStatus === 'overpaid';
    if (!refundable) throw new ConflictError('Giao dịch này không chờ hoàn tiền.', 'NOT_REFUNDABLE');
    const now = Date.now();
    const p = c.var.principal!;
    const [changed] = await c.var.db.batch([
      c.var.db.prepare("UPDATE bank_transactions SET match_status = 'refunded' WHERE id = ? AND (match_status = 'refund_pending' OR (match_status = 'matched' AND (SELECT payment_status FROM orders WHERE id = bank_transactions.order_id) = 'overpaid'))").bind(id),
      c.var.db
        .prepare("UPDATE orders SET payment_status = CASE payment_status WHEN 'overpaid' THEN 'paid' WHEN 'refund_pending' THEN 'refunded' ELSE payment_status END, updated_at = ? WHERE id = (SELECT order_id FROM bank_transactions WHERE id = ?) AND changes() = 1")
        .bind(now, id),
      c.var.db
        .prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES (?, ?, ?, 'payment.refund', 'bank_transaction', ?, ?, ?)")
        .bind(newId(), p.userId, p.role, id, JSON.stringify({ reference, note: note ?? null, orderCode: tx.orderCode }), now),
    ]);
    if (changed!.meta.changes !== 1) throw new ConflictError('Giao dịch vừa được xử lý.', 'NOT_REFUNDABLE');
    return c.json((await c.var.db.prepare(`${TX} WHERE t.id = ?`).bind(id).first())!, 200);
  });
