/**
 * ChatRoom: one Durable Object per conversation (#15, ADR 0031), holding its WebSockets with the Hibernation API
 * (`ctx.acceptWebSocket`): the object may be evicted between frames while the sockets stay open, so nothing lives
 * in memory that a socket's attachment (who it is) or D1 (the conversation, its messages) does not hold.
 *
 * Trust: the room is reachable only through the api Worker's binding. The Worker authenticates the caller (session
 * cookie or guest chat cookie), checks `chatRoleOf`, and passes the identity in `CHAT_IDENTITY_HEADER` on a request
 * it builds itself; the room never reads identity from anything the client sent (frames carry no identity).
 *
 * Messages are written to D1 (`appendMessage`: next seq, idempotent client id) before they are acked and broadcast.
 * Inactivity: the room keeps one alarm pending while the conversation is open; when it fires it closes the
 * conversation if D1 shows no message for `CHAT_INACTIVITY_MS`, else re-arms itself at last activity + that limit.
 */
import { DurableObject } from 'cloudflare:workers';
import { appendMessage, closeConversation, conversationById, markRead, messagesAfter, type ConversationRow } from '@medicare/shared/chat/repo.d1';
import { CHAT_INACTIVITY_MS, CHAT_RATE_LIMIT, ClientFrameSchema, type ChatPartyRole, type ServerFrame } from '@medicare/shared/chat/protocol';
import type { ApiBindings } from './env';

/** Set by the api Worker only: who the socket belongs to (`RoomIdentity` as URI-encoded JSON: names are Vietnamese). */
export const CHAT_IDENTITY_HEADER = 'x-medicare-chat-identity';

export interface RoomIdentity {
  conversationId: string;
  role: ChatPartyRole;
  /** The account (null for a guest customer). */
  userId: string | null;
  name: string;
}

const CONVERSATION_KEY = 'conversationId';

/** The status frame of a conversation row. */
export function statusFrame(c: ConversationRow): ServerFrame {
  return { type: 'status', status: c.status, pharmacistName: c.pharmacistName, closedBy: c.closedBy, consultationCode: c.consultationCode };
}

/**
 * Per-sender send limit, kept in the room's memory: a sliding window of send times per role. The room is one
 * sender's conversation, and it is evicted (forgetting the window) only after it has been idle for a while — longer
 * than a window lasts — so eviction never lets a flood through; nor does it cost a D1 write per message.
 */
export class SendWindow {
  private sent: number[] = [];
  constructor(private readonly limit: number, private readonly windowMs: number) {}
  /** Counts a send at `now`: 0 when allowed, else the seconds to wait. */
  hit(now: number): number {
    this.sent = this.sent.filter((t) => t > now - this.windowMs);
    if (this.sent.length >= this.limit) return Math.max(1, Math.ceil((this.sent[0]! + this.windowMs - now) / 1000));
    this.sent.push(now);
    return 0;
  }
}

export class ChatRoom extends DurableObject<ApiBindings> {
  private readonly windows = { customer: new SendWindow(CHAT_RATE_LIMIT.messages, CHAT_RATE_LIMIT.windowSeconds * 1000), pharmacist: new SendWindow(CHAT_RATE_LIMIT.messages, CHAT_RATE_LIMIT.windowSeconds * 1000) };
  /** Whether this instance has seen the inactivity alarm set (the alarm re-arms itself from D1's last activity). */
  private alarmArmed = false;

  constructor(ctx: DurableObjectState, env: ApiBindings) {
    super(ctx, env);
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Only the WebSocket upgrade comes through fetch (the Worker built the request; see `CHAT_IDENTITY_HEADER`). */
  override async fetch(request: Request): Promise<Response> {
    const raw = request.headers.get(CHAT_IDENTITY_HEADER);
    if (!raw || request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response(null, { status: 400 });
    const who = JSON.parse(decodeURIComponent(raw)) as RoomIdentity;
    await this.remember(who.conversationId);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [who.role]);
    server.serializeAttachment(who);
    return new Response(null, { status: 101, webSocket: client });
  }

  private async remember(conversationId: string) {
    if ((await this.ctx.storage.get<string>(CONVERSATION_KEY)) !== conversationId) await this.ctx.storage.put(CONVERSATION_KEY, conversationId);
  }

  private send(ws: WebSocket, frame: ServerFrame) {
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      // The socket is closing: its owner resumes with hello { lastSeq } and misses nothing.
    }
  }

