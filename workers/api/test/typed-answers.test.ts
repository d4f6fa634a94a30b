/**
 * #13: the shopper-facing routes answer typed zod schemas, and what they send matches them. The document check fails
 * while any non-admin route still documents a free-form object (`z.record(z.string(), z.unknown())`); the walk through
 * an order (quote, place, detail, list, lookup, payment, cancel) and the vouchers parses every answer with the route's
 * schema and compares: a field the handler sends but the schema lacks (stripped by the parse) or a D1 integer where the
 * schema says boolean fails it, the two drifts a compile-time check of the handler cannot see.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from '@hono/zod-openapi';
import { OrderDetailSchema, OrderListSchema, OrderViewSchema, QuoteSchema } from '@medicare/shared/checkout/schemas';
import { PublicVoucherSchema, VoucherSchema } from '@medicare/shared/checkout/vouchers.admin';
import { PaymentStatusViewSchema } from '@medicare/shared/payments/status';
import { api, DAY, hcmWard, json, NOW, seedFixtures, tokenFor } from './fixtures';

const PARA_STRIP = '01TESTUNITPARAVI0000000000';
const address = { recipientName: 'Đỗ Thu Trang', phone: '0903555777', provinceCode: '79', wardCode: '26743', street: '12 Nguyễn Huệ' };

/** The body, checked to be exactly what the schema describes (nothing more, nothing of another type). */
async function answers<S extends z.ZodType>(schema: S, res: Response, status = 200): Promise<z.infer<S>> {
  expect(res.status).toBe(status);
  const body = await json(res);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
  return parsed.data!;
}

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    ...hcmWard(),
    env.DB.prepare(
      `INSERT INTO vouchers (id, code, name, kind, discount_type, discount_value, max_discount, min_subtotal, starts_at, ends_at, usage_limit, used_count, per_user_limit, excluded_product_ids, active, created_at, updated_at)
       VALUES ('VTYPED', 'TYPED10', 'Giảm 10%', 'order', 'percent', 10, 20000, 0, ?, ?, NULL, 0, 1, '[]', 1, 1, 1)`,
    ).bind(NOW - DAY, NOW + 30 * DAY),
  ]);
});

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>; components?: { schemas?: Record<string, Schema> } };
type Schema = { $ref?: string; type?: string; properties?: Record<string, unknown>; additionalProperties?: unknown; anyOf?: Schema[]; allOf?: Schema[] };

describe('the OpenAPI document (#13)', () => {
  it('declares a typed schema for every JSON success answer outside /v1/admin (no free-form objects)', async () => {
    const doc = await json<Doc>(await api('/openapi.json'));
    const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components!.schemas![s.$ref.split('/').pop()!]!) : s);
    const freeForm: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/v1/admin')) continue;
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, r] of Object.entries(op.responses ?? {})) {
          const s = r.content?.['application/json']?.schema;
          if (!status.startsWith('2') || !s) continue;
          const top = resolve(s);
          if (top.type === 'object' && !top.properties && top.additionalProperties !== false) freeForm.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(freeForm).toEqual([]);
    expect(doc.paths['/v1/orders/{code}']!.get!.responses['200']!.content!['application/json']!.schema.$ref).toMatch(/OrderDetail$/);
  });

  it('documents numeric query parameters as integers with their bounds and default (intQuery)', async () => {
    const doc = await json(await api('/openapi.json'));
    const param = (path: string, name: string) => doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name).schema;
    expect(param('/v1/products', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 60, default: 24 });
    expect(param('/v1/orders', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 50, default: 20 });
  });

  it('answers 400 for a numeric query parameter that is not a whole number, and reads a valid one', async () => {
    for (const bad of ['abc', '', '1.5', '8x']) {
      const res = await api(`/v1/products?limit=${bad}`);
      expect(res.status, bad).toBe(400);
      expect((await json(res)).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await json(await api('/v1/products?limit=2'))).items).toHaveLength(2);
  });
});

