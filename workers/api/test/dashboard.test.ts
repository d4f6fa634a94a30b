/**
 * The owner's dashboard (GET /v1/admin/dashboard, #13): every widget against numbers computed by hand from a small
 * fixture placed at known instants around Vietnam midnight (UTC+7), with cancelled, refunded, overpaid, underpaid,
 * COD delivered / not yet delivered, OTC and Rx orders. Revenue = money kept (held, capped at the total) of orders whose
 * goods go to the shopper, dated by the Vietnam day the order was placed (shared/src/dashboard/revenue.ts).
 *
 * The anchors are relative to the test's start (today in Vietnam); a run straddling Vietnam midnight would shift them.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { dashboardStatements } from '@medicare/shared/dashboard/queries.d1';
import { api, DAY, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

const HOUR = 3_600_000;
/** Epoch ms at which the Vietnam day `d` begins (00:00 UTC+7 = 17:00 UTC the day before). */
const vnStart = (d: string) => Date.parse(`${d}T00:00:00Z`) - 7 * HOUR;
/**
 * The fixture is anchored on Vietnam's today and the route reads its own clock, so the file must not run across Vietnam
 * midnight (17:00 UTC): a run starting in the last minute of the day waits for the new day first (only then).
 */
const NOW = await (async () => {
  const left = vnStart(vietnamDate(Date.now())) + DAY - Date.now();
  if (left < 60_000) await new Promise((r) => setTimeout(r, left + 1_000));
  return Date.now();
})();
const TODAY = vietnamDate(NOW);
const M0 = vnStart(TODAY);
const dayOf = (offset: number) => vietnamDate(M0 + offset * DAY + 12 * HOUR);
const YESTERDAY = dayOf(-1);
/** The first Vietnam day of the month 11 months before this one: the first month of revenueByMonth. */
const FIRST_MONTH = (() => {
  const [y, m] = TODAY.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - 11;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
})();
const M_FIRST = vnStart(FIRST_MONTH);
const monthOf = (ms: number) => vietnamDate(ms).slice(0, 7);

const UNIT = { paraHop: '01TESTUNITPARAHOP000000000', paraVi: '01TESTUNITPARAVI0000000000', amoxHop: '01TESTUNITAMOXHOP000000000', ibuHop: '01TESTUNITIBUHOP0000000000', cleanser: '01TESTUNITCLEANSER00000000' };
const PRODUCT_OF: Record<string, [productId: string, factor: number]> = {
  [UNIT.paraHop]: [ids.paracetamol, 100],
  [UNIT.paraVi]: [ids.paracetamol, 10],
  [UNIT.amoxHop]: [ids.amoxicillin, 100],
  [UNIT.ibuHop]: [ids.ibuprofen, 100],
  [UNIT.cleanser]: [ids.cleanser, 1],
};

interface FixtureOrder {
  n: number;
  at: number;
  user: string | null;
  status: string;
  method: 'cod' | 'bank_transfer';
  paymentStatus: string;
  lines: Array<[unitId: string, unitPrice: number, quantity: number]>;
  shipping?: number;
  discount?: number;
  paid: number;
  refunded?: number;
}

// Customers: C1 joins on the first day of the 12-month window, C2 one millisecond before it (outside), C3 today.
const USERS: Array<[id: string, name: string, at: number, role: string]> = [
  ['dash-c1', 'Nguyễn Văn Một', M_FIRST, 'customer'],
  ['dash-c2', 'Trần Thị Hai', M_FIRST - 1, 'customer'],
  ['dash-c3', 'Lê Văn Ba', M0 + HOUR, 'customer'],
  ['dash-staff', 'Dược sĩ Bốn', M0 + HOUR, 'admin'],
];

