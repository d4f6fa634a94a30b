import { createExecutionContext, env, SELF } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hmacSignature } from '@medicare/shared/payments/sepay';
import { SEPAY_VECTOR as V } from '../../../shared/test/sepay-vector';

const SECRET = 'whsec_test_secret';
const ACCOUNT = '1023456789';
let txId = 1000;

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'x')"),
  ]);
});

/** An order as checkout writes it (payment row included). */
async function makeOrder(code: string, total: number, status = 'pending_payment', method = 'bank_transfer') {
  const id = `ORD${code}`;
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO orders (id, code, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, expires_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'unpaid', ?, 0, 0, 0, ?, 'A', '0903123456', '79', '26743', '1 Lê Lợi', ?, 'h', ?, ?, ?)`,
    ).bind(id, code, status, method, total, total, `k-${code}`, now + 1800_000, now, now),
    env.DB.prepare("INSERT INTO payments (id, order_id, method, amount_due, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)").bind(`PAY${code}`, id, method, total, now, now),
    env.DB.prepare("INSERT INTO order_events (id, order_id, to_status, actor_type, created_at) VALUES (?, ?, ?, 'customer', ?)").bind(`EV${code}`, id, status, now),
  ]);
  return id;
}

const payload = (over: Record<string, unknown> = {}) => ({
  id: ++txId,
  gateway: 'Vietcombank',
  transactionDate: '2026-11-25 10:15:00',
  accountNumber: ACCOUNT,
  subAccount: null,
  code: null,
  content: 'CHUYEN TIEN',
  transferType: 'in',
  transferAmount: 100_000,
  accumulated: 5_000_000,
  referenceCode: 'FT2632900001',
  description: 'BIDV: +100,000 VND tu NGUYEN VAN A',
  ...over,
});

async function send(body: unknown, opts: { ts?: string; sig?: string; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.ts ?? String(Math.floor(Date.now() / 1000));
  const sig = opts.sig ?? (await hmacSignature(SECRET, ts, raw));
  return SELF.fetch('https://payment.medicare.test/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': sig }, body: raw });
}

const order = (code: string) =>
  env.DB.prepare("SELECT status, payment_status AS paymentStatus, paid_amount AS paid FROM orders WHERE code = ?").bind(code).first<{ status: string; paymentStatus: string; paid: number }>();
const outbox = async (code: string) =>
  (await env.DB.prepare("SELECT type FROM outbox_events WHERE aggregate_id = (SELECT id FROM orders WHERE code = ?) ORDER BY created_at").bind(code).all<{ type: string }>()).results.map((r) => r.type);

describe('SePay webhook authentication', () => {
  it.each<[string, { ts?: string; sig?: string }]>([
    ['no signature', { sig: '' }],
    ['a wrong signature', { sig: 'sha256=' + '0'.repeat(64) }],
    ['a signature by another secret', { sig: 'sha256=deadbeef' }],
    ['a stale timestamp', { ts: String(Math.floor(Date.now() / 1000) - 400) }],
    ['a future timestamp', { ts: String(Math.floor(Date.now() / 1000) + 400) }],
  ])('rejects %s with 401 and stores nothing but a counter', async (_n, opts) => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_events").first<{ n: number }>();
    const counted = async () => (await env.DB.prepare("SELECT value FROM meta WHERE key = 'sepay_unauthenticated'").first<{ value: number }>())?.value ?? 0;
    const countedBefore = await counted();
    const ts = opts.ts ?? String(Math.floor(Date.now() / 1000));
    const raw = JSON.stringify(payload());
    const res = await send(null, { raw, ts, sig: opts.sig ?? (await hmacSignature(SECRET, ts, raw)) });
    expect(res.status).toBe(401);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_events").first<{ n: number }>())?.n).toBe(before?.n);
    expect(await counted()).toBe(countedBefore + 1);
  });

  it('signs the raw bytes: a re-serialised body does not verify', async () => {
    const body = payload();
    const raw = JSON.stringify(body, null, 2);
    const ts = String(Math.floor(Date.now() / 1000));
    const sigOfCompact = await hmacSignature(SECRET, ts, JSON.stringify(body));
    expect((await send(null, { raw, ts, sig: sigOfCompact })).status).toBe(401);
  });

  it('answers malformed JSON and wrong types with 400, never 500', async () => {
    expect((await send(null, { raw: '{"id": 1,' })).status).toBe(400);
    expect((await send(payload({ transferAmount: '100000' }))).status).toBe(400);
    expect((await send(payload({ transferType: 'sideways' }))).status).toBe(400);
    expect((await send(payload({ id: -4 }))).status).toBe(400);
  });
});

describe('SePay webhook effects', () => {
  it('marks an order paid on the exact amount, once, even when replayed 10× in parallel', async () => {
    await makeOrder('MC1111AAAA', 150_000);
    const body = payload({ code: 'MC1111AAAA', content: 'MC1111AAAA thanh toan', transferAmount: 150_000 });
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = await hmacSignature(SECRET, ts, raw);
    const results = await Promise.all(Array.from({ length: 10 }, () => send(null, { raw, ts, sig })));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ success: true });
    }
    expect(await order('MC1111AAAA')).toEqual({ status: 'confirmed', paymentStatus: 'paid', paid: 150_000 });
    // The confirmation goes through the one transition adapter (order.confirmed), each event once whatever the replays.
    expect(await outbox('MC1111AAAA')).toEqual(['order.confirmed', 'order.paid']);
    const txns = await env.DB.prepare("SELECT COUNT(*) AS n FROM bank_transactions WHERE provider_txn_id = ?").bind(String(body.id)).first<{ n: number }>();
    expect(txns?.n).toBe(1);
    const events = await env.DB.prepare("SELECT to_status AS s, actor_type AS a FROM order_events WHERE order_id = 'ORDMC1111AAAA' ORDER BY created_at, rowid").all();
    expect(events.results).toEqual([{ s: 'pending_payment', a: 'customer' }, { s: 'confirmed', a: 'payment' }]);
  });

  it('finds the code in the content when SePay did not extract it (spaces and dashes removed)', async () => {
    await makeOrder('MC2222BBBB', 80_000);
    await send(payload({ code: null, content: 'NGUYEN VAN A CK DON MC2222-BBBB', transferAmount: 80_000 }));
    expect((await order('MC2222BBBB'))?.paymentStatus).toBe('paid');
  });

  it('records an underpayment, keeps the order unpaid with the remainder, and completes on the second transfer', async () => {
    await makeOrder('MC3333CCCC', 200_000);
    await send(payload({ code: 'MC3333CCCC', transferAmount: 120_000 }));
    expect(await order('MC3333CCCC')).toEqual({ status: 'pending_payment', paymentStatus: 'underpaid', paid: 120_000 });
    const status = await (await SELF.fetch('https://payment.medicare.test/internal/orders/MC3333CCCC/payment')).json<any>();
    expect(status).toMatchObject({ remaining: 80_000, instructions: { amount: 80_000, transferContent: 'MC3333CCCC' } });
    expect(status.instructions.qrImageUrl).toBe('https://qr.sepay.vn/img?acc=1023456789&bank=Vietcombank&amount=80000&des=MC3333CCCC');
    await send(payload({ code: 'MC3333CCCC', transferAmount: 80_000 }));
    expect(await order('MC3333CCCC')).toEqual({ status: 'confirmed', paymentStatus: 'paid', paid: 200_000 });
  });

  it('flags an overpayment for refund while confirming the order', async () => {
    await makeOrder('MC4444DDDD', 50_000);
    await send(payload({ code: 'MC4444DDDD', transferAmount: 70_000 }));
    expect(await order('MC4444DDDD')).toEqual({ status: 'confirmed', paymentStatus: 'overpaid', paid: 70_000 });
  });

  it('records a payment for an expired order for refund without resurrecting it', async () => {
    await makeOrder('MC5555EEEE', 60_000, 'expired');
    await send(payload({ code: 'MC5555EEEE', transferAmount: 60_000 }));
    expect(await order('MC5555EEEE')).toEqual({ status: 'expired', paymentStatus: 'refund_pending', paid: 60_000 });
    expect(await outbox('MC5555EEEE')).toEqual(['order.refund_pending']);
    const tx = await env.DB.prepare("SELECT match_status AS m FROM bank_transactions WHERE payment_code = 'MC5555EEEE'").first<{ m: string }>();
    expect(tx?.m).toBe('refund_pending');
    // A second late transfer adds to what is owed back, without a second "refund due" event.
    await send(payload({ code: 'MC5555EEEE', transferAmount: 5_000 }));
    expect(await order('MC5555EEEE')).toEqual({ status: 'expired', paymentStatus: 'refund_pending', paid: 65_000 });
    expect(await outbox('MC5555EEEE')).toEqual(['order.refund_pending']);
    const pay = await env.DB.prepare("SELECT status, amount_received AS received FROM payments WHERE order_id = 'ORDMC5555EEEE'").first();
    expect(pay).toEqual({ status: 'refund_pending', received: 65_000 });
  });

  it('a late transfer to an order whose parcel came back is owed back, not a payment (#12 item 1)', async () => {
    await makeOrder('MC5555FFFF', 60_000, 'returned');
    await send(payload({ code: 'MC5555FFFF', transferAmount: 60_000 }));
    expect(await order('MC5555FFFF')).toEqual({ status: 'returned', paymentStatus: 'refund_pending', paid: 60_000 });
    expect(await outbox('MC5555FFFF')).toEqual(['order.refund_pending']);
  });

  it('ignores outgoing transfers and transfers to another account, and stores unknown codes as unmatched', async () => {
    await makeOrder('MC6666FFFF', 10_000);
    await send(payload({ code: 'MC6666FFFF', transferType: 'out', transferAmount: 10_000 }));
    await send(payload({ code: 'MC6666FFFF', accountNumber: '9999999999', transferAmount: 10_000 }));
    expect((await order('MC6666FFFF'))?.paymentStatus).toBe('unpaid');
    await send(payload({ code: null, content: 'tien nha thang 11', transferAmount: 5_000_000 }));
    const rows = await env.DB.prepare("SELECT match_status AS m, COUNT(*) AS n FROM bank_transactions GROUP BY match_status ORDER BY m").all<{ m: string; n: number }>();
    expect(rows.results.find((r) => r.m === 'ignored')?.n).toBe(2);
    expect(rows.results.find((r) => r.m === 'unmatched')?.n).toBeGreaterThanOrEqual(1);
  });

  it('keeps the bank notification text (payer names) out of the stored raw payload', async () => {
    const p = payload();
    expect((await send(p)).status).toBe(200);
    const raw = await env.DB.prepare("SELECT raw FROM webhook_events WHERE provider = 'sepay' AND provider_event_id = ?").bind(String(p.id)).first<{ raw: string }>();
    expect(raw?.raw).not.toContain('NGUYEN VAN A');
    expect(JSON.parse(raw!.raw).description).toBeUndefined();
  });
});

describe('API-key mode', () => {
  it('accepts the configured key and refuses others with 401', async () => {
    const { default: worker } = await import('../src/index');
    const e = { ...env, SEPAY_AUTH_MODE: 'apikey', SEPAY_API_KEY: 'sepay-key-123' } as never;
    const call = (auth?: string) =>
      worker.fetch(new Request('https://payment.medicare.test/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(payload()) }), e, createExecutionContext());
    expect((await call('Apikey sepay-key-123')).status).toBe(200);
    expect((await call('Apikey sepay-key-124')).status).toBe(401);
    expect((await call('Bearer sepay-key-123')).status).toBe(401);
    expect((await call()).status).toBe(401);
  });
});

describe('a known SePay vector through the webhook handler (#12 item 27)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  /** The vector's request, received `offsetMs` after its timestamp, by a Worker holding the vector's secret. */
  async function receive(ts: string, sig: string, offsetMs: number) {
    const { default: worker } = await import('../src/index');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_679_727_757_000 + offsetMs);
    const e = { ...env, SEPAY_AUTH_MODE: 'hmac', SEPAY_WEBHOOK_SECRET: V.secret } as never;
    const req = new Request('https://payment.medicare.test/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': sig }, body: V.body });
    const res = await worker.fetch(req, e, createExecutionContext());
    vi.useRealTimers();
    return { status: res.status, body: (await res.json()) as { success?: boolean; error?: { code: string } } };
  }
  const stored = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_events WHERE provider = 'sepay' AND provider_event_id = '92704'").first<{ n: number }>())!.n;

  it('accepts the vector at +300 s and -300 s, seconds or milliseconds, and refuses it one second later', async () => {
    expect(await receive(V.timestamp, V.signature, 300_000)).toEqual({ status: 200, body: { success: true } });
    expect(await stored()).toBe(1); // recorded (to another account than ours, so ignored) once
    expect(await receive(V.timestamp, V.signature, -300_000)).toEqual({ status: 200, body: { success: true } });
    expect(await receive(V.timestampMs, V.signatureMs, 300_000)).toEqual({ status: 200, body: { success: true } });
    expect(await stored()).toBe(1); // replays of the same SePay id change nothing
    expect(await receive(V.timestamp, V.signature, 301_000)).toMatchObject({ status: 401, body: { error: { code: 'STALE_TIMESTAMP' } } });
    expect(await receive(V.timestampMs, V.signatureMs, -301_000)).toMatchObject({ status: 401, body: { error: { code: 'STALE_TIMESTAMP' } } });
    expect(await receive(V.timestamp, V.signature.replace(/.$/, '0'), 0)).toMatchObject({ status: 401, body: { success: false } });
  });
});

