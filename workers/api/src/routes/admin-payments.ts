import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { ORDER_CODE_PATTERN } from '@medicare/shared/ids';
import { ORDER_STATUSES } from '@medicare/shared/db/schema';
import { BANK_MATCH_STATUSES, listPayments, listUnmatched, matchTransfer, PAYMENT_FLAGS, paymentRow } from '@medicare/shared/payments/admin';
import { PAYMENT_STATUS_LABELS, type PaymentStatus } from '@medicare/shared/payments/labels';
import { recordRefund, RefundBodySchema } from '@medicare/shared/payments/refund.d1';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';

const tags = ['Admin: payments'];
const security = [{ bearerAuth: [] }];

const PaymentStatusEnum = z.enum(Object.keys(PAYMENT_STATUS_LABELS) as [PaymentStatus, ...PaymentStatus[]]);
export const PaymentRowSchema = z
  .object({
    id: z.string(),
    providerTxnId: z.string().openapi({ description: 'SePay transaction id' }),
    transferType: z.enum(['in', 'out']),
    amount: z.number().int().openapi({ description: 'Integer VND' }),
    paymentCode: z.string().nullable(),
    content: z.string().nullable(),
    matchStatus: z.enum(BANK_MATCH_STATUSES),
    matchStatusLabel: z.string(),
    source: z.enum(['webhook', 'reconciliation']),
    transactionAt: z.number().int().nullable().openapi({ description: "The bank's time of the transfer (epoch ms)" }),
    createdAt: z.number().int().openapi({ description: 'When Medicare stored the transfer (epoch ms)' }),
    orderCode: z.string().nullable(),
    orderStatus: z.enum(ORDER_STATUSES).nullable(),
    orderStatusLabel: z.string().nullable(),
    orderPaymentStatus: PaymentStatusEnum.nullable(),
    orderPaymentStatusLabel: z.string().nullable(),
    orderTotal: z.number().int().nullable(),
    orderPaid: z.number().int().nullable(),
    orderRefunded: z.number().int().nullable(),
    flags: z.array(z.enum(PAYMENT_FLAGS)).openapi({ description: 'underpaid / overpaid (the order), late (arrived after its order was cancelled or expired), refund (the order owes money back)' }),
    matchedBy: z
      .object({ actorId: z.string().nullable(), actorName: z.string().nullable(), note: z.string().nullable(), at: z.number().int() })
      .nullable()
      .openapi({ description: 'Set when a staff member matched the transfer to its order by hand' }),
  })
  .openapi('PaymentRow');
const PageSchema = z.object({ items: z.array(PaymentRowSchema), nextCursor: z.string().nullable() });
const CountsSchema = z
  .object({ all: z.number().int(), unmatched: z.number().int(), underpaid: z.number().int(), overpaid: z.number().int(), late: z.number().int(), refund: z.number().int() })
  .openapi({ description: 'Transfers per flag (with `q` applied, whatever `flag` is)' });
const paging = {
  q: z.string().trim().max(100).optional().openapi({ description: 'Order code, payment code, transfer content or SePay id (contains; empty: no search)' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
const ok = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const idParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const list = createRoute({
  method: 'get',
  path: '/v1/admin/payments',
  tags,
  security,
  summary:
    'Bank transactions, newest first (keyset); `flag=underpaid|overpaid|late|refund` narrows to transfers needing attention (`late`: stored after its order was cancelled or expired; `refund`: its order holds money it owes back), with counts per flag (admin only)',
  request: { query: z.object({ flag: z.enum(PAYMENT_FLAGS).optional().openapi({ description: 'Absent: every transfer' }), ...paging }) },
  responses: { 200: ok(PageSchema.extend({ counts: CountsSchema }), 'Transactions'), ...errorResponses(400, 401, 403) },
});
const unmatched = createRoute({
  method: 'get',
  path: '/v1/admin/payments/unmatched',
  tags,
  security,
  summary: 'The inbox: incoming transfers to our account that no order matched, newest first (keyset; admin only)',
  request: { query: z.object(paging) },
  responses: { 200: ok(PageSchema, 'Transactions'), ...errorResponses(400, 401, 403) },
});
const match = createRoute({
  method: 'post',
  path: '/v1/admin/payments/{id}/match',
  tags,
  security,
  summary:
    "Attach an unmatched incoming transfer to a bank-transfer order and apply it exactly as the SePay webhook would (confirms a pending order it pays in full; owed back if the order was cancelled or expired). Once: a second or racing match is 409 (admin only; audited as payment.match)",
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              orderCode: z.string().trim().toUpperCase().regex(ORDER_CODE_PATTERN, 'Mã đơn hàng có dạng MC và 8 ký tự.'),
              note: z.string().trim().max(500).optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: { 200: ok(PaymentRowSchema, 'Matched'), ...errorResponses(400, 401, 403, 404, 409) },
});
const refund = createRoute({
  method: 'post',
  path: '/v1/admin/payments/{id}/refund',
  tags,
  security,
  summary: 'Record the refund of an order awaiting one, through one of its transfers: everything a cancelled, expired or returned order holds (all its transfers become refunded; the shopper is emailed), or the excess of an overpayment (admin only; audited)',
  request: {
    params: idParam,
    body: { required: true, content: { 'application/json': { schema: RefundBodySchema } } },
  },
  responses: { 200: ok(PaymentRowSchema, 'Refunded'), ...errorResponses(400, 401, 403, 404, 409) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/payments', requireRole('admin'));
base.use('/v1/admin/payments/*', requireRole('admin'));
export const adminPaymentRoutes = base
  .openapi(list, async (c) => c.json(await listPayments(c.var.db, c.req.valid('query')), 200))
  .openapi(unmatched, async (c) => c.json(await listUnmatched(c.var.db, c.req.valid('query')), 200))
  .openapi(match, async (c) => {
    const { id } = c.req.valid('param');
    const { orderCode, note } = c.req.valid('json');
    const p = c.var.principal!;
    const row = await matchTransfer(c.var.db, { transactionId: id, orderCode, note: note || null }, p, Date.now());
    // order.paid and friends go out through the outbox, as after the webhook; the cron re-publishes anything that does not.
    publishSoon(c);
    return c.json(row, 200);
  })
  .openapi(refund, async (c) => {
    const { id } = c.req.valid('param');
    const { reference, note } = c.req.valid('json');
    const db = c.var.db;
    const tx = await db.prepare("SELECT t.order_id AS orderId, o.code AS orderCode FROM bank_transactions t LEFT JOIN orders o ON o.id = t.order_id WHERE t.id = ?").bind(id).first<{ orderId: string | null; orderCode: string | null }>();
    if (!tx) throw new NotFoundError('Không tìm thấy giao dịch.', 'TRANSACTION_NOT_FOUND');
    if (!tx.orderId) throw new ConflictError('Giao dịch này không chờ hoàn tiền.', 'NOT_REFUNDABLE');
    const p = c.var.principal!;
    // The same guarded statements as the order route's refund (payments/refund.d1.ts): through this transfer.
    const changed = await recordRefund(db, { orderId: tx.orderId, orderCode: tx.orderCode!, transactionId: id, reference, note: note ?? null, actor: { id: p.userId, role: p.role } }, Date.now());
    if (!changed) throw new ConflictError('Giao dịch này không chờ hoàn tiền.', 'NOT_REFUNDABLE');
    return c.json((await paymentRow(db, id))!, 200);
  });