// Revenue of each, by hand: held = paid − refunded, capped at the total, 0 when cancelled / expired / returned.
const ORDERS: FixtureOrder[] = [
  // today, 01:00 VN: COD delivered, 2 boxes of paracetamol (OTC) → revenue 200,000
  { n: 1, at: M0 + HOUR, user: 'dash-c1', status: 'delivered', method: 'cod', paymentStatus: 'paid', lines: [[UNIT.paraHop, 100_000, 2]], paid: 200_000 },
  // yesterday 23:59:59.999 VN (16:59:59.999 UTC): bank transfer, amoxicillin (Rx) 90,000 + shipping 30,000 → 120,000 YESTERDAY
  { n: 2, at: M0 - 1, user: 'dash-c2', status: 'confirmed', method: 'bank_transfer', paymentStatus: 'paid', lines: [[UNIT.amoxHop, 90_000, 1]], shipping: 30_000, paid: 120_000 },
  // today 00:00:00.000 VN exactly: ibuprofen 60,000 + shipping 20,000 − voucher 10,000 → 70,000 TODAY
  { n: 3, at: M0, user: 'dash-c1', status: 'shipping', method: 'bank_transfer', paymentStatus: 'paid', lines: [[UNIT.ibuHop, 60_000, 1]], shipping: 20_000, discount: 10_000, paid: 70_000 },
  // today: cancelled after paying 199,000: refund pending → revenue 0 (a guest order)
  { n: 4, at: M0 + 2 * HOUR, user: null, status: 'cancelled', method: 'bank_transfer', paymentStatus: 'refund_pending', lines: [[UNIT.cleanser, 199_000, 1]], paid: 199_000 },
  // today: COD on its way, not paid yet → revenue 0
  { n: 5, at: M0 + 3 * HOUR, user: 'dash-c2', status: 'shipping', method: 'cod', paymentStatus: 'unpaid', lines: [[UNIT.paraVi, 11_000, 5]], paid: 0 },
  // 3 days ago: returned and refunded in full → revenue 0
  { n: 6, at: M0 - 3 * DAY + 12 * HOUR, user: 'dash-c3', status: 'refunded', method: 'bank_transfer', paymentStatus: 'refunded', lines: [[UNIT.paraHop, 100_000, 1]], paid: 100_000, refunded: 100_000 },
  // 2 days ago: overpaid 150,000 for 100,000 → revenue 100,000 (the 50,000 excess is owed back)
  { n: 7, at: M0 - 2 * DAY + 12 * HOUR, user: 'dash-c3', status: 'confirmed', method: 'bank_transfer', paymentStatus: 'overpaid', lines: [[UNIT.paraHop, 100_000, 1]], paid: 150_000 },
  // 2 days ago: underpaid 40,000 of 90,000 → revenue 40,000 (50,000 missing)
  { n: 8, at: M0 - 2 * DAY + 13 * HOUR, user: null, status: 'pending_payment', method: 'bank_transfer', paymentStatus: 'underpaid', lines: [[UNIT.amoxHop, 90_000, 1]], paid: 40_000 },
  // 40 days ago: COD delivered 300,000 (in the months, not in the 30 days)
  { n: 9, at: M0 - 40 * DAY, user: 'dash-c1', status: 'completed', method: 'cod', paymentStatus: 'paid', lines: [[UNIT.paraHop, 100_000, 3]], paid: 300_000 },
  // the first instant of the 12-month window: 500,000; one millisecond before it: 700,000 (outside)
  { n: 10, at: M_FIRST, user: 'dash-c1', status: 'completed', method: 'bank_transfer', paymentStatus: 'paid', lines: [[UNIT.paraHop, 100_000, 5]], paid: 500_000 },
  { n: 11, at: M_FIRST - 1, user: 'dash-c1', status: 'completed', method: 'bank_transfer', paymentStatus: 'paid', lines: [[UNIT.paraHop, 100_000, 7]], paid: 700_000 },
];

