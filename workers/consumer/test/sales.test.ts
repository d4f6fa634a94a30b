/** Best-seller counters from order events: counted once on confirmation, taken back once on cancel/return. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { ids, seedFixtures } from '../../api/test/fixtures';

let n = 0;
beforeAll(async () => {
  await seedFixtures();
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'HCM', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Bến Thành', 'x')"),
    ...[
      ['ORDSALE1', 'MC2222AAAA', 'cod'],
      ['ORDSALE2', 'MC2222BBBB', 'bank_transfer'],
    ].flatMap(([id, code, method]) => [
      env.DB.prepare(
        `INSERT INTO orders (id, code, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
         VALUES (?, ?, 'confirmed', ?, 'unpaid', 122000, 0, 0, 0, 122000, 'A', '0903123456', '79', '26743', 'x', ?, 'h', ?, ?)`,
      ).bind(id, code, method, `k-${id}`, now, now),
      env.DB.prepare(
        `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total)
         VALUES (?, ?, ?, '01TESTUNITPARAVI0000000000', 'Paracetamol', 'p', 'Vỉ', 10, 11000, 2, 22000), (?, ?, ?, '01TESTUNITPARAHOP000000000', 'Paracetamol', 'p', 'Hộp', 100, 100000, 1, 100000)`,
      ).bind(`${id}L1`, id, ids.paracetamol, `${id}L2`, id, ids.paracetamol),
    ]),
  ]);
});

const sold = async () => (await env.DB.prepare('SELECT sold_count AS n FROM products WHERE id = ?').bind(ids.paracetamol).first<{ n: number }>())!.n;
async function deliver(eventId: string, type: string, orderId: string) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts: 1, body: { id: eventId, type, aggregateType: 'order', aggregateId: orderId, occurredAt: Date.now(), payload: {} } }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  return getQueueResult(batch, ctx);
}

describe('best-seller counters', () => {
  it('counts a COD order at creation once, however many confirming events follow', async () => {
    const before = await sold();
    await deliver('01EVSALECREATED1000000000', 'order.created', 'ORDSALE1');
    expect(await sold()).toBe(before + 120); // 2 × 10 + 1 × 100 base units
    await deliver('01EVSALEDELIVER1000000000', 'order.delivered', 'ORDSALE1');
    await deliver('01EVSALECREATED1000000000', 'order.created', 'ORDSALE1'); // replay
    expect(await sold()).toBe(before + 120);
  });

  it('counts a bank transfer only when paid, and takes it back once when returned', async () => {
    const before = await sold();
    await deliver('01EVSALECREATED2000000000', 'order.created', 'ORDSALE2');
    expect(await sold()).toBe(before);
    await deliver('01EVSALEPAID20000000000000', 'order.paid', 'ORDSALE2');
    expect(await sold()).toBe(before + 120);
    await deliver('01EVSALERETURNED200000000', 'order.returned', 'ORDSALE2');
    await deliver('01EVSALECANCEL20000000000', 'order.cancelled', 'ORDSALE2');
    expect(await sold()).toBe(before);
    await deliver('01EVSALEDELIVER2000000000', 'order.delivered', 'ORDSALE2'); // a late event never re-counts
    expect(await sold()).toBe(before);
  });
});
