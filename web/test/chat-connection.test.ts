/**
 * #15 chat: the browser side of resume and resend (web/src/lib/chat/connection.ts), driven with a fake socket and a
 * fake server that behaves as the ChatRoom's contract says (hello replays after lastSeq, a resent clientId is acked
 * with its original seq and stored once).
 */
import { describe, expect, it } from 'vitest';
import { ChatConnection, type ChatSnapshot, type SocketLike } from '../src/lib/chat/connection';
import type { ChatMessage, ClientFrame, ServerFrame } from '../src/lib/chat/frames';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: ClientFrame[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(private readonly server: FakeRoom) {}
  send(data: string) {
    const f = JSON.parse(data) as ClientFrame;
    this.sent.push(f);
    if (this.server.deliver) this.server.receive(this, f);
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(f: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  /** The network is gone: the socket closes without a clean handshake. */
  drop(code = 1006) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** The server half as the protocol (shared/src/chat/protocol.ts) describes it. */
class FakeRoom {
  messages: ChatMessage[] = [];
  sockets: FakeSocket[] = [];
  deliver = true;
  /** When false, a send is stored but neither acked nor echoed (the connection drops before the answer). */
  answer = true;
  receive(s: FakeSocket, f: ClientFrame) {
    if (f.type === 'hello') for (const m of this.messages.filter((m) => m.seq > f.lastSeq)) s.push({ type: 'message', message: m });
    if (f.type === 'send') {
      let m = this.messages.find((x) => x.clientId === f.clientId);
      const fresh = !m;
      if (!m) {
        m = { id: `m${this.messages.length + 1}`, seq: this.messages.length + 1, clientId: f.clientId, senderRole: 'customer', senderName: 'Lan', body: f.body, createdAt: Date.now() };
        this.messages.push(m);
      }
      if (!this.answer) return;
      s.push({ type: 'ack', clientId: f.clientId, seq: m.seq });
      if (fresh) for (const o of this.sockets) if (o.readyState === 1) o.push({ type: 'message', message: m });
    }
  }
  /** The pharmacist writes (to whoever is connected now). */
  pharmacistSays(body: string) {
    const m: ChatMessage = { id: `m${this.messages.length + 1}`, seq: this.messages.length + 1, clientId: `ph-${this.messages.length + 1}-xxxxxxxx`, senderRole: 'pharmacist', senderName: 'DS. Anh', body, createdAt: Date.now() };
    this.messages.push(m);
    for (const o of this.sockets) if (o.readyState === 1) o.push({ type: 'message', message: m });
  }
}

function setup() {
  const room = new FakeRoom();
  const timers: Array<{ fn: () => void; ms: number; cleared?: boolean }> = [];
  let last: ChatSnapshot | null = null;
  let n = 0;
  const conn = new ChatConnection({
    url: 'ws://shop/v1/chat/conversations/c1/ws',
    me: 'customer',
    onChange: (s) => (last = s),
    openSocket: () => {
      const s = new FakeSocket(room);
      room.sockets.push(s);
      return s;
    },
    newClientId: () => `client-${++n}-abcdef`,
    setTimer: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => ((t as { cleared?: boolean }).cleared = true),
  });
  const socket = () => room.sockets.at(-1)!;
  const runTimers = () => {
    for (const t of timers.splice(0)) if (!t.cleared) t.fn();
  };
  return { room, conn, socket, runTimers, snap: () => last!, bodies: () => last!.messages.map((m) => m.body) };
}

describe('chat connection: resume and resend (#15)', () => {
  it('says hello with the last seq it holds and shows every message once after a drop', () => {
    const { room, conn, socket, runTimers, snap, bodies } = setup();
    conn.start();
    socket().open();
    expect(socket().sent[0]).toEqual({ type: 'hello', lastSeq: 0 });
    conn.send('Chào dược sĩ');
    room.pharmacistSays('Chào bạn');
    expect(bodies()).toEqual(['Chào dược sĩ', 'Chào bạn']);

    socket().drop();
    expect(snap().connection).toBe('reconnecting');
    room.pharmacistSays('Bạn dùng thuốc gì?'); // posted while the shopper is away
    runTimers();
    socket().open();
    expect(socket().sent[0]).toEqual({ type: 'hello', lastSeq: 2 });
    expect(bodies()).toEqual(['Chào dược sĩ', 'Chào bạn', 'Bạn dùng thuốc gì?']);
    expect(snap().connection).toBe('open');
  });

  it('resends what was written offline, and a message stored before the drop is resent under its clientId and kept once', () => {
    const { room, conn, socket, runTimers, snap, bodies } = setup();
    conn.start();
    socket().open();
    room.answer = false; // stored by the server, but the ack and echo are lost with the connection
    conn.send('Tôi bị ho');
    socket().drop();
    room.answer = true;
    conn.send('Có dùng được siro không?'); // written while offline
    expect(snap().pending.map((p) => p.body)).toEqual(['Tôi bị ho', 'Có dùng được siro không?']);

    runTimers();
    // On a real network the hello's replay arrives after the client has already resent its pending messages.
    room.deliver = false;
    socket().open();
    room.deliver = true;
    for (const f of socket().sent) room.receive(socket(), f);
    const resent = socket().sent.filter((f) => f.type === 'send');
    expect(resent.map((f) => f.type === 'send' && f.clientId)).toEqual(['client-1-abcdef', 'client-2-abcdef']);
    expect(room.messages.map((m) => m.body)).toEqual(['Tôi bị ho', 'Có dùng được siro không?']);
    expect(bodies()).toEqual(['Tôi bị ho', 'Có dùng được siro không?']);
    expect(snap().pending).toEqual([]);
  });

  it('does not reopen a conversation the server closed, and reopens at once when the browser is back online', () => {
    const { conn, socket, runTimers, snap, room } = setup();
    conn.start();
    socket().open();
    socket().drop();
    conn.online();
    expect(room.sockets).toHaveLength(2);
    socket().open();
    socket().push({ type: 'status', status: 'closed', pharmacistName: 'DS. Anh', closedBy: 'pharmacist', consultationCode: null });
    socket().drop(1000);
    runTimers();
    expect(room.sockets).toHaveLength(2);
    expect(snap().connection).toBe('ended');
  });

  it("shows the other side's typing and read receipts, never its own", () => {
    const { conn, socket, snap } = setup();
    conn.start();
    socket().open();
    socket().push({ type: 'typing', role: 'customer' });
    expect(snap().peerTyping).toBe(false);
    socket().push({ type: 'typing', role: 'pharmacist' });
    expect(snap().peerTyping).toBe(true);
    socket().push({ type: 'read', role: 'pharmacist', upTo: 3 });
    socket().push({ type: 'read', role: 'customer', upTo: 9 });
    expect(snap().peerReadUpTo).toBe(3);
  });
});
