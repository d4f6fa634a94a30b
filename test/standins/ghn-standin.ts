/**
 * Stand-in for GHN's fee API (POST /shiip/public-api/v2/shipping-order/fee), for tests only. It checks what GHN
 * checks — `Token` and `ShopId` headers, integer `to_district_id`, string `to_ward_code`, integer `weight`,
 * `service_type_id` 2 or 5 — and answers in GHN's envelope `{ code, message, data }`. The fee is deterministic:
 * 15,000 + 3,000 per started 500 g above the first 500 g, + 0.5 % of `insurance_value` above 3,000,000.
 * Also create-order (POST /shiip/public-api/v2/shipping-order/create: checks the required fields, answers
 * `order_code` + `total_fee`) and cancel (POST /shiip/public-api/v2/switch-status/cancel: `order_codes` → one result
 * per code; a waybill already picked up, marked through `POST /__standin/picked`, cannot be cancelled).
 */
import { createServer, type Server } from 'node:http';

export function ghnStandinFee(weight: number, insurance: number) {
  const steps = Math.max(0, Math.ceil((weight - 500) / 500));
  return 15_000 + steps * 3_000 + (insurance > 3_000_000 ? Math.round(insurance * 0.005) : 0);
}

export async function startGhnStandin(token: string, shopId: string): Promise<{ url: string; requests: unknown[]; close(): Promise<void> }> {
  const requests: unknown[] = [];
  const waybillCalls: unknown[] = [];
  const picked = new Set<string>();
  let created = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const reply = (status: number, code: number, message: string, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code, message, data }));
      };
      if (req.method === 'GET' && req.url === '/__standin/waybill-calls') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(waybillCalls));
      }
      if (req.method === 'GET' && req.url === '/__standin/requests') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(requests));
      }
      const paths = ['/shiip/public-api/v2/shipping-order/fee', '/shiip/public-api/v2/shipping-order/create', '/shiip/public-api/v2/switch-status/cancel'];
      if (req.method === 'POST' && req.url === '/__standin/picked') {
        picked.add(JSON.parse(raw).order_code);
        return reply(200, 200, 'OK', null);
      }
      if (req.method !== 'POST' || !paths.includes(req.url ?? '')) return reply(404, 404, 'Not Found', null);
      if (req.headers.token !== token || req.headers.shopid !== shopId) return reply(401, 401, 'Token is not valid', null);
      let b: any;
      try {
        b = JSON.parse(raw);
      } catch {
        return reply(400, 400, 'Invalid JSON', null);
      }
      if (req.url === paths[0]) requests.push(b);
      else waybillCalls.push({ path: req.url, ...b });
      if (req.url === paths[1]) {
        const required = ['to_name', 'to_phone', 'to_address', 'to_ward_code', 'required_note', 'content'];
        if (required.some((k) => typeof b[k] !== 'string' || !b[k]) || !Number.isInteger(b.to_district_id) || !Number.isInteger(b.weight) || ![1, 2].includes(b.payment_type_id) || !Array.isArray(b.items)) {
          return reply(400, 400, 'Invalid request: missing required fields', null);
        }
        const orderCode = `GHNST${String(++created).padStart(5, '0')}`;
        return reply(200, 200, 'Success', { order_code: orderCode, sort_code: '1-2-3', total_fee: ghnStandinFee(b.weight, b.insurance_value ?? 0), expected_delivery_time: new Date(Date.now() + 2 * 86_400_000).toISOString() });
      }
      if (req.url === paths[2]) {
        if (!Array.isArray(b.order_codes)) return reply(400, 400, 'order_codes is required', null);
        return reply(200, 200, 'Success', b.order_codes.map((c: string) => ({ order_code: c, result: !picked.has(c), message: picked.has(c) ? 'Đơn hàng đã lấy, không thể hủy' : 'OK' })));
      }
      if (!Number.isInteger(b.to_district_id) || typeof b.to_ward_code !== 'string' || !Number.isInteger(b.weight) || ![2, 5].includes(b.service_type_id)) {
        return reply(400, 400, 'Invalid request: to_district_id, to_ward_code, weight and service_type_id are required', null);
      }
      const total = ghnStandinFee(b.weight, b.insurance_value ?? 0);
      reply(200, 200, 'Success', { total, service_fee: total, insurance_fee: 0, pick_station_fee: 0, coupon_value: 0, r2s_fee: 0, cod_fee: 0 });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
