/**
 * Bulk actions on products (#14): POST /v1/admin/products/bulk through the Worker. One result per id; each product is
 * its own guarded, audited write, so a missing or deleted product fails alone and the others go through.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, DAY, ids, json, NOW, seedFixtures, tokenFor } from './fixtures';

const bulk = (i: number) => `01TESTPRODBULK${String(i).padStart(12, '0')}`;
const GONE = '01NOSUCHPRODUCT0000000000';
let admin = '';

beforeAll(async () => {
  await seedFixtures();
  admin = `Bearer ${await tokenFor('admin')}`;
  await env.DB.prepare('UPDATE products SET deleted_at = ? WHERE id = ?').bind(NOW, bulk(24)).run();
});

const post = (body: unknown, auth = admin) =>
  api('/v1/admin/products/bulk', { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });
const audits = async (action: string) =>
  (await env.DB.prepare('SELECT entity_id AS id, data FROM audit_log WHERE action = ? ORDER BY entity_id').bind(action).all<{ id: string; data: string }>()).results;
const product = (id: string) => env.DB.prepare('SELECT visible, category_id AS categoryId, deleted_at AS deletedAt FROM products WHERE id = ?').bind(id).first<any>();

describe('POST /v1/admin/products/bulk', () => {
  it('hides what it can and reports each failure on its own (missing, deleted), in the order asked', async () => {
    const res = await post({ ids: [bulk(1), GONE, bulk(24), bulk(2)], action: 'hide' });
    expect(res.status).toBe(200);
    const { results } = await json(res);
    expect(results).toEqual([
      { id: bulk(1), ok: true },
      { id: GONE, ok: false, code: 'PRODUCT_NOT_FOUND', message: expect.any(String) },
      { id: bulk(24), ok: false, code: 'PRODUCT_DELETED', message: expect.any(String) },
      { id: bulk(2), ok: true },
    ]);
    expect((await product(bulk(1))).visible).toBe(0);
    expect((await product(bulk(2))).visible).toBe(0);
    expect((await product(bulk(24))).visible).toBe(1);
    expect((await audits('product.bulk.hide')).map((a) => a.id)).toEqual([bulk(1), bulk(2)]);
    // The shop follows (its listing no longer has them).
    const shop = await json(await api('/v1/products?brand=gamma&limit=60'));
    expect(shop.items.map((i: any) => i.slug)).not.toContain('gamma-bulk-1');
  });

  it('reports a product already as asked as ok/UNCHANGED without a second audit row, then shows it again', async () => {
    const again = await json(await post({ ids: [bulk(1)], action: 'hide' }));
    expect(again.results).toEqual([{ id: bulk(1), ok: true, code: 'UNCHANGED', message: expect.any(String) }]);
    expect(await audits('product.bulk.hide')).toHaveLength(2);
    const shown = await json(await post({ ids: [bulk(1), bulk(2)], action: 'show' }));
    expect(shown.results.every((r: any) => r.ok && !r.code)).toBe(true);
    expect((await product(bulk(1))).visible).toBe(1);
  });

  it('moves products to another category; an unknown destination refuses the whole request before any write', async () => {
    const res = await json(await post({ ids: [bulk(3), GONE], action: 'move_category', categoryId: ids.catHaSot }));
    expect(res.results.map((r: any) => r.ok)).toEqual([true, false]);
    expect((await product(bulk(3))).categoryId).toBe(ids.catHaSot);
    const bad = await post({ ids: [bulk(4)], action: 'move_category', categoryId: '01NOSUCHCATEGORY000000000' });
    expect(bad.status).toBe(404);
    expect((await json(bad)).error.code).toBe('CATEGORY_NOT_FOUND');
    expect((await product(bulk(4))).categoryId).toBe(ids.catSuaRua);
  });

  it('sets a sale window on every selling unit (integer VND, rounded down) and clears it', async () => {
    const sale = { percent: 15, startsAt: NOW - DAY, endsAt: NOW + 7 * DAY };
    const res = await json(await post({ ids: [ids.paracetamol, GONE], action: 'set_sale', sale }));
    expect(res.results.map((r: any) => [r.ok, r.code])).toEqual([[true, undefined], [false, 'PRODUCT_NOT_FOUND']]);
    const units = (await env.DB.prepare('SELECT name, price, sale_price AS salePrice, sale_starts_at AS s, sale_ends_at AS e FROM product_units WHERE product_id = ? ORDER BY position').bind(ids.paracetamol).all<any>()).results;
    expect(units).toEqual([
      { name: 'Hộp', price: 100_000, salePrice: 85_000, s: sale.startsAt, e: sale.endsAt },
      { name: 'Vỉ', price: 11_000, salePrice: 9_350, s: sale.startsAt, e: sale.endsAt },
      { name: 'Viên', price: 1_200, salePrice: 1_020, s: sale.startsAt, e: sale.endsAt },
    ]);
    const page = await json(await api('/v1/products/alpha-paracetamol-500'));
    expect(page.units.find((u: any) => u.name === 'Hộp')).toMatchObject({ price: 85_000, listPrice: 100_000, onSale: true });
    expect(await audits('product.bulk.set_sale')).toHaveLength(1);

    const cleared = await json(await post({ ids: [ids.paracetamol], action: 'clear_sale' }));
    expect(cleared.results).toEqual([{ id: ids.paracetamol, ok: true }]);
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM product_units WHERE product_id = ? AND (sale_price IS NOT NULL OR sale_starts_at IS NOT NULL)').bind(ids.paracetamol).first<{ n: number }>();
    expect(after!.n).toBe(0);
  });

  it('a product whose write the database refuses fails alone (its batch rolled back, no audit row); the ones after it still go through', async () => {
    // Stand-in for any constraint or trigger refusing one product's write.
    await env.DB.prepare(`CREATE TRIGGER test_refuse_bulk7 BEFORE UPDATE OF visible ON products WHEN NEW.id = '${bulk(7)}' BEGIN SELECT RAISE(ABORT, 'refused'); END`).run();
    try {
      const { results } = await json(await post({ ids: [bulk(8), bulk(7), bulk(9)], action: 'hide' }));
      expect(results).toEqual([
        { id: bulk(8), ok: true },
        { id: bulk(7), ok: false, code: 'WRITE_REFUSED', message: expect.any(String) },
        { id: bulk(9), ok: true },
      ]);
      expect((await product(bulk(7))).visible).toBe(1);
      expect((await product(bulk(9))).visible).toBe(0);
      expect((await audits('product.bulk.hide')).map((a) => a.id)).not.toContain(bulk(7));
    } finally {
      await env.DB.prepare('DROP TRIGGER test_refuse_bulk7').run();
    }
  });

  it('refuses bad requests with 400 and writes nothing', async () => {
    for (const body of [
      { ids: [], action: 'hide' },
      { ids: Array.from({ length: 201 }, (_, i) => `01TESTMANYIDS${String(i).padStart(12, '0')}`), action: 'hide' },
      { ids: [bulk(5), bulk(5)], action: 'hide' },
      { ids: [bulk(5)], action: 'delete_everything' },
      { ids: [bulk(5)], action: 'move_category' },
      { ids: [bulk(5)], action: 'set_sale' },
      { ids: [bulk(5)], action: 'set_sale', sale: { percent: 95, startsAt: 1, endsAt: 2 } },
      { ids: [bulk(5)], action: 'set_sale', sale: { percent: 10, startsAt: 5, endsAt: 5 } },
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect((await product(bulk(5))).visible).toBe(1);
  });

  it('admin only: a pharmacist is refused (403), a customer 403, anonymous 401', async () => {
    expect((await post({ ids: [bulk(6)], action: 'hide' }, `Bearer ${await tokenFor('pharmacist')}`)).status).toBe(403);
    expect((await post({ ids: [bulk(6)], action: 'hide' }, `Bearer ${await tokenFor('customer')}`)).status).toBe(403);
    expect((await post({ ids: [bulk(6)], action: 'hide' }, '')).status).toBe(401);
    expect((await product(bulk(6))).visible).toBe(1);
  });
});

describe('bulk results and rules (#14 review)', () => {
  it('a move that fired the search-index triggers is reported as done (ok, no UNCHANGED code), audited once', async () => {
    const before = (await audits('product.bulk.move_category')).length;
    const res = await json(await post({ ids: [bulk(12)], action: 'move_category', categoryId: ids.catHaSot }));
    expect((await product(bulk(12))).categoryId).toBe(ids.catHaSot);
    expect(res.results[0]).toEqual({ id: bulk(12), ok: true });
    expect((await audits('product.bulk.move_category')).length).toBe(before + 1);
  });

  it('refuses a destination that is not a level-3 category (400 CATEGORY_NOT_LEAF) before any write', async () => {
    for (const categoryId of [ids.catThuoc, ids.catKhangSinhL2]) {
      const res = await post({ ids: [bulk(13)], action: 'move_category', categoryId });
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('CATEGORY_NOT_LEAF');
    }
    expect((await product(bulk(13))).categoryId).toBe(ids.catSuaRua);
  });

  it('set_sale follows the one sale rule (pricing.ts): a unit whose rounded sale price is not a positive price below its price gets no sale', async () => {
    const unit = `01TESTUNITBULK${String(14).padStart(12, '0')}`;
    await env.DB.prepare('UPDATE product_units SET price = 1 WHERE id = ?').bind(unit).run();
    const sale = { percent: 10, startsAt: Date.now(), endsAt: Date.now() + 86_400_000 };
    const res = await json(await post({ ids: [bulk(14), bulk(15)], action: 'set_sale', sale }));
    expect(res.results).toEqual([
      { id: bulk(14), ok: false, code: 'SALE_NOT_APPLICABLE', message: expect.any(String) },
      { id: bulk(15), ok: true },
    ]);
    const sales = await env.DB.prepare('SELECT product_id AS p, sale_price AS s FROM product_units WHERE product_id IN (?, ?) ORDER BY product_id').bind(bulk(14), bulk(15)).all<{ p: string; s: number | null }>();
    expect(sales.results.map((r) => r.s)).toEqual([null, Math.floor(((10_000 + (15 % 6) * 1_000) * 90) / 100)]);
    // The same sale again changes nothing: ok with UNCHANGED, no second audit row.
    const again = await json(await post({ ids: [bulk(15)], action: 'set_sale', sale }));
    expect(again.results[0]).toMatchObject({ id: bulk(15), ok: true, code: 'UNCHANGED' });
  });
});
