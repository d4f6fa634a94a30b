/**
 * Each side effect once under concurrent delivery (#12 items 3 and 4): the queue may hand the same message to two
 * consumer invocations at once, and two events may announce the same order state (a second transfer to a paid order).
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { hcmWard, ids, seedFixtures } from '../../api/test/fixtures';

let n = 0;
const orders = [
  ['ORDCONC1', 'MC4444AAAA', 'mot@example.vn'],
  ['ORDCONC2', 'MC4444BBBB', 'hai@example.vn'],
  ['ORDCONC3', 'MC4444CCCC', 'ba@example.vn'],
  ['ORDCONC4', 'MC4444DDDD', 'bon@example.vn'],
  ['ORDCONC5', 'MC4444EEEE', 'nam@example.vn'],
] as const;

beforeAll(async () => {
  await seedFixtures();
  const now = Date.now();
  await env.DB.batch([
    ...hcmWard(),
    ...orders.flatMap(([id, code, email]) => [
      env.DB.prepare(
        `INSERT INTO orders (id, code, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, paid_amount, recipient_name, phone, email, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
         VALUES (?, ?, 'confirmed', 'bank_transfer', 'paid', 122000, 0, 0, 0, 122000, 122000, 'Đỗ Thị Hoa', '0903123456', ?, '79', '26743', '5 Nguyễn Huệ', ?, 'h', ?, ?)`,
      ).bind(id, code, email, `k-${id}`, now, now),
      env.DB.prepare(
        `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total)
         VALUES (?, ?, ?, '01TESTUNITPARAVI0000000000', 'Paracetamol 500mg', 'p', 'Vỉ', 10, 11000, 2, 22000), (?, ?, ?, '01TESTUNITPARAHOP000000000', 'Paracetamol 500mg', 'p', 'Hộp', 100, 100000, 1, 100000)`,
      ).bind(`${id}L1`, id, ids.paracetamol, `${id}L2`, id, ids.paracetamol),
    ]),
  ]);
});

const event = (id: string, type: string, orderId: string) => ({ id, type, aggregateType: 'order', aggregateId: orderId, occurredAt: Date.now(), payload: {} });

/** One consumer invocation: the worker's queue handler with a batch of one message (and the delay it asked a retry for). */
async function invocation(body: unknown, attempts = 1) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts, body }]);
  const msg = batch.messages[0]!;
  let retryDelay: number | undefined;
  const retry = msg.retry.bind(msg);
  msg.retry = (o) => ((retryDelay = o?.delaySeconds), retry(o));
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  return { ...(await getQueueResult(batch, ctx)), retryDelay };
}

const mails = async (to: string) => (await env.DB.prepare('SELECT subject FROM dev_mailbox WHERE to_address = ? ORDER BY created_at, rowid').bind(to).all<{ subject: string }>()).results.map((m) => m.subject);
const sold = async () => (await env.DB.prepare('SELECT sold_count AS n FROM products WHERE id = ?').bind(ids.paracetamol).first<{ n: number }>())!.n;
const invoices = async (orderId: string) => (await env.DB.prepare('SELECT COUNT(*) AS n FROM invoices WHERE order_id = ? AND stored_at IS NOT NULL').bind(orderId).first<{ n: number }>())!.n;

