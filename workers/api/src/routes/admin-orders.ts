import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as checkout from '@medicare/shared/checkout/service';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { ORDER_CODE_PATTERN } from '@medicare/shared/ids';
import { addNote, CancelBodySchema, EmailBodySchema, moveStatus, NoteBodySchema, receiveReturn, resendEmail, ReturnBodySchema, StatusBodySchema } from '@medicare/shared/orders/staff-actions.d1';
import { staffOrder, StaffOrderSchema } from '@medicare/shared/orders/staff-detail';
import { renderPackingSlip, renderPickList } from '@medicare/shared/orders/staff-pdf';
import { orderQueue, OrderQueueSchema, QueueQuerySchema } from '@medicare/shared/orders/staff-queue';
import { recordRefund, RefundBodySchema } from '@medicare/shared/payments/refund.d1';
import { PDF_FONTS } from '@medicare/shared/pdf/fonts';
import { DeliverySchema } from '@medicare/shared/shipping/schemas';
import { D1ShipmentRepository, SHIPPABLE, type OpenShipment, type ShipmentRefusal } from '@medicare/shared/shipping/repo.d1';
import { ghnCarrier, waybillCancellers } from '../adapters';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';
import { cancelOpenWaybills } from '../waybills';

const tags = ['Admin: orders'];
const security = [{ bearerAuth: [] }];
const CodeParam = z.object({ code: z.string().regex(ORDER_CODE_PATTERN).openapi({ param: { name: 'code', in: 'path' }, example: 'MC7K2P9QXR' }) });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const detail = (description: string) => ({ description, content: { 'application/json': { schema: StaffOrderSchema } } });
const pdf = (description: string) => ({ description, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } });
const NoteSchema = z.object({ id: z.string(), text: z.string(), authorName: z.string(), at: z.number().int() }).openapi('StaffOrderNote');

