/** Waybills created and cancelled through GHN's API (stand-in) when GHN is configured. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { app } from '../src/app';
import { seedFixtures, tokenFor } from './fixtures';

const ghn = inject('ghnStandinUrl');
const ghnEnv = { ...env, GHN_TOKEN: 'ghn-test-token', GHN_SHOP_ID: '885', GHN_BASE_URL: ghn } as never;
const address = { recipientName: 'Lê Na', phone: '0903123456', provinceCode: '01', wardCode: '00004', street: '5 Hoàng Diệu' };
let admin = '';
let customer = '';
const call = (path: string, init: RequestInit, e: never = ghnEnv) => app.fetch(new Request(`https://api.medicare.test${path}`, init), e, { waitUntil() {}, passThroughOnException() {} } as never);
const asJson = async (r: Response) => (await r.json()) as any;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('01', 'Thành phố Hà Nội', 'Thành phố Trung Ương', 'north', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('00004', '01', 'Phường Ba Đình', 'a')"),
    env.DB.prepare("INSERT INTO carrier_ward_mappings (carrier, ward_code, district_id, carrier_ward_code, updated_at) VALUES ('ghn', '00004', 1484, '1A0101', 1)"),
  ]);
  admin = await tokenFor('admin', 'waybill-admin');
  customer = await tokenFor('customer', 'waybill-owner');
});

async function placeCod(key: string, unitId = '01TESTUNITPARAVI0000000000') {
  const r = await call('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${customer}` }, body: JSON.stringify({ items: [{ unitId, quantity: 1 }], address, paymentMethod: 'cod' }) });
  const body = await asJson(r);
  expect(r.status, JSON.stringify(body)).toBe(201);
  return body;
}
const createWaybill = (code: string, e?: never) =>
  call(`/v1/admin/orders/${code}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ carrier: 'ghn' }) }, e);
const calls = async () => (await (await fetch(`${ghn}/__standin/waybill-calls`)).json()) as Array<Record<string, any>>;

describe('GHN waybills', () => {
  it('creates the waybill at GHN with the mapped destination, COD due and items; the order moves to packing', async () => {
    const order = await placeCod('waybill-1', '01TESTUNITPARAHOP000000000');
    const r = await createWaybill(order.code);
    expect(r.status).toBe(201);
    const body = await asJson(r);
    expect(body.codAmount).toBe(order.total);
    const tracking = body.delivery.shipments[0].trackingCode as string;
    expect(tracking).toMatch(/^GHNST\d{5}$/);
    const sent = (await calls()).find((c) => c.client_order_code === order.code)!;
    expect(sent).toMatchObject({ path: '/shiip/public-api/v2/shipping-order/create', to_district_id: 1484, to_ward_code: '1A0101', to_name: 'Lê Na', to_phone: '0903123456', cod_amount: order.total, payment_type_id: 1, weight: 1000 });
    expect(sent.items).toEqual([{ name: 'Alpha Paracetamol 500mg (Hộp)', quantity: 1, price: 100_000 }]);
    const fee = await env.DB.prepare('SELECT fee FROM shipments WHERE tracking_code = ?').bind(tracking).first();
    expect(fee).toEqual({ fee: 18_000 }); // 1,000 g by the stand-in's documented formula
  });

  it('cancelling the order asks GHN to cancel the waybill before pickup; after pickup the shipment stays open', async () => {
    const a = await placeCod('waybill-2');
    const trackA = (await asJson(await createWaybill(a.code))).delivery.shipments[0].trackingCode;
    const cancelled = await asJson(await call(`/v1/orders/${a.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } }));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.delivery.shipments).toMatchObject([{ trackingCode: trackA, status: 'cancelled' }]);
    expect((await calls()).some((c) => c.path === '/shiip/public-api/v2/switch-status/cancel' && c.order_codes.includes(trackA))).toBe(true);

    const b = await placeCod('waybill-3');
    const trackB = (await asJson(await createWaybill(b.code))).delivery.shipments[0].trackingCode;
    await fetch(`${ghn}/__standin/picked`, { method: 'POST', body: JSON.stringify({ order_code: trackB }) });
    const refused = await asJson(await call(`/v1/orders/${b.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } }));
    expect(refused.status).toBe('cancelled');
    expect(refused.delivery.shipments).toMatchObject([{ trackingCode: trackB, status: 'created' }]);
  });

  it('without GHN configured, asks for a tracking code instead (503 CARRIER_NOT_CONFIGURED; other carriers 400)', async () => {
    const o = await placeCod('waybill-4');
    const r = await createWaybill(o.code, env as never);
    expect(r.status).toBe(503);
    expect((await asJson(r)).error.code).toBe('CARRIER_NOT_CONFIGURED');
    const ghtk = await call(`/v1/admin/orders/${o.code}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ carrier: 'ghtk' }) });
    expect(ghtk.status).toBe(400);
    expect((await asJson(ghtk)).error.code).toBe('TRACKING_CODE_REQUIRED');
  });

  it('answers 503 when GHN refuses, and creates nothing', async () => {
    const o = await placeCod('waybill-5');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const r = await createWaybill(o.code, { ...(ghnEnv as object), GHN_TOKEN: 'wrong' } as never);
    spy.mockRestore();
    expect(r.status).toBe(503);
    expect((await asJson(r)).error.code).toBe('CARRIER_UNAVAILABLE');
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM shipments WHERE order_id = (SELECT id FROM orders WHERE code = ?)').bind(o.code).first()).toEqual({ n: 0 });
  });
});
