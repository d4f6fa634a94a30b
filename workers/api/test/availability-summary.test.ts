/**
 * #16 availability summary (ADR 0034), through the shopper's and the staff's real paths:
 * - a listing, a search and the autocomplete (edge-cached by catalogue version) drop the in-stock flag as soon as an
 *   order takes the last units, and regain it as soon as a receipt brings stock in;
 * - the catalogue version moves exactly when a product's in-stock flag flips (a reservation that leaves stock does not);
 * - the cron step recomputes rows whose counted batch expired at midnight, and bumps the version for the flip.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { runScheduled } from '../src/index';
import { api, DAY, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

const address = { recipientName: 'Lê Tồn', phone: '0987654321', provinceCode: '79', wardCode: '26743', street: '5 Nguyễn Huệ' };
const tokens = { admin: '', customer: '' };
let seq = 0;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
  tokens.admin = await tokenFor('admin', 'summary-admin');
  tokens.customer = await tokenFor('customer', 'summary-customer');
});

const version = async () => Number((await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!.value);
const row = (id: string) => env.DB.prepare('SELECT in_stock AS inStock, available_base AS available, stale_on AS staleOn FROM product_availability WHERE product_id = ?').bind(id).first<{ inStock: number; available: number; staleOn: string | null }>();

async function call(method: string, path: string, who: keyof typeof tokens, body?: unknown, extra: Record<string, string> = {}) {
  const res = await api(path, { method, headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...extra }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await json(res) };
}

/** A product of its own (a unique made-up name for search), one selling unit of 1 base unit, no stock. */
async function newProduct() {
  const n = ++seq;
  const id = `01TESTPRODSUMMARY${String(n).padStart(8, '0')}`;
  const name = `Zentrafoxin ${['Alfa', 'Bravo', 'Charlie', 'Delta'][n - 1]}`;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at)
       VALUES (?, ?, ?, 'x', 'x', 'Viên nén', 'Hộp 10 viên', 'hộp', 'x', 'Việt Nam', ?, ?, 'approved', 1, 1, 1)`,
    ).bind(id, `zentrafoxin-${n}`, name, ids.brandAlpha, ids.catHaSot),
    env.DB.prepare("INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, 'Hộp', 1, 50000, 50, 1, 0, 1, 1)").bind(`${id}U`, id),
  ]);
  return { id, slug: `zentrafoxin-${n}`, name, unitId: `${id}U` };
}

const receive = (p: { id: string; unitId: string }, quantity: number, expiryDate = vietnamDate(Date.now() + 400 * DAY)) =>
  call('POST', '/v1/admin/stock/receipts', 'admin', {
    productId: p.id, unitId: p.unitId, quantity, lotNumber: `SUM-${++seq}`, expiryDate, costPrice: 30_000, supplier: 'NCC thử nghiệm',
    receivedDate: vietnamDate(Date.now()), confirmShortExpiry: true,
  });
const order = (p: { unitId: string }, quantity: number) =>
  call('POST', '/v1/orders', 'customer', { items: [{ unitId: p.unitId, quantity }], address, paymentMethod: 'cod' }, { 'idempotency-key': `summary-${++seq}-${Date.now()}` });

/** What the shop shows for the product: listing, search and autocomplete (each through the edge cache). */
async function shown(p: { slug: string; name: string }) {
  const listing = await json<{ items: Array<{ slug: string; inStock: boolean }> }>(await api(`/v1/products?category=thuoc-ha-sot&sort=newest&limit=60`));
  const search = await json<{ items: Array<{ slug: string; inStock: boolean }> }>(await api(`/v1/search?q=${encodeURIComponent(p.name)}`));
  const suggest = await json<{ products: Array<{ slug: string; inStock: boolean }> }>(await api(`/v1/search/suggest?q=${encodeURIComponent(p.name)}`));
  const inStockOnly = await json<{ items: Array<{ slug: string }> }>(await api(`/v1/products?category=thuoc-ha-sot&inStock=true&limit=60`));
  return {
    listing: listing.items.find((x) => x.slug === p.slug)?.inStock,
    search: search.items.find((x) => x.slug === p.slug)?.inStock,
    suggest: suggest.products.find((x) => x.slug === p.slug)?.inStock,
    filtered: inStockOnly.items.some((x) => x.slug === p.slug),
  };
}
const everywhere = (v: boolean) => ({ listing: v, search: v, suggest: v, filtered: v });

describe('the availability summary (#16)', () => {
  it('listing, search and autocomplete show a stock-out after an order and the stock back after a receipt', async () => {
    const p = await newProduct();
    expect(await shown(p)).toEqual(everywhere(false)); // no stock yet
    expect((await receive(p, 3)).status).toBe(201);
    expect(await shown(p)).toEqual(everywhere(true));
    expect(await row(p.id)).toMatchObject({ inStock: 1, available: 3 });

    expect((await order(p, 3)).status).toBe(201); // the last units: reserved by checkout
    expect(await row(p.id)).toMatchObject({ inStock: 0, available: 0 });
    expect(await shown(p)).toEqual(everywhere(false));

    expect((await receive(p, 2)).status).toBe(201);
    expect(await shown(p)).toEqual(everywhere(true));
  });

  it('bumps the catalogue version exactly when a product sells out or comes back, not on other reservations', async () => {
    const p = await newProduct();
    expect((await receive(p, 5)).status).toBe(201);
    const v0 = await version();
    expect((await order(p, 2)).status).toBe(201); // 3 left: no flip, the edge cache stays warm
    expect(await version()).toBe(v0);
    expect((await order(p, 3)).status).toBe(201); // sold out: one bump
    expect(await version()).toBe(v0 + 1);
    expect((await order(p, 1)).status).toBe(422); // refused (out of stock): nothing changes
    expect(await version()).toBe(v0 + 1);
    // A cancellation releases the reservation: back in stock, one bump.
    const code = (await env.DB.prepare('SELECT o.code FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT 1').bind(p.id).first<{ code: string }>())!.code;
    expect((await call('POST', `/v1/admin/orders/${code}/cancel`, 'admin', { reason: 'Khách đổi ý' })).status).toBe(200);
    expect(await row(p.id)).toMatchObject({ inStock: 1, available: 3 });
    expect(await version()).toBe(v0 + 2);
  });

  it('the cron step recomputes rows whose counted batch expired at midnight, and bumps the version for the flip', async () => {
    const p = await newProduct();
    const tomorrow = vietnamDate(Date.now() + DAY);
    expect((await receive(p, 4, tomorrow)).status).toBe(201);
    expect(await row(p.id)).toMatchObject({ inStock: 1, available: 4, staleOn: tomorrow });
    const v0 = await version();
    const EVENTS = { send: async () => {}, sendBatch: async () => {} };
    // Today: nothing of this product is stale.
    await runScheduled({ ...env, EVENTS } as never, Date.now());
    expect(await row(p.id)).toMatchObject({ inStock: 1, staleOn: tomorrow });
    expect(await version()).toBe(v0);
    // Tomorrow (Vietnam time) the batch is no longer sellable: the row is recomputed, the flip bumps the version once.
    const r = await runScheduled({ ...env, EVENTS } as never, Date.now() + DAY);
    expect(r.availabilityRefreshed).toBeGreaterThanOrEqual(1);
    expect(await row(p.id)).toMatchObject({ inStock: 0, available: 0, staleOn: null });
    const v1 = await version();
    expect(v1).toBeGreaterThan(v0); // (other fixture products may flip tomorrow too)
    // Run again: nothing stale is left, nothing flips.
    expect((await runScheduled({ ...env, EVENTS } as never, Date.now() + DAY)).availabilityRefreshed).toBe(0);
    expect(await version()).toBe(v1);
  });
});