const queueRoute = createRoute({
  method: 'get',
  path: '/v1/admin/orders',
  tags,
  security,
  summary: 'The order queue (admin, pharmacist): filters, counts per status and "needs action" as tabs, keyset paging',
  description:
    'Counts use every filter but `status` and `view` (they are the tabs). `view=needs_action`: confirmed and not packed, paid and not handed ' +
    'to a carrier for over 24 h, refund pending, unknown carrier status on the latest event, late delivery (shipping for over 7 days); each row ' +
    'lists its reasons in `needsAction`. Sorted newest first by default; ties are broken by order id, so pages never skip or repeat.',
  request: { query: QueueQuerySchema },
  responses: { 200: { description: 'A page of orders and the tab counts', content: { 'application/json': { schema: OrderQueueSchema } } }, ...errorResponses(400, 401, 403) },
});
const detailRoute = createRoute({
  method: 'get',
  path: '/v1/admin/orders/{code}',
  tags,
  security,
  summary: 'Staff order detail (admin, pharmacist): money, customer, address, lines with batches, transfers, shipments with raw carrier events, timeline, internal notes, allowed actions',
  request: { params: CodeParam },
  responses: { 200: detail('The order'), ...errorResponses(400, 401, 403, 404) },
});
const noteRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/notes',
  tags,
  security,
  summary: 'Add an internal note (admin, pharmacist; staff only, never shown to the customer; audited)',
  request: { params: CodeParam, ...jsonBody(NoteBodySchema) },
  responses: { 201: { description: 'The note', content: { 'application/json': { schema: NoteSchema } } }, ...errorResponses(400, 401, 403, 404) },
});
const statusRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/status',
  tags,
  security,
  summary: 'Staff status move with a mandatory reason (admin; audited): only the moves the order state table allows staff',
  description:
    '`to`: packing (start packing), shipping, delivered, completed, return_requested. Cancel, return received and refunds have their own routes. ' +
    'The move runs the same stock and money statements as the carrier path (to shipping: goods leave; to delivered: a COD order is paid). ' +
    '409 `ILLEGAL_TRANSITION` when the table does not allow it from the current state, 409 `ORDER_STATE_CHANGED` on a race.',
  request: { params: CodeParam, ...jsonBody(StatusBodySchema) },
  responses: { 200: detail('The order after the move'), ...errorResponses(400, 401, 403, 404, 409) },
});
const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/cancel',
  tags,
  security,
  summary: 'Cancel with a reason (admin; audited): releases stock and vouchers, cancels the open waybill at its carrier',
  request: { params: CodeParam, ...jsonBody(CancelBodySchema) },
  responses: { 200: detail('The cancelled order'), ...errorResponses(400, 401, 403, 404, 409) },
});
const returnRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/return',
  tags,
  security,
  summary: 'Return received (admin; audited): per line, stock back into its batch or written off; the order becomes returned',
  description:
    'For a return_requested or returned order. `restock` puts the line\'s units back into the batches they came from (once; a carrier return ' +
    'has already done so), `write_off` records a stock write-off (units already back are taken out again). A repeat changes nothing. ' +
    '409 `ORDER_NOT_RETURNABLE`, 409 `STOCK_ALREADY_USED` (the restocked units were sold since), 400 `UNKNOWN_ORDER_LINE`.',
  request: { params: CodeParam, ...jsonBody(ReturnBodySchema) },
  responses: { 200: detail('The order after the return'), ...errorResponses(400, 401, 403, 404, 409) },
});
const emailRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/emails',
  tags,
  security,
  summary: 'Send an order email again (admin; audited): queued, sent once per request',
  description: '`kind` is an email the order has been sent before (it reached that state). 409 `EMAIL_NOT_SENT_BEFORE`, 409 `ORDER_HAS_NO_EMAIL`.',
  request: { params: CodeParam, ...jsonBody(EmailBodySchema) },
  responses: { 202: { description: 'Queued', content: { 'application/json': { schema: z.object({ sent: z.literal(true) }) } } }, ...errorResponses(400, 401, 403, 404, 409) },
});
const refundRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/refund',
  tags,
  security,
  summary: 'Record the refund of an order awaiting one, without naming a bank transfer (admin; audited as payment.refund)',
  description:
    'For an order with no transfer to refund through, e.g. a COD order paid in cash and then returned: everything a cancelled, expired or ' +
    'returned order holds, or the excess of an overpayment. The same guarded statements as `POST /v1/admin/payments/{id}/refund` ' +
    '(payments/refund.d1.ts): the order is refunded once, moves to `refunded` when it gave back everything (from cancelled or returned), and ' +
    'the shopper is emailed. The staff detail\'s `refund` action names the route that applies in `route`. 409 `NOT_REFUNDABLE` when nothing is owed back.',
  request: { params: CodeParam, ...jsonBody(RefundBodySchema) },
  responses: { 200: detail('The order after the refund'), ...errorResponses(400, 401, 403, 404, 409) },
});
const pickListRoute = createRoute({
  method: 'get',
  path: '/v1/admin/orders/{code}/pick-list.pdf',
  tags,
  security,
  summary: 'Pick list PDF (admin, pharmacist): lines with lot and expiry per allocated batch',
  request: { params: CodeParam },
  responses: { 200: pdf('The pick list'), ...errorResponses(400, 401, 403, 404) },
});
const packingSlipRoute = createRoute({
  method: 'get',
  path: '/v1/admin/orders/{code}/packing-slip.pdf',
  tags,
  security,
  summary: 'Packing slip PDF (admin, pharmacist): recipient, COD to collect, lines with lot and expiry',
  request: { params: CodeParam },
  responses: { 200: pdf('The packing slip'), ...errorResponses(400, 401, 403, 404) },
});

export const ShipmentCreatedSchema = z
  .object({
    id: z.string().openapi({ description: 'The new shipment' }),
    codAmount: z.number().int().openapi({ description: 'Integer VND the carrier collects on delivery (what is still due of a COD order)' }),
    replaced: z.string().nullable().openapi({ description: 'Tracking code of the waybill this one replaced (closed and cancelled at its carrier)' }),
    delivery: DeliverySchema,
  })
  .openapi('ShipmentCreated');
