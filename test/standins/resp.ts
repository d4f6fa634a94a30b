/**
 * A minimal Redis (RESP2) client for tests and the bench: one TCP connection, commands written whole and answered in
 * order (Redis answers a connection's commands in the order they arrive), so callers may pipeline freely. A batch
 * (`sendMany`) is written in one socket write, so a MULTI … EXEC block from one caller is never interleaved with
 * another caller's commands. Replies: simple/bulk strings as strings, integers as numbers, nil as null, arrays as
 * arrays, error replies as `RespError` values (inside arrays too, as Redis sends them in an EXEC reply).
 * No dependency: the project has no Node Redis client, and the stand-in only needs this much.
 */
import { connect, type Socket } from 'node:net';

export class RespError extends Error {}

export type RespValue = string | number | null | RespError | RespValue[];

function encode(args: Array<string | number>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a), 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `pos`; returns null when the buffer does not hold a whole reply yet. */
function parse(buf: Buffer, pos: number): { value: RespValue; next: number } | null {
  if (pos >= buf.length) return null;
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[pos]!);
  const line = buf.toString('utf8', pos + 1, eol);
  switch (type) {
    case '+':
      return { value: line, next: eol + 2 };
    case '-':
      return { value: new RespError(line), next: eol + 2 };
    case ':':
      return { value: Number(line), next: eol + 2 };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return null;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + len), next: eol + 2 + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, next: eol + 2 };
      const items: RespValue[] = [];
      let at = eol + 2;
      for (let i = 0; i < n; i++) {
        const r = parse(buf, at);
        if (!r) return null;
        items.push(r.value);
        at = r.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new Error(`RESP: unexpected reply type ${JSON.stringify(type)}`);
  }
}

export class RespClient {
  private buf = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (v: RespValue) => void; reject: (e: Error) => void }> = [];
  private closedWith: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        const r = parse(this.buf, pos);
        if (!r) break;
        pos = r.next;
        this.waiting.shift()?.resolve(r.value);
      }
      this.buf = this.buf.subarray(pos);
    });
    const fail = (err: Error) => {
      this.closedWith ??= err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('RESP: connection closed')));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
    });
  }

  /** Sends several commands in one write; resolves with their replies, in order. */
  sendMany(commands: Array<Array<string | number>>): Promise<RespValue[]> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const replies = commands.map(() => new Promise<RespValue>((resolve, reject) => this.waiting.push({ resolve, reject })));
    this.socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  }

  async send(...command: Array<string | number>): Promise<RespValue> {
    const [reply] = await this.sendMany([command]);
    return reply!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}
