// `npm run simulate:payment -- <orderCode> [amount]`: sends a correctly signed SePay webhook (HMAC mode) for an
// incoming transfer to the running dev stack, as SePay would after the shopper pays. Without an amount it pays what
// is still due. Uses the local secret in workers/payment/.dev.vars (created by `npm run dev`).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localQuery, ROOT } from './lib/proc.mjs';

const BASE = process.env.API_URL ?? 'http://127.0.0.1:8787';
const [code, amountArg] = process.argv.slice(2);
if (!code || !/^MC[0-9A-HJKMNP-TV-Z]{8}$/.test(code)) {
  console.error('Usage: npm run simulate:payment -- <orderCode, e.g. MC7K2P9QXR> [amount in VND]');
  process.exit(1);
}
const secret = /^SEPAY_WEBHOOK_SECRET=(.+)$/m.exec(readFileSync(join(ROOT, 'workers/payment/.dev.vars'), 'utf8'))?.[1];
const account = /^BANK_ACCOUNT = "(.+)"$/m.exec(readFileSync(join(ROOT, 'workers/payment/wrangler.toml'), 'utf8'))?.[1];
if (!secret || !account) {
  console.error('No local SePay secret or bank account: run `npm run dev` once first.');
  process.exit(1);
}
let amount = Number(amountArg);
if (!amountArg) {
  amount = (await localQuery(`SELECT total - paid_amount AS due FROM orders WHERE code = '${code}'`))[0]?.due;
  if (amount === undefined) {
    console.error(`No order ${code} in the local database.`);
    process.exit(1);
  }
}
const payload = {
  id: Math.floor(Date.now() / 1000) * 1000 + Math.floor(Math.random() * 1000),
  gateway: 'Vietcombank',
  transactionDate: new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 19).replace('T', ' '),
  accountNumber: account,
  subAccount: null,
  code,
  content: `${code} thanh toan don hang`,
  transferType: 'in',
  transferAmount: amount,
  accumulated: 0,
  referenceCode: `FT${Date.now()}`,
  description: null,
};
const raw = JSON.stringify(payload);
const ts = String(Math.floor(Date.now() / 1000));
const signature = `sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`;
const res = await fetch(`${BASE}/v1/payments/sepay/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': signature }, body: raw });
console.log(`SePay webhook for ${code}, ${amount.toLocaleString('vi-VN')} đ → HTTP ${res.status} ${await res.text()}`);
process.exit(res.ok ? 0 : 1);
