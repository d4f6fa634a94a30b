/** Best-seller counters from order events: counted once on confirmation, taken back once on cancel/return. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { hcmWard, ids, seedFixtures } from '../../api/test/fixtures';

let n = 0;
beforeAll(async () => {
  await seedFixtures();
  const now = Date.now();
  await env.DB.batch([
    ...hcmWard(),
    ...[
      ['ORDSALE1', 'MC2222AAAA', 'cod'],
      ['ORDSALE2', 'MC2222BBBB', 'bank_transfer'],
      ['ORDSALE3', 'MC2222CCCC', 'cod'],
      ['ORDSALE4', 'MC2222DDDD', 'cod'],
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
    // Orders 3 and 4 also hold the cleanser; order 4 the amoxicillin too.
    env.DB.prepare(
      `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total)
       VALUES ('ORDSALE3L3', 'ORDSALE3', ?1, '01TESTUNITCLEANSER00000000', 'Sữa rửa mặt', 'c', 'Chai', 1, 199000, 1, 199000),
              ('ORDSALE4L3', 'ORDSALE4', ?1, '01TESTUNITCLEANSER00000000', 'Sữa rửa mặt', 'c', 'Chai', 1, 199000, 2, 398000),
              ('ORDSALE4L4', 'ORDSALE4', ?2, '01TESTUNITAMOXHOP000000000', 'Amoxicillin', 'a', 'Hộp', 100, 90000, 1, 90000)`,
    ).bind(ids.cleanser, ids.amoxicillin),
  ]);
});

const together = async (productId: string) =>
  (await env.DB.prepare('SELECT other_id AS other, orders FROM co_purchases WHERE product_id = ? ORDER BY orders DESC, other_id').bind(productId).all<{ other: string; orders: number }>()).results;
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

  it('counts "bought together" pairs once per confirmed order, in both directions, and takes them back once', async () => {
    await deliver('01EVCOCREATED3000000000000', 'order.created', 'ORDSALE3');
    await deliver('01EVCOCREATED4000000000000', 'order.created', 'ORDSALE4');
    await deliver('01EVCOCREATED4000000000000', 'order.created', 'ORDSALE4'); // replay
    await deliver('01EVCODELIVER4000000000000', 'order.delivered', 'ORDSALE4'); // a later confirming event
    expect(await together(ids.paracetamol)).toEqual([
      { other: ids.cleanser, orders: 2 },
      { other: ids.amoxicillin, orders: 1 },
    ]);
    expect(await together(ids.cleanser)).toEqual([
      { other: ids.paracetamol, orders: 2 },
      { other: ids.amoxicillin, orders: 1 },
    ]);
    // Orders 1 and 2 held one product in two units: no pair with itself.
    expect((await together(ids.paracetamol)).some((r) => r.other === ids.paracetamol)).toBe(false);

    await deliver('01EVCOCANCEL4000000000000', 'order.cancelled', 'ORDSALE4');
    await deliver('01EVCORETURN4000000000000', 'order.returned', 'ORDSALE4');
    expect(await together(ids.amoxicillin)).toEqual([
      { other: ids.cleanser, orders: 0 },
      { other: ids.paracetamol, orders: 0 },
    ]);
    expect(await together(ids.paracetamol)).toEqual([
      { other: ids.cleanser, orders: 1 },
      { other: ids.amoxicillin, orders: 0 },
    ]);
  });
});
