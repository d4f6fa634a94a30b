/**
 * #15 adversarial review probes (i15/integ). Each test asserts the CORRECT behaviour, so it fails on a defect.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { api, DAY, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

const LOCATION = '01JPHARMACYHCMQ1000000000';
const PARA_STRIP = '01TESTUNITPARAVI0000000000';
const AMOX_BOX = '01TESTUNITAMOXHOP000000000';
const AMOX_LATE = '01TESTBATCHAMOX0000000000';
const address = { recipientName: 'Phạm Minh Châu', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '45 Lý Tự Trọng' };
const tokens = { p1: '', p2: '', admin: '', customer: '', other: '' };
type Who = keyof typeof tokens;

async function call(method: string, path: string, who: Who | null, body?: unknown, headers: Record<string, string> = {}) {
  const res = await api(path, {
    method,
    headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await json(res) };
}
let n = 0;
async function claimedConsultation(): Promise<{ id: string; code: string }> {
  const id = `01TESTREVIEW${String(++n).padStart(13, '0')}`;
  const code = `TV${String(900 + n).padStart(8, '0')}`;
  const now = Date.now();
  await env.DB.prepare("INSERT INTO consultations (id, code, user_id, status, contact_phone, created_at, updated_at) VALUES (?, ?, 'rv-customer', 'submitted', '0903123456', ?, ?)").bind(id, code, now, now).run();
  expect((await call('POST', `/v1/pharmacist/consultations/${id}/claim`, 'p1')).status).toBe(200);
  return { id, code };
}
const item = (productId: string, unitId: string, quantity: number) => ({ productId, unitId, quantity, instructions: 'Uống sau ăn.' });
const advise = (id: string, body: Record<string, unknown>, who: Who = 'p1') => call('POST', `/v1/pharmacist/consultations/${id}/advice`, who, { note: 'Dùng theo hướng dẫn.', ...body });
const batchRow = (id: string) => env.DB.prepare('SELECT quantity, reserved FROM stock_batches WHERE id = ?').bind(id).first<{ quantity: number; reserved: number }>();
const ledgerSum = async (id: string) => (await env.DB.prepare('SELECT COALESCE(SUM(delta), 0) AS s FROM stock_movements WHERE batch_id = ?').bind(id).first<{ s: number }>())!.s;
const setException = (enabled: boolean) => call('PUT', '/v1/admin/settings/rx-online-exception', 'admin', { enabled, note: 'Thử nghiệm review' });
let keyN = 0;
const order = (items: unknown[], who: Who = 'customer') => call('POST', '/v1/orders', who, { items, address, paymentMethod: 'cod' }, { 'idempotency-key': `rv-${Date.now()}-${++keyN}` });

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
  tokens.p1 = await tokenFor('pharmacist', 'rv-pharmacist-1');
  tokens.p2 = await tokenFor('pharmacist', 'rv-pharmacist-2');
  tokens.admin = await tokenFor('admin', 'rv-admin');
  tokens.customer = await tokenFor('customer', 'rv-customer');
  tokens.other = await tokenFor('customer', 'rv-other');
});

describe('review #15 probes', () => {
  it('probe: a prescription quote item cannot be ordered online twice (quote consumed by the first order)', async () => {
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

  it('probe: advice with one Rx product on two lines beyond stock answers 409 and reserves nothing', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 4), item(ids.amoxicillin, AMOX_BOX, 4)], locationId: LOCATION });
    expect([400, 409]).toContain(res.status);
    expect((await batchRow(AMOX_LATE))!).toEqual(before);
  });

  it('probe: advice with a unit of another product / absurd quantity / unknown product is a 4xx with a code', async () => {
    const d = await claimedConsultation();
    for (const items of [[item(ids.amoxicillin, PARA_STRIP, 1)], [item(ids.paracetamol, PARA_STRIP, 1_000_000_000)], [item('01UNKNOWNPRODUCT000000000', PARA_STRIP, 1)], [item(ids.paracetamol, PARA_STRIP, 1.5)]]) {
      const res = await advise(d.id, { items, locationId: LOCATION });
      expect(res.status, JSON.stringify(items)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(items)).toBeLessThan(500);
      expect(res.body.error?.code).toBeTruthy();
    }
  });

  it('probe: dispense and cancel racing: exactly one wins, quantity == ledger sum, reserved back to before', async () => {
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

  it('probe: malformed multipart / missing payload on consultation submit answers 4xx with a code', async () => {
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

  it('probe: an unknown/garbage id on staff routes is 404/400, never 500', async () => {
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
});