  /** Sends `frame` to every socket of the room (or only to those of `role`). */
  private broadcast(frame: ServerFrame, role?: ChatPartyRole, except?: WebSocket) {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets(role)) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        /* closing */
      }
    }
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const who = ws.deserializeAttachment() as RoomIdentity;
    if (typeof data !== 'string') return this.send(ws, { type: 'error', code: 'BAD_FRAME', message: 'Chỉ hỗ trợ tin nhắn văn bản.' });
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.send(ws, { type: 'error', code: 'BAD_FRAME', message: 'Dữ liệu không hợp lệ.' });
    }
    const parsed = ClientFrameSchema.safeParse(json);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
      const clientId = typeof (json as { clientId?: unknown })?.clientId === 'string' ? ((json as { clientId: string }).clientId) : undefined;
      return this.send(ws, tooLong ? { type: 'error', code: 'BODY_TOO_LONG', message: parsed.error.issues[0]!.message, clientId } : { type: 'error', code: 'BAD_FRAME', message: 'Dữ liệu không hợp lệ.', clientId });
    }
    const frame = parsed.data;
    const db = this.env.DB;
    const now = Date.now();
    switch (frame.type) {
      case 'hello': {
        const [missed, conv] = await Promise.all([messagesAfter(db, who.conversationId, frame.lastSeq), conversationById(db, who.conversationId)]);
        for (const message of missed) this.send(ws, { type: 'message', message });
        if (conv) {
          this.send(ws, statusFrame(conv));
          const other = who.role === 'customer' ? { role: 'pharmacist' as const, upTo: conv.pharmacistReadSeq } : { role: 'customer' as const, upTo: conv.customerReadSeq };
          this.send(ws, { type: 'read', ...other });
        }
        return;
      }
      case 'send': {
        const wait = this.windows[who.role].hit(now);
        if (wait > 0) return this.send(ws, { type: 'error', code: 'RATE_LIMITED', message: 'Bạn gửi tin quá nhanh, vui lòng chờ giây lát.', clientId: frame.clientId, retryAfter: wait });
        const r = await appendMessage(db, { conversationId: who.conversationId, role: who.role, senderId: who.userId, senderName: who.name, clientId: frame.clientId, body: frame.body }, now);
        if (!r.ok) {
          const conv = await conversationById(db, who.conversationId);
          return this.send(ws, conv?.status === 'closed' ? { type: 'error', code: 'CHAT_CLOSED', message: 'Cuộc trò chuyện đã kết thúc.', clientId: frame.clientId } : { type: 'error', code: 'NOT_HOLDER', message: 'Bạn không phụ trách cuộc trò chuyện này.', clientId: frame.clientId });
        }
        this.send(ws, { type: 'ack', clientId: frame.clientId, seq: r.message.seq });
        // A resend (after a reconnect) was stored before: only its sender hears about it again.
        if (r.duplicate) return this.send(ws, { type: 'message', message: r.message });
        this.broadcast({ type: 'message', message: r.message });
        await this.armAlarm(now + CHAT_INACTIVITY_MS);
        return;
      }
      case 'typing':
        return this.broadcast({ type: 'typing', role: who.role }, who.role === 'customer' ? 'pharmacist' : 'customer');
      case 'read': {
        const upTo = await markRead(db, who.conversationId, who.role, frame.upTo);
        if (upTo !== null) this.broadcast({ type: 'read', role: who.role, upTo }, undefined, ws);
        return;
      }
    }
  }

  /** Makes sure an inactivity alarm is pending (once per instance: when it fires, `alarm` re-arms from D1). */
  private async armAlarm(at: number) {
    if (this.alarmArmed) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(at);
    this.alarmArmed = true;
  }

  override async webSocketClose(ws: WebSocket, code: number, _reason: string, _wasClean: boolean): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'closed');
    } catch {
      /* already closed */
    }
  }

  /**
   * Called by the Worker after it changed the conversation (taken, closed, handed over): broadcasts the new messages
   * after `afterSeq` and the status; a closed conversation's sockets are closed. Also arms the inactivity alarm.
   */
  async changed(conversationId: string, afterSeq: number): Promise<void> {
    await this.remember(conversationId);
    const db = this.env.DB;
    const [missed, conv] = await Promise.all([messagesAfter(db, conversationId, afterSeq), conversationById(db, conversationId)]);
    for (const message of missed) this.broadcast({ type: 'message', message });
    if (!conv) return;
    this.broadcast(statusFrame(conv));
    if (conv.status === 'closed') {
      for (const ws of this.ctx.getWebSockets()) ws.close(1000, 'closed');
      await this.ctx.storage.deleteAlarm();
      this.alarmArmed = false;
    } else {
      await this.ctx.storage.setAlarm(conv.lastActivityAt + CHAT_INACTIVITY_MS);
      this.alarmArmed = true;
    }
  }

  /** Inactivity: close the conversation when D1 shows no message for `CHAT_INACTIVITY_MS`, else check again later. */
  override async alarm(): Promise<void> {
    const conversationId = await this.ctx.storage.get<string>(CONVERSATION_KEY);
    if (!conversationId) return;
    const conv = await conversationById(this.env.DB, conversationId);
    this.alarmArmed = false;
    if (!conv || conv.status === 'closed') return;
    const now = Date.now();
    const due = conv.lastActivityAt + CHAT_INACTIVITY_MS;
    if (now < due) {
      await this.ctx.storage.setAlarm(due);
      this.alarmArmed = true;
      return;
    }
    const before = conv.lastSeq;
    await closeConversation(this.env.DB, conversationId, 'inactivity', now);
    await this.changed(conversationId, before);
  }
}
