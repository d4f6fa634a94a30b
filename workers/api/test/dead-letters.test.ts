/** Admins see events the queue gave up on and replay them; the replay reaches the consumer Worker once. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

let admin = '';
const envelope = { id: '01EVENTREPLAYAAAAAAAAAAAAA', type: 'catalog.reindexed', aggregateType: 'catalog', aggregateId: 'all', occurredAt: 1, payload: {} };

beforeAll(async () => {
  await seedFixtures();
  admin = await tokenFor('admin', 'dlq-admin');
  await env.DB.prepare("INSERT INTO dead_letters (id, message_id, event_id, type, aggregate_id, body, attempts, received_at) VALUES ('01DEADLETTERAAAAAAAAAAAAAA', 'msg-1', ?, ?, 'all', ?, 6, 1)")
    .bind(envelope.id, envelope.type, JSON.stringify(envelope))
    .run();
  await env.DB.prepare("INSERT INTO dead_letters (id, message_id, body, attempts, received_at) VALUES ('01DEADLETTERBBBBBBBBBBBBBB', 'msg-2', '\"garbage\"', 6, 2)").run();
});
const auth = () => ({ authorization: `Bearer ${admin}` });

describe('dead letters', () => {
  it('lists pending dead letters with their envelope', async () => {
    const { items } = await json(await api('/v1/admin/dead-letters', { headers: auth() }));
    expect(items.map((i: any) => i.id)).toEqual(['01DEADLETTERBBBBBBBBBBBBBB', '01DEADLETTERAAAAAAAAAAAAAA']);
    expect(items[1].body).toEqual(envelope);
    expect(items[1].raw).toBeNull();
    // Typed (#13): a body that is not an event envelope is null, its stored text in `raw`.
    expect(items[0]).toMatchObject({ body: null, raw: '"garbage"', eventId: null });
  });

  it('replays once: the event reaches the consumer Worker, a second replay is 409, garbage is not replayable', async () => {
    const res = await api('/v1/admin/dead-letters/01DEADLETTERAAAAAAAAAAAAAA/replay', { method: 'POST', headers: auth() });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ replayedBy: 'dlq-admin' });
    let consumed: unknown = null;
    for (let i = 0; i < 50 && !consumed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      consumed = await env.DB.prepare('SELECT handler FROM consumed_events WHERE event_id = ?').bind(envelope.id).first();
    }
    expect(consumed).toEqual({ handler: '_unhandled' });
    const again = await api('/v1/admin/dead-letters/01DEADLETTERAAAAAAAAAAAAAA/replay', { method: 'POST', headers: auth() });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'ALREADY_REPLAYED' } });
    const bad = await api('/v1/admin/dead-letters/01DEADLETTERBBBBBBBBBBBBBB/replay', { method: 'POST', headers: auth() });
    expect(await json(bad)).toMatchObject({ error: { code: 'NOT_REPLAYABLE' } });
    const pending = await json(await api('/v1/admin/dead-letters', { headers: auth() }));
    expect(pending.items.map((i: any) => i.id)).toEqual(['01DEADLETTERBBBBBBBBBBBBBB']);
    const audit = await env.DB.prepare("SELECT actor_id AS a FROM audit_log WHERE action = 'event.replay'").all();
    expect(audit.results).toEqual([{ a: 'dlq-admin' }]);
  });

  it('end to end: a failing event retries, dead-letters, and once the data is fixed a replay makes one invoice and one email', async () => {
    await env.DB.batch([
      ...hcmWard(),
    ]);
    const shopper = await tokenFor('customer', 'dlq-shopper');
    const placed = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'dlq-e2e-1', authorization: `Bearer ${shopper}` },
      body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 2 }], address: { recipientName: 'Lê Văn Tâm', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '3 Hai Bà Trưng' }, paymentMethod: 'bank_transfer' }),
    });
    expect(placed.status).toBe(201);
    const { code } = await json(placed);
    const order = (await env.DB.prepare('SELECT id FROM orders WHERE code = ?').bind(code).first<{ id: string }>())!;
    // The order is paid, but one of its lines was damaged (it no longer adds up to the subtotal): no invoice may be issued.
    await env.DB.batch([
      env.DB.prepare("UPDATE orders SET status = 'confirmed', payment_status = 'paid', paid_amount = total WHERE id = ?").bind(order.id),
      env.DB.prepare('UPDATE order_lines SET unit_price = 1, line_total = quantity WHERE order_id = ?').bind(order.id),
    ]);
    const paid = { id: '01EVENTDLQE2EPAID000000000', type: 'order.paid', aggregateType: 'order', aggregateId: order.id, occurredAt: Date.now(), payload: { orderId: order.id, code } };
    await env.EVENTS.send(paid);

    // The consumer fails, retries with backoff, and after its retries the queue moves the message to the DLQ.
    let dead: { id: string } | null = null;
    for (let i = 0; i < 300 && !dead; i++) {
      await new Promise((r) => setTimeout(r, 100));
      dead = await env.DB.prepare('SELECT id FROM dead_letters WHERE event_id = ?').bind(paid.id).first();
    }
    // Admins see why: three failed deliveries (the first and two retries, max_retries in the test wiring), last error.
    const listed = (await json(await api('/v1/admin/dead-letters', { headers: auth() }))).items.find((d: any) => d.id === dead!.id);
    expect(listed).toMatchObject({ type: 'order.paid', failedAttempts: 3, lastError: expect.stringContaining('INVOICE_INCONSISTENT: lines add up to') });
    const invoiceState = () => env.DB.prepare('SELECT number, stored_at AS storedAt FROM invoices WHERE order_id = ?').bind(order.id).first<{ number: string; storedAt: number | null }>();
    expect(await invoiceState()).toMatchObject({ storedAt: null }); // numbered, never stored
    const paidEmails = () => env.DB.prepare("SELECT COUNT(*) AS n FROM dev_mailbox WHERE subject = ?").bind(`Đã nhận thanh toán cho đơn hàng ${code}`).first<{ n: number }>();
    expect((await paidEmails())!.n).toBe(0);

    // An admin repairs the line and replays the dead letter.
    await env.DB.prepare('UPDATE order_lines SET unit_price = 11000, line_total = 11000 * quantity WHERE order_id = ?').bind(order.id).run();
    expect((await api(`/v1/admin/dead-letters/${dead!.id}/replay`, { method: 'POST', headers: auth() })).status).toBe(200);
    let stored: { number: string; storedAt: number | null } | null = null;
    for (let i = 0; i < 100 && !stored?.storedAt; i++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await invoiceState();
    }
    expect(stored!.storedAt).not.toBeNull();
    for (let i = 0; i < 50 && (await paidEmails())!.n === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const pdf = await api(`/v1/orders/${code}/invoice.pdf`, { headers: { authorization: `Bearer ${shopper}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toContain(`${stored!.number}.pdf`);

    // Exactly once: the same event delivered again (the queue is at-least-once) changes nothing. No fixed sleep: a
    // marker event sent right behind it is consumed only after the consumer has taken the redelivery (it handles a
    // batch's messages in order, and batches one after the other).
    const uploaded = (await env.FILES_BUCKET.head(`invoices/${code}.pdf`))!.uploaded.getTime();
    const marker = { id: '01EVENTDLQE2EMARKER0000000', type: 'catalog.reindexed', aggregateType: 'catalog', aggregateId: 'all', occurredAt: Date.now(), payload: {} };
    await env.EVENTS.sendBatch([{ body: paid }, { body: marker }]);
    let markerSeen: unknown = null;
    for (let i = 0; i < 100 && !markerSeen; i++) {
      await new Promise((r) => setTimeout(r, 100));
      markerSeen = await env.DB.prepare('SELECT 1 AS seen FROM consumed_events WHERE event_id = ?').bind(marker.id).first();
    }
    expect(markerSeen).toEqual({ seen: 1 });
    expect((await paidEmails())!.n).toBe(1);
    expect((await env.FILES_BUCKET.head(`invoices/${code}.pdf`))!.uploaded.getTime()).toBe(uploaded);
    expect((await api(`/v1/admin/dead-letters/${dead!.id}/replay`, { method: 'POST', headers: auth() })).status).toBe(409);
  }, 60_000);
});