const createShipment = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/shipments',
  tags: ['Admin: orders'],
  security: [{ bearerAuth: [] }],
  summary: 'Register the carrier waybill of a confirmed order, or create it through GHN when no tracking code is given (admin only; audited). The order moves to packing; carrier webhooks take it from there. One open waybill per order: a replacement names the open one in `replaces` (409 SHIPMENT_ALREADY_OPEN otherwise), which is closed and cancelled at its carrier.',
  request: {
    params: z.object({ code: z.string().regex(ORDER_CODE_PATTERN).openapi({ param: { name: 'code', in: 'path' } }) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              carrier: z.enum(['ghn', 'ghtk', 'internal']),
              trackingCode: z.string().trim().min(3).max(60).regex(/^[A-Za-z0-9._-]+$/).optional().openapi({ description: 'Omit with carrier "ghn" to create the waybill through GHN' }),
              fee: z.number().int().min(0).max(10_000_000).default(0),
              replaces: z.string().trim().min(3).max(60).optional().openapi({ description: 'Tracking code of the open waybill this one replaces (it is closed; an order has one open waybill)' }),
            })
            .strict(),
        },
      },
    },
  },
  responses: { 201: { description: 'Shipment created', content: { 'application/json': { schema: ShipmentCreatedSchema } } }, ...errorResponses(400, 401, 403, 404, 409, 503) },
});

/** The repository's refusals, as API errors (the same whether the waybill is typed in or created at GHN). */
function shipmentError(code: ShipmentRefusal, open?: OpenShipment) {
  if (code === 'ORDER_NOT_FOUND') return new NotFoundError('Không tìm thấy đơn hàng.', code);
  if (code === 'TRACKING_CODE_TAKEN') return new ConflictError('Mã vận đơn đã được dùng cho đơn khác.', code);
  if (code === 'SHIPMENT_ALREADY_OPEN') return new ConflictError('Đơn hàng đã có vận đơn đang mở; hãy chọn thay thế vận đơn đó.', code, open ? { openTrackingCode: open.trackingCode } : undefined);
  if (code === 'REPLACED_SHIPMENT_NOT_OPEN') return new ConflictError('Vận đơn cần thay thế không còn mở.', code);
  return new ConflictError('Chỉ tạo vận đơn cho đơn đã xác nhận.', code);
}

