/**
 * #15 advice: pickup reservations at the counter (ADR 0030). Pharmacists and admins read them; only a pharmacist
 * dispenses (after seeing the original prescription) or cancels. The cron expires them (index.ts runScheduled).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CancelBodySchema, cancelPickup, dispensePickup, DispenseBodySchema, listPickups, PickupListSchema, PickupQuerySchema, PickupSchema } from '@medicare/shared/pickup/reservations.d1';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';

const tags = ['Pharmacist: pickups'];
const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const pickup = (description: string) => ({ description, content: { 'application/json': { schema: PickupSchema } } });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/pharmacist/pickups',
  tags,
  security,
  summary: 'Pickup reservations (pharmacist, admin): newest first; `q` searches the pickup or consultation code, the name or the phone',
  request: { query: PickupQuerySchema },
  responses: { 200: { description: 'A page of reservations', content: { 'application/json': { schema: PickupListSchema } } }, ...errorResponses(400, 401, 403) },
});

const dispenseRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/pickups/{id}/dispense',
  tags,
  security,
  summary: 'Dispense at the counter (pharmacist only; audited): the stock leaves through a `sale` movement and the reservation closes',
  description: '`prescriptionSeen` must be true (the original prescription was checked). 409 `PICKUP_NOT_RESERVED` when it is no longer reserved, `PICKUP_EXPIRED` past its expiry, `PICKUP_BATCH_EXPIRED` when a batch reserved for it has expired since (nothing is sold from an expired batch: cancel the reservation and advise again).',
  request: { params: IdParam, ...jsonBody(DispenseBodySchema) },
  responses: { 200: pickup('The dispensed reservation'), ...errorResponses(400, 401, 403, 404, 409) },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/pickups/{id}/cancel',
  tags,
  security,
  summary: 'Cancel a reservation (pharmacist only; audited): the reserved stock goes back once',
  request: { params: IdParam, ...jsonBody(CancelBodySchema) },
  responses: { 200: pickup('The cancelled reservation'), ...errorResponses(400, 401, 403, 404, 409) },
});

const base = new OpenAPIHono<ApiEnv>();
base.on('GET', '/v1/pharmacist/pickups', requireRole('admin', 'pharmacist'));
base.on('POST', '/v1/pharmacist/pickups/:id/dispense', requireRole('pharmacist'));
base.on('POST', '/v1/pharmacist/pickups/:id/cancel', requireRole('pharmacist'));

export const pickupRoutes = base
  .openapi(listRoute, async (c) => c.json(await listPickups(c.var.db, c.req.valid('query')), 200))
  .openapi(dispenseRoute, async (c) => {
    const res = await dispensePickup(c.var.db, c.req.valid('param').id, c.req.valid('json'), staffActor(c), Date.now());
    publishSoon(c);
    return c.json(res, 200);
  })
  .openapi(cancelRoute, async (c) => c.json(await cancelPickup(c.var.db, c.req.valid('param').id, c.req.valid('json').reason, staffActor(c), Date.now()), 200));
