/** GHTK waybills typed in by the admin are cancelled through GHTK's API (stand-in) when the order is cancelled. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { app } from '../src/app';
import { hcmWard, seedFixtures, tokenFor } from './fixtures';

const ghtk = inject('ghtkStandinUrl');
const ghtkEnv = { ...env, GHTK_TOKEN: 'ghtk-test-token', GHTK_CLIENT_SOURCE: 'S1234567', GHTK_BASE_URL: ghtk } as never;
const address = { recipientName: 'Đỗ Mai', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '8 Nguyễn Huệ' };
let admin = '';
let customer = '';
const call = (path: string, init: RequestInit, e: never = ghtkEnv) => app.fetch(new Request(`https://api.medicare.test${path}`, init), e, { waitUntil() {}, passThroughOnException() {} } as never);
const asJson = async (r: Response) => (await r.json()) as any;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    ...hcmWard(),
  ]);
  admin = await tokenFor('admin', 'ghtk-admin');
  customer = await tokenFor('customer', 'ghtk-owner');
});

async function orderWithGhtkWaybill(key: string, label: string, e?: never) {
  const placed = await asJson(
    await call('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${customer}` }, body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address, paymentMethod: 'cod' }) }, e),
  );
  const shipped = await call(`/v1/admin/orders/${placed.code}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ carrier: 'ghtk', trackingCode: label }) }, e);
  expect(shipped.status).toBe(201);
  return placed.code as string;
}
const cancel = async (code: string, e?: never) => asJson(await call(`/v1/orders/${code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } }, e));
const calls = async () => (await (await fetch(`${ghtk}/__standin/calls`)).json()) as string[];

describe('GHTK waybill cancellation', () => {
  it('asks GHTK to cancel before pickup and marks the shipment cancelled', async () => {
    const code = await orderWithGhtkWaybill('ghtk-order-1', 'S1234567.SG01.A1.1001');
    const res = await cancel(code);
    expect(res.status).toBe('cancelled');
    expect(res.delivery.shipments).toMatchObject([{ trackingCode: 'S1234567.SG01.A1.1001', status: 'cancelled' }]);
    expect(await calls()).toContain('S1234567.SG01.A1.1001');
  });

  it('after pickup GHTK refuses: the order is cancelled, the shipment stays open for an admin to follow', async () => {
    const code = await orderWithGhtkWaybill('ghtk-order-2', 'S1234567.SG01.A1.1002');
    await fetch(`${ghtk}/__standin/picked`, { method: 'POST', body: JSON.stringify({ label: 'S1234567.SG01.A1.1002' }) });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await cancel(code);
    spy.mockRestore();
    expect(res.status).toBe('cancelled');
    expect(res.delivery.shipments).toMatchObject([{ trackingCode: 'S1234567.SG01.A1.1002', status: 'created' }]);
  });

  it('without GHTK configured, nothing is called and the shipment stays open', async () => {
    const code = await orderWithGhtkWaybill('ghtk-order-3', 'S1234567.SG01.A1.1003', env as never);
    const res = await cancel(code, env as never);
    expect(res.delivery.shipments).toMatchObject([{ status: 'created' }]);
    expect(await calls()).not.toContain('S1234567.SG01.A1.1003');
  });
});
