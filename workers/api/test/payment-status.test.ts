/** The api Worker asks the payment Worker (service binding) for status and instructions; SSE streams changes. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

const address = { recipientName: 'Vũ Hà', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' };
let code = '';
let token = '';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    ...hcmWard(),
  ]);
  token = await tokenFor('customer', 'payment-owner');
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'payment-status-1', authorization: `Bearer ${token}` },
    body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 2 }], address, paymentMethod: 'bank_transfer' }),
  });
  code = (await json(res)).code;
});

describe('GET /v1/orders/{code}/payment', () => {
  it('shows the owner the amount, bank details and VietQR for a bank transfer', async () => {
    const p = await json(await api(`/v1/orders/${code}/payment`, { headers: { authorization: `Bearer ${token}` } }));
    expect(p).toMatchObject({ code, orderStatus: 'pending_payment', paymentStatus: 'unpaid', total: 38_000, remaining: 38_000 });
    expect(p.instructions).toMatchObject({ bankName: 'Vietcombank', accountNumber: '1023456789', accountHolder: 'CONG TY CO PHAN MEDICARE', amount: 38_000, transferContent: code });
    expect(p.instructions.qrImageUrl).toContain(`des=${code}`);
  });

  it('lets a guest in only with the phone used, and hides the order from others', async () => {
    expect((await api(`/v1/orders/${code}/payment?phone=%2B84903123456`)).status).toBe(200);
    expect((await api(`/v1/orders/${code}/payment?phone=0911111111`)).status).toBe(404);
    expect((await api(`/v1/orders/${code}/payment`)).status).toBe(404);
    const other = await tokenFor('customer', 'payment-other');
    expect((await api(`/v1/orders/${code}/payment`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
  });

  it('marks the order paid when a signed SePay webhook arrives through the api origin (forwarded to the payment Worker)', async () => {
    const { hmacSignature } = await import('@medicare/shared/payments/sepay');
    const raw = JSON.stringify({ id: 777001, gateway: 'Vietcombank', transactionDate: '2026-11-25 10:00:00', accountNumber: '1023456789', code, content: `${code} thanh toan`, transferType: 'in', transferAmount: 38_000, accumulated: 0, referenceCode: 'FT1', description: null });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
    expect(await json(res)).toEqual({ success: true });
    const p = await json(await api(`/v1/orders/${code}/payment`, { headers: { authorization: `Bearer ${token}` } }));
    expect(p).toMatchObject({ orderStatus: 'confirmed', paymentStatus: 'paid', remaining: 0, instructions: null });
    const detail = await json(await api(`/v1/orders/${code}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(detail.timeline.map((e: any) => e.status)).toEqual(['pending_payment', 'confirmed']);

    // order.paid travels through the queue to the consumer Worker, which acknowledges the outbox row.
    let acked: unknown = null;
    for (let i = 0; i < 50 && !acked; i++) {
      await new Promise((r) => setTimeout(r, 100));
      acked = (await env.DB.prepare("SELECT acked_at FROM outbox_events WHERE type = 'order.paid' AND aggregate_id = (SELECT id FROM orders WHERE code = ?)").bind(code).first<{ acked_at: number | null }>())?.acked_at ?? null;
    }
    expect(acked).toBeGreaterThan(0);

    // The expiry cron that runs after the payment leaves the paid order alone.
    const { runScheduled } = await import('../src/index');
    await runScheduled(env as never, Date.now() + 60 * 60_000);
    expect((await json(await api(`/v1/orders/${code}/payment`, { headers: { authorization: `Bearer ${token}` } }))).orderStatus).toBe('confirmed');
  });

  it('streams the status as server-sent events and ends once the order is paid', async () => {
    // Its own order, paid here: the test does not rest on the previous one having paid the shared order.
    const placed = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'payment-status-sse', authorization: `Bearer ${token}` },
      body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 2 }], address, paymentMethod: 'bank_transfer' }),
    });
    const { code: sseCode, total } = await json(placed);
    const { hmacSignature } = await import('@medicare/shared/payments/sepay');
    const raw = JSON.stringify({ id: 777002, gateway: 'Vietcombank', transactionDate: '2026-11-25 10:05:00', accountNumber: '1023456789', code: sseCode, content: sseCode, transferType: 'in', transferAmount: total, accumulated: 0, referenceCode: 'FT2', description: null });
    const ts = String(Math.floor(Date.now() / 1000));
    expect(await json(await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw }))).toEqual({ success: true });
    const res = await api(`/v1/orders/${sseCode}/payment/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text(); // the stream closes on a final state
    const events = text.split('\n\n').filter((e) => e.startsWith('event: payment'));
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.split('data: ')[1]!)).toMatchObject({ paymentStatus: 'paid', orderStatus: 'confirmed', instructions: null });
  });
});

describe('admin payments', () => {
  it('lists unmatched transfers and flagged payments, and records refunds with an audit row (admins only)', async () => {
    const admin = await tokenFor('admin', 'payments-admin');
    const { hmacSignature } = await import('@medicare/shared/payments/sepay');
    const sendTx = async (body: Record<string, unknown>) => {
      const raw = JSON.stringify({ gateway: 'Vietcombank', transactionDate: '2026-11-25 11:00:00', accountNumber: '1023456789', transferType: 'in', accumulated: 0, referenceCode: 'FT', description: null, code: null, ...body });
      const ts = String(Math.floor(Date.now() / 1000));
      await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
    };
    await sendTx({ id: 880001, content: 'chuyen tien nham', transferAmount: 250_000 });
    const h = { authorization: `Bearer ${admin}` };
    const um = await json(await api('/v1/admin/payments/unmatched', { headers: h }));
    expect(um.items.map((t: any) => t.providerTxnId)).toContain('880001');

    // A payment for an expired order is flagged for refund; the admin records the refund once.
    const res = await api('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'refund-flow-1', authorization: `Bearer ${token}` }, body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address, paymentMethod: 'bank_transfer' }) });
    const late = (await json(res)).code;
    await env.DB.prepare("UPDATE orders SET status = 'expired' WHERE code = ?").bind(late).run();
    await sendTx({ id: 880002, code: late, content: late, transferAmount: 27_000 });
    const flagged = await json(await api('/v1/admin/payments?flag=refund', { headers: h }));
    const tx = flagged.items.find((t: any) => t.orderCode === late);
    expect(tx).toMatchObject({ matchStatus: 'refund_pending', orderPaymentStatus: 'refund_pending' });
    const customer = await tokenFor('customer', 'payments-customer');
    expect((await api(`/v1/admin/payments/${tx.id}/refund`, { method: 'POST', headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'FT-REFUND-1' }) })).status).toBe(403);
    const done = await api(`/v1/admin/payments/${tx.id}/refund`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'FT-REFUND-1' }) });
    expect(await json(done)).toMatchObject({ matchStatus: 'refunded', orderPaymentStatus: 'refunded' });
    expect((await api(`/v1/admin/payments/${tx.id}/refund`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'FT-REFUND-1' }) })).status).toBe(409);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ?").bind(tx.id).all();
    expect(audit.results).toEqual([{ action: 'payment.refund' }]);
  });
});
