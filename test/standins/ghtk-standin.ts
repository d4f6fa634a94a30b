/**
 * Stand-in for GHTK's cancel API (POST /services/shipment/cancel/{label}), for tests only. It checks the `Token` and
 * `X-Client-Source` headers GHTK requires and answers in GHTK's shape `{ success, message }`. A parcel marked picked
 * up (`POST /__standin/picked` with `{ label }`) cannot be cancelled, as on GHTK; `GET /__standin/calls` lists the
 * labels asked to cancel.
 */
import { createServer, type Server } from 'node:http';

export async function startGhtkStandin(token: string, clientSource: string): Promise<{ url: string; close(): Promise<void> }> {
  const calls: string[] = [];
  const picked = new Set<string>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/__standin/calls') return reply(200, calls);
      if (req.method === 'POST' && req.url === '/__standin/picked') {
        picked.add(JSON.parse(raw).label);
        return reply(200, { success: true });
      }
      const m = /^\/services\/shipment\/cancel\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return reply(404, { success: false, message: 'Not Found' });
      if (req.headers.token !== token || req.headers['x-client-source'] !== clientSource) return reply(401, { success: false, message: 'Token không hợp lệ' });
      const label = decodeURIComponent(m[1]!);
      calls.push(label);
      if (picked.has(label)) return reply(200, { success: false, message: 'Đơn đã lấy hàng, không thể hủy đơn.' });
      reply(200, { success: true, message: '', log_id: `standin-${calls.length}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
