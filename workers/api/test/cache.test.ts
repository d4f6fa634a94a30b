import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, ids, json, seedFixtures, tokenFor } from './fixtures';

beforeAll(seedFixtures);

const get = (path: string) => api(path);
const patch = async (id: string, body: unknown, role: 'admin' | 'customer' = 'admin') =>
  api(`/v1/admin/products/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${await tokenFor(role)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('edge cache for catalogue GETs', () => {
  it('misses, then hits, with the catalogue version in the key', async () => {
    const first = await get('/v1/products/alpha-paracetamol-500');
    expect(first.headers.get('x-cache')).toBe('MISS');
    const version = first.headers.get('x-catalog-version');
    expect(Number(version)).toBeGreaterThan(0);
    const second = await get('/v1/products/alpha-paracetamol-500');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('cache-control')).toBe('public, max-age=15');
  });

  it('keys on the canonical query: parameter order does not matter, values do', async () => {
    await get('/v1/products?brand=alpha&sort=newest');
    expect((await get('/v1/products?sort=newest&brand=alpha')).headers.get('x-cache')).toBe('HIT');
    expect((await get('/v1/products?sort=newest&brand=beta')).headers.get('x-cache')).toBe('MISS');
  });

  it('keys on what the route validates: junk parameters, defaults and list order share one entry (R16-E1)', async () => {
    // A product page linked with tracking parameters: the detail route takes no query, so none is in the key.
    await get('/v1/products/alpha-ibuprofen-400');
    expect((await get('/v1/products/alpha-ibuprofen-400?utm_source=zalo&fbclid=x1')).headers.get('x-cache')).toBe('HIT');
    // Suggest and articles keep only their schema's keys; a default written out equals leaving it out.
    await get('/v1/search/suggest?q=parac');
    expect((await get('/v1/search/suggest?q=parac&limit=6&_=123')).headers.get('x-cache')).toBe('HIT');
    expect((await get('/v1/search/suggest?q=parac&limit=5')).headers.get('x-cache')).toBe('MISS');
    await get('/v1/articles?limit=5');
    expect((await get('/v1/articles?zarsrc=1&limit=5')).headers.get('x-cache')).toBe('HIT');
    // A listing: duplicates and order in a list filter do not matter; the default sort written out is the same listing.
    await get('/v1/products?brand=alpha,beta&dosageForm=Viên nén');
    expect((await get('/v1/products?dosageForm=Viên nén&brand=beta,alpha,beta&sort=relevance')).headers.get('x-cache')).toBe('HIT');
    // A refused query is never stored, and an unknown key does not make it a hit either.
    expect((await get('/v1/products?limit=0&x=1')).status).toBe(400);
    expect((await get('/v1/products?limit=0&x=2')).headers.get('x-cache')).toBe('MISS');
  });

  it('serves HEAD from the same entries as GET (X7)', async () => {
    const head = await api('/v1/brands', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-cache')).toBe('MISS');
    expect(await head.text()).toBe('');
    const viaGet = await get('/v1/brands');
    expect(viaGet.headers.get('x-cache')).toBe('HIT');
    expect((await json(viaGet)).items.length).toBeGreaterThan(0); // the entry a HEAD stored has the body
    expect((await api('/v1/brands', { method: 'HEAD' })).headers.get('x-cache')).toBe('HIT');
  });

  it('never caches errors', async () => {
    expect((await get('/v1/products/khong-co')).headers.get('x-cache')).toBe('MISS');
    const again = await get('/v1/products/khong-co');
    expect(again.status).toBe(404);
    expect(again.headers.get('x-cache')).toBe('MISS');
  });

  it('serves no stale product after an admin edit (version bump by trigger)', async () => {
    await get('/v1/products/alpha-paracetamol-500');
    await get('/v1/products?category=thuoc');
    expect((await get('/v1/products/alpha-paracetamol-500')).headers.get('x-cache')).toBe('HIT');

    const res = await patch(ids.paracetamol, { name: 'Alpha Paracetamol 500mg (mẫu mới)' });
    expect(res.status).toBe(200);

    const detail = await get('/v1/products/alpha-paracetamol-500');
    expect(detail.headers.get('x-cache')).toBe('MISS');
    expect((await json(detail)).name).toBe('Alpha Paracetamol 500mg (mẫu mới)');
    const listing = await get('/v1/products?category=thuoc');
    expect(listing.headers.get('x-cache')).toBe('MISS');
    expect((await json(listing)).items.map((i: any) => i.name)).toContain('Alpha Paracetamol 500mg (mẫu mới)');
  });

  it('hides a product at once when an admin hides it', async () => {
    expect((await get('/v1/products/beta-amoxicillin-500')).status).toBe(200);
    expect((await patch(ids.amoxicillin, { visible: false })).status).toBe(200);
    expect((await get('/v1/products/beta-amoxicillin-500')).status).toBe(404);
    expect((await json(await get('/v1/products?rx=true'))).items).toEqual([]);
  });

  it('bumps the version on any catalogue table write, but not on stock reservations', async () => {
    const v = async () => ((await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!).value;
    const v0 = await v();
    await env.DB.prepare("UPDATE brands SET name = 'Gamma Skin VN' WHERE slug = 'gamma'").run();
    const v1 = await v();
    expect(v1).toBe(v0 + 1);
    await env.DB.prepare("UPDATE stock_batches SET reserved = reserved + 1 WHERE lot_number = 'C-1'").run();
    expect(await v()).toBe(v1);
    // On hand moves only through the stock ledger (ADR 0027): a receipt movement.
    await env.DB.prepare(
      "INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, at) SELECT 'cache-test-receipt', id, product_id, 10, 'receipt', 1 FROM stock_batches WHERE lot_number = 'C-1'",
    ).run();
    expect(await v()).toBe(v1 + 1);
    await env.DB.prepare('UPDATE products SET sold_count = sold_count + 1 WHERE id = ?').bind(ids.cleanser).run();
    expect(await v()).toBe(v1 + 1);
  });

  it('records every admin edit in the audit log', async () => {
    const rows = await env.DB.prepare("SELECT actor_id, actor_role, action, entity_id FROM audit_log WHERE action = 'product.update'").all();
    expect(rows.results).toContainEqual({ actor_id: 'user-admin', actor_role: 'admin', action: 'product.update', entity_id: ids.paracetamol });
  });
});

describe('PATCH /v1/admin/products/{id}', () => {
  it('rejects empty, unknown-field and malformed bodies with 400', async () => {
    expect((await patch(ids.cleanser, {})).status).toBe(400);
    expect((await patch(ids.cleanser, { price: 1 })).status).toBe(400);
    expect((await patch(ids.cleanser, { name: 'x' })).status).toBe(400);
    const raw = await api(`/v1/admin/products/${ids.cleanser}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(raw.status).toBe(400);
  });

  it('answers 404 for an unknown product', async () => {
    const res = await patch('01NOSUCHPRODUCT0000000000', { visible: true });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('PRODUCT_NOT_FOUND');
  });
});
