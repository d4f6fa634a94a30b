/** Carrier webhooks through the hook Worker, the way GHN and GHTK call them. */
import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { D1ShipmentRepository } from '@medicare/shared/shipping/repo.d1';

const GHN = 'ghn-hook-secret-0123456789';
const GHTK = 'ghtk-hook-secret-0123456789';
const admin = { id: 'ADMIN1', role: 'admin' };

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'HCM', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Bến Thành', 'x')"),
  ]);
});

async function shippedOrder(code: string, carrier: 'ghn' | 'ghtk', tracking: string, method = 'cod', paid = 0) {
  const id = `ORD${code}`;
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO orders (id, code, status, payment_method, payment_status, paid_amount, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
       VALUES (?, ?, 'confirmed', ?, ?, ?, 120000, 0, 0, 0, 120000, 'A', '0903123456', '79', '26743', 'x', ?, 'h', ?, ?)`,
    ).bind(id, code, method, paid ? 'paid' : 'unpaid', paid, `k-${code}`, now, now),
    env.DB.prepare("INSERT INTO payments (id, order_id, method, amount_due, amount_received, status, created_at, updated_at) VALUES (?, ?, ?, 120000, ?, ?, ?, ?)").bind(`PAY${code}`, id, method, paid, paid ? 'paid' : 'pending', now, now),
    env.DB.prepare("INSERT INTO order_events (id, order_id, to_status, actor_type, created_at) VALUES (?, ?, 'confirmed', 'system', ?)").bind(`EV${code}`, id, now),
  ]);
  const made = await new D1ShipmentRepository(env.DB).create(code, { carrier, trackingCode: tracking, fee: 22000 }, admin, now);
  expect(made).toMatchObject({ codAmount: method === 'cod' ? 120000 - paid : 0 });
  return id;
}

const ghn = (tracking: string, status: string, minute: number, secret = GHN) =>
  SELF.fetch(`https://hook.test/v1/hooks/ghn/${secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ OrderCode: tracking, Status: status, Type: 'switch_status', Time: `2026-11-25T10:${String(minute).padStart(2, '0')}:00+07:00`, CODAmount: 120000, Weight: 500 }),
  });
