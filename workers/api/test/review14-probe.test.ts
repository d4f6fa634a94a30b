/**
 * #14 adversarial review probes (see /work/wt/briefs/review14.md): each test states the behaviour the spec and the
 * project rules ask for, and FAILS on the code reviewed (main after the model/products/stock merges). Through
 * SELF.fetch like the other Worker tests.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, ids, json, PNG_96, seedFixtures, tokenFor } from './fixtures';

let admin = '';
beforeAll(async () => {
  await seedFixtures();
  admin = await tokenFor('admin', 'rv-admin');
});
const send = (method: string, path: string, body: unknown) =>
  api(path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: body === undefined ? undefined : JSON.stringify(body) });
const U = { hop: '01TESTUNITPARAHOP000000000', vi: '01TESTUNITPARAVI0000000000', vien: '01TESTUNITPARAVIEN00000000', serum: '01TESTUNITSERUM0000000000' };
const unit = (id: string, name: string, factor: number, price: number, isDefault: boolean) => ({ id, name, factor, price, weightGrams: 10 * factor, isDefault });

describe('review #14 probes', () => {
  it('R1 two admins switching the default unit at the same time: one wins, the other gets a 409 with a code, never a 500', async () => {
    const [a, b] = await Promise.all([
      send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { units: [unit(U.hop, 'Hộp', 100, 100_000, false), unit(U.vi, 'Vỉ', 10, 11_000, true), unit(U.vien, 'Viên', 1, 1_200, false)] }),
      send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { units: [unit(U.hop, 'Hộp', 100, 100_000, false), unit(U.vi, 'Vỉ', 10, 11_000, false), unit(U.vien, 'Viên', 1, 1_200, true)] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const defaults = await env.DB.prepare('SELECT COUNT(*) AS n FROM product_units WHERE product_id = ? AND is_default = 1').bind(ids.paracetamol).first<{ n: number }>();
    expect(defaults!.n).toBe(1);
  });

  it('R2 bulk move_category that moved the product reports it as done, not as UNCHANGED ("already in the requested state")', async () => {
    const res = await json(await send('POST', '/v1/admin/products/bulk', { ids: [ids.cleanser], action: 'move_category', categoryId: ids.catHaSot }));
    const moved = await env.DB.prepare('SELECT category_id AS c FROM products WHERE id = ?').bind(ids.cleanser).first<{ c: string }>();
    expect(moved!.c).toBe(ids.catHaSot);
    expect(res.results[0]).toEqual({ id: ids.cleanser, ok: true });
  });

  it('R3 two selling units with the same name ("Lọ" typed NFC and NFD) are refused like any duplicate name', async () => {
    const res = await send('PATCH', `/v1/admin/products/${ids.serum}`, {
      units: [unit(U.serum, 'Lọ', 1, 300_000, true), unit('', 'Lọ'.normalize('NFD'), 2, 500_000, false)].map(({ id, ...u }) => (id ? { id, ...u } : u)),
    });
    expect(res.status).toBe(400);
  });

  it('R4 a product is filed under a level-3 category, not a top-level one (PATCH and bulk move)', async () => {
    const patch = await send('PATCH', `/v1/admin/products/${ids.serum}`, { categoryId: ids.catMyPham });
    expect(patch.status).toBe(400);
    const bulk = await json(await send('POST', '/v1/admin/products/bulk', { ids: [ids.ibuprofen], action: 'move_category', categoryId: ids.catThuoc }));
    expect(bulk.results?.[0]?.ok ?? false).toBe(false);
  });
  it('R5 a soft-deleted product is read-only until restored: image upload and certificate upload answer 409 PRODUCT_DELETED like PATCH', async () => {
    expect((await send('DELETE', `/v1/admin/products/${ids.hidden}`, undefined)).status).toBe(200);
    expect((await send('PATCH', `/v1/admin/products/${ids.hidden}`, { name: 'Alpha Hidden 2' })).status).toBe(409);
    const img = new FormData();
    img.set('file', new Blob([PNG_96], { type: 'image/png' }), 'a.png');
    img.set('alt', 'Ảnh');
    const up = await api(`/v1/admin/products/${ids.hidden}/images`, { method: 'POST', body: img, headers: { authorization: `Bearer ${admin}` } });
    const pdf = new FormData();
    pdf.set('file', new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'gcn.pdf');
    const cert = await api(`/v1/admin/products/${ids.hidden}/certificate`, { method: 'PUT', body: pdf, headers: { authorization: `Bearer ${admin}` } });
    expect([up.status, cert.status]).toEqual([409, 409]);
  });
});
