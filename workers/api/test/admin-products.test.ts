/**
 * #14 model: the product write model and the pharmacist approval, through SELF.fetch (admin console and shop routes).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

let admin = '';
let pharmacist = '';
let customer = '';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard()]);
  admin = await tokenFor('admin', 'cat-admin');
  pharmacist = await tokenFor('pharmacist', 'cat-pharmacist');
  customer = await tokenFor('customer', 'cat-customer');
  await env.DB.prepare("UPDATE users SET name = 'Dược sĩ Lan' WHERE id = 'cat-pharmacist'").run();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const send = (method: string, path: string, body: unknown, token = admin) =>
  api(path, { method, headers: { 'content-type': 'application/json', ...as(token) }, body: body === undefined ? undefined : JSON.stringify(body) });
const get = (path: string, token = admin) => api(path, { headers: as(token) });
const approve = (revisionId: string, token = pharmacist) => send('POST', `/v1/admin/approvals/${revisionId}/approve`, {}, token);
const reject = (revisionId: string, note: string, token = pharmacist) => send('POST', `/v1/admin/approvals/${revisionId}/reject`, { note }, token);
const shop = (slug: string) => api(`/v1/products/${slug}`, { redirect: 'manual' });
const auditRows = (action: string, entityId: string) =>
  env.DB.prepare('SELECT actor_id AS actorId, data FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY created_at, id').bind(action, entityId).all<{ actorId: string; data: string }>().then((r) => r.results);
const catalogVersion = async () => (await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!.value;

let seq = 0;
function newProduct(over: Record<string, unknown> = {}) {
  const n = ++seq;
  return {
    name: `Zeta Cetirizin ${n} 10mg`,
    shortDescription: 'Thuốc chống dị ứng.',
    description: '## Zeta Cetirizin\n\n**Giảm** hắt hơi, sổ mũi.',
    categoryId: ids.catHaSot,
    brandId: ids.brandAlpha,
    manufacturer: { name: 'Công ty Dược Zeta', address: '12 Nguyễn Trãi, Hà Nội', country: 'Việt Nam' },
    registrationNumber: `VD-${String(20000 + n)}-21`,
    prescriptionRequired: false,
    specialControl: false,
    dosageForm: 'Viên nén bao phim',
    packSpec: 'Hộp 10 vỉ x 10 viên',
    baseUnit: 'viên',
    ingredients: [{ name: 'Cetirizin dihydroclorid', strength: '10mg' }],
    indications: 'Viêm mũi dị ứng, mày đay.',
    dosage: 'Người lớn: 1 viên/ngày.',
    sideEffects: null,
    contraindications: 'Mẫn cảm với cetirizin.',
    precautions: null,
    storage: 'Nơi khô ráo, dưới 30°C.',
    countryOfOrigin: 'Việt Nam',
    lowStockThreshold: 5,
    visible: true,
    units: [
      { name: 'Hộp', factor: 100, price: 120_000, weightGrams: 80, isDefault: true, barcode: `893000${String(100000 + n)}` },
      { name: 'Vỉ', factor: 10, price: 13_000, weightGrams: 8, isDefault: false },
    ],
    ...over,
  };
}

async function create(over: Record<string, unknown> = {}) {
  const res = await send('POST', '/v1/admin/products', newProduct(over));
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}

describe('new products wait for a pharmacist', () => {
  it('a new product is hidden from the shop and search until a pharmacist approves it; the decision is audited', async () => {
    const p = await create({ name: 'Zeta Loratadin Mới 10mg' });
    expect(p.approvalState).toBe('pending_review');
    expect(p.shopVisible).toBe(false);
    expect(p.pendingRevision.kind).toBe('new');
    expect(p.units.filter((u: any) => u.isDefault)).toHaveLength(1);
    expect(p.manufacturer).toEqual({ name: 'Công ty Dược Zeta', address: '12 Nguyễn Trãi, Hà Nội', country: 'Việt Nam' });
    expect(p.ingredients).toEqual([{ name: 'Cetirizin dihydroclorid', strength: '10mg' }]);
    expect((await shop(p.slug)).status).toBe(404);
    const hidden = await json(await api('/v1/search?q=loratadin'));
    expect(hidden.items.map((i: any) => i.slug)).not.toContain(p.slug);

    const queue = await json(await get('/v1/admin/approvals?kind=new', pharmacist));
    const item = queue.items.find((i: any) => i.productId === p.id);
    expect(item).toMatchObject({ kind: 'new', productName: 'Zeta Loratadin Mới 10mg', categoryName: 'Thuốc hạ sốt', prescriptionRequired: false });
    expect(queue.counts.new).toBeGreaterThanOrEqual(1);
    const detail = await json(await get(`/v1/admin/approvals/${item.revisionId}`, pharmacist));
    expect(detail.changes.find((c: any) => c.field === 'dosage')).toMatchObject({ label: 'Liều dùng', before: null, after: 'Người lớn: 1 viên/ngày.' });

    const res = await approve(item.revisionId);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await json(res)).toMatchObject({ state: 'approved', decidedByName: 'Dược sĩ Lan' });
    expect((await shop(p.slug)).status).toBe(200);
    const found = await json(await api('/v1/search?q=loratadin'));
    expect(found.items.map((i: any) => i.slug)).toContain(p.slug);
    const after = await json(await get(`/v1/admin/products/${p.id}`, pharmacist));
    expect(after).toMatchObject({ approvalState: 'approved', shopVisible: true, pendingRevision: null, lastDecision: { state: 'approved', byName: 'Dược sĩ Lan' } });

    expect(await auditRows('product.create', p.id)).toHaveLength(1);
    const decided = await auditRows('product.approve', p.id);
    expect(decided).toHaveLength(1);
    expect(decided[0]!.actorId).toBe('cat-pharmacist');
    // A decision is taken once: a second approve answers 409.
    expect((await approve(item.revisionId)).status).toBe(409);
  });

  it('the queue filters by kind, category (with descendants) and Rx, and pages with a cursor', async () => {
    const a = await create({ categoryId: ids.catKhangSinh, prescriptionRequired: true });
    const b = await create({ categoryId: ids.catKhangSinh, prescriptionRequired: true });
    const q = `categoryId=${ids.catKhangSinhL2}&rx=true&limit=1`;
    const first = await json(await get(`/v1/admin/approvals?${q}`, pharmacist));
    expect(first.items.map((i: any) => i.productId)).toEqual([a.id]);
    expect(first.items[0].changedFields).toContain('dosage');
    expect(first.counts).toEqual({ new: 2, edit: 0 });
    const second = await json(await get(`/v1/admin/approvals?${q}&cursor=${encodeURIComponent(first.nextCursor)}`, pharmacist));
    expect(second.items.map((i: any) => i.productId)).toEqual([b.id]);
    expect(second.nextCursor).toBeNull();
    expect((await json(await get(`/v1/admin/approvals?categoryId=${ids.catKhangSinhL2}&rx=false`, pharmacist))).items).toEqual([]);
    expect((await json(await get(`/v1/admin/approvals?categoryId=${ids.catKhangSinhL2}&kind=edit`, pharmacist))).items).toEqual([]);
    expect((await get('/v1/admin/approvals?cursor=nonsense', pharmacist)).status).toBe(400);
  });

  it('only a pharmacist decides: an admin may read the queue but approving answers 403 and changes nothing', async () => {
    const p = await create();
    const res = await approve(p.pendingRevision.id, admin);
    expect(res.status).toBe(403);
    expect((await json(await get(`/v1/admin/products/${p.id}`))).approvalState).toBe('pending_review');
    expect((await get('/v1/admin/approvals', admin)).status).toBe(200);
  });

  it('a rejection carries a note the admin sees; the product stays hidden; a PATCH resubmits it', async () => {
    const p = await create();
    expect((await reject(p.pendingRevision.id, '')).status).toBe(400);
    const res = await reject(p.pendingRevision.id, 'SĐK không khớp với tờ hướng dẫn sử dụng.');
    expect(res.status).toBe(200);
    const rejected = await json(await get(`/v1/admin/products/${p.id}`));
    expect(rejected).toMatchObject({ approvalState: 'rejected', shopVisible: false, pendingRevision: null, lastDecision: { state: 'rejected', note: 'SĐK không khớp với tờ hướng dẫn sử dụng.', byName: 'Dược sĩ Lan' } });
    expect((await shop(p.slug)).status).toBe(404);
    expect(await auditRows('product.reject', p.id)).toHaveLength(1);

    const fixed = await send('PATCH', `/v1/admin/products/${p.id}`, { registrationNumber: 'VD-99999-22' });
    expect(fixed.status, await fixed.clone().text()).toBe(200);
    const resubmitted = await json(fixed);
    expect(resubmitted.approvalState).toBe('pending_review');
    expect(resubmitted.pendingRevision).toMatchObject({ kind: 'new' });
    expect(resubmitted.pendingRevision.id).not.toBe(p.pendingRevision.id);
    expect((await approve(resubmitted.pendingRevision.id)).status).toBe(200);
    expect((await shop(p.slug)).status).toBe(200);
  });
});

describe('edits of a live product', () => {
  it('a medical edit (dosage) waits for approval while the shop keeps the approved text; approval makes it live', async () => {
    const before = await json(await shop('alpha-paracetamol-500'));
    const res = await send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { dosage: 'Người lớn: 1–2 viên mỗi 4–6 giờ.', shortDescription: 'Giảm đau, hạ sốt nhanh.' });
    expect(res.status, await res.clone().text()).toBe(200);
    const p = await json(res);
    expect(p.dosage).toBe(before.dosage); // live value unchanged
    expect(p.shortDescription).toBe('Giảm đau, hạ sốt nhanh.'); // not a medical field: applied at once
    expect(p.pendingRevision).toMatchObject({ kind: 'edit', changes: [{ field: 'dosage', label: 'Liều dùng', before: before.dosage, after: 'Người lớn: 1–2 viên mỗi 4–6 giờ.' }] });
    const live = await json(await shop('alpha-paracetamol-500'));
    expect(live.dosage).toBe(before.dosage);
    expect(live.shortDescription).toBe('Giảm đau, hạ sốt nhanh.');

    // An unrelated save keeps the proposal as it is (no new revision).
    const again = await json(await send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { lowStockThreshold: 7 }));
    expect(again.pendingRevision.id).toBe(p.pendingRevision.id);

    const queue = await json(await get('/v1/admin/approvals?kind=edit', pharmacist));
    expect(queue.items.find((i: any) => i.revisionId === p.pendingRevision.id)).toMatchObject({ kind: 'edit', changedFields: ['dosage'] });
    expect((await approve(p.pendingRevision.id)).status).toBe(200);
    expect((await json(await shop('alpha-paracetamol-500'))).dosage).toBe('Người lớn: 1–2 viên mỗi 4–6 giờ.');
    expect((await json(await get(`/v1/admin/products/${ids.paracetamol}`))).pendingRevision).toBeNull();
  });

  it('a rejected edit leaves the approved text live; the admin resubmits through PATCH', async () => {
    const res = await send('PATCH', `/v1/admin/products/${ids.ibuprofen}`, { ingredients: [{ name: 'Ibuprofen', strength: '400mg' }], contraindications: 'Loét dạ dày tá tràng.' });
    const p = await json(res);
    expect(p.ingredients).toEqual([]);
    expect(p.pendingRevision.changes.map((c: any) => c.field)).toEqual(['ingredients', 'contraindications']);
    expect((await reject(p.pendingRevision.id, 'Thiếu chống chỉ định cho phụ nữ có thai.')).status).toBe(200);
    const rejected = await json(await get(`/v1/admin/products/${ids.ibuprofen}`));
    expect(rejected).toMatchObject({ approvalState: 'approved', shopVisible: true, pendingRevision: null, contraindications: null, lastDecision: { state: 'rejected', note: 'Thiếu chống chỉ định cho phụ nữ có thai.' } });
    expect((await json(await shop('alpha-ibuprofen-400'))).contraindications).toBeNull();

    const again = await json(
      await send('PATCH', `/v1/admin/products/${ids.ibuprofen}`, { ingredients: [{ name: 'Ibuprofen', strength: '400mg' }], contraindications: 'Loét dạ dày tá tràng; phụ nữ có thai 3 tháng cuối.' }),
    );
    expect(again.pendingRevision.kind).toBe('edit');
    expect((await approve(again.pendingRevision.id)).status).toBe(200);
    const live = await json(await shop('alpha-ibuprofen-400'));
    expect(live.contraindications).toBe('Loét dạ dày tá tràng; phụ nữ có thai 3 tháng cuối.');
    expect(live.activeIngredients).toEqual([{ slug: 'ibuprofen', name: 'Ibuprofen', strength: '400mg' }]);
  });

  it('a price edit applies at once, with no revision', async () => {
    const p = await json(await get(`/v1/admin/products/${ids.ibuprofen}`));
    const units = p.units.map((u: any) => ({ ...u, price: 65_000, salePrice: 59_000, saleStartsAt: Date.now() - 60_000, saleEndsAt: Date.now() + 86_400_000 }));
    const res = await send('PATCH', `/v1/admin/products/${ids.ibuprofen}`, { units: units.map(({ retiredAt: _r, ...u }: any) => u) });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).pendingRevision).toBeNull();
    const live = await json(await shop('alpha-ibuprofen-400'));
    expect(live.units[0]).toMatchObject({ price: 59_000, listPrice: 65_000, onSale: true });
  });

  it('saving what is stored changes nothing: no write, no audit row, no catalogue version bump', async () => {
    const p = await json(await get(`/v1/admin/products/${ids.cleanser}`));
    const audits = (await auditRows('product.update', ids.cleanser)).length;
    const v = await catalogVersion();
    const res = await send('PATCH', `/v1/admin/products/${ids.cleanser}`, { name: p.name, units: p.units.map(({ retiredAt: _r, ...u }: any) => u) });
    expect(res.status).toBe(200);
    expect(await catalogVersion()).toBe(v);
    expect((await auditRows('product.update', ids.cleanser)).length).toBe(audits);
  });
});

describe('selling units', () => {
  it('exactly one default unit: none or two answer 400; switching the default works', async () => {
    const two = await send('POST', '/v1/admin/products', newProduct({ units: [{ name: 'Hộp', factor: 10, price: 10_000, weightGrams: 10, isDefault: true }, { name: 'Vỉ', factor: 1, price: 1_500, weightGrams: 1, isDefault: true }] }));
    expect(two.status).toBe(400);
    expect((await json(two)).error.details.issues.map((i: any) => i.message)).toContain('Chỉ được có một đơn vị mặc định.');
    const none = await send('POST', '/v1/admin/products', newProduct({ units: [{ name: 'Hộp', factor: 10, price: 10_000, weightGrams: 10, isDefault: false }] }));
    expect(none.status).toBe(400);

    const p = await create();
    const switched = p.units.map(({ retiredAt: _r, ...u }: any) => ({ ...u, isDefault: !u.isDefault }));
    const res = await send('PATCH', `/v1/admin/products/${p.id}`, { units: switched });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).units.filter((u: any) => u.isDefault).map((u: any) => u.name)).toEqual(['Vỉ']);

    // Two units may swap names in one save; two units of one name in the input answer 400.
    const swapped = switched.map((u: any) => ({ ...u, name: u.name === 'Hộp' ? 'Vỉ' : 'Hộp' }));
    const swap = await send('PATCH', `/v1/admin/products/${p.id}`, { units: swapped });
    expect(swap.status, await swap.clone().text()).toBe(200);
    expect((await json(swap)).units.map((u: any) => [u.id, u.name])).toEqual(swapped.map((u: any) => [u.id, u.name]));
    const clash = await send('PATCH', `/v1/admin/products/${p.id}`, { units: [...swapped.map((u: any) => ({ ...u, name: u.name === 'Hộp' ? 'Lốc' : u.name })), { name: 'Lốc ', factor: 5, price: 6_000, weightGrams: 4, isDefault: false }] });
    expect(clash.status).toBe(400); // the schema catches duplicates within the input
  });

  it('a unit an order references is retired, never deleted; a retired unit is not offered nor bought; an unreferenced one is deleted', async () => {
    const order = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `cat-order-${Math.random()}`, ...as(customer) },
      body: JSON.stringify({
        items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }],
        address: { recipientName: 'Nguyễn Văn An', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' },
        paymentMethod: 'cod',
      }),
    });
    expect(order.status, await order.clone().text()).toBe(201);
    const p = await json(await get(`/v1/admin/products/${ids.paracetamol}`));
    const keep = p.units.filter((u: any) => u.name === 'Hộp').map(({ retiredAt: _r, ...u }: any) => u);
    const res = await send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { units: keep });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await json(res);
    expect(after.units.map((u: any) => [u.name, u.retired])).toEqual([['Hộp', false], ['Vỉ', true]]);
    const rows = await env.DB.prepare('SELECT id, retired_at AS retiredAt FROM product_units WHERE product_id = ? ORDER BY position').bind(ids.paracetamol).all<{ id: string; retiredAt: number | null }>();
    expect(rows.results.map((r) => r.id)).toEqual(['01TESTUNITPARAHOP000000000', '01TESTUNITPARAVI0000000000']); // Viên (never ordered) deleted
    expect(rows.results[1]!.retiredAt).not.toBeNull();

    expect((await json(await shop('alpha-paracetamol-500'))).units.map((u: any) => u.name)).toEqual(['Hộp']);
    const cart = await send('POST', '/v1/cart/items', { unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }, customer);
    expect(cart.status).toBe(422);
    expect((await json(cart)).error.code).toBe('PRODUCT_UNAVAILABLE');
    // A retired unit keeps its name: a new unit of that name answers 409 (not a 500 from the unique index).
    const clash = await send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { units: [...keep, { name: 'Vỉ', factor: 10, price: 12_000, weightGrams: 10, isDefault: false }] });
    expect(clash.status).toBe(409);
    expect((await json(clash)).error.code).toBe('UNIT_NAME_TAKEN');
    // The retired unit can't be the default.
    const bad = await send('PATCH', `/v1/admin/products/${ids.paracetamol}`, { units: after.units.map(({ retiredAt: _r, ...u }: any) => ({ ...u, isDefault: u.name === 'Vỉ' })) });
    expect(bad.status).toBe(400);
  });
});

describe('registration number (SĐK)', () => {
  it('a malformed SĐK answers 400 on that field; an accepted one is stored normalised', async () => {
    const bad = await send('POST', '/v1/admin/products', newProduct({ registrationNumber: 'SDK 123' }));
    expect(bad.status).toBe(400);
    const issue = (await json(bad)).error.details.issues.find((i: any) => i.path === 'registrationNumber');
    expect(issue.message).toMatch(/không đúng định dạng/);
    const ok = await create({ registrationNumber: ' vn-12345-19 ' });
    expect(ok.registrationNumber).toBe('VN-12345-19');
    expect((await create({ registrationNumber: '893110123423' })).registrationNumber).toBe('893110123423');
    expect((await create({ registrationNumber: '1234/2019/ĐKSP' })).registrationNumber).toBe('1234/2019/ĐKSP');
  });
});

describe('slugs', () => {
  it('after a slug change the old slug answers 308 to the new one, and no other product may take it', async () => {
    const res = await send('PATCH', `/v1/admin/products/${ids.serum}`, { slug: 'gamma-serum-duong-am' });
    expect(res.status, await res.clone().text()).toBe(200);
    const old = await shop('gamma-serum');
    expect(old.status).toBe(308);
    expect(old.headers.get('location')).toBe('/v1/products/gamma-serum-duong-am');
    expect(await json(old)).toEqual({ redirect: { slug: 'gamma-serum-duong-am' } });
    expect((await shop('gamma-serum-duong-am')).status).toBe(200);
    const taken = await send('POST', '/v1/admin/products', newProduct({ slug: 'gamma-serum' }));
    expect(taken.status).toBe(409);
    expect((await json(taken)).error.code).toBe('SLUG_TAKEN');
    // Taking its own old slug back is allowed, and the redirect follows.
    expect((await send('PATCH', `/v1/admin/products/${ids.serum}`, { slug: 'gamma-serum' })).status).toBe(200);
    expect((await shop('gamma-serum')).status).toBe(200);
    expect((await shop('gamma-serum-duong-am')).headers.get('location')).toBe('/v1/products/gamma-serum');
  });
});

describe('soft delete', () => {
  it('a deleted product is gone from the shop, search and the cart, bumps the catalogue version, and can be restored', async () => {
    const v = await catalogVersion();
    const del = await send('DELETE', `/v1/admin/products/${ids.cleanser}`, undefined);
    expect(del.status, await del.clone().text()).toBe(200);
    expect((await json(del)).deletedAt).not.toBeNull();
    expect(await catalogVersion()).toBeGreaterThan(v);
    expect((await shop('gamma-cleanser')).status).toBe(404);
    const list = await json(await api('/v1/products?limit=60'));
    expect(list.items.map((i: any) => i.slug)).not.toContain('gamma-cleanser');
    const found = await json(await api('/v1/search?q=cleanser'));
    expect(found.items.map((i: any) => i.slug)).not.toContain('gamma-cleanser');
    const cart = await send('POST', '/v1/cart/items', { unitId: '01TESTUNITCLEANSER00000000', quantity: 1 }, customer);
    expect(cart.status).toBe(422);
    expect((await json(cart)).error.code).toBe('PRODUCT_UNAVAILABLE');
    expect((await send('PATCH', `/v1/admin/products/${ids.cleanser}`, { name: 'Gamma Cleanser mới' })).status).toBe(409);
    expect((await send('DELETE', `/v1/admin/products/${ids.cleanser}`, undefined)).status).toBe(409);
    expect(await auditRows('product.delete', ids.cleanser)).toHaveLength(1);

    const restored = await send('POST', `/v1/admin/products/${ids.cleanser}/restore`, undefined);
    expect(restored.status).toBe(200);
    expect((await shop('gamma-cleanser')).status).toBe(200);
    expect(await auditRows('product.restore', ids.cleanser)).toHaveLength(1);
  });
});

describe('saves are optimistic, text is NFC, products sit in level-3 categories (#14 review)', () => {
  const unitBody = (u: any, isDefault: boolean) => ({ id: u.id, name: u.name, factor: u.factor, price: u.price, weightGrams: u.weightGrams, isDefault });

  it('two admins switching the default unit from the same state: one wins, the other gets 409 PRODUCT_CHANGED (never a 500), one default left', async () => {
    const p = await create({ units: [...newProduct().units, { name: 'Viên', factor: 1, price: 1_500, weightGrams: 1, isDefault: false }] });
    const [hop, vi, vien] = ['Hộp', 'Vỉ', 'Viên'].map((n) => p.units.find((u: any) => u.name === n));
    const [a, b] = await Promise.all([
      send('PATCH', `/v1/admin/products/${p.id}`, { units: [unitBody(hop, false), unitBody(vi, true), unitBody(vien, false)] }),
      send('PATCH', `/v1/admin/products/${p.id}`, { units: [unitBody(hop, false), unitBody(vi, false), unitBody(vien, true)] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await json(a.status === 409 ? a : b)).error.code).toBe('PRODUCT_CHANGED');
    const defaults = await env.DB.prepare('SELECT COUNT(*) AS n FROM product_units WHERE product_id = ? AND is_default = 1').bind(p.id).first<{ n: number }>();
    expect(defaults!.n).toBe(1);
    expect(await auditRows('product.update', p.id)).toHaveLength(1);
  });

  it('a save planned from a snapshot older than the stored product writes nothing and answers PRODUCT_CHANGED', async () => {
    const { loadProductForWrite, planProductSave, executeProductSave, editingView } = await import('@medicare/shared/catalog/product-write.d1');
    const p = await create();
    const stale = (await loadProductForWrite(env.DB, p.id))!;
    expect((await send('PATCH', `/v1/admin/products/${p.id}`, { lowStockThreshold: 7 })).status).toBe(200);
    const plan = await planProductSave(env.DB, { existing: stale, input: { ...editingView(stale), lowStockThreshold: 9, visible: false }, actor: { id: 'cat-admin', role: 'admin' }, now: Date.now() });
    await expect(executeProductSave(env.DB, plan)).rejects.toMatchObject({ status: 409, code: 'PRODUCT_CHANGED' });
    const row = await env.DB.prepare('SELECT low_stock_threshold AS t, visible FROM products WHERE id = ?').bind(p.id).first<{ t: number; visible: number }>();
    expect(row).toEqual({ t: 7, visible: 1 });
    expect(await auditRows('product.update', p.id)).toHaveLength(1);
  });

  it('two selling units named "Lọ" typed NFC and NFD are the same name (400), and typed text is stored NFC', async () => {
    const p = await create();
    const hop = p.units.find((u: any) => u.name === 'Hộp');
    const dup = await send('PATCH', `/v1/admin/products/${p.id}`, {
      units: [unitBody(hop, true), { name: 'Lọ', factor: 2, price: 3_000, weightGrams: 2, isDefault: false }, { name: 'Lọ'.normalize('NFD'), factor: 3, price: 4_000, weightGrams: 3, isDefault: false }],
    });
    expect(dup.status).toBe(400);
    const nfd = 'Thuốc ngủ ngon'.normalize('NFD');
    expect((await send('PATCH', `/v1/admin/products/${p.id}`, { shortDescription: nfd })).status).toBe(200);
    const row = await env.DB.prepare('SELECT short_description AS s FROM products WHERE id = ?').bind(p.id).first<{ s: string }>();
    expect(row!.s).toBe(nfd.normalize('NFC'));
  });

  it('a product is filed under a level-3 category: a level-1 or level-2 one is refused with 400 CATEGORY_NOT_LEAF', async () => {
    const p = await create();
    for (const categoryId of [ids.catThuoc, ids.catKhangSinhL2]) {
      const res = await send('PATCH', `/v1/admin/products/${p.id}`, { categoryId });
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('CATEGORY_NOT_LEAF');
    }
    const created = await send('POST', '/v1/admin/products', newProduct({ categoryId: ids.catMyPham }));
    expect(created.status).toBe(400);
    expect((await send('PATCH', `/v1/admin/products/${p.id}`, { categoryId: ids.catKhangSinh })).status).toBe(200);
  });
});
