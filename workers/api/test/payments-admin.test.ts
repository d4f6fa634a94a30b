/**
 * Issue 13 (pay): the staff payments API. The unmatched-transfer inbox and its match to an order, which applies the
 * transfer through the SePay webhook's own code (payments/repo.d1.ts `transferEffect`), once; the flags and counts;
 * keyset paging; search.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmacSignature } from '@medicare/shared/payments/sepay';
import { api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

const address = { recipientName: 'Phan Thu', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '5 Lý Tự Trọng' };
let admin = '';
let shopper = '';
let txSeq = 660_000;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard()]);
  admin = await tokenFor('admin', 'pay-admin');
  shopper = await tokenFor('customer', 'pay-shopper');
});
const A = () => ({ authorization: `Bearer ${admin}` });

async function place(key: string, method: 'bank_transfer' | 'cod' = 'bank_transfer', quantity = 1): Promise<{ code: string; total: number }> {
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${shopper}` },
    body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity }], address, paymentMethod: method }),
  });
  if (res.status !== 201) throw new Error(`place ${key}: ${res.status} ${await res.text()}`);
  return json(res);
}

/** A signed SePay webhook through the api origin, as the bank sends it; answers the stored transfer's id. */
async function transfer(over: { code?: string | null; content?: string; amount: number; type?: 'in' | 'out' }): Promise<string> {
  const id = ++txSeq;
  const raw = JSON.stringify({
    id, gateway: 'Vietcombank', transactionDate: '2026-11-25 09:00:00', accountNumber: '1023456789', code: over.code ?? null, content: over.content ?? 'chuyen tien',
    transferType: over.type ?? 'in', transferAmount: over.amount, accumulated: 0, referenceCode: 'FT', description: null,
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
  expect(res.status).toBe(200);
  return (await env.DB.prepare('SELECT id FROM bank_transactions WHERE provider_txn_id = ?').bind(String(id)).first<{ id: string }>())!.id;
}

const match = (txId: string, body: unknown) => api(`/v1/admin/payments/${txId}/match`, { method: 'POST', headers: { ...A(), 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Everything a transfer's effect touches on an order, without ids and times. */
async function orderState(code: string) {
  const o = (await env.DB.prepare('SELECT id, status, payment_status AS paymentStatus, paid_amount AS paid, refunded_amount AS refunded FROM orders WHERE code = ?').bind(code).first<{ id: string }>())!;
  const timeline = await env.DB.prepare('SELECT from_status AS "from", to_status AS "to", actor_type AS actor, reason FROM order_events WHERE order_id = ? ORDER BY created_at, rowid').bind(o.id).all();
  const outbox = await env.DB.prepare("SELECT type, json_extract(payload, '$.amount') AS amount, json_extract(payload, '$.paymentStatus') AS paymentStatus FROM outbox_events WHERE aggregate_id = ? ORDER BY created_at, rowid").bind(o.id).all();
  const payment = await env.DB.prepare('SELECT status, amount_received AS received FROM payments WHERE order_id = ?').bind(o.id).first();
  const { id: _id, ...order } = o;
  return { order, timeline: timeline.results, outbox: outbox.results, payment };
}

describe('matching an unmatched transfer to an order', () => {
  it('ends in the same state and events as the webhook paying it: confirmed, paid, one timeline row, order.confirmed and one order.paid', async () => {
    const byWebhook = await place('pay-eq-webhook');
    const byMatch = await place('pay-eq-match');
    await transfer({ code: byWebhook.code, content: byWebhook.code, amount: byWebhook.total });
    const stray = await transfer({ content: 'CK tien thuoc', amount: byMatch.total });
    const inbox = await json(await api('/v1/admin/payments/unmatched', { headers: A() }));
    expect(inbox.items.map((t: any) => t.id)).toContain(stray);

    const res = await match(stray, { orderCode: byMatch.code.toLowerCase(), note: 'Khách ghi sai nội dung' });
    expect(res.status).toBe(200);
    const row = await json(res);
    expect(row).toMatchObject({ id: stray, matchStatus: 'matched', orderCode: byMatch.code, orderStatus: 'confirmed', orderPaymentStatus: 'paid', orderPaid: byMatch.total, flags: [] });
    expect(row.matchedBy).toMatchObject({ actorId: 'pay-admin', actorName: 'Test admin', note: 'Khách ghi sai nội dung' });

    const viaWebhook = await orderState(byWebhook.code);
    expect(viaWebhook.order).toEqual({ status: 'confirmed', paymentStatus: 'paid', paid: byWebhook.total, refunded: 0 });
    expect(viaWebhook.timeline).toEqual([
      { from: null, to: 'pending_payment', actor: 'customer', reason: expect.anything() },
      { from: 'pending_payment', to: 'confirmed', actor: 'payment', reason: 'Đã nhận chuyển khoản' },
    ]);
    // The confirmation is written by the one transition adapter, as every move: its `order.confirmed` event once (#13 review 9).
    expect(viaWebhook.outbox.filter((e: any) => e.type !== 'order.created')).toEqual([
      { type: 'order.confirmed', amount: null, paymentStatus: null },
      { type: 'order.paid', amount: byWebhook.total, paymentStatus: 'paid' },
    ]);
    expect(await orderState(byMatch.code)).toEqual(viaWebhook);

    const inboxAfter = await json(await api('/v1/admin/payments/unmatched', { headers: A() }));
    expect(inboxAfter.items.map((t: any) => t.id)).not.toContain(stray);
    const audit = await env.DB.prepare("SELECT actor_id AS actor, json_extract(data, '$.orderCode') AS orderCode FROM audit_log WHERE action = 'payment.match' AND entity_id = ?").bind(stray).all();
    expect(audit.results).toEqual([{ actor: 'pay-admin', orderCode: byMatch.code }]);
  });

  it('applies once: a second match is 409, two racing matches apply one', async () => {
    const o = await place('pay-double');
    const stray = await transfer({ amount: 10_000 });
    expect((await match(stray, { orderCode: o.code })).status).toBe(200);
    const again = await match(stray, { orderCode: o.code });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'ALREADY_MATCHED' } });

    const o2 = await place('pay-race');
    const stray2 = await transfer({ amount: 10_000 });
    const answers = await Promise.all([match(stray2, { orderCode: o2.code }), match(stray2, { orderCode: o2.code }), match(stray2, { orderCode: o.code })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const paid = await env.DB.prepare('SELECT SUM(paid_amount) AS n FROM orders WHERE code IN (?, ?)').bind(o.code, o2.code).first<{ n: number }>();
    expect(paid!.n).toBe(20_000);
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.match' AND entity_id = ?").bind(stray2).first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('refuses an unknown order (404), an unknown transfer (404), a COD order and an outgoing transfer (409), a malformed code (400)', async () => {
    const stray = await transfer({ amount: 5_000 });
    const unknown = await match(stray, { orderCode: 'MC9999ZZZZ' });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } });
    expect((await match('01NOSUCHTRANSACTION000000', { orderCode: 'MC9999ZZZZ' })).status).toBe(404);
    const cod = await place('pay-cod-order', 'cod');
    const toCod = await match(stray, { orderCode: cod.code });
    expect(toCod.status).toBe(409);
    expect(await json(toCod)).toMatchObject({ error: { code: 'ORDER_NOT_BANK_TRANSFER' } });
    expect((await env.DB.prepare('SELECT match_status AS m, order_id AS o FROM bank_transactions WHERE id = ?').bind(stray).first())).toEqual({ m: 'unmatched', o: null });

    const target = await place('pay-out-target');
    const out = await transfer({ code: target.code, content: target.code, amount: 5_000, type: 'out' });
    const refused = await match(out, { orderCode: target.code });
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({ error: { code: 'NOT_MATCHABLE' } });
    expect((await orderState(target.code)).order).toMatchObject({ status: 'pending_payment', paid: 0 });

    const bad = await match(stray, { orderCode: 'DROP TABLE' });
    expect(bad.status).toBe(400);
  });

  it('a transfer matched to an order cancelled since is owed back (refund_pending), as the webhook does; not late: it came before the cancel', async () => {
    const o = await place('pay-cancelled');
    const stray = await transfer({ amount: o.total });
    const cancelled = await api(`/v1/orders/${o.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${shopper}` } });
    expect(cancelled.status).toBe(200);
    const row = await json(await match(stray, { orderCode: o.code }));
    expect(row).toMatchObject({ matchStatus: 'refund_pending', orderStatus: 'cancelled', orderPaymentStatus: 'refund_pending', flags: ['refund'] });
    expect((await orderState(o.code)).outbox.map((e: any) => e.type)).toContain('order.refund_pending');
  });
});

