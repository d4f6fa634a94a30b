/** Stock flags: the catalogue version (edge-cache key) moves only when an order makes a product sell out or come back. */
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
    ...['ORDSTOCK1', 'ORDSTOCK2'].flatMap((id, i) => [
      env.DB.prepare(
        `INSERT INTO orders (id, code, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
         VALUES (?, ?, 'pending_payment', 'bank_transfer', 'unpaid', 199000, 0, 0, 0, 199000, 'A', '0903123456', '79', '26743', 'x', ?, 'h', ?, ?)`,
      ).bind(id, `MC4444AAA${i}`, `k-${id}`, now, now),
      env.DB.prepare(
        `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total)
         VALUES (?, ?, ?, '01TESTUNITCLEANSER00000000', 'Sữa rửa mặt', 'c', 'Chai', 1, 199000, 1, 199000)`,
      ).bind(`${id}L1`, id, ids.cleanser),
    ]),
  ]);
});

const version = async () => Number((await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!.value);
const flag = async () => (await env.DB.prepare('SELECT sellable FROM product_stock_states WHERE product_id = ?').bind(ids.cleanser).first<{ sellable: number }>())?.sellable;
const reserve = (reserved: number) => env.DB.prepare("UPDATE stock_batches SET reserved = ? WHERE id = '01TESTBATCHCLEANSER000000'").bind(reserved).run();
async function deliver(type: string, orderId: string) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts: 1, body: { id: `01EVSTOCK${String(n).padStart(17, '0')}`, type, aggregateType: 'order', aggregateId: orderId, occurredAt: Date.now(), payload: {} } }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  const r = await getQueueResult(batch, ctx);
  expect(r.retryMessages).toEqual([]);
}

describe('stock flags after order events', () => {
  it('bumps the catalogue version when an order sells a product out, and again when stock comes back — not otherwise', async () => {
    await deliver('order.created', 'ORDSTOCK1'); // first sight of the product: recorded as sellable
    expect(await flag()).toBe(1);
    const v0 = await version();
    await deliver('order.created', 'ORDSTOCK2'); // still sellable: the cache is left alone
    expect(await version()).toBe(v0);

    await reserve(40); // checkout took the last units (reservations alone never bump the version)
    expect(await version()).toBe(v0);
    await deliver('order.created', 'ORDSTOCK2');
    expect(await flag()).toBe(0);
    expect(await version()).toBe(v0 + 1);
    await deliver('order.created', 'ORDSTOCK1'); // another event, no change
    expect(await version()).toBe(v0 + 1);

    await reserve(39); // a cancellation released one unit
    await deliver('order.cancelled', 'ORDSTOCK1');
    expect(await flag()).toBe(1);
    expect(await version()).toBe(v0 + 2);
  });
});
