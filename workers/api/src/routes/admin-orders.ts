import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { ORDER_CODE_PATTERN } from '@medicare/shared/ids';
import { D1ShipmentRepository, SHIPPABLE, type OpenShipment, type ShipmentRefusal } from '@medicare/shared/shipping/repo.d1';
import { ghnCarrier, waybillCancellers } from '../adapters';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

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
  responses: { 201: { description: 'Shipment created', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...errorResponses(400, 401, 403, 404, 409, 503) },
});

/** The repository's refusals, as API errors (the same whether the waybill is typed in or created at GHN). */
function shipmentError(code: ShipmentRefusal, open?: OpenShipment) {
  if (code === 'ORDER_NOT_FOUND') return new NotFoundError('Không tìm thấy đơn hàng.', code);
  if (code === 'TRACKING_CODE_TAKEN') return new ConflictError('Mã vận đơn đã được dùng cho đơn khác.', code);
  if (code === 'SHIPMENT_ALREADY_OPEN') return new ConflictError('Đơn hàng đã có vận đơn đang mở; hãy chọn thay thế vận đơn đó.', code, open ? { openTrackingCode: open.trackingCode } : undefined);
  if (code === 'REPLACED_SHIPMENT_NOT_OPEN') return new ConflictError('Vận đơn cần thay thế không còn mở.', code);
  return new ConflictError('Chỉ tạo vận đơn cho đơn đã xác nhận.', code);
}

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/orders/*', requireRole('admin'));
export const adminOrderRoutes = base.openapi(createShipment, async (c) => {
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
