/**
 * #15: text people type is stored NFC (THE rule: `textInput` / `normalizeText`, shared/src/text-input.ts), on every
 * #15 path a person types into — the guest one-time code, the chat (name and messages over the WebSocket), the
 * pharmacist's reject note, the counter's dispense note and cancel reason, the pickups and queue searches, pharmacy
 * locations and the exception switch's note. Vietnamese letters have two encodings ("à" precomposed, or "a" + U+0300);
 * each value is sent decomposed (NFD) and must come back (and be stored) precomposed.
 * (Consultation symptoms/note and advice note/instructions: consultation-adversarial.test.ts.)
 */
import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServerFrameSchema, type ServerFrame } from '@medicare/shared/chat/protocol';
import { api, hcmWard, ids, json, seedFixtures } from './fixtures';
import { AMOX_BOX, consultationHarness, LOCATION } from './consultation-fixtures';

const NFC = 'Nguyễn Thị Hoà, ho khan về đêm';
const NFD = NFC.normalize('NFD');
const { signIn, call, claimedConsultation } = consultationHarness({
  users: { p1: ['pharmacist', 'nfc-pharmacist'], admin: ['admin', 'nfc-admin'], customer: ['customer', 'nfc-customer'] },
  idPrefix: '01TESTNFC',
  codeBase: 700,
  keyPrefix: 'nfc',
});

/** A pickup reservation (one Rx item) of the customer. */
async function reservation(): Promise<string> {
  const d = await claimedConsultation();
  const res = await call('POST', `/v1/pharmacist/consultations/${d.id}/advice`, 'p1', {
    note: 'Mang đơn thuốc gốc khi đến nhận.',
    items: [{ productId: ids.amoxicillin, unitId: AMOX_BOX, quantity: 1, instructions: 'Uống sau ăn.' }],
    locationId: LOCATION,
  });
  expect(res.status).toBe(200);
  return res.body.advice.reservation.id;
}
const pickupNote = async (id: string) => (await env.DB.prepare('SELECT note FROM pickup_reservations WHERE id = ?').bind(id).first<{ note: string }>())!.note;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
  await signIn();
  await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?').bind('Nguyễn Thị Hoà', 'nfc-customer').run();
});

