/**
 * Live chat (#15, ADR 0031), through the api Worker as browsers use it: HTTP routes with the session or the guest chat
 * cookie, and the conversation WebSocket served by the ChatRoom Durable Object (Hibernation API).
 */
import { env, runDurableObjectAlarm, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHAT_INACTIVITY_MS, CHAT_MAX_BODY, CHAT_RATE_LIMIT, ServerFrameSchema, type ServerFrame } from '@medicare/shared/chat/protocol';
import { api, json, tokenFor } from './fixtures';

const JSON_HEADERS = { 'content-type': 'application/json' };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** A WebSocket client that queues the server's frames and waits for the one a test expects (no fixed sleeps). */
class Client {
  private frames: ServerFrame[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number } | null = null;
  constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      this.frames.push(ServerFrameSchema.parse(JSON.parse(e.data as string)));
      this.wake();
    });
    ws.addEventListener('close', (e) => {
      this.closed = { code: e.code };
      this.wake();
    });
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame));
  }
  /** Takes (removes) the first queued frame matching `pred`, waiting for it to arrive. */
  async next<T extends ServerFrame['type']>(type: T, pred: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true): Promise<Extract<ServerFrame, { type: T }>> {
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type && pred(f as Extract<ServerFrame, { type: T }>));
      if (i >= 0) return this.frames.splice(i, 1)[0] as Extract<ServerFrame, { type: T }>;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) before a ${type} frame`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  async waitClosed() {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.closed;
  }
  close() {
    this.ws.close(1000, 'bye');
  }
}

async function connect(conversationId: string, headers: Record<string, string>): Promise<Client> {
  const res = await SELF.fetch(`https://api.medicare.test/v1/chat/conversations/${conversationId}/ws`, { headers: { upgrade: 'websocket', ...headers } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  return new Client(ws);
}

/** A signed-in customer's open conversation. */
async function openAs(token: string) {
  const res = await api('/v1/chat/conversations', { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(token) }, body: '{}' });
  expect([200, 201]).toContain(res.status);
  return json(res) as Promise<{ id: string; status: string }>;
}

async function take(id: string, token: string) {
  return api(`/v1/pharmacist/chats/${id}/take`, { method: 'POST', headers: bearer(token) });
}

const rows = (sql: string, ...binds: unknown[]) => env.DB.prepare(sql).bind(...binds).all<Record<string, unknown>>().then((r) => r.results);

let pharmacist = '';
let pharmacist2 = '';
beforeAll(async () => {
  pharmacist = await tokenFor('pharmacist', 'chat-pharmacist-1');
  pharmacist2 = await tokenFor('pharmacist', 'chat-pharmacist-2');
});

