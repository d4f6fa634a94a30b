/**
 * #14 stock (ADR 0027): the stock ledger and the staff stock routes, through SELF.fetch on the real local D1.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { api, DAY, ids, json, seedFixtures, tokenFor } from './fixtures';

const PARA_NEW = '01TESTBATCHPARANEW00000000';
const PARA_OLD = '01TESTBATCHPARAOLD00000000';
const UNIT = { hop: '01TESTUNITPARAHOP000000000', vi: '01TESTUNITPARAVI0000000000', vien: '01TESTUNITPARAVIEN00000000', amox: '01TESTUNITAMOXHOP000000000' };
const tokens = { admin: '', pharmacist: '', customer: '' };
const day = (offset: number) => vietnamDate(Date.now() + offset * DAY);

async function call(method: string, path: string, who: keyof typeof tokens, body?: unknown) {
  const res = await api(path, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await json(res) };
}

const receipt = (over: Record<string, unknown> = {}) => ({
  productId: ids.paracetamol,
  unitId: UNIT.hop,
  quantity: 3,
  lotNumber: `R-${Math.random().toString(36).slice(2, 8)}`,
  expiryDate: day(365),
  costPrice: 100_005,
  supplier: 'Công ty Dược phẩm Trung ương 1',
  receivedDate: day(0),
  ...over,
});

/** Every batch whose quantity differs from its ledger sum (should be none, always). */
const ledgerMismatches = () =>
  env.DB.prepare(
    'SELECT b.id, b.quantity, (SELECT COALESCE(SUM(m.delta), 0) FROM stock_movements m WHERE m.batch_id = b.id) AS ledger FROM stock_batches b WHERE b.quantity <> (SELECT COALESCE(SUM(m.delta), 0) FROM stock_movements m WHERE m.batch_id = b.id)',
  ).all();

beforeAll(async () => {
  await seedFixtures();
  tokens.admin = await tokenFor('admin', 'stock-admin');
  tokens.pharmacist = await tokenFor('pharmacist', 'stock-pharmacist');
  tokens.customer = await tokenFor('customer', 'stock-customer');
});

describe('the ledger is the batch quantity (#14)', () => {
  it('gives every batch inserted with a quantity (seed, fixtures) an opening movement of that quantity', async () => {
    expect((await ledgerMismatches()).results).toEqual([]);
    const m = await env.DB.prepare("SELECT kind, delta FROM stock_movements WHERE batch_id = ?").bind(PARA_NEW).all();
    expect(m.results).toEqual([{ kind: 'opening', delta: 250 }]);
  });

  it('refuses an UPDATE of quantity that bypasses the ledger, and any UPDATE or DELETE of a movement', async () => {
    await expect(env.DB.prepare('UPDATE stock_batches SET quantity = quantity + 1 WHERE id = ?').bind(PARA_NEW).run()).rejects.toThrow(/ledger/);
    await expect(env.DB.prepare("UPDATE stock_movements SET delta = 999 WHERE batch_id = ?").bind(PARA_NEW).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM stock_movements WHERE batch_id = ?').bind(PARA_NEW).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM stock_batches WHERE id = ?').bind(PARA_NEW).run()).rejects.toThrow(/cannot be deleted/);
    // An opening row is only the first movement of a batch inserted with a quantity, never a way to add stock.
    await expect(
      env.DB.prepare("INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, at) VALUES ('sneaky-opening', ?, ?, 250, 'opening', 1)").bind(PARA_NEW, ids.paracetamol).run(),
    ).rejects.toThrow(/opening movement/);
    expect((await env.DB.prepare('SELECT quantity FROM stock_batches WHERE id = ?').bind(PARA_NEW).first<{ quantity: number }>())!.quantity).toBe(250);
  });
});

