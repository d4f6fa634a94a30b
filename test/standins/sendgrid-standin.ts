/**
 * Stand-in for SendGrid's v3 Mail Send API (POST /v3/mail/send), for tests only. It speaks the documented protocol:
 * Bearer API key, JSON body with personalizations/from/subject/content, 202 with an empty body on success, 401 with
 * `{ errors: [...] }` for a wrong key, 400 for a malformed message. Accepted messages are kept for assertions.
 */
import { createServer, type Server } from 'node:http';

export interface StandinMessage {
  to: string[];
  from: { email: string; name?: string };
  subject: string;
  content: Array<{ type: string; value: string }>;
  /** The message's custom headers (v3 `headers`, top level), as given. */
  headers?: Record<string, string>;
}

export async function startSendGridStandin(apiKey: string): Promise<{ url: string; messages: StandinMessage[]; close(): Promise<void> }> {
  const messages: StandinMessage[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const reply = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      // Test-only inspection endpoint (not part of SendGrid's API): what the stand-in accepted so far.
      if (req.method === 'GET' && req.url === '/__standin/messages') return reply(200, messages);
      if (req.method !== 'POST' || req.url !== '/v3/mail/send') return reply(404, { errors: [{ message: 'not found' }] });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }] });
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        return reply(400, { errors: [{ message: 'Invalid JSON' }] });
      }
      const to = body?.personalizations?.flatMap((p: any) => (p.to ?? []).map((t: any) => t.email)) ?? [];
      if (!to.length || !body?.from?.email || !body?.subject || !Array.isArray(body?.content) || body.content.length === 0) {
        return reply(400, { errors: [{ message: 'The personalizations, from, subject and content fields are required.' }] });
      }
      messages.push({ to, from: body.from, subject: body.subject, content: body.content, ...(body.headers ? { headers: body.headers } : {}) });
      reply(202);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, messages, close: () => new Promise((r) => server.close(() => r())) };
}
