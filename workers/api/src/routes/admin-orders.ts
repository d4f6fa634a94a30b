import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { ORDER_CODE_PATTERN } from '@medicare/shared/ids';
import { D1ShipmentRepository } from '@medicare/shared/shipping/repo.d1';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const createShipment = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{code}/shipments',
  tags: ['Admin: orders'],
  security: [{ bearerAuth: [] }],
  summary: 'Register the carrier waybill of a confirmed order (admin only; audited). The order moves to packing; carrier webhooks take it from there.',
  request: {
    params: z.object({ code: z.string().regex(ORDER_CODE_PATTERN).openapi({ param: { name: 'code', in: 'path' } }) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ carrier: z.enum(['ghn', 'ghtk', 'internal']), trackingCode: z.string().trim().min(3).max(60).regex(/^[A-Za-z0-9._-]+$/), fee: z.number().int().min(0).max(10_000_000).default(0) }).strict(),
        },
      },
    },
  },
  responses: { 201: { description: 'Shipment created', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...errorResponses(400, 401, 403, 404, 409) },
});

export const adminOrderRoutes = new OpenAPIHono<ApiEnv>();
adminOrderRoutes.use('/v1/admin/orders/*', requireRole('admin'));
adminOrderRoutes.openapi(createShipment, async (c) => {
  const { code } = c.req.valid('param');
  const repo = new D1ShipmentRepository(c.var.db);
  const p = c.var.principal!;
  const res = await repo.create(code, c.req.valid('json'), { id: p.userId, role: p.role }, Date.now());
  if ('error' in res) {
    if (res.error === 'ORDER_NOT_FOUND') throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
    if (res.error === 'TRACKING_CODE_TAKEN') throw new ConflictError('Mã vận đơn đã được dùng cho đơn khác.', 'TRACKING_CODE_TAKEN');
    throw new ConflictError('Chỉ tạo vận đơn cho đơn đã xác nhận.', 'ORDER_NOT_SHIPPABLE');
  }
  return c.json({ ...res, delivery: await repo.forOrder(code) }, 201);
});
