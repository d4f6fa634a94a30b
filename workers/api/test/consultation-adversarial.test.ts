/**
 * #15 consultations, advice, pickups and chat under adversarial use (races, malformed input, foreign callers,
 * expired stock), through SELF.fetch on the real local D1. Each test states the correct behaviour, so it fails on a defect.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { api, DAY, hcmWard, ids, json, PNG_96, seedFixtures } from './fixtures';
import { AMOX_BOX, AMOX_LATE, batchRow, consultationHarness, item, ledgerSum, LOCATION, PARA_STRIP } from './consultation-fixtures';
import { runScheduled } from '../src/index';

const { tokens, signIn, call, claimedConsultation, advise, setException, order } = consultationHarness({
  users: { p1: ['pharmacist', 'rv-pharmacist-1'], p2: ['pharmacist', 'rv-pharmacist-2'], admin: ['admin', 'rv-admin'], customer: ['customer', 'rv-customer'], other: ['customer', 'rv-other'] },
  idPrefix: '01TESTREVIEW',
  codeBase: 900,
  keyPrefix: 'rv',
});
type Who = keyof typeof tokens;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
  await signIn();
});

describe('consultations, advice and pickups under adversarial use (#15)', () => {
  it('a prescription quote item cannot be ordered online twice: the first order consumes it', async () => {
    await setException(true);
    const d = await claimedConsultation();
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION });
    expect(res.status).toBe(200);
    const quoteItemId = res.body.advice.quote.items[0].id;
    expect((await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer')).status).toBe(200);
    expect((await order([{ unitId: AMOX_BOX, quantity: 1, quoteItemId }])).status).toBe(201);
    // Second round: same quote into the cart again and checkout again.
    const again = await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer');
    const second = await order([{ unitId: AMOX_BOX, quantity: 1, quoteItemId }]);
    await setException(false);
    expect({ again: again.status, second: second.status }).not.toMatchObject({ again: 200, second: 201 });
  });

  it('advice with one Rx product on two lines beyond stock answers 409 and reserves nothing', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 4), item(ids.amoxicillin, AMOX_BOX, 4)], locationId: LOCATION });
    expect([400, 409]).toContain(res.status);
    expect((await batchRow(AMOX_LATE))!).toEqual(before);
  });

  it('advice with a unit of another product, an absurd quantity or an unknown product answers 4xx with a code', async () => {
    const d = await claimedConsultation();
    for (const items of [[item(ids.amoxicillin, PARA_STRIP, 1)], [item(ids.paracetamol, PARA_STRIP, 1_000_000_000)], [item('01UNKNOWNPRODUCT000000000', PARA_STRIP, 1)], [item(ids.paracetamol, PARA_STRIP, 1.5)]]) {
      const res = await advise(d.id, { items, locationId: LOCATION });
      expect(res.status, JSON.stringify(items)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(items)).toBeLessThan(500);
      expect(res.body.error?.code).toBeTruthy();
    }
  });

  it('dispense racing cancel: exactly one wins, on-hand equals the ledger sum and reserved returns to before', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const r = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION });
    const id = r.body.advice.reservation.id;
    const [a, b] = await Promise.all([
      call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p1', { prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 90_000 }),
      call('POST', `/v1/pharmacist/pickups/${id}/cancel`, 'p2', { reason: 'Khách đổi ý' }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    const after = (await batchRow(AMOX_LATE))!;
    expect(after.quantity).toBe(await ledgerSum(AMOX_LATE));
    expect(after.reserved).toBe(before.reserved);
  });

  it('a consultation submit with malformed multipart or no payload answers 4xx with a code', async () => {
    const bodies: Array<[string, BodyInit]> = [
      ['multipart/form-data; boundary=xyz', 'garbage-not-multipart'],
      ['multipart/form-data', 'x'],
      ['application/json', '{"productIds":[]}'],
    ];
    for (const [ct, body] of bodies) {
      const res = await api('/v1/consultations', { method: 'POST', headers: { authorization: `Bearer ${tokens.customer}`, 'content-type': ct }, body });
      const b = await json(res);
      expect(res.status, ct).toBeGreaterThanOrEqual(400);
      expect(res.status, ct).toBeLessThan(500);
      expect(b.error?.code, ct).toBeTruthy();
    }
    const fd = new FormData();
    fd.append('payload', JSON.stringify({ productIds: [ids.paracetamol], preferredContactTime: 'any' }));
    fd.append('files', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], 'a.jpg', { type: 'image/jpeg' }));
    const fake = await api('/v1/consultations', { method: 'POST', headers: { authorization: `Bearer ${tokens.customer}` }, body: fd });
    expect(fake.status).toBeGreaterThanOrEqual(400);
    expect(fake.status).toBeLessThan(500);
  });

  it('an unknown or garbage id on staff routes answers 404/400, never 500', async () => {
    for (const [m, p, who, body] of [
      ['GET', '/v1/pharmacist/consultations/nope', 'p1', undefined],
      ['POST', '/v1/pharmacist/consultations/nope/claim', 'p1', undefined],
      ['POST', '/v1/pharmacist/pickups/nope/dispense', 'p1', { prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 1 }],
      ['POST', '/v1/pharmacist/pickups/nope/cancel', 'p1', { reason: 'x' }],
      ['GET', '/v1/consultations/TVZZZZZZZZ', 'customer', undefined],
      ['GET', '/v1/consultation-files/' + 'a'.repeat(40), null, undefined],
      ['POST', '/v1/pharmacist/chats/nope/take', 'p1', undefined],
      ['GET', '/v1/chat/conversations/nope/messages?after=-1', 'customer', undefined],
    ] as Array<[string, string, Who | null, unknown]>) {
      const res = await call(m, p, who, body);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.status, p).toBeLessThan(500);
    }
  });

  it('an OTC quote cannot be reused at the quoted price once ordered (after the price rose)', async () => {
    const d = await claimedConsultation();
    const res = await advise(d.id, { items: [item(ids.paracetamol, PARA_STRIP, 1)] });
    const quoteItemId = res.body.advice.quote.items[0].id;
    const price = res.body.advice.quote.items[0].unitPrice;
    await env.DB.prepare('UPDATE product_units SET price = price * 2 WHERE id = ?').bind(PARA_STRIP).run();
    expect((await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer')).status).toBe(200);
    expect((await order([{ unitId: PARA_STRIP, quantity: 1, quoteItemId }])).body.subtotal).toBe(price);
    await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer');
    const second = await order([{ unitId: PARA_STRIP, quantity: 1, quoteItemId }]);
    await env.DB.prepare('UPDATE product_units SET price = price / 2 WHERE id = ?').bind(PARA_STRIP).run();
    expect(second.status === 201 ? second.body.subtotal : -1).not.toBe(price);
  });

  it('a reservation past expires_at cannot be dispensed before the cron runs; the cron then releases it once', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const r = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION });
    const id = r.body.advice.reservation.id;
    await env.DB.prepare('UPDATE pickup_reservations SET expires_at = ? WHERE id = ?').bind(Date.now() - 1000, id).run();
    const res = await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p1', { prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 90_000 });
    expect(res.status).toBe(409);
    await Promise.all([runScheduled(env as never, Date.now()), runScheduled(env as never, Date.now()), call('POST', `/v1/pharmacist/pickups/${id}/cancel`, 'p2', { reason: 'Khách đổi ý' })]);
    const after = (await batchRow(AMOX_LATE))!;
    expect(after).toEqual(before);
    expect(after.quantity).toBe(await ledgerSum(AMOX_LATE));
  });

  it('a shopper cancel racing the pharmacist advice never both succeed; a cancelled consultation keeps no reservation', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const [cancel, adv] = await Promise.all([
      call('POST', `/v1/consultations/${d.code}/cancel`, 'customer'),
      advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION }),
    ]);
    expect([cancel.status, adv.status].filter((s) => s === 200)).toHaveLength(1);
    const st = (await env.DB.prepare('SELECT status FROM consultations WHERE id = ?').bind(d.id).first<{ status: string }>())!.status;
    if (st === 'cancelled') expect((await batchRow(AMOX_LATE))!).toEqual(before);
    else expect(st).toBe('advised');
  });

  it('of two pharmacists claiming at once exactly one wins', async () => {
    const id = '01TESTREVIEWRACE000000000';
    const now = Date.now();
    await env.DB.prepare("INSERT INTO consultations (id, code, user_id, status, contact_phone, created_at, updated_at) VALUES (?, 'TV99999999', 'rv-customer', 'submitted', '0903123456', ?, ?)").bind(id, now, now).run();
    const [a, b] = await Promise.all([call('POST', `/v1/pharmacist/consultations/${id}/claim`, 'p1'), call('POST', `/v1/pharmacist/consultations/${id}/claim`, 'p2')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await call('POST', `/v1/pharmacist/consultations/${id}/claim`, 'admin')).status).toBe(403);
    expect((await call('POST', `/v1/pharmacist/consultations/${id}/release`, a.status === 200 ? 'p2' : 'p1')).status).toBe(409);
  });

  it('staff file views are audited (admin console detail, pharmacist through the shopper route); another customer gets 404', async () => {
    const f = new FormData();
    f.set('payload', JSON.stringify({ productIds: [ids.amoxicillin], contactPhone: '0903123456', preferredContactTime: 'morning' }));
    f.append('files', new Blob([PNG_96], { type: 'image/png' }), 'a.png');
    const res = await api('/v1/consultations', { method: 'POST', headers: { authorization: `Bearer ${tokens.customer}` }, body: f });
    const c = await json(res);
    expect(res.status).toBe(201);
    const id = (await env.DB.prepare('SELECT id FROM consultations WHERE code = ?').bind(c.code).first<{ id: string }>())!.id;
    const audits = async () => (await env.DB.prepare("SELECT actor_id AS a FROM audit_log WHERE action = 'consultation.file_viewed' AND entity_id = ? ORDER BY rowid").bind(id).all<{ a: string }>()).results.map((r) => r.a);
    expect((await call('GET', `/v1/pharmacist/consultations/${id}`, 'admin')).status).toBe(200);
    expect((await call('GET', `/v1/consultations/${c.code}`, 'p2')).status).toBe(200);
    expect((await call('GET', '/v1/pharmacist/consultations?status=all', 'p1')).status).toBe(200);
    expect(await audits()).toEqual(['rv-admin', 'rv-pharmacist-2']);
    expect((await call('GET', `/v1/consultations/${c.code}`, 'other')).status).toBe(404);
    expect((await call('POST', `/v1/consultations/${c.code}/cancel`, 'p1')).status).toBe(403);
  });

  it('chat history is readable only by its parties (not another pharmacist, not an admin, not another customer)', async () => {
    const open = await call('POST', '/v1/chat/conversations', 'customer', { name: 'Khách', phone: '0903123456' });
    expect([200, 201]).toContain(open.status);
    const id = open.body.id;
    expect((await call('POST', `/v1/pharmacist/chats/${id}/take`, 'customer')).status).toBe(403);
    expect((await call('POST', `/v1/pharmacist/chats/${id}/take`, 'admin')).status).toBe(403);
    expect((await call('POST', `/v1/pharmacist/chats/${id}/take`, 'p1')).status).toBe(200);
    for (const who of ['p2', 'admin', 'other'] as Who[]) expect((await call('GET', `/v1/chat/conversations/${id}/messages`, who)).status, who).toBe(404);
    expect((await call('GET', `/v1/chat/conversations/${id}/messages`, 'p1')).status).toBe(200);
    expect((await call('POST', `/v1/pharmacist/chats/${id}/consultation`, 'p2', {})).status).toBeGreaterThanOrEqual(400);
    expect((await call('POST', `/v1/chat/conversations/${id}/close`, 'p2')).status).toBe(404);
    expect((await call('POST', `/v1/chat/conversations/${id}/transcript`, 'p1', { email: 'x@example.com' })).status).toBe(404);
  });

  it('text people type is stored NFC (chat guest name, consultation symptoms/note, advice note/instructions)', async () => {
    const nfd = 'Nguyễn Thị Hoà ho khan'.normalize('NFD');
    const nfc = nfd.normalize('NFC');
    const chatRes = await api('/v1/chat/conversations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: nfd, phone: '0911222333' }) });
    const conv = await json(chatRes);
    expect(chatRes.status).toBe(201);
    const stored = await env.DB.prepare('SELECT customer_name AS n FROM conversations WHERE id = ?').bind(conv.id).first<{ n: string }>();
    const f = new FormData();
    f.set('payload', JSON.stringify({ productIds: [ids.amoxicillin], contactPhone: '0903123456', preferredContactTime: 'morning', symptoms: nfd, note: nfd }));
    f.append('files', new Blob([PNG_96], { type: 'image/png' }), 'a.png');
    const cr = await api('/v1/consultations', { method: 'POST', headers: { authorization: `Bearer ${tokens.other}` }, body: f });
    const c = await json(cr);
    expect(cr.status).toBe(201);
    const d = await claimedConsultation();
    const adv = await advise(d.id, { note: nfd, items: [{ ...item(ids.paracetamol, PARA_STRIP, 1), instructions: nfd }] });
    expect({ chatName: stored!.n, symptoms: c.symptoms, note: c.note, adviceNote: adv.body.advice?.note, instructions: adv.body.advice?.quote?.items?.[0]?.instructions }).toEqual({
      chatName: nfc, symptoms: nfc, note: nfc, adviceNote: nfc, instructions: nfc,
    });
  });

  it('consultation payload limits answer 400 with a code (11 products, unknown product, long text, bad contact time)', async () => {
    const bad = [
      { productIds: Array.from({ length: 11 }, () => ids.paracetamol), preferredContactTime: 'any' },
      { productIds: ['01UNKNOWNPRODUCT000000000'], preferredContactTime: 'any' },
      { productIds: [ids.paracetamol], preferredContactTime: 'midnight' },
      { productIds: [ids.paracetamol], preferredContactTime: 'any', symptoms: 'x'.repeat(19_000) },
      { productIds: [ids.paracetamol], preferredContactTime: 'any', contactPhone: '12' },
    ];
    for (const payload of bad) {
      const f = new FormData();
      f.set('payload', JSON.stringify({ contactPhone: '0903123456', ...payload }));
      const res = await api('/v1/consultations', { method: 'POST', headers: { authorization: `Bearer ${tokens.other}` }, body: f });
      const b = await json(res);
      expect(res.status, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(b.error?.code).toBeTruthy();
    }
  });

  it('a reservation whose batch expired before pickup is not dispensed from the expired batch', async () => {
    const d = await claimedConsultation();
    const r = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION });
    const id = r.body.advice.reservation.id;
    const alloc = await env.DB.prepare('SELECT batch_id AS b FROM pickup_allocations WHERE reservation_id = ?').bind(id).all<{ b: string }>();
    const old = await env.DB.prepare('SELECT expiry_date AS e FROM stock_batches WHERE id = ?').bind(alloc.results[0]!.b).first<{ e: string }>();
    await env.DB.prepare('UPDATE stock_batches SET expiry_date = ? WHERE id = ?').bind(vietnamDate(Date.now() - DAY), alloc.results[0]!.b).run();
    const res = await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p1', { prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 90_000 });
    await env.DB.prepare('UPDATE stock_batches SET expiry_date = ? WHERE id = ?').bind(old!.e, alloc.results[0]!.b).run();
    expect(res.status).toBe(409);
  });
});
