/**
 * One email per order state, end to end (#12 item 4): SePay webhook → payment Worker → outbox → queue → consumer
 * Worker → mailbox. A second transfer to an order that is already paid announces "paid" again; the shopper gets one
 * "paid" email.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

const EMAIL = 'mai.tran@example.vn';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard()]);
});

async function transfer(id: number, code: string, amount: number) {
  const { hmacSignature } = await import('@medicare/shared/payments/sepay');
  const raw = JSON.stringify({ id, gateway: 'Vietcombank', transactionDate: '2026-11-25 10:00:00', accountNumber: '1023456789', code, content: `${code} thanh toan`, transferType: 'in', transferAmount: amount, accumulated: 0, referenceCode: `FT${id}`, description: null });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
  expect(await json(res)).toEqual({ success: true });
}

/** Waits until the consumer Worker has acknowledged every outbox event of the order (at least `n` of them). */
async function consumed(code: string, n: number) {
  for (let i = 0; i < 100; i++) {
    const r = await env.DB.prepare('SELECT COUNT(*) AS total, COUNT(acked_at) AS acked FROM outbox_events WHERE aggregate_id = (SELECT id FROM orders WHERE code = ?)').bind(code).first<{ total: number; acked: number }>();
    if (r!.total >= n && r!.acked === r!.total) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`outbox events of ${code} not consumed`);
}

describe('order emails through the whole platform', () => {
  it('a second transfer to a paid order sends no second "paid" email', async () => {
    const token = await tokenFor('customer', 'email-once-shopper');
    const placed = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'email-once-1', authorization: `Bearer ${token}` },
      body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 2 }], address: { recipientName: 'Trần Thị Mai', phone: '0903123456', email: EMAIL, provinceCode: '79', wardCode: '26743', street: '7 Đồng Khởi' }, paymentMethod: 'bank_transfer' }),
    });
    expect(placed.status).toBe(201);
    const { code, total } = await json(placed);
    await transfer(991001, code, total);
    await consumed(code, 2); // order.created, order.paid
    await transfer(991002, code, 10_000); // the shopper sends a little more to the paid order
    const events = await env.DB.prepare("SELECT type FROM outbox_events WHERE aggregate_id = (SELECT id FROM orders WHERE code = ?) ORDER BY created_at, rowid").bind(code).all<{ type: string }>();
    await consumed(code, events.results.length);
    const subjects = (await env.DB.prepare('SELECT subject FROM dev_mailbox WHERE to_address = ? ORDER BY created_at, rowid').bind(EMAIL).all<{ subject: string }>()).results.map((m) => m.subject);
    expect(subjects.filter((s) => s === `Đã nhận thanh toán cho đơn hàng ${code}`)).toHaveLength(1);
    expect(subjects[0]).toBe(`Medicare đã nhận đơn hàng ${code}`);
  });
});
