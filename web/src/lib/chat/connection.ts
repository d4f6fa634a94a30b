/**
 * One live chat conversation seen from a browser (the shopper's widget or the pharmacist's desk): the WebSocket's
 * lifecycle, resume and resend. Framework-free (the React hook `useChat` renders its snapshots), so the node tests
 * drive it with a fake socket.
 *
 * - Every message the user writes gets a client id (`clientId`) before it leaves; it stays in `pending` until the
 *   server confirms it (its `ack`, or the message itself coming back with that client id). The server stores a
 *   conversation's client ids uniquely, so resending a pending message after a reconnect never duplicates it.
 * - On every (re)connect the first frame is `hello { lastSeq }`: the server replays what was posted after the last
 *   sequence number this browser holds, then every still-pending message is sent again.
 * - Messages are kept by `seq` (a replayed or re-broadcast message replaces nothing and is never shown twice).
 * - A socket that drops (network, server restart, a phone waking up) is reopened with backoff (0.5 s doubling to
 *   8 s), at once when the browser says it is back online; a conversation the server closed is not reopened.
 */
import { CHAT_MAX_BODY, type ChatMessage, type ChatPartyRole, type ClientFrame, type ConversationStatus, type ServerFrame } from './frames';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'ended';

export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: number;
}

export interface ChatSnapshot {
  connection: ConnectionState;
  /** Confirmed messages, in `seq` order, each once. */
  messages: ChatMessage[];
  /** Written here, not yet confirmed by the server (shown greyed, resent after a reconnect). */
  pending: PendingMessage[];
  /** The other side is typing (cleared 4 s after their last typing frame or when their message arrives). */
  peerTyping: boolean;
  /** The highest `seq` the other side has read. */
  peerReadUpTo: number;
  status: ConversationStatus | null;
  pharmacistName: string | null;
  /** The consultation this chat was handed over to (its code). */
  consultationCode: string | null;
  /** The server's last refusal (rate limit, too long...), in its own Vietnamese words. */
  error: { code: string; message: string } | null;
}

/** What the connection needs from a WebSocket (the browser's, or a test's fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface ConnectionOptions {
  /** The socket's URL (ws(s)://<storefront>/v1/chat/conversations/{id}/ws). */
  url: string;
  /** Who this browser speaks for: the peer's typing/read frames are the other role's. */
  me: ChatPartyRole;
  onChange: (s: ChatSnapshot) => void;
  openSocket?: (url: string) => SocketLike;
  newClientId?: () => string;
  /** Timers (tests pass fake ones). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const OPEN = 1;
const TYPING_SEND_EVERY_MS = 2500;
const PEER_TYPING_MS = 4000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
/** Close codes after which reopening is pointless: the server refused who we are or the conversation is gone. */
export const FINAL_CLOSE_CODES = new Set([1008, 4000, 4001, 4003, 4004, 4401, 4403, 4404, 4409, 4410]);

