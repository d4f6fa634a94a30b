// `npm run simulate:carrier -- <orderCode> <status> [ghn|ghtk]`: drives delivery locally. If the order has no
// shipment yet, signs in as the local admin and registers one (POST /v1/admin/orders/{code}/shipments), then sends
// the carrier's webhook to the running dev stack exactly as GHN (JSON) or GHTK (form) would. Statuses are the
// carrier's own (GHN: picked, delivering, delivered, returned…; GHTK: status_id numbers 3, 4, 5, 21…).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localQuery, ROOT } from './lib/proc.mjs';

const BASE = process.env.API_URL ?? 'http://127.0.0.1:8787';
const [code, status, carrierArg] = process.argv.slice(2);
if (!code || !/^MC[0-9A-HJKMNP-TV-Z]{8}$/.test(code) || !status) {
  console.error('Usage: npm run simulate:carrier -- <orderCode> <carrier status, e.g. picked | delivered | 5> [ghn|ghtk]');
  process.exit(1);
}
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const secret = (name) => new RegExp(`^${name}=(.+)$`, 'm').exec(read('workers/hook/.dev.vars'))?.[1];

let [shipment] = await localQuery(`SELECT s.carrier, s.tracking_code AS tracking FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.code = '${code}' ORDER BY s.created_at DESC LIMIT 1`);
if (!shipment) {
  const carrier = carrierArg ?? (/^-?\d+$/.test(status) ? 'ghtk' : 'ghn');
  const password = read('.wrangler/dev-admin.txt').trim();
  const login = await fetch(`${BASE}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: 'admin@medicare.local', password }) });
  if (!login.ok) throw new Error(`Admin sign-in failed: HTTP ${login.status} ${await login.text()}`);
  const { accessToken } = await login.json();
  const trackingCode = carrier === 'ghn' ? `GHN${randomBytes(4).toString('hex').toUpperCase()}` : `S1.A1.${Date.now()}`;
  const res = await fetch(`${BASE}/v1/admin/orders/${code}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ carrier, trackingCode, fee: 22000 }) });
  console.log(`Waybill ${carrier.toUpperCase()} ${trackingCode} for ${code} → HTTP ${res.status}`);
  if (!res.ok) {
    console.error(await res.text());
    process.exit(1);
  }
  shipment = { carrier, tracking: trackingCode };
}

const time = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 19);
const res =
  shipment.carrier === 'ghn'
    ? await fetch(`${BASE}/v1/hooks/ghn/${secret('HOOK_SECRET_GHN')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Type: 'switch_status', OrderCode: shipment.tracking, Status: status, Time: `${time}+07:00` }) })
    : await fetch(`${BASE}/v1/hooks/ghtk?hash=${secret('HOOK_SECRET_GHTK')}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ label_id: shipment.tracking, partner_id: code, status_id: status, action_time: time.replace('T', ' ') }).toString() });
console.log(`${shipment.carrier.toUpperCase()} webhook ${shipment.tracking} "${status}" → HTTP ${res.status} ${await res.text()}`);
process.exit(res.ok ? 0 : 1);