describe('POST /v1/admin/stock/receipts (#14)', () => {
  it('converts the selected unit to base units and the cost to whole VND per base unit (half up), writes a receipt movement and an audit entry', async () => {
    const body = receipt({ unitId: UNIT.vi, quantity: 7, costPrice: 25_005 });
    const r = await call('POST', '/v1/admin/stock/receipts', 'admin', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ productId: ids.paracetamol, lotNumber: body.lotNumber, quantity: 70, reserved: 0, available: 70, costPrice: 2_501, value: 70 * 2_501, supplier: body.supplier, expired: false });
    expect(r.body.conversion).toEqual({ unitName: 'Vỉ', factor: 10, quantity: 7, baseQuantity: 70, costPerUnit: 25_005, costPerBaseUnit: 2_501 });
    const m = await env.DB.prepare('SELECT kind, delta, actor_id AS actor FROM stock_movements WHERE batch_id = ?').bind(r.body.id).all();
    expect(m.results).toEqual([{ kind: 'receipt', delta: 70, actor: 'stock-admin' }]);
    const audit = await env.DB.prepare("SELECT actor_id AS actor, data FROM audit_log WHERE action = 'stock.receive' AND entity_id = ?").bind(r.body.id).first<{ actor: string; data: string }>();
    expect(audit!.actor).toBe('stock-admin');
    expect(JSON.parse(audit!.data)).toMatchObject({ quantity: 70, costPrice: 2_501, unitName: 'Vỉ', unitQuantity: 7 });
    // 25,004 / 10 = 2,500.4 rounds down.
    const down = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ unitId: UNIT.vi, quantity: 1, costPrice: 25_004 }));
    expect(down.body.costPrice).toBe(2_500);
  });

  it('asks for a confirmation (409 STOCK_SHORT_EXPIRY) when the batch is expired or expires within 30 days', async () => {
    for (const [offset, expired] of [[30, false], [10, false], [0, true], [-5, true]] as const) {
      const body = receipt({ expiryDate: day(offset) });
      const r = await call('POST', '/v1/admin/stock/receipts', 'admin', body);
      expect(r.status, `${offset}`).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'STOCK_SHORT_EXPIRY', details: { expired, daysToExpiry: offset } });
      expect(await env.DB.prepare('SELECT 1 FROM stock_batches WHERE lot_number = ?').bind(body.lotNumber).first()).toBeNull();
      const confirmed = await call('POST', '/v1/admin/stock/receipts', 'admin', { ...body, confirmShortExpiry: true });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.expired).toBe(expired);
    }
    expect((await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ expiryDate: day(31) }))).status).toBe(201);
  });

  it('refuses a lot the product already has, a unit of another product, a future received date, a bad date', async () => {
    const lot = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ lotNumber: 'P-NEW' }));
    expect([lot.status, lot.body.error.code]).toEqual([409, 'STOCK_LOT_EXISTS']);
    const unit = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ unitId: UNIT.amox }));
    expect([unit.status, unit.body.error.code]).toEqual([400, 'UNIT_NOT_OF_PRODUCT']);
    const future = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ receivedDate: day(2) }));
    expect([future.status, future.body.error.code]).toEqual([400, 'RECEIVED_DATE_IN_FUTURE']);
    const bad = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ expiryDate: '2027-02-30' }));
    expect(bad.status).toBe(400);
    const product = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ productId: '01NOSUCHPRODUCT0000000000' }));
    expect([product.status, product.body.error.code]).toEqual([404, 'PRODUCT_NOT_FOUND']);
    expect((await ledgerMismatches()).results).toEqual([]);
  });

  it('makes the product available in the shop', async () => {
    await env.DB.prepare("INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at) VALUES ('01TESTPRODSTOCKNEW0000000', 'stock-new', 'Sản phẩm mới nhập', 'x', 'x', 'Viên nén', 'Hộp 10 viên', 'viên', 'x', 'Việt Nam', ?, ?, 'approved', 1, 1, 1)")
      .bind(ids.brandAlpha, ids.catHaSot)
      .run();
    await env.DB.prepare("INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES ('01TESTUNITSTOCKNEW0000000', '01TESTPRODSTOCKNEW0000000', 'Hộp', 10, 50000, 50, 1, 0, 1, 1)").run();
    const before = await json(await api('/v1/products/stock-new'));
    expect(before.availableBaseUnits).toBe(0);
    const r = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ productId: '01TESTPRODSTOCKNEW0000000', unitId: '01TESTUNITSTOCKNEW0000000', quantity: 2 }));
    expect(r.status).toBe(201);
    const after = await json(await api('/v1/products/stock-new'));
    expect(after.availableBaseUnits).toBe(20);
  });

  it('a soft-deleted product receives no stock: 409 PRODUCT_DELETED, no batch written (#14 review)', async () => {
    await env.DB.prepare("UPDATE products SET deleted_at = 1 WHERE id = '01TESTPRODSTOCKNEW0000000'").run();
    const r = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ productId: '01TESTPRODSTOCKNEW0000000', unitId: '01TESTUNITSTOCKNEW0000000', quantity: 2, lotNumber: 'DEL-1' }));
    expect([r.status, r.body.error.code]).toEqual([409, 'PRODUCT_DELETED']);
    expect(await env.DB.prepare("SELECT 1 FROM stock_batches WHERE lot_number = 'DEL-1'").first()).toBeNull();
    await env.DB.prepare("UPDATE products SET deleted_at = NULL WHERE id = '01TESTPRODSTOCKNEW0000000'").run();
  });
});

