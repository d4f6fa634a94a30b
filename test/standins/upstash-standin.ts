/**
 * Stand-in for Upstash Redis's REST API (#19, ADR 0046), for tests and the bench only, over a REAL `redis-server`:
 * every command is forwarded over RESP (test/standins/resp.ts), so the semantics (EVAL, INCR, PEXPIRE, MULTI …) are
 * Redis's own; only the HTTP envelope is imitated. What `@upstash/redis` sends and expects:
 * - `POST /` with a JSON array (one command, e.g. `["evalsha", sha, 1, key, …]`) → `200 { result }`, or
 *   `400 { error }` for a Redis error reply (the client throws `UpstashError` with that text; `NOSCRIPT …` makes its
 *   `Script.exec` retry with EVAL);
 * - `POST /pipeline` with an array of commands (auto-pipelining sends everything issued in one tick here) →
 *   `200 [{ result } | { error }, …]`, one entry per command, in order; the commands are not atomic;
 * - `POST /multi-exec` with an array of commands → the same answer shape, run inside MULTI … EXEC (atomic);
 * - `Authorization: Bearer <token>`, else `401 { error: "Unauthorized" }`;
 * - `Upstash-Encoding: base64` (the client's default): every string in a result (nested arrays included) is base64 of
 *   its UTF-8 bytes; integers stay numbers and nil stays null. Without the header strings are sent as they are.
 * Test controls (not Upstash's API): `POST /__standin/mode` `{ mode: 'up' | 'down' | 'hang' }` (down: every call answers
 * `503 { error }`; hang: calls get no answer until the mode changes), `GET /__standin/stats` (requests served, by path),
 * `POST /__standin/flush` (FLUSHDB).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { RespClient, RespError, type RespValue } from './resp';

export interface UpstashStandin {
  /** The REST URL (what `UPSTASH_REDIS_REST_URL` would hold). */
  url: string;
  token: string;
  /** Base URL of the test controls (`${url}/__standin`). */
  controlUrl: string;
  stats: { single: number; pipeline: number; multiExec: number; unauthorized: number };
  setMode(mode: 'up' | 'down' | 'hang'): void;
  close(): Promise<void>;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function encodeResult(v: RespValue, base64: boolean): unknown {
  if (v === null || typeof v === 'number') return v;
  if (typeof v === 'string') return base64 ? b64(v) : v;
  if (v instanceof RespError) return v.message;
  return v.map((x) => encodeResult(x, base64));
}

const entry = (v: RespValue, base64: boolean) => (v instanceof RespError ? { error: v.message } : { result: encodeResult(v, base64) });

function isCommand(c: unknown): c is Array<string | number> {
  return Array.isArray(c) && c.length > 0 && c.every((a) => typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean');
}

export async function startUpstashStandin(redisPort: number, token: string): Promise<UpstashStandin> {
  const redis = await RespClient.connect(redisPort);
  const stats = { single: 0, pipeline: 0, multiExec: 0, unauthorized: 0 };
  let mode: 'up' | 'down' | 'hang' = 'up';
  const hanging = new Set<ServerResponse>();

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    if (path.startsWith('/__standin/')) {
      if (req.method === 'GET' && path === '/__standin/stats') return reply(res, 200, stats);
      if (req.method === 'POST' && path === '/__standin/mode') {
        const m = JSON.parse(raw || '{}').mode;
        if (m !== 'up' && m !== 'down' && m !== 'hang') return reply(res, 400, { error: 'mode must be up, down or hang' });
        setMode(m);
        return reply(res, 200, { mode });
      }
      if (req.method === 'POST' && path === '/__standin/flush') return reply(res, 200, { result: await redis.send('FLUSHDB') });
      return reply(res, 404, { error: 'not found' });
    }
    if (mode === 'down') return reply(res, 503, { error: 'Service Unavailable (stand-in mode down)' });
    if (mode === 'hang') return void hanging.add(res);
    if (req.headers.authorization !== `Bearer ${token}`) {
      stats.unauthorized++;
      return reply(res, 401, { error: 'Unauthorized' });
    }
    if (req.method !== 'POST') return reply(res, 405, { error: 'Method Not Allowed' });
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply(res, 400, { error: 'ERR failed to parse command' });
    }
    if (path === '/') {
      if (!isCommand(body)) return reply(res, 400, { error: 'ERR failed to parse command' });
      stats.single++;
      const v = await redis.send(...body.map(String));
      return v instanceof RespError ? reply(res, 400, { error: v.message }) : reply(res, 200, { result: encodeResult(v, base64) });
    }
    if (path === '/pipeline' || path === '/multi-exec') {
      if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) return reply(res, 400, { error: 'ERR failed to parse pipeline request' });
      const commands = body.map((c) => c.map(String));
      if (path === '/pipeline') {
        stats.pipeline++;
        const replies = await redis.sendMany(commands);
        return reply(res, 200, replies.map((v) => entry(v, base64)));
      }
      stats.multiExec++;
      const replies = await redis.sendMany([['MULTI'], ...commands, ['EXEC']]);
      const exec = replies[replies.length - 1]!;
      if (exec instanceof RespError) return reply(res, 400, { error: exec.message });
      if (!Array.isArray(exec)) return reply(res, 400, { error: 'ERR transaction aborted' });
      return reply(res, 200, exec.map((v) => entry(v, base64)));
    }
    return reply(res, 404, { error: 'ERR unknown path' });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      handle(req, res, raw).catch((err: Error) => {
        if (!res.headersSent) reply(res, 500, { error: `stand-in: ${err.message}` });
      });
    });
  });

  function setMode(m: 'up' | 'down' | 'hang') {
    mode = m;
    if (m === 'hang') return;
    for (const res of hanging) res.destroy();
    hanging.clear();
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    controlUrl: `${url}/__standin`,
    stats,
    setMode,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await redis.close();
    },
  };
}
