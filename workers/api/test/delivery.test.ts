/** Delivery end to end: an admin registers the waybill, GHN calls back through the api origin, the shopper sees it. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, seedFixtures, tokenFor } from './fixtures';

const address = { recipientName: 'Vũ Hà', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' };
let token = '';
let adminToken = '';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'x')"),
  ]);
  token = await tokenFor('customer', 'delivery-owner');
  adminToken = await tokenFor('admin', 'delivery-admin');
});

async function placeCod(key: string) {
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${token}` },
    body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address, paymentMethod: 'cod' }),
  });
  expect(res.status).toBe(201);
  return json(res);
}
const ship = (code: string, body: unknown) =>
  api(`/v1/admin/orders/${code}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });
const ghn = (tracking: string, Status: string, minute: number) =>
  api('/v1/hooks/ghn/ghn-hook-secret-0123456789', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ OrderCode: tracking, Status, Time: `2026-11-25T11:0${minute}:00+07:00` }) });

describe('delivery', () => {
  it('COD order: waybill → picked → delivered, paid on delivery, visible to the shopper', async () => {
    const order = await placeCod('delivery-cod-1');
    expect(order.status).toBe('confirmed');
    const created = await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E001', fee: 22000 });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ codAmount: order.total, delivery: { shipments: [{ trackingCode: 'GHNE2E001', status: 'created', label: 'Đã tạo vận đơn' }] } });

    expect(await json(await ghn('GHNE2E001', 'picked', 1))).toEqual({ success: true });
    expect(await json(await ghn('GHNE2E001', 'delivered', 2))).toEqual({ success: true });

    const detail = await json(await api(`/v1/orders/${order.code}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(detail).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
    expect(detail.timeline.map((e: any) => e.status)).toEqual(['confirmed', 'packing', 'shipping', 'delivered']);
    expect(detail.delivery.events.map((e: any) => e.label)).toEqual(['Đã lấy hàng', 'Giao hàng thành công']);
  });

  it('refuses a second waybill with the same code, and orders that are not confirmed', async () => {
    const a = await placeCod('delivery-cod-2');
    const dup = await ship(a.code, { carrier: 'ghn', trackingCode: 'GHNE2E001' });
    expect(dup.status).toBe(409);
    expect(await json(dup)).toMatchObject({ error: { code: 'TRACKING_CODE_TAKEN' } });
    await api(`/v1/orders/${a.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const late = await ship(a.code, { carrier: 'ghn', trackingCode: 'GHNE2E002' });
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ error: { code: 'ORDER_NOT_SHIPPABLE' } });
    expect((await ship(a.code, { carrier: 'fedex', trackingCode: 'X1234' })).status).toBe(400);
  });
});