describe('order answers match their schemas (#13)', () => {
  it('quote, place, detail, list, payment and cancel for a signed-in shopper', async () => {
    const token = await tokenFor('customer', 'typed-owner');
    const auth = { authorization: `Bearer ${token}` };
    const body = { items: [{ unitId: PARA_STRIP, quantity: 2 }], address, vouchers: ['TYPED10', 'NOSUCHCODE'], paymentMethod: 'bank_transfer' };
    const q = await answers(QuoteSchema, await api('/v1/checkout/quote', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) }));
    expect(q.vouchers.map((v) => [v.code, v.problem?.code ?? null])).toEqual([
      ['TYPED10', null],
      ['NOSUCHCODE', 'VOUCHER_NOT_FOUND'],
    ]);

    const placed = await answers(
      OrderViewSchema,
      await api('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'typed-answers-1', ...auth }, body: JSON.stringify({ ...body, vouchers: ['TYPED10'] }) }),
      201,
    );
    expect(placed).toMatchObject({ status: 'pending_payment', paymentMethod: 'bank_transfer', canCancel: true });

    // A waybill with an applied carrier event, so the delivery part is checked with rows in it (D1 integers → booleans).
    const orderId = (await env.DB.prepare('SELECT id FROM orders WHERE code = ?').bind(placed.code).first<{ id: string }>())!.id;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO shipments (id, order_id, carrier, tracking_code, status, fee, cod_amount, created_at, updated_at) VALUES ('SHTYPED', ?, 'ghtk', 'S1.TYPED', 'picking', 0, 0, ?, ?)").bind(orderId, NOW, NOW),
      env.DB.prepare("INSERT INTO shipment_events (id, shipment_id, carrier_status, mapped_status, unknown_status, occurred_at, applied, raw, created_at) VALUES ('SETYPED', 'SHTYPED', '2', 'picking', 0, ?, 1, '{}', ?)").bind(NOW, NOW),
    ]);
    const detail = await answers(OrderDetailSchema, await api(`/v1/orders/${placed.code}`, { headers: auth }));
    expect(detail.delivery.shipments).toHaveLength(1);
    expect(detail.delivery.events[0]).toMatchObject({ status: 'picking', unknown: false });

    const mine = await answers(OrderListSchema, await api('/v1/orders?limit=5', { headers: auth }));
    expect(mine.items.map((o) => o.code)).toEqual([placed.code]);

    const pay = await answers(PaymentStatusViewSchema, await api(`/v1/orders/${placed.code}/payment`, { headers: auth }));
    expect(pay.instructions?.transferContent).toBe(placed.code);

    const cancelled = await answers(OrderDetailSchema, await api(`/v1/orders/${placed.code}/cancel`, { method: 'POST', headers: auth }));
    expect(cancelled).toMatchObject({ status: 'cancelled', canCancel: false });
  });

  it("the guest lookup, and a guest's payment status through the guest pass", async () => {
    const placed = await answers(
      OrderViewSchema,
      await api('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'typed-answers-2' }, body: JSON.stringify({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'cod' }) }),
      201,
    );
    const found = await api('/v1/orders/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: placed.code, phone: address.phone }) });
    const pass = found.headers.getSetCookie().find((c) => c.startsWith('mc_go='))!.split(';')[0]!;
    expect((await answers(OrderDetailSchema, found)).delivery).toEqual({ shipments: [], events: [] });
    const pay = await answers(PaymentStatusViewSchema, await api(`/v1/orders/${placed.code}/payment`, { headers: { cookie: pass } }));
    expect(pay).toMatchObject({ paymentMethod: 'cod', instructions: null });
  });

  it('the running vouchers, and the admin voucher list', async () => {
    const pub = await json(await api('/v1/vouchers'));
    expect(pub.items.map((v: unknown) => PublicVoucherSchema.parse(v))).toEqual(pub.items);
    const admin = await json(await api('/v1/admin/vouchers', { headers: { authorization: `Bearer ${await tokenFor('admin')}` } }));
    expect(admin.items.length).toBeGreaterThan(0);
    expect(admin.items.map((v: unknown) => VoucherSchema.parse(v))).toEqual(admin.items);
  });
});