describe('chat', () => {
  it('two sockets exchange messages both ways, with typing and read receipts', async () => {
    const customer = await tokenFor('customer', 'chat-customer-both');
    const conv = await openAs(customer);
    expect(conv.status).toBe('waiting');
    expect((await take(conv.id, pharmacist)).status).toBe(200);

    const shopper = await connect(conv.id, bearer(customer));
    const staff = await connect(conv.id, bearer(pharmacist));
    shopper.send({ type: 'hello', lastSeq: 0 });
    staff.send({ type: 'hello', lastSeq: 0 });
    // The join notice written by the take reaches the shopper on hello.
    expect((await shopper.next('message')).message).toMatchObject({ senderRole: 'system', seq: 1 });
    expect(await shopper.next('status')).toMatchObject({ status: 'active', pharmacistName: 'Test pharmacist' });
    await staff.next('status');

    shopper.send({ type: 'typing' });
    expect(await staff.next('typing')).toEqual({ type: 'typing', role: 'customer' });
    shopper.send({ type: 'send', clientId: 'shopper-msg-0001', body: 'Tôi bị ho, dùng thuốc gì ạ?' });
    expect(await shopper.next('ack')).toEqual({ type: 'ack', clientId: 'shopper-msg-0001', seq: 2 });
    const got = await staff.next('message', (f) => f.message.seq === 2);
    expect(got.message).toMatchObject({ senderRole: 'customer', body: 'Tôi bị ho, dùng thuốc gì ạ?', clientId: 'shopper-msg-0001' });

    staff.send({ type: 'read', upTo: 2 });
    expect(await shopper.next('read', (f) => f.upTo === 2)).toEqual({ type: 'read', role: 'pharmacist', upTo: 2 });
    staff.send({ type: 'send', clientId: 'staff-msg-00001', body: 'Bạn ho khan hay ho có đờm?' });
    expect(await staff.next('ack')).toMatchObject({ seq: 3 });
    expect((await shopper.next('message', (f) => f.message.seq === 3)).message).toMatchObject({ senderRole: 'pharmacist', senderName: 'Test pharmacist', body: 'Bạn ho khan hay ho có đờm?' });

    const stored = await rows('SELECT seq, sender_role AS role FROM messages WHERE conversation_id = ? ORDER BY seq', conv.id);
    expect(stored).toEqual([{ seq: 1, role: 'system' }, { seq: 2, role: 'customer' }, { seq: 3, role: 'pharmacist' }]);
    const read = await rows('SELECT pharmacist_read_seq AS r, last_seq AS last FROM conversations WHERE id = ?', conv.id);
    expect(read).toEqual([{ r: 2, last: 3 }]);
    shopper.close();
    staff.close();
  });

  it('a dropped socket resumes with no loss and no duplicate (the same clientId resent)', async () => {
    const customer = await tokenFor('customer', 'chat-customer-resume');
    const conv = await openAs(customer);
    await take(conv.id, pharmacist);
    const staff = await connect(conv.id, bearer(pharmacist));
    staff.send({ type: 'hello', lastSeq: 0 });
    await staff.next('status');

    let shopper = await connect(conv.id, bearer(customer));
    shopper.send({ type: 'hello', lastSeq: 0 });
    await shopper.next('status');
    shopper.send({ type: 'send', clientId: 'resume-msg-0001', body: 'Tin thứ nhất' });
    const first = await shopper.next('ack');
    // The connection drops right after the shopper sent a second message, before its ack arrived.
    shopper.send({ type: 'send', clientId: 'resume-msg-0002', body: 'Tin thứ hai' });
    await staff.next('message', (f) => f.message.clientId === 'resume-msg-0002');
    shopper.close();
    await shopper.waitClosed();
    staff.send({ type: 'send', clientId: 'staff-resume-01', body: 'Trả lời trong lúc mất kết nối' });
    await staff.next('ack');

    shopper = await connect(conv.id, bearer(customer));
    shopper.send({ type: 'hello', lastSeq: first.seq });
    const second = await shopper.next('message', (f) => f.message.clientId === 'resume-msg-0002');
    const reply = await shopper.next('message', (f) => f.message.clientId === 'staff-resume-01');
    expect(reply.message.seq).toBe(second.message.seq + 1);
    // The shopper never saw the ack of the second message: it resends it with the same clientId.
    shopper.send({ type: 'send', clientId: 'resume-msg-0002', body: 'Tin thứ hai' });
    expect(await shopper.next('ack')).toEqual({ type: 'ack', clientId: 'resume-msg-0002', seq: second.message.seq });

    const stored = await rows("SELECT client_id AS c FROM messages WHERE conversation_id = ? AND sender_role <> 'system' ORDER BY seq", conv.id);
    expect(stored).toEqual([{ c: 'resume-msg-0001' }, { c: 'resume-msg-0002' }, { c: 'staff-resume-01' }]);
    // The history route agrees: after the first message, exactly the two later ones.
    const after = await json(await api(`/v1/chat/conversations/${conv.id}/messages?after=${first.seq}`, { headers: bearer(customer) }));
    expect(after.items.map((m: { clientId: string }) => m.clientId)).toEqual(['resume-msg-0002', 'staff-resume-01']);
    shopper.close();
    staff.close();
  });

  it("another customer, another guest or another pharmacist can't open the socket or read the messages", async () => {
    const owner = await tokenFor('customer', 'chat-customer-owner');
    const other = await tokenFor('customer', 'chat-customer-other');
    const conv = await openAs(owner);
    await take(conv.id, pharmacist);
    const ws = (headers: Record<string, string>) => SELF.fetch(`https://api.medicare.test/v1/chat/conversations/${conv.id}/ws`, { headers: { upgrade: 'websocket', ...headers } });
    const guest = await api('/v1/chat/conversations', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name: 'Khách lạ', phone: '0903000111' }) });
    expect(guest.status).toBe(201);
    const guestCookie = guest.headers.get('set-cookie')!.split(';')[0]!;
    expect(guestCookie).toMatch(/^mc_gch=/);

    expect((await ws({})).status).toBe(401);
    expect((await ws(bearer(other))).status).toBe(404);
    expect((await ws({ cookie: guestCookie })).status).toBe(404);
    expect((await ws(bearer(pharmacist2))).status).toBe(404);
    // A made-up guest cookie is no identity.
    expect((await ws({ cookie: 'mc_gch=forged.token.value' })).status).toBe(401);

    expect((await api(`/v1/chat/conversations/${conv.id}/messages`)).status).toBe(401);
    expect((await api(`/v1/chat/conversations/${conv.id}/messages`, { headers: bearer(other) })).status).toBe(404);
    expect((await api(`/v1/chat/conversations/${conv.id}/messages`, { headers: { cookie: guestCookie } })).status).toBe(404);
    expect((await api(`/v1/chat/conversations/${conv.id}/messages`, { headers: bearer(pharmacist2) })).status).toBe(404);
    expect((await api(`/v1/chat/conversations/${conv.id}/close`, { method: 'POST', headers: bearer(other) })).status).toBe(404);
    expect((await rows('SELECT status FROM conversations WHERE id = ?', conv.id))[0]).toEqual({ status: 'active' });
    // The owner and the holder may.
    expect((await api(`/v1/chat/conversations/${conv.id}/messages`, { headers: bearer(owner) })).status).toBe(200);
    expect((await api(`/v1/chat/conversations/${conv.id}/messages`, { headers: bearer(pharmacist) })).status).toBe(200);
  });

  it('a guest chats with the cookie issued when the chat opened; opening again answers the same conversation', async () => {
    const opened = await api('/v1/chat/conversations', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name: 'Nguyễn Văn Khách', phone: '0912 345 678' }) });
    expect(opened.status).toBe(201);
    const setCookie = opened.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Path=\/v1\/chat/);
    const cookie = setCookie.split(';')[0]!;
    const conv = await json(opened);
    const again = await api('/v1/chat/conversations', { method: 'POST', headers: { ...JSON_HEADERS, cookie }, body: JSON.stringify({ name: 'Nguyễn Văn Khách', phone: '0912345678' }) });
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(conv.id);
    expect((await json(await api('/v1/chat/conversations/current', { headers: { cookie } }))).id).toBe(conv.id);
    expect((await rows('SELECT customer_phone AS p, user_id AS u FROM conversations WHERE id = ?', conv.id))[0]).toEqual({ p: '0912345678', u: null });
    const shopper = await connect(conv.id, { cookie });
    shopper.send({ type: 'hello', lastSeq: 0 });
    expect(await shopper.next('status')).toMatchObject({ status: 'waiting' });
    shopper.send({ type: 'send', clientId: 'guest-msg-00001', body: 'Cho tôi hỏi về thuốc kháng sinh' });
    expect(await shopper.next('ack')).toMatchObject({ seq: 1 });
    // Without name and phone a guest cannot open a chat.
    const bare = await api('/v1/chat/conversations', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    expect(bare.status).toBe(400);
    expect((await json(bare)).error.code).toBe('GUEST_DETAILS_REQUIRED');
    shopper.close();
  });

  it('a second pharmacist cannot take a taken chat: of two concurrent takes exactly one wins', async () => {
    const customer = await tokenFor('customer', 'chat-customer-take');
    const conv = await openAs(customer);
    const [a, b] = await Promise.all([take(conv.id, pharmacist), take(conv.id, pharmacist2)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect((await json(lost)).error.code).toBe('CHAT_TAKEN');
    const holder = a.status === 200 ? 'chat-pharmacist-1' : 'chat-pharmacist-2';
    expect(await rows('SELECT pharmacist_id AS p, status FROM conversations WHERE id = ?', conv.id)).toEqual([{ p: holder, status: 'active' }]);
    // One join notice, one audit row.
    expect(await rows("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND sender_role = 'system'", conv.id)).toEqual([{ n: 1 }]);
    expect(await rows("SELECT actor_id AS a FROM audit_log WHERE action = 'chat.take' AND entity_id = ?", conv.id)).toEqual([{ a: holder }]);
    // The loser holds nothing: a later take is refused too, and the list shows it as someone else's.
    const loserToken = holder === 'chat-pharmacist-1' ? pharmacist2 : pharmacist;
    expect((await take(conv.id, loserToken)).status).toBe(409);
    const mine = await json(await api('/v1/pharmacist/chats?status=mine', { headers: bearer(loserToken) }));
    expect(mine.items.map((i: { id: string }) => i.id)).not.toContain(conv.id);
  });

  it('the waiting list shows waiting time, oldest first; the detail shows the customer with recent orders', async () => {
    const customer = await tokenFor('customer', 'chat-customer-list');
    const conv = await openAs(customer);
    const list = await json(await api('/v1/pharmacist/chats?status=waiting', { headers: bearer(pharmacist) }));
    const item = list.items.find((i: { id: string }) => i.id === conv.id);
    expect(item).toMatchObject({ customerName: 'Test customer', isGuest: false, status: 'waiting', pharmacistName: null });
    expect(item.waitingSeconds).toBeGreaterThanOrEqual(0);
    const created = list.items.map((i: { waitingSeconds: number }) => i.waitingSeconds);
    expect([...created].sort((x, y) => y - x)).toEqual(created);
    const detail = await json(await api(`/v1/pharmacist/chats/${conv.id}`, { headers: bearer(pharmacist) }));
    expect(detail.customer).toEqual({ name: 'Test customer', phone: null, userId: 'chat-customer-list', isGuest: false });
    expect(detail.recentOrders).toEqual([]);
    // Customers and admins have no pharmacist chat routes.
    expect((await api('/v1/pharmacist/chats', { headers: bearer(customer) })).status).toBe(403);
  });

  it('messages are text of at most 2,000 characters, rate-limited per sender', async () => {
    const customer = await tokenFor('customer', 'chat-customer-limits');
    const conv = await openAs(customer);
    const shopper = await connect(conv.id, bearer(customer));
    shopper.send({ type: 'hello', lastSeq: 0 });
    await shopper.next('status');
    shopper.send({ type: 'send', clientId: 'too-long-000001', body: 'a'.repeat(CHAT_MAX_BODY + 1) });
    expect(await shopper.next('error')).toMatchObject({ code: 'BODY_TOO_LONG', clientId: 'too-long-000001' });
    shopper.ws.send(new Uint8Array([1, 2, 3]));
    expect(await shopper.next('error')).toMatchObject({ code: 'BAD_FRAME' });
    shopper.send({ type: 'send', clientId: 'exactly-max-001', body: 'b'.repeat(CHAT_MAX_BODY) });
    expect(await shopper.next('ack')).toMatchObject({ clientId: 'exactly-max-001' });
    for (let i = 1; i < CHAT_RATE_LIMIT.messages + 1; i++) shopper.send({ type: 'send', clientId: `flood-${String(i).padStart(6, '0')}`, body: `tin ${i}` });
    const limited = await shopper.next('error', (f) => f.code === 'RATE_LIMITED');
    expect(limited.retryAfter).toBeGreaterThan(0);
    const count = await rows('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?', conv.id);
    expect(count[0]!.n).toBeLessThanOrEqual(CHAT_RATE_LIMIT.messages);
    shopper.close();
  });

  it('closes after inactivity through the room alarm, and tells the open sockets', async () => {
    const customer = await tokenFor('customer', 'chat-customer-idle');
    const conv = await openAs(customer);
    await take(conv.id, pharmacist);
    const shopper = await connect(conv.id, bearer(customer));
    shopper.send({ type: 'hello', lastSeq: 0 });
    await shopper.next('status');
    shopper.send({ type: 'send', clientId: 'idle-msg-000001', body: 'Cảm ơn dược sĩ' });
    await shopper.next('ack');
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(conv.id));
    // Not idle yet: the alarm re-arms itself and closes nothing.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rows('SELECT status FROM conversations WHERE id = ?', conv.id)).toEqual([{ status: 'active' }]);
    // The last message was longer ago than the inactivity limit.
    await env.DB.prepare('UPDATE conversations SET last_activity_at = ? WHERE id = ?').bind(Date.now() - CHAT_INACTIVITY_MS - 1000, conv.id).run();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rows('SELECT status, closed_by AS by FROM conversations WHERE id = ?', conv.id)).toEqual([{ status: 'closed', by: 'inactivity' }]);
    expect(await shopper.next('message', (f) => f.message.senderRole === 'system' && f.message.body.includes('tự kết thúc'))).toBeTruthy();
    expect(await shopper.next('status', (f) => f.status === 'closed')).toMatchObject({ closedBy: 'inactivity' });
    await shopper.waitClosed();
    // Nothing more can be said in it, and the customer may open a new one.
    expect((await api(`/v1/chat/conversations/${conv.id}/close`, { method: 'POST', headers: bearer(customer) })).status).toBe(200);
    expect((await openAs(customer)).id).not.toBe(conv.id);
  });

  it('either side closes; a closed chat takes no message', async () => {
    const customer = await tokenFor('customer', 'chat-customer-close');
    const conv = await openAs(customer);
    await take(conv.id, pharmacist);
    const shopper = await connect(conv.id, bearer(customer));
    shopper.send({ type: 'hello', lastSeq: 0 });
    await shopper.next('status');
    const closed = await api(`/v1/chat/conversations/${conv.id}/close`, { method: 'POST', headers: bearer(pharmacist) });
    expect(closed.status).toBe(200);
    expect(await json(closed)).toMatchObject({ status: 'closed', closedBy: 'pharmacist' });
    expect(await shopper.next('status', (f) => f.status === 'closed')).toMatchObject({ closedBy: 'pharmacist' });
    await shopper.waitClosed();
    const again = await connect(conv.id, bearer(customer));
    again.send({ type: 'send', clientId: 'after-close-001', body: 'Còn ai không?' });
    expect(await again.next('error')).toMatchObject({ code: 'CHAT_CLOSED' });
    again.close();
  });

  it('emails the transcript once per request, even when the event is delivered again', async () => {
    const customer = await tokenFor('customer', 'chat-customer-mail');
    const conv = await openAs(customer);
    await take(conv.id, pharmacist);
    const shopper = await connect(conv.id, bearer(customer));
    shopper.send({ type: 'send', clientId: 'mail-msg-000001', body: 'Thuốc này uống trước hay sau ăn?' });
    await shopper.next('ack');
    shopper.close();
    const to = 'chat-transcript@example.vn';
    expect((await api(`/v1/chat/conversations/${conv.id}/transcript`, { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(customer) }, body: JSON.stringify({ email: to }) })).status).toBe(202);
    const acked = async () => {
      for (let i = 0; i < 200; i++) {
        const r = (await rows("SELECT COUNT(*) AS n, COUNT(acked_at) AS a FROM outbox_events WHERE type = 'chat.transcript_requested' AND aggregate_id = ?", conv.id))[0] as { n: number; a: number };
        if (r.n > 0 && r.a === r.n) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`transcript event not consumed: ${JSON.stringify(await rows('SELECT * FROM outbox_events WHERE aggregate_id = ?', conv.id))} ${JSON.stringify(await rows('SELECT * FROM event_failures'))}`);
    };
    await acked();
    // The same event handled again (a redelivery racing the acknowledgement): still one email.
    const row = (await rows("SELECT id, type, aggregate_type AS aggregateType, aggregate_id AS aggregateId, created_at AS occurredAt, payload FROM outbox_events WHERE type = 'chat.transcript_requested' AND aggregate_id = ?", conv.id))[0] as Record<string, string>;
    const { chatTranscriptHandler } = await import('../../consumer/src/chat-mail');
    const envelope = { ...row, occurredAt: Number(row.occurredAt), payload: JSON.parse(row.payload!) } as never;
    await chatTranscriptHandler()(envelope, { ...env, ENVIRONMENT: 'test' } as never);
    const mails = await rows('SELECT subject, text FROM dev_mailbox WHERE to_address = ?', to);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Thuốc này uống trước hay sau ăn?');
    // Right after, another request is refused for a minute.
    expect((await api(`/v1/chat/conversations/${conv.id}/transcript`, { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(customer) }, body: JSON.stringify({ email: to }) })).status).toBe(429);
  });

  it('the holding pharmacist turns the chat into a consultation once; the transcript becomes its note', async () => {
    const opened = await api('/v1/chat/conversations', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name: 'Lê Thị Hỏi', phone: '0987654321' }) });
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const conv = await json(opened);
    await take(conv.id, pharmacist);
    const shopper = await connect(conv.id, { cookie });
    shopper.send({ type: 'hello', lastSeq: 0 });
    await shopper.next('status');
    shopper.send({ type: 'send', clientId: 'handover-msg-01', body: 'Tôi cần mua Augmentin theo đơn' });
    await shopper.next('ack');
    const hand = (token: string) => api(`/v1/pharmacist/chats/${conv.id}/consultation`, { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(token) }, body: '{}' });
    expect((await hand(pharmacist2)).status).toBe(404);
    const [a, b] = await Promise.all([hand(pharmacist), hand(pharmacist)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const made = await json(a.status === 201 ? a : b);
    expect(made.code).toMatch(/^TV/);
    const rowsOf = await rows('SELECT id, source, conversation_id AS conv, guest_name AS name, guest_phone AS phone, contact_phone AS contact, status, note FROM consultations WHERE conversation_id = ?', conv.id);
    expect(rowsOf).toHaveLength(1);
    expect(rowsOf[0]).toMatchObject({ id: made.consultationId, source: 'chat', conv: conv.id, name: 'Lê Thị Hỏi', phone: '0987654321', contact: '0987654321', status: 'submitted' });
    expect(rowsOf[0]!.note).toContain('Lê Thị Hỏi: Tôi cần mua Augmentin theo đơn');
    expect(await shopper.next('status', (f) => f.consultationCode !== null)).toMatchObject({ consultationCode: made.code });
    expect((await shopper.next('message', (f) => f.message.senderRole === 'system' && f.message.body.includes(made.code))).message.body).toContain('phiếu tư vấn');
    expect(await rows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'chat.handover' AND entity_id = ?", conv.id)).toEqual([{ n: 1 }]);
    const detail = await json(await api(`/v1/pharmacist/chats/${conv.id}`, { headers: bearer(pharmacist) }));
    expect(detail.conversation.consultationCode).toBe(made.code);
    expect(detail.recentConsultations.map((k: { code: string }) => k.code)).toEqual([made.code]);
    shopper.close();
  });

  it("says whether pharmacists are on duty from the active pharmacy locations' hours, and when they are back", async () => {
    const { vietnamDate, vietnamDayStart, DAY_MS, vietnamClock } = await import('@medicare/shared/catalog/availability');
    const { WEEKDAYS } = await import('@medicare/shared/chat/hours');
    const allDay = [{ open: '00:00', close: '24:00' }];
    const today = WEEKDAYS[(vietnamClock(Date.now()).getUTCDay() + 6) % 7]!;
    const hours = (closedToday: boolean) => JSON.stringify({ ...Object.fromEntries(WEEKDAYS.map((d) => [d, d === today && closedToday ? [] : allDay])), closedDates: [] });
    await env.DB.batch([
      env.DB.prepare('UPDATE pharmacy_locations SET active = 0'),
      env.DB.prepare(
        `INSERT INTO pharmacy_locations (id, name, address, phone, hours, licence_number, gpp_certificate, responsible_pharmacist, active, created_at, updated_at)
         VALUES ('01CHATDUTYLOCATION0000000', 'Nhà thuốc thử', '1 Lê Lợi', '02800000000', ?, 'GCN-1', 'GPP-1', 'DS. A', 1, 1, 1)`,
      ).bind(hours(true)),
    ]);
    const off = await json(await api('/v1/chat/status'));
    expect(off).toMatchObject({ onDuty: false, nextOpenAt: vietnamDayStart(vietnamDate(Date.now()))! + DAY_MS });
    expect(off.hoursText).toContain('nghỉ');
    await env.DB.prepare("UPDATE pharmacy_locations SET hours = ? WHERE id = '01CHATDUTYLOCATION0000000'").bind(hours(false)).run();
    expect(await json(await api('/v1/chat/status'))).toMatchObject({ onDuty: true, nextOpenAt: null });
    // An inactive location does not count: with none active, the default hours apply.
    await env.DB.prepare("UPDATE pharmacy_locations SET active = 0 WHERE id = '01CHATDUTYLOCATION0000000'").run();
    expect((await json(await api('/v1/chat/status'))).hoursText).toBe('Thứ 2 – Chủ nhật: 07:30–22:00');
  });
});
