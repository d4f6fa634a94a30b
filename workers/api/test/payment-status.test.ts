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

  it("hides an account's order from everyone but its owner and admins: the phone proves nothing, for status and stream", async () => {
    for (const path of [`/v1/orders/${code}/payment`, `/v1/orders/${code}/payment/events`]) {
      expect((await api(`${path}?phone=%2B84903123456`)).status).toBe(404);
      expect((await api(path)).status).toBe(404);
    }
    const lookup = await api('/v1/orders/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, phone: '0903123456' }) });
    expect(lookup.status).toBe(404);
    expect(lookup.headers.getSetCookie()).toEqual([]);
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

describe('money held by an order that will not ship (#12 item 1)', () => {
  const place = async (key: string, quantity: number, tok: string) => {
    const res = await api('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${tok}` }, body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity }], address, paymentMethod: 'bank_transfer' }) });
    expect(res.status).toBe(201);
    return json(res);
  };
  let txSeq = 990_000;
  const transfer = async (code: string, amount: number) => {
    const { hmacSignature } = await import('@medicare/shared/payments/sepay');
    const raw = JSON.stringify({ id: ++txSeq, gateway: 'Vietcombank', transactionDate: '2026-11-25 12:00:00', accountNumber: '1023456789', code, content: code, transferType: 'in', transferAmount: amount, accumulated: 0, referenceCode: 'FT', description: null });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
    expect(res.status).toBe(200);
  };
  const refundQueue = async (h: Record<string, string>, code: string) => (await json(await api('/v1/admin/payments?flag=refund&limit=200', { headers: h }))).items.filter((t: any) => t.orderCode === code);
  const refund = (h: Record<string, string>, txId: string) => api(`/v1/admin/payments/${txId}/refund`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ reference: `FT-RF-${txId.slice(-6)}` }) });
  /** Waits for an email; the outbox rows are published by the api cron (cancel and refund routes leave it to it). */
  const subjects = async (to: string, code: string, want: string) => {
    const { runScheduled } = await import('../src/index');
    await runScheduled(env as never);
    let got: string[] = [];
    for (let i = 0; i < 100 && !got.includes(want); i++) {
      got = (await env.DB.prepare('SELECT subject FROM dev_mailbox WHERE to_address = ? AND subject LIKE ? ORDER BY created_at, rowid').bind(to, `%${code}%`).all<{ subject: string }>()).results.map((r) => r.subject);
      if (!got.includes(want)) await new Promise((r) => setTimeout(r, 100));
    }
    return got;
  };

  it('paid, then cancelled by the shopper: refund_pending, in the refund queue, refunded once, emailed at each step', async () => {
    const shopper = await tokenFor('customer', 'refund-shopper');
    const h = { authorization: `Bearer ${await tokenFor('admin', 'refund-admin')}` };
    const order = await place('refund-cancel-paid', 1, shopper);
    await transfer(order.code, order.total);
    const cancel = await api(`/v1/orders/${order.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${shopper}` } });
    expect(cancel.status).toBe(200);
    expect(await json(cancel)).toMatchObject({ status: 'cancelled', paymentStatus: 'refund_pending', paidAmount: order.total });

    const queued = await refundQueue(h, order.code);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ matchStatus: 'matched', orderStatus: 'cancelled', orderPaymentStatus: 'refund_pending', amount: order.total });
    const mail = 'refund-shopper@test.medicare.vn';
    expect(await subjects(mail, order.code, `Medicare sẽ hoàn tiền cho đơn hàng ${order.code}`)).toContain(`Medicare sẽ hoàn tiền cho đơn hàng ${order.code}`);

    const done = await refund(h, queued[0].id);
    expect(done.status).toBe(200);
    expect(await json(done)).toMatchObject({ matchStatus: 'refunded', orderPaymentStatus: 'refunded' });
    expect((await refund(h, queued[0].id)).status).toBe(409);
    expect(await refundQueue(h, order.code)).toEqual([]);
    // Everything given back: the order ends as refunded (the state table's admin move from cancelled), one timeline step.
    const after = await json(await api(`/v1/orders/${order.code}`, { headers: { authorization: `Bearer ${shopper}` } }));
    expect(after).toMatchObject({ status: 'refunded', paymentStatus: 'refunded' });
    expect(after.timeline.filter((t: { status: string }) => t.status === 'refunded')).toHaveLength(1);
    const pay = await env.DB.prepare('SELECT status, amount_received AS received, refunded_at IS NOT NULL AS stamped FROM payments WHERE order_id = (SELECT id FROM orders WHERE code = ?)').bind(order.code).first();
    expect(pay).toEqual({ status: 'refunded', received: order.total, stamped: 1 });
    const sent = await subjects(mail, order.code, `Medicare đã hoàn tiền cho đơn hàng ${order.code}`);
    expect(sent.filter((s) => s.includes('hoàn tiền'))).toEqual([`Medicare sẽ hoàn tiền cho đơn hàng ${order.code}`, `Medicare đã hoàn tiền cho đơn hàng ${order.code}`]);
  }, 30_000);

  it('underpaid, then cancelled by an admin: what was received is owed back', async () => {
    const shopper = await tokenFor('customer', 'refund-shopper-2');
    const admin = await tokenFor('admin', 'refund-admin');
    const order = await place('refund-cancel-underpaid', 2, shopper);
    await transfer(order.code, 10_000);
    const cancel = await api(`/v1/orders/${order.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(await json(cancel)).toMatchObject({ status: 'cancelled', paymentStatus: 'refund_pending', paidAmount: 10_000 });
    const queued = await refundQueue({ authorization: `Bearer ${admin}` }, order.code);
    expect(queued.map((t: any) => t.amount)).toEqual([10_000]);
    expect((await refund({ authorization: `Bearer ${admin}` }, queued[0].id)).status).toBe(200);
  });

  it('partly paid in two transfers, then expired by the cron: refund_pending; one refund gives back everything it holds', async () => {
    const shopper = await tokenFor('customer', 'refund-shopper-3');
    const h = { authorization: `Bearer ${await tokenFor('admin', 'refund-admin')}` };
    const order = await place('refund-expire-underpaid', 2, shopper);
    await transfer(order.code, 10_000);
    await transfer(order.code, 5_000);
    const { runScheduled } = await import('../src/index');
    await runScheduled(env as never, order.expiresAt + 1);
    expect(await json(await api(`/v1/orders/${order.code}`, { headers: { authorization: `Bearer ${shopper}` } }))).toMatchObject({ status: 'expired', paymentStatus: 'refund_pending', paidAmount: 15_000 });
    const queued = await refundQueue(h, order.code);
    expect(queued.map((t: any) => t.amount).sort()).toEqual([10_000, 5_000].sort());
    expect(await json(await refund(h, queued[0].id))).toMatchObject({ matchStatus: 'refunded', orderPaymentStatus: 'refunded' });
    const txs = await env.DB.prepare('SELECT match_status AS m FROM bank_transactions WHERE order_id = (SELECT id FROM orders WHERE code = ?)').bind(order.code).all();
    expect(txs.results).toEqual([{ m: 'refunded' }, { m: 'refunded' }]);
    expect(await env.DB.prepare('SELECT refunded_amount AS r FROM orders WHERE code = ?').bind(order.code).first()).toEqual({ r: 15_000 });
    expect((await refund(h, queued[1].id)).status).toBe(409);
  });
});

describe('an overpayment refunded, then the order cancelled (#12 item 1)', () => {
  it('the order still holds its total: listed again through its refunded transfer and refunded whole', async () => {
    const shopper = await tokenFor('customer', 'refund-shopper-4');
    const admin = await tokenFor('admin', 'refund-admin');
    const h = { authorization: `Bearer ${admin}` };
    const res = await api('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'refund-overpaid-cancel', authorization: `Bearer ${shopper}` }, body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address, paymentMethod: 'bank_transfer' }) });
    const order = await json(res);
    const { hmacSignature } = await import('@medicare/shared/payments/sepay');
    const raw = JSON.stringify({ id: 995001, gateway: 'Vietcombank', transactionDate: '2026-11-25 12:00:00', accountNumber: '1023456789', code: order.code, content: order.code, transferType: 'in', transferAmount: order.total + 3_000, accumulated: 0, referenceCode: 'FT', description: null });
    const ts = String(Math.floor(Date.now() / 1000));
    await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
    const queue = async () => (await json(await api('/v1/admin/payments?flag=refund&limit=200', { headers: h }))).items.filter((t: any) => t.orderCode === order.code);
    const [tx] = await queue();
    expect(tx).toMatchObject({ orderPaymentStatus: 'overpaid' });
    const refund = () => api(`/v1/admin/payments/${tx.id}/refund`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'FT-EXCESS' }) });
    expect(await json(await refund())).toMatchObject({ matchStatus: 'refunded', orderPaymentStatus: 'paid' });
    expect(await queue()).toEqual([]);
    expect(await json(await api(`/v1/orders/${order.code}/cancel`, { method: 'POST', headers: h }))).toMatchObject({ status: 'cancelled', paymentStatus: 'refund_pending' });
    expect((await queue()).map((t: any) => t.id)).toEqual([tx.id]);
    expect(await json(await refund())).toMatchObject({ orderPaymentStatus: 'refunded', orderPaid: order.total + 3_000, orderRefunded: order.total + 3_000 });
    expect(await env.DB.prepare('SELECT paid_amount AS paid, refunded_amount AS back FROM orders WHERE code = ?').bind(order.code).first()).toEqual({ paid: order.total + 3_000, back: order.total + 3_000 });
    expect((await refund()).status).toBe(409);
  });
});
