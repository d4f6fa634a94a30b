import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { timingSafeEqual } from '@medicare/shared/auth/crypto';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { createApp, errorEnvelope, errorResponses } from '@medicare/shared/http/app';
import { D1ShipmentRepository, type CarrierEvent } from '@medicare/shared/shipping/repo.d1';

/** Bindings of the hook Worker (carrier webhooks). The secrets are the unguessable parts of the registered URLs. */
export interface HookBindings {
  DB: D1Database;
  EVENTS: Queue;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
  HOOK_SECRET_GHN?: string;
  HOOK_SECRET_GHTK?: string;
}

export const app = createApp<{ Bindings: HookBindings }>({
  service: 'hook',
  prefix: '/v1/hooks',
  title: 'Medicare Carrier Hooks',
  description: 'Delivery-status webhooks from GHN and GHTK.',
});

const GhnSchema = z.object({
  OrderCode: z.string().min(1).max(40),
  Status: z.string().min(1).max(60),
  Time: z.string().min(10).max(40),
  Type: z.string().max(40).optional(),
  ClientOrderCode: z.string().max(60).nullable().optional(),
  Description: z.string().max(500).nullable().optional(),
  Reason: z.string().max(500).nullable().optional(),
  ReasonCode: z.string().max(60).nullable().optional(),
  CODAmount: z.number().nullable().optional(),
  Weight: z.number().nullable().optional(),
});
const GhtkSchema = z.object({
  label_id: z.string().min(1).max(60),
  partner_id: z.string().max(60).optional(),
  status_id: z.coerce.number().int(),
  action_time: z.string().min(10).max(40),
  reason_code: z.string().max(60).optional(),
  reason: z.string().max(500).optional(),
  weight: z.coerce.number().optional(),
  fee: z.coerce.number().optional(),
  pick_money: z.coerce.number().optional(),
});

const ok200 = { description: 'Recorded', content: { 'application/json': { schema: z.object({ success: z.literal(true) }) } } };
app.openAPIRegistry.registerPath(
  createRoute({ method: 'post', path: '/v1/hooks/ghn/{secret}', tags: ['Carriers'], summary: 'GHN status callback (secret in the path)', request: { params: z.object({ secret: z.string() }), body: { content: { 'application/json': { schema: GhnSchema } } } }, responses: { 200: ok200, ...errorResponses(400, 401) } }),
);
app.openAPIRegistry.registerPath(
  createRoute({ method: 'post', path: '/v1/hooks/ghtk', tags: ['Carriers'], summary: 'GHTK status callback (secret in ?hash=; form-urlencoded or JSON)', request: { query: z.object({ hash: z.string() }), body: { content: { 'application/x-www-form-urlencoded': { schema: GhtkSchema } } } }, responses: { 200: ok200, ...errorResponses(400, 401) } }),
);

const enc = new TextEncoder();
function secretOk(given: string | undefined, expected: string | undefined) {
  return Boolean(given && expected && timingSafeEqual(enc.encode(given), enc.encode(expected)));
}

async function accept(c: Context<{ Bindings: HookBindings }>, e: CarrierEvent) {
  await new D1ShipmentRepository(c.env.DB).apply(e, Date.now());
  c.executionCtx.waitUntil(publishOutbox(new D1CheckoutRepository(c.env.DB), c.env.EVENTS, Date.now()).catch(() => 0));
  return c.json({ success: true as const }, 200);
}

app.post('/v1/hooks/ghn/:secret', async (c) => {
  if (!secretOk(c.req.param('secret'), c.env.HOOK_SECRET_GHN)) return c.json(errorEnvelope('UNAUTHENTICATED', 'Sai khóa webhook.'), 401);
  const parsed = GhnSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) return c.json(errorEnvelope('VALIDATION_FAILED', 'Dữ liệu webhook không hợp lệ.'), 400);
  const p = parsed.data;
  const at = Date.parse(p.Time);
  if (Number.isNaN(at)) return c.json(errorEnvelope('VALIDATION_FAILED', 'Thời gian không hợp lệ.'), 400);
  return accept(c, { carrier: 'ghn', trackingCode: p.OrderCode, carrierStatus: p.Status, occurredAt: at, raw: JSON.stringify({ OrderCode: p.OrderCode, Status: p.Status, Time: p.Time, Type: p.Type, ReasonCode: p.ReasonCode }) });
});

app.post('/v1/hooks/ghtk', async (c) => {
  if (!secretOk(c.req.query('hash'), c.env.HOOK_SECRET_GHTK)) return c.json(errorEnvelope('UNAUTHENTICATED', 'Sai khóa webhook.'), 401);
  const type = c.req.header('content-type') ?? '';
  const body = type.includes('application/json') ? await c.req.json().catch(() => null) : await c.req.parseBody().catch(() => null);
  const parsed = GhtkSchema.safeParse(body);
  if (!parsed.success) return c.json(errorEnvelope('VALIDATION_FAILED', 'Dữ liệu webhook không hợp lệ.'), 400);
  const p = parsed.data;
  const at = Date.parse(p.action_time.includes('T') || p.action_time.includes('+') ? p.action_time : `${p.action_time.replace(' ', 'T')}+07:00`);
  if (Number.isNaN(at)) return c.json(errorEnvelope('VALIDATION_FAILED', 'Thời gian không hợp lệ.'), 400);
  return accept(c, { carrier: 'ghtk', trackingCode: p.label_id, carrierStatus: String(p.status_id), occurredAt: at, raw: JSON.stringify({ label_id: p.label_id, status_id: p.status_id, action_time: p.action_time, reason_code: p.reason_code }) });
});

export default { fetch: app.fetch } satisfies ExportedHandler<HookBindings>;
