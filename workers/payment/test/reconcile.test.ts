/** Reconciliation against the local stand-in of SePay's transactions API. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runReconciliation } from '../src/index';

const sepay = inject('sepayStandinUrl');
const recEnv = () => ({ ...env, SEPAY_API_TOKEN: 'sepay-api-test-token', SEPAY_API_URL: sepay }) as never;
const row = (id: number, over: Record<string, unknown> = {}) => ({
  id, bank_brand_name: 'Vietcombank', account_number: '1023456789', transaction_date: '2026-11-25 09:00:00', amount_in: 0, amount_out: 0,
  accumulated: 0, transaction_content: 'x', reference_number: `FT${id}`, code: null, sub_account: null, ...over,
});

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'HCM', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Bến Thành', 'x')"),
    env.DB.prepare(
      `INSERT INTO orders (id, code, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
       VALUES ('ORDREC', 'MC7777GGGG', 'pending_payment', 'bank_transfer', 'unpaid', 90000, 0, 0, 0, 90000, 'A', '0903123456', '79', '26743', 'x', 'k-rec', 'h', 1, 1)`,
    ),
    env.DB.prepare("INSERT INTO payments (id, order_id, method, amount_due, status, created_at, updated_at) VALUES ('PAYREC', 'ORDREC', 'bank_transfer', 90000, 'pending', 1, 1)"),
  ]);
});

describe('reconciliation', () => {
  it('picks up a transfer whose webhook never arrived, through the same path, and moves the cursor', async () => {
    const rows = [row(5001, { amount_out: 20_000 }), row(5002, { amount_in: 90_000, code: 'MC7777GGGG', transaction_content: 'MC7777GGGG' }), ...Array.from({ length: 150 }, (_, i) => row(5100 + i, { amount_in: 1000 + i }))];
    await fetch(`${sepay}/__standin/transactions`, { method: 'POST', body: JSON.stringify(rows) });
    const result = await runReconciliation(recEnv());
    expect(result).toMatchObject({ fed: 152, lastId: 5249, pages: 2 });
    const o = await env.DB.prepare("SELECT status, payment_status AS p FROM orders WHERE code = 'MC7777GGGG'").first();
    expect(o).toEqual({ status: 'confirmed', p: 'paid' });
    const src = await env.DB.prepare("SELECT source, match_status AS m FROM bank_transactions WHERE provider_txn_id = '5002'").first();
    expect(src).toEqual({ source: 'reconciliation', m: 'matched' });
    const cursor = await env.DB.prepare("SELECT value FROM meta WHERE key = 'sepay_since_id'").first<{ value: number }>();
    expect(cursor?.value).toBe(5249);

    // A second run starts after the cursor and changes nothing.
    const again = await runReconciliation(recEnv());
    expect(again).toMatchObject({ fed: 0 });
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM bank_transactions WHERE source = 'reconciliation'").first<{ n: number }>();
    expect(count?.n).toBe(152);
  });

  it('stays under 3 requests per second', async () => {
    const stats = (await (await fetch(`${sepay}/__standin/stats`)).json()) as { throttled: number };
    expect(stats.throttled).toBe(0);
  });

  it('does nothing without an API token', async () => {
    expect(await runReconciliation(env as never)).toEqual({ skipped: true });
  });
});