describe('POST /v1/admin/stock/batches/{id}/adjustments (#14)', () => {
  it('never goes below what open orders reserve (409 STOCK_BELOW_RESERVED), counts and removals move the ledger, with a running balance', async () => {
    // P-NEW: 250 on hand, 30 reserved by open orders.
    const below = await call('POST', `/v1/admin/stock/batches/${PARA_NEW}/adjustments`, 'admin', { kind: 'damage', quantity: 221, reason: 'Vỡ khi vận chuyển' });
    expect(below.status).toBe(409);
    expect(below.body.error).toMatchObject({ code: 'STOCK_BELOW_RESERVED', details: { quantity: 250, reserved: 30, after: 29 } });
    const count = await call('POST', `/v1/admin/stock/batches/${PARA_NEW}/adjustments`, 'admin', { kind: 'count', quantity: 29, reason: 'Kiểm kê cuối tháng' });
    expect([count.status, count.body.error.code]).toEqual([409, 'STOCK_BELOW_RESERVED']);
    // 2 vỉ = 20 base units.
    const damage = await call('POST', `/v1/admin/stock/batches/${PARA_NEW}/adjustments`, 'admin', { kind: 'damage', quantity: 2, unitId: UNIT.vi, reason: 'Vỡ khi vận chuyển' });
    expect(damage.status, JSON.stringify(damage.body)).toBe(200);
    expect(damage.body).toMatchObject({ quantity: 230, reserved: 30, available: 200 });
    const counted = await call('POST', `/v1/admin/stock/batches/${PARA_NEW}/adjustments`, 'admin', { kind: 'count', quantity: 235, reason: 'Kiểm kê cuối tháng' });
    expect(counted.body.quantity).toBe(235);
    const same = await call('POST', `/v1/admin/stock/batches/${PARA_NEW}/adjustments`, 'admin', { kind: 'count', quantity: 235, reason: 'Kiểm kê lại' });
    expect([same.status, same.body.error.code]).toEqual([409, 'STOCK_NO_CHANGE']);
    const toReserved = await call('POST', `/v1/admin/stock/batches/${PARA_NEW}/adjustments`, 'admin', { kind: 'supplier_return', quantity: 205, reason: 'Trả nhà cung cấp' });
    expect(toReserved.body).toMatchObject({ quantity: 30, reserved: 30, available: 0 });

    const m = await call('GET', `/v1/admin/stock/batches/${PARA_NEW}/movements`, 'pharmacist');
    expect(m.status).toBe(200);
    expect(m.body.batch.quantity).toBe(30);
    expect(m.body.items.map((i: any) => [i.kind, i.delta, i.balance])).toEqual([
      ['supplier_return', -205, 30],
      ['count', 5, 235],
      ['damage', -20, 230],
      ['opening', 250, 250],
    ]);
    expect(m.body.items[2]).toMatchObject({ kindLabel: 'Hư hỏng', reason: 'Vỡ khi vận chuyển', actorName: 'Test admin' });
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stock.adjust' AND entity_id = ?").bind(PARA_NEW).first<{ n: number }>();
    expect(audits!.n).toBe(3);
    expect((await ledgerMismatches()).results).toEqual([]);
  });

  it('writes off an expired batch, needs a reason, answers 404 for an unknown batch', async () => {
    const r = await call('POST', `/v1/admin/stock/batches/${PARA_OLD}/adjustments`, 'admin', { kind: 'expiry', quantity: 1000, reason: 'Hủy hàng hết hạn' });
    expect(r.body).toMatchObject({ quantity: 0, expired: true });
    expect((await call('POST', `/v1/admin/stock/batches/${PARA_OLD}/adjustments`, 'admin', { kind: 'damage', quantity: 1, reason: '' })).status).toBe(400);
    expect((await call('POST', `/v1/admin/stock/batches/${PARA_OLD}/adjustments`, 'admin', { kind: 'damage', quantity: 0, reason: 'Không có gì' })).status).toBe(400);
    const missing = await call('POST', '/v1/admin/stock/batches/01NOSUCHBATCH000000000000/adjustments', 'admin', { kind: 'damage', quantity: 1, reason: 'Vỡ' + ' hộp' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'BATCH_NOT_FOUND']);
  });
});