let admin = '';
const get = async (query = '') => {
  const res = await api(`/v1/admin/dashboard${query}`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  return { res, body: await json(res) };
};

beforeAll(async () => {
  await seedFixtures();
  const db = env.DB;
  await db.batch([
    ...hcmWard(),
    ...USERS.map(([id, name, at, role]) =>
      db.prepare("INSERT INTO users (id, email, name, phone, role, status, created_at, updated_at) VALUES (?, ?, ?, '0903000000', ?, 'active', ?, ?)").bind(id, `${id}@test.medicare.vn`, name, role, at, at),
    ),
    // Low stock: only four products have a threshold (in default selling units; the rest are switched off).
    db.prepare('UPDATE products SET low_stock_threshold = 0'),
    db.prepare('UPDATE products SET low_stock_threshold = 3 WHERE id = ?').bind(ids.paracetamol), // 300 viên; sellable 250 − 30 = 220 → low
    db.prepare('UPDATE products SET low_stock_threshold = 50 WHERE id = ?').bind(ids.cleanser), // 50 chai; 40 → low
    db.prepare('UPDATE products SET low_stock_threshold = 1 WHERE id = ?').bind(ids.ibuprofen), // 100 viên; its batch expires today → 0 → low
    db.prepare('UPDATE products SET low_stock_threshold = 5 WHERE id = ?').bind(ids.amoxicillin), // 500 viên; 500 + 10 + 10 → not below
    db.prepare('UPDATE products SET low_stock_threshold = 5 WHERE id = ?').bind(ids.hidden), // hidden from the shop: never listed
    // Expiry: +90 days is inside the window, +91 outside; a batch with nothing on hand is no alert.
    ...[
      ['01TESTBATCHAMOX90D0000000', ids.amoxicillin, 'A-90', dayOf(90), 10],
      ['01TESTBATCHAMOX91D0000000', ids.amoxicillin, 'A-91', dayOf(91), 10],
      ['01TESTBATCHCLEANEMPTY0000', ids.cleanser, 'C-0', dayOf(1), 0],
    ].map(([id, pid, lot, exp, qty]) =>
      db.prepare('INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, received_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 1, 1, 1)').bind(id, pid, lot, exp, qty),
    ),
  ]);
  const stmts: D1PreparedStatement[] = [];
  for (const o of ORDERS) {
    const id = `dash-order-${String(o.n).padStart(2, '0')}`;
    const subtotal = o.lines.reduce((s, [, p, q]) => s + p * q, 0);
    const total = subtotal + (o.shipping ?? 0) - (o.discount ?? 0);
    stmts.push(
      db
        .prepare(
          `INSERT INTO orders (id, code, user_id, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, total, paid_amount, refunded_amount,
             recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Người nhận', '0903123456', '79', '26743', '1 Lê Lợi', ?, 'h', ?, ?)`,
        )
        .bind(id, `MCDASH${String(o.n).padStart(4, '0')}`, o.user, o.status, o.method, o.paymentStatus, subtotal, o.shipping ?? 0, o.discount ?? 0, total, o.paid, o.refunded ?? 0, id, o.at, o.at),
      ...o.lines.map(([unitId, price, qty], i) => {
        const [productId, factor] = PRODUCT_OF[unitId]!;
        return db
          .prepare("INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total) VALUES (?, ?, ?, ?, 'x', 'x', 'x', ?, ?, ?, ?)")
          .bind(`${id}-l${i}`, id, productId, unitId, factor, price, qty, price * qty);
      }),
    );
  }
  // Transfers: two unmatched incoming (30,000 + 45,000) count; a matched one and an outgoing one do not.
  for (const [i, type, status, amount] of [[1, 'in', 'unmatched', 30_000], [2, 'in', 'unmatched', 45_000], [3, 'in', 'matched', 99_000], [4, 'out', 'unmatched', 11_000]] as const) {
    stmts.push(
      db
        .prepare("INSERT INTO bank_transactions (id, provider, provider_txn_id, transfer_type, amount, match_status, source, created_at) VALUES (?, 'sepay', ?, ?, ?, ?, 'webhook', ?)")
        .bind(`dash-tx-${i}`, `dash-tx-${i}`, type, amount, status, NOW),
    );
  }
  await db.batch(stmts);
  admin = await tokenFor('admin', 'dash-admin');
});

describe('GET /v1/admin/dashboard', () => {
  it('revenue per Vietnam day: the last 30 days, an order at 23:59:59.999 falls on yesterday and one at 00:00 on today', async () => {
    const { res, body } = await get();
    // One round trip checks the admin's session (requireRole), one reads the whole dashboard.
    expect(res.headers.get('x-d1-queries')).toBe('2');
    expect(body.today).toBe(TODAY);
    expect(body.revenueByDay).toHaveLength(30);
    expect(body.revenueByDay[0].date).toBe(dayOf(-29));
    expect(body.revenueByDay.slice(26)).toEqual([
      { date: dayOf(-3), revenue: 0, orders: 0 }, // #6 refunded
      { date: dayOf(-2), revenue: 140_000, orders: 2 }, // #7 100,000 (overpaid, capped) + #8 40,000 (underpaid)
      { date: YESTERDAY, revenue: 120_000, orders: 1 }, // #2 at 23:59:59.999
      { date: TODAY, revenue: 270_000, orders: 2 }, // #1 200,000 + #3 70,000 (at 00:00); #4 cancelled, #5 COD unpaid
    ]);
    expect(body.revenueByDay.reduce((s: number, d: { revenue: number }) => s + d.revenue, 0)).toBe(530_000);
  });

  it('revenue per Vietnam month: 12 months, the first one begins at its Vietnam midnight', async () => {
    const { body } = await get();
    expect(body.revenueByMonth).toHaveLength(12);
    expect(body.revenueByMonth[0]).toEqual({ month: FIRST_MONTH.slice(0, 7), revenue: 500_000, orders: 1 }); // #10 in, #11 (1 ms earlier) out
    expect(body.revenueByMonth[11].month).toBe(TODAY.slice(0, 7));
    // #1..#9 by the month their Vietnam day falls in (which months depends on today's date; the amounts do not).
    const expected = new Map<string, number>();
    for (const [at, revenue] of [[M0 + HOUR, 200_000], [M0 - 1, 120_000], [M0, 70_000], [M0 - 2 * DAY + 12 * HOUR, 100_000], [M0 - 2 * DAY + 13 * HOUR, 40_000], [M0 - 40 * DAY, 300_000]] as const) {
      expected.set(monthOf(at), (expected.get(monthOf(at)) ?? 0) + revenue);
    }
    for (const m of body.revenueByMonth.slice(1)) expect(m.revenue).toBe(expected.get(m.month) ?? 0);
    expect(body.revenueByMonth.reduce((s: number, m: { revenue: number }) => s + m.revenue, 0)).toBe(1_330_000);
    expect(body.revenueByMonth.reduce((s: number, m: { orders: number }) => s + m.orders, 0)).toBe(7);
  });

  it('default period (the last 30 days): totals, average order value, statuses, methods', async () => {
    const { body } = await get();
    expect(body.period).toEqual({ from: dayOf(-29), to: TODAY });
    // #1..#8 placed; paying: #1 200,000, #2 120,000, #3 70,000, #7 100,000, #8 40,000 = 530,000 over 5 → 106,000
    expect(body.periodTotals).toEqual({ orders: 8, payingOrders: 5, revenue: 530_000 });
    expect(body.averageOrderValue).toBe(106_000);
    const statuses = Object.fromEntries(body.ordersByStatus.map((s: any) => [s.status, s.count]));
    expect(statuses).toEqual({ pending_payment: 1, confirmed: 2, packing: 0, shipping: 2, delivered: 1, completed: 0, cancelled: 1, expired: 0, return_requested: 0, returned: 0, refunded: 1 });
    expect(body.ordersByStatus.find((s: any) => s.status === 'cancelled').label).toBe('Đã hủy');
    expect(body.paymentMethods).toEqual([
      { method: 'cod', label: 'Thanh toán khi nhận hàng (COD)', orders: 2, payingOrders: 1, revenue: 200_000 }, // #1 delivered, #5 not yet
      { method: 'bank_transfer', label: 'Chuyển khoản ngân hàng (VietQR)', orders: 6, payingOrders: 4, revenue: 330_000 }, // #2 #3 #7 #8
    ]);
  });

  it('a chosen period: yesterday and today; OTC vs Rx, top products and customers count paying orders only', async () => {
    const { body } = await get(`?from=${YESTERDAY}&to=${TODAY}`);
    expect(body.period).toEqual({ from: YESTERDAY, to: TODAY });
    expect(body.periodTotals).toEqual({ orders: 5, payingOrders: 3, revenue: 390_000 }); // #1 #2 #3 (+ #4 #5 placed)
    expect(body.averageOrderValue).toBe(130_000);
    // Sales are line totals: #1 paracetamol 200,000 + #3 ibuprofen 60,000 (OTC); #2 amoxicillin 90,000 (Rx).
    expect(body.otcVsRx).toEqual({ otc: { sales: 260_000, orders: 2 }, rx: { sales: 90_000, orders: 1 } });
    expect(body.topProducts).toEqual([
      { productId: ids.paracetamol, name: 'Alpha Paracetamol 500mg', slug: 'alpha-paracetamol-500', prescriptionRequired: false, baseUnits: 200, baseUnit: 'viên', sales: 200_000, orders: 1 },
      { productId: ids.amoxicillin, name: 'Beta Amoxicillin 500mg', slug: 'beta-amoxicillin-500', prescriptionRequired: true, baseUnits: 100, baseUnit: 'viên', sales: 90_000, orders: 1 },
      { productId: ids.ibuprofen, name: 'Alpha Ibuprofen 400mg', slug: 'alpha-ibuprofen-400', prescriptionRequired: false, baseUnits: 100, baseUnit: 'viên', sales: 60_000, orders: 1 },
    ]);
    expect(body.topCustomers).toEqual([
      { userId: 'dash-c1', name: 'Nguyễn Văn Một', email: 'dash-c1@test.medicare.vn', phone: '0903000000', orders: 2, revenue: 270_000 },
      { userId: 'dash-c2', name: 'Trần Thị Hai', email: 'dash-c2@test.medicare.vn', phone: '0903000000', orders: 1, revenue: 120_000 }, // #5 unpaid: not counted
    ]);
  });

  it('the +7 boundary: today alone holds the 00:00 order, yesterday alone the 23:59:59.999 one', async () => {
    const today = (await get(`?from=${TODAY}&to=${TODAY}`)).body;
    expect(today.periodTotals).toEqual({ orders: 4, payingOrders: 2, revenue: 270_000 }); // #1 #3 #4 #5
    const yesterday = (await get(`?from=${YESTERDAY}&to=${YESTERDAY}`)).body;
    expect(yesterday.periodTotals).toEqual({ orders: 1, payingOrders: 1, revenue: 120_000 }); // #2
    expect(yesterday.otcVsRx).toEqual({ otc: { sales: 0, orders: 0 }, rx: { sales: 90_000, orders: 1 } });
    expect(yesterday.topCustomers.map((c: any) => c.userId)).toEqual(['dash-c2']);
  });

  it('new customers per Vietnam month (customers only, from the first instant of the window)', async () => {
    const { body } = await get();
    expect(body.newCustomersByMonth).toHaveLength(12);
    expect(body.newCustomersByMonth[0]).toEqual({ month: FIRST_MONTH.slice(0, 7), customers: 1 }); // C1; C2 1 ms earlier is out
    expect(body.newCustomersByMonth[11]).toEqual({ month: TODAY.slice(0, 7), customers: 1 }); // C3; the admins are not customers
    expect(body.newCustomersByMonth.reduce((s: number, m: { customers: number }) => s + m.customers, 0)).toBe(2);
  });

  it('low stock: sellable base units (unexpired batches, on hand − reserved) below the threshold in default units, emptiest first', async () => {
    const { body } = await get();
    expect(body.lowStock).toEqual([
      { productId: ids.ibuprofen, name: 'Alpha Ibuprofen 400mg', slug: 'alpha-ibuprofen-400', available: 0, threshold: 100, thresholdUnits: 1, unit: 'Hộp', baseUnit: 'viên' },
      { productId: ids.paracetamol, name: 'Alpha Paracetamol 500mg', slug: 'alpha-paracetamol-500', available: 220, threshold: 300, thresholdUnits: 3, unit: 'Hộp', baseUnit: 'viên' },
      { productId: ids.cleanser, name: 'Gamma Cleanser 200ml', slug: 'gamma-cleanser', available: 40, threshold: 50, thresholdUnits: 50, unit: 'Chai', baseUnit: 'chai' },
    ]);
  });

  it('batches expiring within 90 days: sellable, with stock on hand, soonest first', async () => {
    const { body } = await get();
    expect(body.expiringBatches).toEqual([
      { batchId: '01TESTBATCHPARANEW00000000', productId: ids.paracetamol, productName: 'Alpha Paracetamol 500mg', lotNumber: 'P-NEW', expiryDate: dayOf(30), daysLeft: 30, quantity: 250, reserved: 30, baseUnit: 'viên' },
      { batchId: '01TESTBATCHAMOX90D0000000', productId: ids.amoxicillin, productName: 'Beta Amoxicillin 500mg', lotNumber: 'A-90', expiryDate: dayOf(90), daysLeft: 90, quantity: 10, reserved: 0, baseUnit: 'viên' },
    ]);
  });

  it('payment issues: underpaid, overpaid, refund pending, unmatched incoming transfers', async () => {
    const { body } = await get();
    expect(body.paymentIssues).toEqual({
      underpaid: { count: 1, amount: 50_000 }, // #8: 90,000 − 40,000
      overpaid: { count: 1, amount: 50_000 }, // #7: 150,000 − 100,000
      refundPending: { count: 1, amount: 199_000 }, // #4
      unmatchedTransfers: { count: 2, amount: 75_000 },
    });
  });

  it('refuses a reversed, too long or malformed period with 400 INVALID_DATE_RANGE', async () => {
    const auth = { authorization: `Bearer ${admin}` };
    const reversed = await api(`/v1/admin/dashboard?from=${TODAY}&to=${YESTERDAY}`, { headers: auth });
    expect(reversed.status).toBe(400);
    expect(await json(reversed)).toMatchObject({ error: { code: 'INVALID_DATE_RANGE' } });
    const long = await api('/v1/admin/dashboard?from=2024-01-01&to=2025-12-31', { headers: auth });
    expect(long.status).toBe(400);
    expect(await json(long)).toMatchObject({ error: { code: 'INVALID_DATE_RANGE', details: { maxDays: 366 } } });
    const bad = await api('/v1/admin/dashboard?from=2026-02-30', { headers: auth });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_DATE_RANGE' } });
    // A `from` after today: the default end (today) comes before it.
    const future = await api(`/v1/admin/dashboard?from=${dayOf(2)}`, { headers: auth });
    expect(future.status).toBe(400);
    expect(await json(future)).toMatchObject({ error: { code: 'INVALID_DATE_RANGE' } });
  });

  it('reads Vietnam days with ONE rule in every staff filter: the order queue, the audit log and the dashboard answer the same bad input with the same 400 INVALID_DATE_RANGE, and the same good input alike', async () => {
    const auth = { authorization: `Bearer ${admin}` };
    const paths = ['/v1/admin/orders', '/v1/admin/audit', '/v1/admin/dashboard'];
    const bad = ['from=2026-02-30', 'to=2026-13-01', 'from=29-11-2026', 'from=2026-11-29T00:00', `from=${TODAY}&to=${YESTERDAY}`, 'from=%F0%9F%98%80'];
    const seen: string[] = [];
    for (const path of paths) {
      for (const query of bad) {
        const res = await api(`${path}?${query}`, { headers: auth });
        seen.push(`${path}?${query} ${res.status} ${(await json(res)).error?.code}`);
      }
      // A real day, and an empty filter (a console form left blank), are read alike everywhere.
      for (const query of [`from=${YESTERDAY}&to=${TODAY}`, 'from=&to=', 'from=9999-12-31&to=9999-12-31']) {
        const res = await api(`${path}?${query}`, { headers: auth });
        seen.push(`${path}?${query} ${res.status}`);
      }
    }
    expect(seen).toEqual(
      paths.flatMap((path) => [
        ...bad.map((query) => `${path}?${query} 400 INVALID_DATE_RANGE`),
        ...[`from=${YESTERDAY}&to=${TODAY}`, 'from=&to=', 'from=9999-12-31&to=9999-12-31'].map((query) => `${path}?${query} 200`),
      ]),
    );
  });

  it('every aggregate reads an index (EXPLAIN QUERY PLAN): no full scan of orders, lines, batches, users or transfers; order ranges read the covering index', async () => {
    for (const { key, sql } of dashboardStatements(env.DB, { now: NOW, from: YESTERDAY, to: TODAY })) {
      const params = [NOW, YESTERDAY, TODAY].slice(0, sql.includes('?3') ? 3 : sql.includes('?2') ? 2 : sql.includes('?1') ? 1 : 0);
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail);
      const fullScans = plan.filter((d) => /^SCAN (o|orders|l|order_lines|b|stock_batches|bank_transactions|u|users)\b/.test(d) && !/USING/.test(d));
      expect({ key, fullScans }).toEqual({ key, fullScans: [] });
      if (sql.includes('FROM orders o')) expect({ key, covering: plan.some((d) => d.includes('USING COVERING INDEX orders_dashboard_idx')) }).toEqual({ key, covering: true });
    }
  });
});