describe('payments list', () => {
  it('flags underpaid, overpaid, late and refund transfers, counts them, and narrows to one flag', async () => {
    const under = await place('pay-flag-under', 'bank_transfer', 2);
    const over = await place('pay-flag-over');
    const late = await place('pay-flag-late');
    await transfer({ code: under.code, content: under.code, amount: 1_000 });
    await transfer({ code: over.code, content: over.code, amount: over.total + 5_000 });
    expect((await api(`/v1/orders/${late.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${shopper}` } })).status).toBe(200);
    await transfer({ code: late.code, content: late.code, amount: late.total });

    const all = await json(await api('/v1/admin/payments?limit=200', { headers: A() }));
    const flagsOf = (code: string) => all.items.filter((t: any) => t.orderCode === code).map((t: any) => t.flags);
    expect(flagsOf(under.code)).toEqual([['underpaid']]);
    expect(flagsOf(over.code)).toEqual([['overpaid', 'refund']]);
    expect(flagsOf(late.code)).toEqual([['late', 'refund']]);
    expect(all.items.find((t: any) => t.orderCode === late.code)).toMatchObject({ matchStatus: 'refund_pending', matchStatusLabel: 'Chờ hoàn tiền', orderStatusLabel: 'Đã hủy' });

    for (const flag of ['underpaid', 'overpaid', 'late', 'refund'] as const) {
      const page = await json(await api(`/v1/admin/payments?flag=${flag}&limit=200`, { headers: A() }));
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((t: any) => t.flags.includes(flag))).toBe(true);
      expect(page.counts[flag]).toBe(page.items.length);
      expect(page.items.length).toBe(all.items.filter((t: any) => t.flags.includes(flag)).length);
    }
    expect(all.counts.all).toBe(all.items.length);
    expect(all.counts.unmatched).toBe(all.items.filter((t: any) => t.matchStatus === 'unmatched').length);

    // Late stays late after the refund (it is about when the money came), and leaves the refund queue.
    const lateTx = all.items.find((t: any) => t.orderCode === late.code);
    const refunded = await api(`/v1/admin/payments/${lateTx.id}/refund`, { method: 'POST', headers: { ...A(), 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'FT-LATE-1' }) });
    expect(await json(refunded)).toMatchObject({ matchStatus: 'refunded', orderPaymentStatus: 'refunded', flags: ['late'] });
  });

  it('searches by order code, payment code and content, and pages by keyset without gaps or repeats', async () => {
    const o = await place('pay-search');
    await transfer({ code: o.code, content: `${o.code} thanh toan`, amount: 1_000 });
    await transfer({ content: 'TIEN THUOC CO LAN 100%', amount: 2_000 });
    const byCode = await json(await api(`/v1/admin/payments?q=${o.code.toLowerCase()}`, { headers: A() }));
    expect(byCode.items.map((t: any) => t.orderCode)).toEqual([o.code]);
    expect(byCode.counts.all).toBe(1);
    expect((await json(await api('/v1/admin/payments?q=&limit=200', { headers: A() }))).items.length).toBeGreaterThan(1);
    const byContent = await json(await api(`/v1/admin/payments/unmatched?q=${encodeURIComponent('co lan 100%')}`, { headers: A() }));
    expect(byContent.items.map((t: any) => t.content)).toEqual(['TIEN THUOC CO LAN 100%']);
    // `%` and `_` are literal: "100_" matches nothing.
    expect((await json(await api('/v1/admin/payments?q=100_', { headers: A() }))).items).toEqual([]);

    const everything = (await json(await api('/v1/admin/payments?limit=200', { headers: A() }))).items.map((t: any) => t.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await json(await api(`/v1/admin/payments?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: A() }));
      seen.push(...page.items.map((t: any) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everything);

    const bad = await api('/v1/admin/payments?cursor=garbage', { headers: A() });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
    // A cursor of one list is refused by another.
    const first = await json(await api('/v1/admin/payments?limit=1', { headers: A() }));
    expect((await api(`/v1/admin/payments?flag=refund&cursor=${encodeURIComponent(first.nextCursor)}`, { headers: A() })).status).toBe(400);
  });
});

describe('payments search with long Vietnamese text (#13 review 6)', () => {
  it('finds a transfer by a 100-character Vietnamese query: containsText (instr), not a LIKE pattern, which D1 refuses over 50 bytes', async () => {
    const content = 'Nguyễn Thị Đặng Hồng chuyển tiền mua thuốc cho mẹ ở Đà Nẵng, đơn hàng tháng mười một, cảm ơn nhà thuốc nhiều';
    const q = content.slice(0, 100);
    expect(q).toHaveLength(100);
    const stray = await transfer({ content, amount: 3_000 });
    for (const path of ['/v1/admin/payments', '/v1/admin/payments/unmatched']) {
      const res = await api(`${path}?q=${encodeURIComponent(q)}`, { headers: A() });
      expect(res.status).toBe(200);
      expect((await json(res)).items.map((t: any) => t.id)).toEqual([stray]);
    }
  });
});

describe('typed answers (#13)', () => {
  it('documents every payments, audit and dead-letter answer with a closed schema (no free-form record of unknowns)', async () => {
    const doc = await json(await api('/openapi.json'));
    const resolve = (s: any): any => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
    const open: string[] = [];
    const walk = (s: any, at: string, seen = new Set<any>()) => {
      s = resolve(s);
      if (!s || typeof s !== 'object' || seen.has(s)) return;
      seen.add(s);
      if (s.type === 'object' && s.additionalProperties !== undefined && s.additionalProperties !== false) {
        const ap = resolve(s.additionalProperties);
        const typed = ap && typeof ap === 'object' && (ap.type || ap.anyOf || ap.oneOf || ap.$ref);
        if (!typed) open.push(at);
      }
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${at}.${k}`, seen);
      for (const k of ['items', 'additionalProperties']) if (s[k] && typeof s[k] === 'object') walk(s[k], `${at}[${k}]`, seen);
      for (const k of ['anyOf', 'oneOf', 'allOf']) for (const v of s[k] ?? []) walk(v, at, seen);
    };
    const paths = Object.keys(doc.paths).filter((p) => /^\/v1\/admin\/(payments|audit|dead-letters)/.test(p));
    expect(paths.length).toBe(7);
    for (const p of paths) {
      for (const [method, op] of Object.entries<any>(doc.paths[p])) {
        const schema = op.responses?.['200']?.content?.['application/json']?.schema;
        expect(schema, `${method} ${p}`).toBeDefined();
        walk(schema, `${method} ${p}`);
      }
    }
    expect(open).toEqual([]);
  });
});