describe('GET /v1/admin/stock/batches and reports (#14)', () => {
  it('filters by expiry window and stock, pages by keyset without repeats', async () => {
    const within30 = await call('GET', '/v1/admin/stock/batches?expiringWithin=30&includeEmpty=true&limit=200', 'pharmacist');
    const lots = within30.body.items.map((b: any) => b.lotNumber);
    expect(lots).toEqual(expect.arrayContaining(['P-OLD', 'I-1', 'P-NEW']));
    expect(lots).not.toContain('A-1');
    expect(within30.body.items.every((b: any) => b.daysToExpiry <= 30)).toBe(true);
    const withStock = await call('GET', '/v1/admin/stock/batches?limit=200', 'admin');
    expect(withStock.body.items.every((b: any) => b.quantity > 0)).toBe(true);
    expect(withStock.body.items.map((b: any) => b.lotNumber)).not.toContain('P-LATE');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: any } = await call('GET', `/v1/admin/stock/batches?includeEmpty=true&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'admin');
      seen.push(...page.body.items.map((b: any) => b.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await env.DB.prepare('SELECT COUNT(*) AS n FROM stock_batches').first<{ n: number }>();
    expect(new Set(seen).size).toBe(all!.n);
    expect(seen.length).toBe(all!.n);
    const q = await call('GET', '/v1/admin/stock/batches?q=P-LATE&includeEmpty=true', 'admin');
    expect(q.body.items.map((b: any) => b.lotNumber)).toEqual(['P-LATE']);
    expect((await call('GET', '/v1/admin/stock/batches?cursor=garbage', 'admin')).status).toBe(400);
  });

  it('reports low stock by the product threshold and the shop availability rule, expiring batches, valuation at cost', async () => {
    const low = await call('GET', '/v1/admin/stock/reports/low-stock', 'admin');
    expect(low.status).toBe(200);
    const serum = low.body.items.find((i: any) => i.productId === ids.serum);
    // 5 on hand, all reserved: 0 available, threshold 10 bottles.
    expect(serum).toMatchObject({ available: 0, threshold: 10, inStock: false });
    expect(low.body.items.find((i: any) => i.productId === ids.cleanser)).toBeUndefined();

    const exp = await call('GET', '/v1/admin/stock/reports/expiring?days=30', 'admin');
    const ibu = exp.body.items.find((i: any) => i.lotNumber === 'I-1');
    expect(ibu).toMatchObject({ expired: true, daysToExpiry: 0, quantity: 800 });
    expect(exp.body.items.every((i: any) => i.daysToExpiry <= 30 && i.quantity > 0)).toBe(true);
    expect((await call('GET', '/v1/admin/stock/reports/expiring?days=45', 'admin')).status).toBe(400);

    const r = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ productId: ids.amoxicillin, unitId: UNIT.amox, quantity: 2, costPrice: 70_000 }));
    const val = await call('GET', '/v1/admin/stock/reports/valuation', 'admin');
    const amox = val.body.items.find((i: any) => i.productId === ids.amoxicillin);
    expect(amox).toMatchObject({ quantity: 500 + 200, value: 200 * 700, batchesWithoutCost: 1 });
    expect(val.body.totals.value).toBe(val.body.items.reduce((a: number, i: any) => a + i.value, 0));
    expect(r.body.value).toBe(200 * 700);
  });
});

describe('cost prices never reach shoppers (#14)', () => {
  it('leaves cost and supplier out of the public product, listing and search answers', async () => {
    const r = await call('POST', '/v1/admin/stock/receipts', 'admin', receipt({ unitId: UNIT.vien, quantity: 5, costPrice: 987_653, supplier: 'Nhà cung cấp Bí Mật' }));
    expect(r.status).toBe(201);
    for (const path of ['/v1/products/alpha-paracetamol-500', '/v1/products?q=paracetamol', '/v1/search?q=paracetamol', '/v1/search/suggest?q=para', `/v1/categories/thuoc`]) {
      for (const who of ['anonymous', 'customer'] as const) {
        const res = await api(path, who === 'customer' ? { headers: { authorization: `Bearer ${tokens.customer}` } } : undefined);
        expect(res.status, path).toBe(200);
        const text = await res.text();
        expect(text, path).not.toMatch(/987653|cost|Bí Mật|supplier/i);
      }
    }
    // Customers and anonymous callers never reach the stock routes.
    expect((await call('GET', `/v1/admin/stock/batches/${r.body.id}/movements`, 'customer')).status).toBe(403);
  });
});