const ghtk = (tracking: string, statusId: number, minute: number, hash = GHTK) =>
  SELF.fetch(`https://hook.test/v1/hooks/ghtk?hash=${hash}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ label_id: tracking, partner_id: 'MC', status_id: String(statusId), action_time: `2026-11-25 10:${String(minute).padStart(2, '0')}:00`, reason_code: '', reason: '', weight: '0.5', fee: '22000', pick_money: '120000' }).toString(),
  });
const order = (id: string) => env.DB.prepare('SELECT status, payment_status AS pay, paid_amount AS paid FROM orders WHERE id = ?').bind(id).first();
const shipment = (tracking: string) => env.DB.prepare('SELECT status FROM shipments WHERE tracking_code = ?').bind(tracking).first<{ status: string }>();

describe('carrier webhooks', () => {
  it('rejects a wrong or missing secret with 401 and records nothing', async () => {
    await shippedOrder('MC1000AAAA', 'ghn', 'GHNBAD1');
    expect((await ghn('GHNBAD1', 'picked', 1, 'wrong-secret')).status).toBe(401);
    expect((await ghtk('X', 3, 1, 'wrong')).status).toBe(401);
    const r = await SELF.fetch('https://hook.test/v1/hooks/ghtk', { method: 'POST', body: 'label_id=X&status_id=3' });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await shipment('GHNBAD1'))?.status).toBe('created');
  });

  it('answers malformed bodies with 400 VALIDATION_FAILED, never 500', async () => {
    for (const body of ['not json', '{}', JSON.stringify({ OrderCode: 'X', Status: 'picked', Time: 'yesterday at noon' })]) {
      const r = await SELF.fetch(`https://hook.test/v1/hooks/ghn/${GHN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const r = await SELF.fetch(`https://hook.test/v1/hooks/ghtk?hash=${GHTK}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'label_id=X&status_id=abc&action_time=2026-11-25%2010:00:00' });
    expect(r.status).toBe(400);
  });

  it('GHN: pickup → shipping, delivered COD → delivered and paid, with timeline and outbox', async () => {
    const id = await shippedOrder('MC1000BBBB', 'ghn', 'GHNCOD1');
    expect(await order(id)).toMatchObject({ status: 'packing' });
    for (const [s, m] of [['picking', 1], ['picked', 2], ['transporting', 3], ['delivering', 4]] as const) expect((await ghn('GHNCOD1', s, m)).status).toBe(200);
    expect(await order(id)).toMatchObject({ status: 'shipping', pay: 'unpaid' });
    expect((await ghn('GHNCOD1', 'delivered', 5)).status).toBe(200);
    expect(await order(id)).toEqual({ status: 'delivered', pay: 'paid', paid: 120000 });
    const pay = await env.DB.prepare('SELECT status, amount_received AS got FROM payments WHERE order_id = ?').bind(id).first();
    expect(pay).toEqual({ status: 'paid', got: 120000 });
    const ev = await env.DB.prepare("SELECT from_status AS f, to_status AS t, actor_type AS a FROM order_events WHERE order_id = ? AND actor_type = 'carrier' ORDER BY created_at, rowid").bind(id).all();
    expect(ev.results).toEqual([{ f: 'packing', t: 'shipping', a: 'carrier' }, { f: 'shipping', t: 'delivered', a: 'carrier' }]);
    const out = await env.DB.prepare('SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY created_at, rowid').bind(id).all();
    // The waybill's start of packing (through the one transition adapter), then the carrier's moves.
    expect(out.results.map((r) => r.type)).toEqual(['order.packing', 'order.shipping', 'order.delivered']);
    const timeline = await new D1ShipmentRepository(env.DB).forOrder(id);
    expect(timeline.events.map((e) => e.status)).toEqual(['picking', 'picked', 'in_transit', 'delivering', 'delivered']);
  });

  it('is idempotent: a replayed event changes nothing and is still acknowledged', async () => {
    const id = await shippedOrder('MC1000CCCC', 'ghn', 'GHNREP1');
    for (let i = 0; i < 3; i++) expect((await ghn('GHNREP1', 'delivered', 9)).status).toBe(200);
    const n = await env.DB.prepare("SELECT (SELECT COUNT(*) FROM shipment_events WHERE shipment_id = s.id) AS ev, (SELECT COUNT(*) FROM order_events WHERE order_id = s.order_id AND actor_type = 'carrier') AS oe, (SELECT COUNT(*) FROM outbox_events WHERE aggregate_id = s.order_id) AS ob FROM shipments s WHERE tracking_code = 'GHNREP1'").first();
    expect(n).toEqual({ ev: 1, oe: 1, ob: 2 }); // order.packing (the waybill) + one order.delivered
    expect(await order(id)).toMatchObject({ status: 'delivered', pay: 'paid' });
  });

  it('converges to the same state whatever order the events arrive in, and never moves back', async () => {
    const seq: Array<[string, number]> = [['picking', 1], ['picked', 2], ['sorting', 3], ['delivering', 4], ['delivery_fail', 5], ['delivering', 6], ['delivered', 7]];
    const shuffled = [seq[6]!, seq[0]!, seq[3]!, seq[1]!, seq[5]!, seq[2]!, seq[4]!];
    const a = await shippedOrder('MC1000DDDD', 'ghn', 'GHNORD1');
    const b = await shippedOrder('MC1000EEEE', 'ghn', 'GHNORD2');
    for (const [s, m] of seq) await ghn('GHNORD1', s, m);
    for (const [s, m] of shuffled) await ghn('GHNORD2', s, m);
    expect(await shipment('GHNORD1')).toEqual({ status: 'delivered' });
    expect(await shipment('GHNORD2')).toEqual({ status: 'delivered' });
    expect(await order(a)).toEqual(await order(b));
    // Every event is stored; the timeline shows only the steps that moved the shipment (#12 item 4).
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM shipment_events WHERE shipment_id = (SELECT id FROM shipments WHERE tracking_code = 'GHNORD2')").first();
    expect(stored).toEqual({ n: 7 });
    expect((await new D1ShipmentRepository(env.DB).forOrder(a)).events.map((e) => e.status)).toEqual(['picking', 'picked', 'in_transit', 'delivering', 'delivery_failed', 'delivering', 'delivered']);
    expect((await new D1ShipmentRepository(env.DB).forOrder(b)).events.map((e) => e.status)).toEqual(['delivered']);
  });

  it('one timeline row per real step: a status re-sent with another time, or a late one, is stored but not shown (#12 item 4)', async () => {
    const id = await shippedOrder('MC1000HHHH', 'ghn', 'GHNDUP1');
    for (const [s, m] of [['picked', 1], ['picked', 2], ['transporting', 3], ['picking', 4], ['sorting', 5], ['transporting', 3], ['delivered', 6], ['delivered', 8]] as const) expect((await ghn('GHNDUP1', s, m)).status).toBe(200);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM shipment_events WHERE shipment_id = (SELECT id FROM shipments WHERE tracking_code = 'GHNDUP1')").first();
    expect(stored).toEqual({ n: 7 }); // the exact replay (transporting at :03) is deduplicated
    const tl = await new D1ShipmentRepository(env.DB).forOrder(id);
    expect(tl.events.map((e) => [e.carrierStatus, e.status])).toEqual([['picked', 'picked'], ['transporting', 'in_transit'], ['delivered', 'delivered']]);
    expect(await order(id)).toEqual({ status: 'delivered', pay: 'paid', paid: 120000 });
  });

  it('GHTK (form-encoded): delivered on a prepaid order keeps the payment as it was', async () => {
    const id = await shippedOrder('MC1000FFFF', 'ghtk', 'S1.A1.123', 'bank_transfer', 120000);
    expect((await ghtk('S1.A1.123', 3, 1)).status).toBe(200);
    expect(await order(id)).toMatchObject({ status: 'shipping' });
    expect((await ghtk('S1.A1.123', 5, 2)).status).toBe(200);
    expect(await order(id)).toEqual({ status: 'delivered', pay: 'paid', paid: 120000 });
  });

  it('GHTK return path: returning → returned moves the order to returned; unknown statuses are kept and flagged', async () => {
    const id = await shippedOrder('MC1000GGGG', 'ghtk', 'S1.A1.456');
    await ghtk('S1.A1.456', 3, 1);
    await ghtk('S1.A1.456', 777, 2);
    await ghtk('S1.A1.456', 20, 3);
    await ghtk('S1.A1.456', 21, 4);
    expect(await order(id)).toMatchObject({ status: 'returned', pay: 'unpaid' });
    const flagged = await env.DB.prepare("SELECT carrier_status AS s, unknown_status AS u FROM shipment_events WHERE carrier_status = '777'").first();
    expect(flagged).toEqual({ s: '777', u: 1 });
  });

  it('acknowledges events for unknown tracking codes (stored for audit) without touching orders', async () => {
    expect((await ghn('NOPE-404', 'delivered', 1)).status).toBe(200);
    const raw = await env.DB.prepare("SELECT provider FROM webhook_events WHERE provider_event_id LIKE 'NOPE-404:%'").first();
    expect(raw).toEqual({ provider: 'ghn' });
  });
});
