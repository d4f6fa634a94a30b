import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import worker, { runScheduled } from '../src/index';
import { OUTBOX_CLAIM_MS } from '@medicare/shared/checkout/repo.d1';
import { api, DAY, ids, json, NOW, seedFixtures, tokenFor } from './fixtures';

const PARA_BOX = '01TESTUNITPARAHOP000000000'; // 100 viên, 100 000 đ, 220 viên sellable
const PARA_STRIP = '01TESTUNITPARAVI0000000000'; // 10 viên, 11 000 đ
const AMOX_BOX = '01TESTUNITAMOXHOP000000000'; // Rx
const CLEANSER = '01TESTUNITCLEANSER00000000'; // 199 000 đ on sale, 40 in stock

const address = { recipientName: 'Phạm Minh Châu', phone: '0903 123 456', provinceCode: '79', wardCode: '26743', street: '45 Lý Tự Trọng' };
afterEach(() => {
  vi.useRealTimers();
});
let keyN = 0;
const newKey = () => `test-key-${Date.now()}-${++keyN}`;
const order = (body: unknown, opts: { key?: string; token?: string } = {}) =>
  api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': opts.key ?? newKey(), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: JSON.stringify(body),
  });
/** The guest lookup: code and phone in the body (never in a URL); a success sets the order's guest pass cookie. */
const lookup = (code: string, phone: string, headers: Record<string, string> = {}) =>
  api('/v1/orders/lookup', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code, phone }) });