describe('concurrent delivery', () => {
  it('the same message delivered to two invocations at once sends one email, issues one invoice and counts the sale once', async () => {
    const before = await sold();
    const body = event('01EVCONCPAID00000000000001', 'order.paid', 'ORDCONC1');
    const [a, b] = await Promise.all([invocation(body), invocation(body)]);
    expect(await mails('mot@example.vn')).toEqual(['Đã nhận thanh toán cho đơn hàng MC4444AAAA']);
    expect(await invoices('ORDCONC1')).toBe(1);
    expect(await sold()).toBe(before + 120); // 2 strips of 10 + 1 box of 100
    // One invocation did the work and acked; the other found it claimed and asked for a later delivery.
    expect([a.explicitAcks.length, b.explicitAcks.length].sort()).toEqual([0, 1]);
    expect([...a.retryMessages, ...b.retryMessages]).toHaveLength(1);
    expect(a.retryDelay ?? b.retryDelay).toBeGreaterThan(0);
    // That later delivery finds the event done: acked, nothing repeated.
    expect((await invocation(body, 2)).explicitAcks).toHaveLength(1);
    expect(await mails('mot@example.vn')).toHaveLength(1);
    expect(await sold()).toBe(before + 120);
    expect(await env.DB.prepare("SELECT lease_until AS lease FROM consumed_events WHERE event_id = '01EVCONCPAID00000000000001'").first()).toEqual({ lease: null });
  });

  it('a crashed attempt holds its claim until the lease passes, then a redelivery does the work once', async () => {
    const body = event('01EVCONCCRASH0000000000001', 'order.shipping', 'ORDCONC2');
    const claim = (leaseUntil: number) =>
      env.DB.prepare("INSERT OR REPLACE INTO consumed_events (event_id, handler, processed_at, claimed_by, lease_until) VALUES (?, 'order.shipping', ?, 'crashed-invocation', ?)")
        .bind(body.id, Date.now(), leaseUntil)
        .run();
    await claim(Date.now() + 60_000);
    const held = await invocation(body);
    expect(held.explicitAcks).toEqual([]);
    expect(held.retryMessages).toHaveLength(1);
    expect(held.retryDelay).toBeGreaterThanOrEqual(59); // back when the crashed attempt's lease has passed
    expect(await mails('hai@example.vn')).toEqual([]);

    await claim(Date.now() - 1);
    expect((await invocation(body, 2)).explicitAcks).toHaveLength(1);
    expect(await mails('hai@example.vn')).toEqual(['Đơn hàng MC4444BBBB đang được giao']);
  });
});

describe('one email per order state (#12 item 4)', () => {
  it('a second transfer to a paid order (a second order.paid event) sends no second "paid" email; another state still gets its email', async () => {
    expect((await invocation(event('01EVCONCPAYA00000000000001', 'order.paid', 'ORDCONC3'))).explicitAcks).toHaveLength(1);
    expect((await invocation(event('01EVCONCPAYB00000000000001', 'order.paid', 'ORDCONC3'))).explicitAcks).toHaveLength(1);
    expect(await mails('ba@example.vn')).toEqual(['Đã nhận thanh toán cho đơn hàng MC4444CCCC']);
    await invocation(event('01EVCONCDELIV0000000000001', 'order.delivered', 'ORDCONC3'));
    expect(await mails('ba@example.vn')).toEqual(['Đã nhận thanh toán cho đơn hàng MC4444CCCC', 'Đơn hàng MC4444CCCC đã giao thành công']);
  });

  it('two events announcing the same state, delivered at once, send one email', async () => {
    const bodies = [event('01EVCONCPAYC00000000000001', 'order.paid', 'ORDCONC4'), event('01EVCONCPAYD00000000000001', 'order.paid', 'ORDCONC4')];
    const results = await Promise.all(bodies.map((b) => invocation(b)));
    expect(await mails('bon@example.vn')).toEqual(['Đã nhận thanh toán cho đơn hàng MC4444DDDD']);
    // An invocation that found the email claimed by the other (rather than already sent) is retried; its later
    // delivery is acked without a second email.
    const waiting = bodies.filter((_, i) => results[i]!.retryMessages.length > 0);
    expect(waiting.length).toBeLessThanOrEqual(1);
    for (const b of waiting) expect((await invocation(b, 2)).explicitAcks).toHaveLength(1);
    expect(await mails('bon@example.vn')).toHaveLength(1);
    expect(results.flatMap((r) => r.explicitAcks).length + waiting.length).toBe(2);
  });
});

describe('refund emails, once per refund episode', () => {
  it('an order refunded, then owed money again by another transfer, gets the emails of both episodes, each once', async () => {
    const episodes = ['01EVCONCRFP100000000000001', '01EVCONCRFD100000000000001', '01EVCONCRFP200000000000001', '01EVCONCRFD200000000000001'];
    for (const [i, id] of episodes.entries()) {
      const body = event(id, i % 2 === 0 ? 'order.refund_pending' : 'order.refunded', 'ORDCONC5');
      expect((await invocation(body)).explicitAcks).toHaveLength(1);
      expect((await invocation(body, 2)).explicitAcks).toHaveLength(1); // a redelivery of the same event sends nothing
    }
    const subjects = await mails('nam@example.vn');
    expect(subjects).toHaveLength(4);
    expect(subjects[0]).toBe(subjects[2]);
    expect(subjects[1]).toBe(subjects[3]);
    expect(subjects[0]).not.toBe(subjects[1]);
  });
});
