/**
 * The round-trip (#14, ADR 0028): the seed catalogue (about 2,000 products) exported to .xlsx and imported
 * back through the queue reports no error and changes nothing (no product, unit, ingredient, revision, audit row or
 * catalogue version written), because every row equals the live product.
 */
import { env } from 'cloudflare:test';
import { beforeAll, expect, it } from 'vitest';
import { loadSeed } from '../../../seed/load.mjs';
import { api, json, tokenFor } from './fixtures';

let admin = '';
const auth = () => ({ authorization: `Bearer ${admin}` });

beforeAll(async () => {
  await loadSeed(env.DB, { today: '2026-11-25', locations: false });
  admin = await tokenFor('admin');
}, 120_000);

const state = () =>
  env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM products) AS products, (SELECT COUNT(*) FROM product_units) AS units, (SELECT COUNT(*) FROM product_ingredients) AS ingredients,
            (SELECT COUNT(*) FROM manufacturers) AS manufacturers, (SELECT COUNT(*) FROM product_revisions) AS revisions,
            (SELECT COUNT(*) FROM audit_log WHERE entity_type = 'product') AS audits, (SELECT MAX(updated_at) FROM products) AS lastUpdate,
            (SELECT value FROM meta WHERE key = 'catalog_version') AS version`,
  ).first();

async function until(id: string, states: string[]) {
  let last: any;
  await expect
    .poll(async () => states.includes((last = await json(await api(`/v1/admin/imports/${id}`, { headers: auth() }))).status), { timeout: 280_000, interval: 250 })
    .toBe(true);
  return last;
}

it('exports the seed catalogue to .xlsx and imports it back unchanged', async () => {
  const total = (await env.DB.prepare('SELECT COUNT(*) AS n FROM products WHERE deleted_at IS NULL').first<{ n: number }>())!.n;
  expect(total).toBeGreaterThan(1500);
  const before = await state();

  const file = await api('/v1/admin/exports/products.xlsx', { headers: auth() });
  expect(file.status).toBe(200);
  const form = new FormData();
  form.set('file', new Blob([await file.arrayBuffer()]), 'san-pham.xlsx');
  form.set('kind', 'products');
  const up = await api('/v1/admin/imports', { method: 'POST', headers: auth(), body: form });
  expect(up.status).toBe(202);
  const { id } = await json(up);

  const checked = await until(id, ['validated', 'failed']);
  expect(checked.errors.slice(0, 5)).toEqual([]);
  expect(checked).toMatchObject({ status: 'validated', totalRows: total, validRows: total, errorRows: 0 });

  expect((await api(`/v1/admin/imports/${id}/commit`, { method: 'POST', headers: auth() })).status).toBe(202);
  const done = await until(id, ['done', 'failed']);
  expect(done).toMatchObject({ status: 'done', createdCount: 0, updatedCount: 0, unchangedCount: total, errorRows: 0 });
  expect(await state()).toEqual(before);
}, 300_000);