describe('#15 typed text is stored NFC', () => {
  it("the guest one-time code request: the guest's name", async () => {
    const email = 'nfc.guest@example.vn';
    const phone = '0977000111';
    expect((await call('POST', '/v1/consultations/otp', null, { name: NFD, phone, email })).status).toBe(202);
    expect((await env.DB.prepare('SELECT name FROM consultation_otps WHERE phone = ?').bind(phone).first<{ name: string }>())!.name).toBe(NFC);
    const m = await env.DB.prepare("SELECT subject FROM dev_mailbox WHERE to_address = ? AND subject LIKE 'Mã xác nhận%' ORDER BY created_at DESC, rowid DESC LIMIT 1").bind(email).first<{ subject: string }>();
    const verified = await call('POST', '/v1/consultations/otp/verify', null, { phone, code: /(\d{6})$/.exec(m!.subject)![1] });
    expect(verified.body.guest.name).toBe(NFC);
  });

  it("the chat: the guest's name", async () => {
    const opened = await api('/v1/chat/conversations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: NFD, phone: '0912000333' }) });
    expect(opened.status).toBe(201);
    const conv = await json(opened);
    expect((await env.DB.prepare('SELECT customer_name AS n FROM conversations WHERE id = ?').bind(conv.id).first<{ n: string }>())!.n).toBe(NFC);
  });

  it('the chat: a message sent over the WebSocket (stored, echoed, listed)', async () => {
    const opened = await api('/v1/chat/conversations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Khách NFC', phone: '0912000444' }) });
    expect(opened.status).toBe(201);
    const conv = await json(opened);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const res = await SELF.fetch(`https://api.medicare.test/v1/chat/conversations/${conv.id}/ws`, { headers: { upgrade: 'websocket', cookie } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const frames: ServerFrame[] = [];
    let wake = () => {};
    ws.addEventListener('message', (e) => {
      frames.push(ServerFrameSchema.parse(JSON.parse(e.data as string)));
      wake();
    });
    const next = async <T extends ServerFrame['type']>(type: T, pred: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true): Promise<Extract<ServerFrame, { type: T }>> => {
      for (;;) {
        const i = frames.findIndex((f) => f.type === type && pred(f as Extract<ServerFrame, { type: T }>));
        if (i >= 0) return frames.splice(i, 1)[0] as Extract<ServerFrame, { type: T }>;
        await new Promise<void>((r) => (wake = r));
      }
    };
    ws.send(JSON.stringify({ type: 'hello', lastSeq: 0 }));
    ws.send(JSON.stringify({ type: 'send', clientId: 'nfc-message-0001', body: NFD }));
    const ack = await next('ack');
    const echoed = await next('message', (f) => f.message.clientId === 'nfc-message-0001');
    ws.close(1000, 'bye');
    expect(echoed.message.body).toBe(NFC);
    const stored = await env.DB.prepare('SELECT body FROM messages WHERE conversation_id = ? AND seq = ?').bind(conv.id, ack.seq).first<{ body: string }>();
    expect(stored!.body).toBe(NFC);
    const listed = await api(`/v1/chat/conversations/${conv.id}/messages`, { headers: { cookie } });
    expect((await json(listed)).items.map((m: { body: string }) => m.body)).toContain(NFC);
  });

  it("the pharmacist's reject note", async () => {
    const d = await claimedConsultation();
    const res = await call('POST', `/v1/pharmacist/consultations/${d.id}/reject`, 'p1', { reason: 'other', note: NFD });
    expect(res.status).toBe(200);
    expect(res.body.advice.rejection.note).toBe(NFC);
  });

  it('the counter: the dispense note', async () => {
    const id = await reservation();
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p1', { prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 90_000, note: NFD })).status).toBe(200);
    expect(await pickupNote(id)).toBe(NFC);
  });

  it('the counter: the cancel reason', async () => {
    const id = await reservation();
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/cancel`, 'p1', { reason: NFD })).status).toBe(200);
    expect(await pickupNote(id)).toBe(NFC);
  });

  it("the pickups search: a name typed decomposed finds the customer's reservation", async () => {
    const id = await reservation();
    const pickups = await call('GET', `/v1/pharmacist/pickups?q=${encodeURIComponent('Thị Hoà'.normalize('NFD'))}`, 'p1');
    expect(pickups.status).toBe(200);
    expect(pickups.body.items.map((p: { id: string }) => p.id)).toContain(id);
  });

  it("the consultation queue search (its NFC now comes from the schema): a name typed decomposed finds the customer's consultation", async () => {
    const d = await claimedConsultation();
    const queue = await call('GET', `/v1/pharmacist/consultations?status=all&q=${encodeURIComponent('Thị Hoà'.normalize('NFD'))}`, 'p1');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(d.id);
  });

  it("a pharmacy location's fields (create and edit)", async () => {
    const hours = { mon: [{ open: '08:00', close: '20:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const created = await call('POST', '/v1/admin/pharmacy-locations', 'admin', {
      name: 'Nhà thuốc Hoà Bình'.normalize('NFD'),
      address: '12 Quốc Hương, Phường An Khánh'.normalize('NFD'),
      phone: '028 3744 0000',
      licenceNumber: 'Số 12/ĐKKDD-HCM'.normalize('NFD'),
      gppCertificate: 'GPP số 34/GPP-SYT'.normalize('NFD'),
      responsiblePharmacist: 'DS. Lê Thị Huệ'.normalize('NFD'),
      hours,
      active: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Nhà thuốc Hoà Bình', address: '12 Quốc Hương, Phường An Khánh', licenceNumber: 'Số 12/ĐKKDD-HCM', responsiblePharmacist: 'DS. Lê Thị Huệ' });
    const edited = await call('PATCH', `/v1/admin/pharmacy-locations/${created.body.id}`, 'admin', { name: NFD });
    expect(edited.body.name).toBe(NFC);
    const row = await env.DB.prepare('SELECT name, address, gpp_certificate AS gpp FROM pharmacy_locations WHERE id = ?').bind(created.body.id).first();
    expect(row).toEqual({ name: NFC, address: '12 Quốc Hương, Phường An Khánh', gpp: 'GPP số 34/GPP-SYT' });
  });

  it("the exception switch's note", async () => {
    expect((await call('PUT', '/v1/admin/settings/rx-online-exception', 'admin', { enabled: false, note: NFD })).status).toBe(200);
    expect((await call('GET', '/v1/admin/settings', 'admin')).body.rxOnlineException.note).toBe(NFC);
  });
});