/** The `name=value` of the guest pass a response sets. */
const guestPass = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('mc_go='))?.split(';')[0];
const quote = (body: unknown, token?: string) =>
  api('/v1/checkout/quote', { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

async function addProduct(id: string, stock: Array<{ lot: string; expiryDays: number; qty: number }>, price = 50_000) {
  const T = NOW - 10 * DAY;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at)
       VALUES (?, ?, ?, 'x', 'x', 'Viên nén', 'Hộp 10 viên', 'viên', 'x', 'Việt Nam', ?, ?, 'approved', 1, ?, ?)`,
    ).bind(id, id.toLowerCase(), `Sản phẩm ${id}`, ids.brandAlpha, ids.catHaSot, T, T),
    env.DB.prepare('INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, ?, 1, ?, 50, 1, 0, ?, ?)').bind(`${id}U`, id, 'Hộp', price, T, T),
    ...stock.map((b) =>
      env.DB.prepare('INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, received_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)').bind(
        `${id}B${b.lot}`, id, b.lot, new Date(NOW + 7 * 3600e3 + b.expiryDays * DAY).toISOString().slice(0, 10), b.qty, T, T, T,
      ),
    ),
  ]);
  return `${id}U`;
}

async function addVoucher(code: string, over: Record<string, unknown> = {}) {
  const v = { kind: 'order', discount_type: 'percent', discount_value: 10, max_discount: 50_000, min_subtotal: 0, usage_limit: null, per_user_limit: 1, active: 1, ...over };
  await env.DB.prepare(
    `INSERT INTO vouchers (id, code, name, kind, discount_type, discount_value, max_discount, min_subtotal, starts_at, ends_at, usage_limit, used_count, per_user_limit, excluded_product_ids, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, '[]', ?, 1, 1)`,
  )
    .bind(`V${code}`, code, `Mã ${code}`, v.kind, v.discount_type, v.discount_value, v.max_discount, v.min_subtotal, NOW - DAY, NOW + 30 * DAY, v.usage_limit, v.per_user_limit, v.active)
    .run();
}

const reserved = async (productId: string) =>
  (await env.DB.prepare('SELECT COALESCE(SUM(reserved), 0) AS r, COALESCE(SUM(quantity), 0) AS q FROM stock_batches WHERE product_id = ?').bind(productId).first<{ r: number; q: number }>())!;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'x'), ('01', 'Thành phố Hà Nội', 'Thành phố Trung Ương', 'north', 'y')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'a'), ('00004', '01', 'Phường Ba Đình', 'b')"),
  ]);
});

describe('POST /v1/checkout/quote', () => {
  it('itemises prices recomputed now, shipping with an ETA, and totals', async () => {
    const q = await json(await quote({ items: [{ unitId: PARA_STRIP, quantity: 2 }, { unitId: CLEANSER, quantity: 1 }], address, paymentMethod: 'cod' }));
    expect(q.lines.map((l: any) => [l.unitName, l.unitPrice, l.lineTotal, l.problem])).toEqual([
      ['Vỉ', 11_000, 22_000, null],
      ['Chai', 199_000, 199_000, null],
    ]);
    expect(q).toMatchObject({ subtotal: 221_000, shippingFee: 16_000, orderDiscount: 0, shippingDiscount: 0, total: 237_000, ok: true });
    expect(q.shipping.estimatedDays).toEqual({ min: 1, max: 2 });
    const far = await json(await quote({ items: [{ unitId: PARA_STRIP, quantity: 2 }], address: { ...address, provinceCode: '01', wardCode: '00004' }, paymentMethod: 'cod' }));
    expect(far.shippingFee).toBe(32_000);
    const free = await json(await quote({ items: [{ unitId: CLEANSER, quantity: 3 }], address, paymentMethod: 'cod' }));
    expect(free).toMatchObject({ shippingFee: 0, shipping: { freeShipping: true } });
  });

  it('reports per-line problems: prescription-only, stock, unknown unit, quantity', async () => {
    const q = await json(
      await quote({
        items: [
          { unitId: AMOX_BOX, quantity: 1 },
          { unitId: PARA_BOX, quantity: 3 },
          { unitId: '01NOSUCHUNIT0000000000000', quantity: 1 },
          { unitId: '01TESTUNITIBUHOP0000000000', quantity: 1 },
          { unitId: CLEANSER, quantity: 101 },
        ],
        address,
        paymentMethod: 'cod',
      }),
    );
    expect(q.ok).toBe(false);
    expect(q.lines.map((l: any) => l.problem?.code)).toEqual(['RX_REQUIRES_CONSULTATION', 'INSUFFICIENT_STOCK', 'UNIT_NOT_FOUND', 'OUT_OF_STOCK', 'QUANTITY_TOO_LARGE']);
    expect(q.lines[1].available).toBe(2);
  });

  it('validates the address on the 2025 data', async () => {
    expect((await json(await quote({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address: { ...address, wardCode: '00004' }, paymentMethod: 'cod' }))).error.code).toBe('INVALID_WARD');
    expect((await quote({ items: [], address, paymentMethod: 'cod' })).status).toBe(400);
    expect((await quote({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'crypto' })).status).toBe(400);
  });
});

describe('POST /v1/orders', () => {
  it('places a COD order: confirmed, stock reserved FEFO, lines snapshotted, outbox written', async () => {
    const before = await reserved(ids.paracetamol);
    const res = await order({ items: [{ unitId: PARA_STRIP, quantity: 3 }], address, paymentMethod: 'cod' });
    expect(res.status).toBe(201);
    const o = await json(res);
    expect(o.code).toMatch(/^MC[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(o).toMatchObject({ status: 'confirmed', paymentMethod: 'cod', subtotal: 33_000, total: 49_000, expiresAt: null });
    expect(o.lines[0]).toMatchObject({ productName: 'Alpha Paracetamol 500mg', unitName: 'Vỉ', unitPrice: 11_000, quantity: 3, lineTotal: 33_000 });
    expect(o.timeline.map((e: any) => e.status)).toEqual(['confirmed']);
    expect((await reserved(ids.paracetamol)).r).toBe(before.r + 30);
    const alloc = await env.DB.prepare("SELECT b.lot_number AS lot, a.quantity FROM order_allocations a JOIN stock_batches b ON b.id = a.batch_id JOIN order_lines l ON l.id = a.order_line_id JOIN orders o ON o.id = l.order_id WHERE o.code = ?").bind(o.code).all();
    expect(alloc.results).toEqual([{ lot: 'P-NEW', quantity: 30 }]); // the expired lot is never used
    const outbox = await env.DB.prepare("SELECT type FROM outbox_events WHERE aggregate_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).all();
    expect(outbox.results).toEqual([{ type: 'order.created' }]);
  });

  it('allocates first-expiring batches first across several lots', async () => {
    const unit = await addProduct('01TESTPRODFEFO00000000000', [
      { lot: 'LATE', expiryDays: 400, qty: 10 },
      { lot: 'SOON', expiryDays: 20, qty: 3 },
      { lot: 'OLD', expiryDays: -1, qty: 50 },
      { lot: 'MID', expiryDays: 100, qty: 4 },
    ]);
    const o = await json(await order({ items: [{ unitId: unit, quantity: 9 }], address, paymentMethod: 'cod' }));
    const alloc = await env.DB.prepare("SELECT b.lot_number AS lot, a.quantity FROM order_allocations a JOIN stock_batches b ON b.id = a.batch_id JOIN order_lines l ON l.id = a.order_line_id JOIN orders o ON o.id = l.order_id WHERE o.code = ? ORDER BY b.expiry_date").bind(o.code).all();
    expect(alloc.results).toEqual([{ lot: 'SOON', quantity: 3 }, { lot: 'MID', quantity: 4 }, { lot: 'LATE', quantity: 2 }]);
  });

  it('refuses prescription-only products with RX_REQUIRES_CONSULTATION and bad carts with CHECKOUT_PROBLEMS', async () => {
    const res = await order({ items: [{ unitId: AMOX_BOX, quantity: 1 }], address, paymentMethod: 'cod' });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error.code).toBe('CHECKOUT_PROBLEMS');
    expect(body.error.details.lines[0].problem.code).toBe('RX_REQUIRES_CONSULTATION');
  });

  it('requires an Idempotency-Key', async () => {
    const res = await api('/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'cod' }) });
    expect(res.status).toBe(400);
  });

  it('returns the same order for the same key 20× in parallel, and 409 for the key with another body', async () => {
    const key = newKey();
    const body = { items: [{ unitId: CLEANSER, quantity: 1 }], address, paymentMethod: 'cod' };
    const results = await Promise.all(Array.from({ length: 20 }, () => order(body, { key })));
    const codes = new Set<string>();
    for (const r of results) {
      expect([200, 201]).toContain(r.status);
      codes.add((await json(r)).code);
    }
    expect(codes.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM orders WHERE idempotency_key = ?').bind(`guest:${key}`).first<{ n: number }>();
    expect(count?.n).toBe(1);
    const other = await order({ ...body, items: [{ unitId: CLEANSER, quantity: 2 }] }, { key });
    expect(other.status).toBe(409);
    expect((await json(other)).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  /** POST /v1/orders through the api Worker's own fetch handler with the given queue, then its after-commit publication. */
  async function placeThroughWorker(unit: string, EVENTS: unknown) {
    const ctx = createExecutionContext();
    const res = await worker.fetch!(
      new Request('https://api.medicare.test/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify({ items: [{ unitId: unit, quantity: 1 }], address, paymentMethod: 'cod' }),
      }) as never,
      { ...env, EVENTS } as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it('publishes each outbox row once under a burst of concurrent orders, each request publishing after commit (#12 item 3)', async () => {
    const unit = await addProduct('01TESTPRODBURST0000000000', [{ lot: 'B1', expiryDays: 200, qty: 100 }]);
    // The api Worker's real queue, with every message it is asked to send counted by event id.
    const sends = new Map<string, number>();
    const EVENTS = {
      send: (body: { id: string }, o?: QueueSendOptions) => (sends.set(body.id, (sends.get(body.id) ?? 0) + 1), env.EVENTS.send(body, o)),
      sendBatch: (msgs: Iterable<MessageSendRequest<{ id: string }>>, o?: QueueSendBatchOptions) => {
        for (const m of msgs) sends.set(m.body.id, (sends.get(m.body.id) ?? 0) + 1);
        return env.EVENTS.sendBatch(msgs, o);
      },
    };
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await placeThroughWorker(unit, EVENTS)).status));
    expect(statuses).toEqual(Array(10).fill(201));
    const rows = await env.DB.prepare("SELECT id FROM outbox_events WHERE aggregate_id IN (SELECT order_id FROM order_lines WHERE product_id = '01TESTPRODBURST0000000000')").all<{ id: string }>();
    expect(rows.results).toHaveLength(10);
    expect(rows.results.map((r) => sends.get(r.id) ?? 0)).toEqual(Array(10).fill(1));
    expect([...sends.values()].every((n) => n === 1)).toBe(true); // nor any older pending row twice
  });

  it('re-sends a row whose send failed at once, and a row sent but never acknowledged only once its claim has passed (#12 item 3)', async () => {
    const unit = await addProduct('01TESTPRODCLAIM0000000000', [{ lot: 'C1', expiryDays: 200, qty: 10 }]);
    const sent: string[] = [];
    let mode: 'fail' | 'lose' = 'fail';
    const EVENTS = {
      send: async () => undefined,
      sendBatch: async (msgs: Iterable<MessageSendRequest<{ id: string }>>) => {
        if (mode === 'fail') throw new Error('queue unavailable');
        for (const m of msgs) sent.push(m.body.id); // accepted, then lost: the consumer never acks
      },
    };
    expect((await placeThroughWorker(unit, EVENTS)).status).toBe(201);
    const row = () =>
      env.DB.prepare("SELECT id, attempts, published_at AS publishedAt, claim_until AS claimUntil, last_error AS lastError FROM outbox_events WHERE aggregate_id = (SELECT order_id FROM order_lines WHERE product_id = '01TESTPRODCLAIM0000000000')").first<{ id: string; attempts: number; publishedAt: number | null; claimUntil: number | null; lastError: string | null }>();
    expect(await row()).toMatchObject({ attempts: 1, publishedAt: null, claimUntil: null, lastError: 'queue unavailable' });

    mode = 'lose';
    const t0 = Date.now();
    await runScheduled({ ...env, EVENTS } as never, t0);
    const { id } = (await row())!;
    expect(sent.filter((s) => s === id)).toHaveLength(1);
    await runScheduled({ ...env, EVENTS } as never, t0 + 60_000); // the claim still holds
    expect(sent.filter((s) => s === id)).toHaveLength(1);
    await runScheduled({ ...env, EVENTS } as never, t0 + OUTBOX_CLAIM_MS);
    expect(sent.filter((s) => s === id)).toHaveLength(2);
    expect(await row()).toMatchObject({ attempts: 3, publishedAt: t0 + OUTBOX_CLAIM_MS, claimUntil: t0 + 2 * OUTBOX_CLAIM_MS });
  });
});

describe('never overselling', () => {
  it('200 concurrent orders for 10 units: exactly 10 succeed and stock ends at 0', async () => {
    const unit = await addProduct('01TESTPRODRACE00000000000', [{ lot: 'R1', expiryDays: 300, qty: 10 }]);
    const results = await Promise.all(Array.from({ length: 200 }, () => order({ items: [{ unitId: unit, quantity: 1 }], address, paymentMethod: 'cod' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 422)).toBe(true);
    const s = await reserved('01TESTPRODRACE00000000000');
    expect(s).toEqual({ r: 10, q: 10 }); // available = 0, never negative
  }, 60_000); // a correctness test: 200 requests on a busy machine take longer than the 5 s default, which is no failure

  it('holds across several products and batches with different expiries', async () => {
    const a = await addProduct('01TESTPRODRACEA0000000000', [{ lot: 'A1', expiryDays: 30, qty: 4 }, { lot: 'A2', expiryDays: 300, qty: 5 }, { lot: 'A0', expiryDays: -5, qty: 100 }]);
    const b = await addProduct('01TESTPRODRACEB0000000000', [{ lot: 'B1', expiryDays: 60, qty: 6 }]);
    const bodies = Array.from({ length: 60 }, (_, i) => ({ items: i % 3 === 0 ? [{ unitId: a, quantity: 2 }, { unitId: b, quantity: 1 }] : i % 3 === 1 ? [{ unitId: a, quantity: 1 }] : [{ unitId: b, quantity: 2 }], address, paymentMethod: 'cod' }));
    const results = await Promise.all(bodies.map((body) => order(body)));
    const ok = bodies.filter((_, i) => results[i]!.status === 201);
    const takenA = ok.reduce((s, body) => s + body.items.filter((x) => x.unitId === a).reduce((t, x) => t + x.quantity, 0), 0);
    const takenB = ok.reduce((s, body) => s + body.items.filter((x) => x.unitId === b).reduce((t, x) => t + x.quantity, 0), 0);
    const ra = await env.DB.prepare("SELECT lot_number AS lot, quantity, reserved FROM stock_batches WHERE product_id = '01TESTPRODRACEA0000000000' ORDER BY expiry_date").all<{ lot: string; quantity: number; reserved: number }>();
    expect(ra.results.find((x) => x.lot === 'A0')!.reserved).toBe(0); // expired stock untouched
    expect(ra.results.reduce((s, x) => s + x.reserved, 0)).toBe(takenA);
    expect(takenA).toBeLessThanOrEqual(9);
    expect((await reserved('01TESTPRODRACEB0000000000')).r).toBe(takenB);
    expect(takenB).toBeLessThanOrEqual(6);
    for (const x of ra.results) expect(x.reserved).toBeLessThanOrEqual(x.quantity);
    expect(takenA + takenB).toBeGreaterThan(0);
  });
});

describe('vouchers at checkout', () => {
  it('applies an order voucher (percent, capped) and a shipping voucher, once each', async () => {
    await addVoucher('GIAM10');
    await addVoucher('FREESHIP', { kind: 'shipping', discount_type: 'fixed', discount_value: 20_000, max_discount: null });
    await addVoucher('GIAM5', { discount_value: 5 });
    const t = await tokenFor('customer', 'voucher-user');
    const q = await json(await quote({ items: [{ unitId: CLEANSER, quantity: 1 }], address, vouchers: ['giam10', 'FREESHIP', 'GIAM5'], paymentMethod: 'cod' }, t));
    expect(q).toMatchObject({ subtotal: 199_000, shippingFee: 16_000, orderDiscount: 19_900, shippingDiscount: 16_000, total: 179_100 });
    expect(q.vouchers.find((v: any) => v.code === 'GIAM5').problem.code).toBe('VOUCHER_DUPLICATE_KIND');
    const guest = await json(await quote({ items: [{ unitId: CLEANSER, quantity: 1 }], address, vouchers: ['GIAM10'], paymentMethod: 'cod' }));
    expect(guest.vouchers[0].problem.code).toBe('VOUCHER_LOGIN_REQUIRED');

    const placed = await order({ items: [{ unitId: CLEANSER, quantity: 1 }], address, vouchers: ['GIAM10', 'FREESHIP'], paymentMethod: 'cod' }, { token: t });
    expect(placed.status).toBe(201);
    expect(await json(placed)).toMatchObject({ orderDiscount: 19_900, shippingDiscount: 16_000, total: 179_100 });
    const again = await json(await quote({ items: [{ unitId: CLEANSER, quantity: 1 }], address, vouchers: ['GIAM10'], paymentMethod: 'cod' }, t));
    expect(again.vouchers[0].problem.code).toBe('VOUCHER_USER_LIMIT');
  });

  it('redeems a voucher with 5 uses left exactly 5 times under 50 concurrent orders', async () => {
    await addVoucher('CON5', { usage_limit: 5, discount_type: 'fixed', discount_value: 10_000, max_discount: null });
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => tokenFor('customer', `race-voucher-${i}`)));
    const results = await Promise.all(tokens.map((token) => order({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, vouchers: ['CON5'], paymentMethod: 'cod' }, { token })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    const v = await env.DB.prepare("SELECT used_count AS used FROM vouchers WHERE code = 'CON5'").first<{ used: number }>();
    expect(v?.used).toBe(5);
    const redemptions = await env.DB.prepare("SELECT COUNT(*) AS n FROM voucher_redemptions WHERE voucher_id = 'VCON5'").first<{ n: number }>();
    expect(redemptions?.n).toBe(5);
  });
});

describe('orders after checkout', () => {
  it('lists my orders, shows the detail with its timeline to me and admins only, and lets guests look up by code + phone', async () => {
    const me = await tokenFor('customer', 'order-owner');
    const other = await tokenFor('customer', 'order-other');
    const admin = await tokenFor('admin', 'order-admin');
    const o = await json(await order({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'bank_transfer' }, { token: me }));
    expect(o).toMatchObject({ status: 'pending_payment', canCancel: true });
    expect(o.expiresAt).toBeGreaterThan(Date.now() + 29 * 60_000);
    const mine = await json(await api('/v1/orders', { headers: { authorization: `Bearer ${me}` } }));
    expect(mine.items.map((x: any) => x.code)).toContain(o.code);
    expect((await api(`/v1/orders/${o.code}`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(200);
    expect((await api(`/v1/orders/${o.code}`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
    expect((await api(`/v1/orders/${o.code}`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect((await api(`/v1/orders/${o.code}`)).status).toBe(401);
    // The order has an account: its phone proves nothing (lookup, payment and invoice alike).
    expect((await lookup(o.code, '+84903123456')).status).toBe(404);
    expect((await api(`/v1/orders/${o.code}/payment?phone=0903123456`)).status).toBe(404);
  });

  it('lets a guest follow an order placed without an account through a guest pass scoped to that order', async () => {
    const placed = await order({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'bank_transfer' });
    const o = await json(placed);
    const atCheckout = guestPass(placed)!;
    expect(placed.headers.getSetCookie().find((c) => c.startsWith('mc_go='))).toMatch(new RegExp(`Path=/v1/orders/${o.code}; HttpOnly; Secure; SameSite=Lax`));
    for (const path of [`/v1/orders/${o.code}`, `/v1/orders/${o.code}/payment`]) expect((await api(path, { headers: { cookie: atCheckout } })).status).toBe(200);
    expect((await api(`/v1/orders/${o.code}/invoice.pdf`, { headers: { cookie: atCheckout } })).status).toBe(409); // unpaid: no invoice yet
    // Without the pass: nothing, and the phone in a query string proves nothing anywhere.
    expect((await api(`/v1/orders/${o.code}`)).status).toBe(401);
    for (const path of [`/v1/orders/${o.code}/payment?phone=0903123456`, `/v1/orders/${o.code}/invoice.pdf?phone=0903123456`]) expect((await api(path)).status).toBe(404);

    // The lookup exchanges code + phone for a pass; wrong phones are refused.
    expect((await lookup(o.code, '0909999999')).status).toBe(404);
    const found = await lookup(o.code.toLowerCase(), '+84 903 123 456');
    expect(found.status).toBe(200);
    expect((await json(found)).code).toBe(o.code);
    const pass = guestPass(found)!;
    expect((await api(`/v1/orders/${o.code}/payment`, { headers: { cookie: pass } })).status).toBe(200);

    // A pass opens only its own order, and a forged or expired one opens nothing.
    const other = await json(await order({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'bank_transfer' }));
    expect((await api(`/v1/orders/${other.code}/payment`, { headers: { cookie: pass } })).status).toBe(404);
    expect((await api(`/v1/orders/${other.code}`, { headers: { cookie: pass } })).status).toBe(401); // no proof for that order
    expect((await api(`/v1/orders/${o.code}/payment`, { headers: { cookie: `${pass}x` } })).status).toBe(404);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000 + 1000);
    expect((await api(`/v1/orders/${o.code}/payment`, { headers: { cookie: pass } })).status).toBe(404);
  });

  it('rate-limits phone proofs per order (failures only) and per IP, on an injected clock', async () => {
    const WINDOW = 15 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / WINDOW) * WINDOW + 40 * WINDOW);
    const o = await json(await order({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address, paymentMethod: 'cod' }));
    const from = (i: number) => ({ 'cf-connecting-ip': `203.0.113.${i}` });
    for (let i = 0; i < 5; i++) expect((await lookup(o.code, '0903123456', from(i))).status).toBe(200); // successes don't count
    const wrong = [];
    for (let i = 0; i < 11; i++) wrong.push((await lookup(o.code, `09000000${String(i).padStart(2, '0')}`, from(i))).status);
    expect(wrong).toEqual([...Array(10).fill(404), 429]);
    expect((await lookup(o.code, '0903123456', from(99))).status).toBe(429); // the order is throttled for everyone…
    vi.setSystemTime(Date.now() + WINDOW);
    expect((await lookup(o.code, '0903123456', from(99))).status).toBe(200); // …until the window ends
    const byIp = [];
    for (let i = 0; i < 31; i++) byIp.push((await lookup(`MC${String(i).padStart(8, '0')}`, '0903123456', from(200))).status);
    expect(byIp.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(byIp[30]).toBe(429);
  });

  it('cancels while allowed, releasing stock and vouchers exactly once', async () => {
    const t = await tokenFor('customer', 'cancel-user');
    await addVoucher('HUY1', { discount_type: 'fixed', discount_value: 5_000, max_discount: null });
    const unit = await addProduct('01TESTPRODCANCEL000000000', [{ lot: 'C1', expiryDays: 100, qty: 5 }]);
    const o = await json(await order({ items: [{ unitId: unit, quantity: 2 }], address, vouchers: ['HUY1'], paymentMethod: 'bank_transfer' }, { token: t }));
    expect((await reserved('01TESTPRODCANCEL000000000')).r).toBe(2);
    const other = await tokenFor('customer', 'cancel-intruder');
    expect((await api(`/v1/orders/${o.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
    const c = await api(`/v1/orders/${o.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
    expect(c.status).toBe(200);
    expect((await json(c)).timeline.map((e: any) => e.status)).toEqual(['pending_payment', 'cancelled']);
    expect((await reserved('01TESTPRODCANCEL000000000')).r).toBe(0);
    expect((await env.DB.prepare("SELECT used_count AS u FROM vouchers WHERE code = 'HUY1'").first<{ u: number }>())?.u).toBe(0);
    const twice = await api(`/v1/orders/${o.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
    expect(twice.status).toBe(409);
    expect((await reserved('01TESTPRODCANCEL000000000')).r).toBe(0); // not released twice
  });

  it('expires unpaid bank-transfer orders by cron, releasing stock, and publishes the outbox', async () => {
    const unit = await addProduct('01TESTPRODEXPIRE000000000', [{ lot: 'E1', expiryDays: 100, qty: 5 }]);
    const o = await json(await order({ items: [{ unitId: unit, quantity: 3 }], address, paymentMethod: 'bank_transfer' }));
    expect((await reserved('01TESTPRODEXPIRE000000000')).r).toBe(3);
    const early = await runScheduled(env as never, Date.now());
    expect((await json(await lookup(o.code, '0903123456'))).status).toBe('pending_payment');
    expect(early.expired).toBe(0); // within its 30 minutes: the cron leaves it alone
    const later = await runScheduled(env as never, Date.now() + 31 * 60_000);
    expect(later.expired).toBeGreaterThanOrEqual(1);
    const after = await json(await lookup(o.code, '0903123456'));
    expect(after.status).toBe('expired');
    expect(after.timeline.map((e: any) => e.status)).toEqual(['pending_payment', 'expired']);
    expect((await reserved('01TESTPRODEXPIRE000000000')).r).toBe(0);
    const events = await env.DB.prepare("SELECT type, published_at IS NOT NULL AS published FROM outbox_events WHERE aggregate_id = (SELECT id FROM orders WHERE code = ?) ORDER BY created_at").bind(o.code).all();
    expect(events.results).toEqual([{ type: 'order.created', published: 1 }, { type: 'order.expired', published: 1 }]);
  });
});