const staffRole = (c: Context<ApiEnv>) => c.var.principal!.role as 'admin' | 'pharmacist';
async function detailOf(c: Context<ApiEnv>, code: string) {
  const o = await staffOrder(c.var.db, code, staffRole(c));
  if (!o) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
  return o;
}
const pdfResponse = (bytes: Uint8Array, name: string) =>
  new Response(new Uint8Array(bytes), { headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}"`, 'cache-control': 'private, no-store' } });

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. Reads and
 * notes: admin and pharmacist; every other action: admin. Registered per route (method and path). */
const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
const admin = requireRole('admin');
base.on('GET', '/v1/admin/orders', staff);
base.on('GET', '/v1/admin/orders/:code', staff);
base.on('GET', '/v1/admin/orders/:code/pick-list.pdf', staff);
base.on('GET', '/v1/admin/orders/:code/packing-slip.pdf', staff);
base.on('POST', '/v1/admin/orders/:code/notes', staff);
for (const action of ['status', 'cancel', 'return', 'refund', 'emails', 'shipments']) base.on('POST', `/v1/admin/orders/:code/${action}`, admin);
export const adminOrderRoutes = base
  .openapi(queueRoute, async (c) => c.json(await orderQueue(c.var.db, c.req.valid('query'), Date.now()), 200))
  .openapi(detailRoute, async (c) => c.json(await detailOf(c, c.req.valid('param').code), 200))
  .openapi(noteRoute, async (c) => c.json(await addNote(c.var.db, c.req.valid('param').code, c.req.valid('json').text, staffActor(c), Date.now()), 201))
  .openapi(statusRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { to, reason } = c.req.valid('json');
    await moveStatus(c.var.db, code, to, reason, staffActor(c), Date.now());
    publishSoon(c);
    return c.json(await detailOf(c, code), 200);
  })
  .openapi(cancelRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    // Decided, applied and audited (in one batch) by the one cancel path the shopper's route uses too.
    await checkout.cancelOrder(new D1CheckoutRepository(c.var.db), code, c.var.principal!, Date.now(), reason);
    await cancelOpenWaybills(c, code);
    publishSoon(c);
    return c.json(await detailOf(c, code), 200);
  })
  .openapi(returnRoute, async (c) => {
    const { code } = c.req.valid('param');
    if (await receiveReturn(c.var.db, code, c.req.valid('json'), staffActor(c), Date.now())) publishSoon(c);
    return c.json(await detailOf(c, code), 200);
  })
  .openapi(refundRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { reference, note } = c.req.valid('json');
    const o = await c.var.db.prepare('SELECT id FROM orders WHERE code = ?').bind(code).first<{ id: string }>();
    if (!o) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
    const p = c.var.principal!;
    // The same guarded statements as the bank transfer route (payments/refund.d1.ts), without a transfer.
    if (!(await recordRefund(c.var.db, { orderId: o.id, orderCode: code, transactionId: null, reference, note: note ?? null, actor: { id: p.userId, role: p.role } }, Date.now()))) {
      throw new ConflictError('Đơn hàng này không chờ hoàn tiền.', 'NOT_REFUNDABLE');
    }
    publishSoon(c);
    return c.json(await detailOf(c, code), 200);
  })
  .openapi(emailRoute, async (c) => {
    await resendEmail(c.var.db, c.req.valid('param').code, c.req.valid('json').kind, staffActor(c), Date.now());
    publishSoon(c);
    return c.json({ sent: true as const }, 202);
  })
  .openapi(pickListRoute, async (c) => {
    const o = await detailOf(c, c.req.valid('param').code);
    return pdfResponse(await renderPickList(o, PDF_FONTS, Date.now()), `phieu-lay-hang-${o.code}.pdf`) as never;
  })
  .openapi(packingSlipRoute, async (c) => {
    const o = await detailOf(c, c.req.valid('param').code);
    return pdfResponse(await renderPackingSlip(o, PDF_FONTS, Date.now()), `phieu-dong-goi-${o.code}.pdf`) as never;
  })
  .openapi(createShipment, async (c) => {
  const { code } = c.req.valid('param');
  const input = c.req.valid('json');
  const repo = new D1ShipmentRepository(c.var.db);
  const p = c.var.principal!;
  let trackingCode = input.trackingCode;
  let fee = input.fee;
  const ghn = !trackingCode ? ghnCarrier(c) : null;
  if (!trackingCode) {
    if (input.carrier !== 'ghn') throw new ValidationError('Hãy nhập mã vận đơn.', undefined, 'TRACKING_CODE_REQUIRED');
    if (!ghn) throw new ServiceUnavailableError('Chưa cấu hình GHN; hãy nhập mã vận đơn.', 'CARRIER_NOT_CONFIGURED');
    const facts = await repo.waybillFacts(code);
    if (!facts) throw shipmentError('ORDER_NOT_FOUND');
    if (!SHIPPABLE.has(facts.status)) throw shipmentError('ORDER_NOT_SHIPPABLE');
    const open = await repo.openWaybill(facts.id);
    if (open && open.trackingCode !== input.replaces) throw shipmentError('SHIPMENT_ALREADY_OPEN', open); // before GHN makes one
    ({ orderCode: trackingCode, fee } = await ghn.createOrder(facts));
  }
  const res = await repo.create(code, { carrier: input.carrier, trackingCode, fee, replaces: input.replaces }, { id: p.userId, role: p.role }, Date.now());
  if (res.error) {
    // The waybill we just created at GHN must not outlive a refusal here.
    if (ghn) await ghn.cancel([trackingCode]).catch(() => []);
    throw shipmentError(res.error, res.open);
  }
  // The replaced waybill is closed here; ask its carrier to cancel it too (best effort: its late callbacks are stored
  // but no longer move the order).
  const old = res.replaced;
  const canceller = old && old.carrier !== 'internal' ? waybillCancellers(c)[old.carrier] : undefined;
  if (old && canceller) await canceller.cancel([old.trackingCode]).catch(() => []);
  const { replaced, ...created } = res;
  return c.json({ ...created, replaced: replaced?.trackingCode ?? null, delivery: await repo.forOrder(code) }, 201);
});