export class ChatConnection {
  private socket: SocketLike | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: unknown = null;
  private typingTimer: unknown = null;
  private lastTypingSent = 0;
  private readSent = 0;
  private readonly bySeq = new Map<number, ChatMessage>();
  private state: ChatSnapshot = { connection: 'connecting', messages: [], pending: [], peerTyping: false, peerReadUpTo: 0, status: null, pharmacistName: null, consultationCode: null, error: null };
  private readonly openSocket: (url: string) => SocketLike;
  private readonly newClientId: () => string;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly opts: ConnectionOptions) {
    this.openSocket = opts.openSocket ?? browserSocket;
    this.newClientId = opts.newClientId ?? (() => crypto.randomUUID());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  get snapshot(): ChatSnapshot {
    return this.state;
  }

  /** The highest sequence number held: what `hello` asks the server to replay after. */
  get lastSeq(): number {
    let max = 0;
    for (const seq of this.bySeq.keys()) if (seq > max) max = seq;
    return max;
  }

  /** Seeds messages loaded over HTTP (GET …/messages) before the socket opens. */
  seed(messages: ChatMessage[]): void {
    for (const m of messages) this.bySeq.set(m.seq, m);
    this.publish({});
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Leaves for good (widget closed, page left): no reconnect. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    const s = this.socket;
    this.socket = null;
    if (s && s.readyState <= OPEN) s.close(1000, 'bye');
  }

  /** The browser is back online: reconnect now instead of waiting for the backoff. */
  online(): void {
    if (this.stopped || this.state.connection === 'ended' || this.state.connection === 'open') return;
    if (this.retryTimer) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    this.connect();
  }

  /** Queues a message (sent now if the socket is open, else on the next connect). Returns its client id. */
  send(text: string): string | null {
    const body = text.trim();
    if (!body || body.length > CHAT_MAX_BODY || this.state.connection === 'ended') return null;
    const clientId = this.newClientId();
    this.publish({ pending: [...this.state.pending, { clientId, body, createdAt: Date.now() }], error: null });
    this.frame({ type: 'send', clientId, body });
    this.lastTypingSent = 0;
    return clientId;
  }

  /** Call on each keystroke; at most one typing frame per 2.5 s reaches the server. */
  typing(): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SEND_EVERY_MS) return;
    if (this.frame({ type: 'typing' })) this.lastTypingSent = now;
  }

  /** Tells the other side everything shown up to now was read (once per new seq). */
  markRead(): void {
    const upTo = this.lastSeq;
    if (upTo <= this.readSent) return;
    if (this.frame({ type: 'read', upTo })) this.readSent = upTo;
  }

  private connect(): void {
    if (this.stopped) return;
    this.publish({ connection: this.attempt === 0 && this.bySeq.size === 0 ? 'connecting' : 'reconnecting' });
    const s = this.openSocket(this.opts.url);
    this.socket = s;
    s.onopen = () => {
      if (this.socket !== s) return;
      this.attempt = 0;
      this.readSent = 0;
      this.frame({ type: 'hello', lastSeq: this.lastSeq });
      for (const p of this.state.pending) this.frame({ type: 'send', clientId: p.clientId, body: p.body });
      this.publish({ connection: 'open' });
    };
    s.onmessage = (ev) => {
      if (this.socket !== s || typeof ev.data !== 'string') return;
      let f: ServerFrame;
      try {
        f = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return;
      }
      this.receive(f);
    };
    s.onerror = () => {};
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      this.socket = null;
      if (this.stopped) return;
      if (this.state.status === 'closed' || FINAL_CLOSE_CODES.has(ev.code)) {
        this.publish({ connection: 'ended' });
        return;
      }
      const wait = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
      this.attempt++;
      this.publish({ connection: 'reconnecting' });
      this.retryTimer = this.setTimer(() => {
        this.retryTimer = null;
        this.connect();
      }, wait);
    };
  }

  private receive(f: ServerFrame): void {
    switch (f.type) {
      case 'message': {
        const m = f.message;
        const fromPeer = m.senderRole !== this.opts.me && m.senderRole !== 'system';
        this.bySeq.set(m.seq, m);
        this.publish({
          pending: m.clientId ? this.state.pending.filter((p) => p.clientId !== m.clientId) : this.state.pending,
          ...(fromPeer ? { peerTyping: false } : {}),
        });
        return;
      }
      case 'ack': {
        // The message itself comes back as a `message` frame (or in the replay after hello); the ack alone drops the
        // pending copy only once that message is held, so nothing the user wrote disappears in between.
        const held = this.bySeq.get(f.seq);
        if (held) this.publish({ pending: this.state.pending.filter((p) => p.clientId !== f.clientId) });
        return;
      }
      case 'typing':
        if (f.role === this.opts.me) return;
        if (this.typingTimer) this.clearTimer(this.typingTimer);
        this.typingTimer = this.setTimer(() => this.publish({ peerTyping: false }), PEER_TYPING_MS);
        this.publish({ peerTyping: true });
        return;
      case 'read':
        if (f.role === this.opts.me) return;
        if (f.upTo > this.state.peerReadUpTo) this.publish({ peerReadUpTo: f.upTo });
        return;
      case 'status':
        this.publish({ status: f.status, pharmacistName: f.pharmacistName, consultationCode: f.consultationCode, ...(f.status === 'closed' ? { peerTyping: false } : {}) });
        return;
      case 'error': {
        const error = { code: f.code, message: f.message };
        const p = f.clientId ? this.state.pending.find((x) => x.clientId === f.clientId) : undefined;
        if (p && f.code === 'RATE_LIMITED') {
          // Kept pending and sent again once the window has passed (same client id: never stored twice).
          this.setTimer(() => this.frame({ type: 'send', clientId: p.clientId, body: p.body }), Math.max(1, f.retryAfter ?? 2) * 1000);
          this.publish({ error });
        } else if (p) {
          this.publish({ error, pending: this.state.pending.filter((x) => x !== p) });
        } else {
          this.publish({ error, ...(f.code === 'CHAT_CLOSED' ? { status: 'closed' as const } : {}) });
        }
        return;
      }
    }
  }

  private frame(f: ClientFrame): boolean {
    const s = this.socket;
    if (!s || s.readyState !== OPEN) return false;
    s.send(JSON.stringify(f));
    return true;
  }

  private publish(patch: Partial<ChatSnapshot>): void {
    const messages = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    // A pending copy whose message is already held (its ack or echo raced a replay) is shown once, as the message.
    const held = new Set(messages.map((m) => m.clientId).filter(Boolean));
    const pending = (patch.pending ?? this.state.pending).filter((p) => !held.has(p.clientId));
    this.state = { ...this.state, ...patch, messages, pending };
    this.opts.onChange(this.state);
  }
}

/** The browser's WebSocket behind the `SocketLike` the connection drives. */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const s: SocketLike = {
    get readyState() {
      return ws.readyState;
    },
    send: (d) => ws.send(d),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  ws.onopen = (e) => s.onopen?.(e);
  ws.onmessage = (e) => s.onmessage?.(e);
  ws.onclose = (e) => s.onclose?.(e);
  ws.onerror = (e) => s.onerror?.(e);
  return s;
}
