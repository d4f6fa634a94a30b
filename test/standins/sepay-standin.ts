/**
 * Stand-in for SePay's transactions API v1 (GET /userapi/transactions/list), for tests only: Bearer API token,
 * `account_number`, `since_id` (returns ids strictly greater), `limit`; rows in SePay's documented v1 shape; answers
 * `{ status, error, messages: { success }, transactions }`; more than 3 requests in a second → 429 with
 * `x-sepay-userapi-retry-after`. Tests add transactions with POST /__standin/transactions.
 */
import { createServer, type Server } from 'node:http';

export interface StandinTransaction {
  id: number;
  bank_brand_name: string;
  account_number: string;
  transaction_date: string;
  amount_in: number;
  amount_out: number;
  accumulated: number;
  transaction_content: string;
  reference_number: string | null;
  code: string | null;
  sub_account: string | null;
}

export async function startSepayStandin(token: string) {
  const txns: StandinTransaction[] = [];
  const hits: number[] = [];
  let throttled = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && url.pathname === '/__standin/transactions') {
        txns.push(...(JSON.parse(raw) as StandinTransaction[]));
        return json(200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/__standin/stats') return json(200, { throttled, requests: hits.length });
      if (req.method !== 'GET' || url.pathname !== '/userapi/transactions/list') return json(404, { status: 404, error: 'Not found' });
      if (req.headers.authorization !== `Bearer ${token}`) return json(401, { status: 401, error: 'Unauthorized', messages: { success: false } });
      const now = Date.now();
      hits.push(now);
      if (hits.filter((t) => now - t < 1000).length > 3) {
        throttled++;
        return json(429, { status: 429, error: 'Too many requests' }, { 'x-sepay-userapi-retry-after': '1' });
      }
      const since = Number(url.searchParams.get('since_id') ?? 0);
      const limit = Math.min(5000, Number(url.searchParams.get('limit') ?? 100));
      const account = url.searchParams.get('account_number');
      const rows = txns.filter((t) => t.id > since && (!account || t.account_number === account)).sort((a, b) => a.id - b.id).slice(0, limit);
      json(200, { status: 200, error: null, messages: { success: true }, transactions: rows });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
