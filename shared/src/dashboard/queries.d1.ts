/**
 * The owner's dashboard as SQL aggregates, read in ONE D1 batch (one round trip; ADR 0022). No per-order loop: every
 * widget is a GROUP BY or a scalar aggregate; JS only names the rows and fills in statuses with no orders.
 *
 * Time: every statement is bound to the same `now` (epoch ms) and derives Vietnam days and months from it in SQL
 * (catalog/availability.ts owns the UTC+7 arithmetic); the period's first and last Vietnam days are bound as dates and
 * turned into an epoch-ms range in SQL too, so an order placed at 23:59 Vietnam time falls on its Vietnam day.
 * Revenue is `revenueSql` (./revenue.ts); availability is `availableBaseSql` (the catalogue's rule).
 */
import { lowStockSql } from '../stock/reports.d1';
import { NEAR_EXPIRY_DAYS, sellableBatchSql, vietnamDateSql, vietnamDayStartSql } from '../catalog/availability';
import { ORDER_STATUSES } from '../db/schema';
import { heldSql } from '../orders/money';
import { STATUS_LABELS, type OrderStatus } from '../orders/state';
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from '../payments/labels';
import { revenueSql } from './revenue';
import type { Dashboard } from './schemas';
import { shopVisibleSql } from '../catalog/visibility';

/** Bound parameters: ?1 = now (epoch ms), ?2 = first day of the period, ?3 = last day of the period (YYYY-MM-DD). */
const TODAY = vietnamDateSql('?1');
const PERIOD_FROM = vietnamDayStartSql('?2');
const PERIOD_TO = vietnamDayStartSql(`date(?3, '+1 day')`);
const REVENUE = revenueSql('o');
/** The 30 Vietnam days ending today, and the 12 Vietnam months ending this month: CTEs and epoch-ms bounds. */
const DAYS_CTE = `days(d, n) AS (SELECT date(${TODAY}, '-29 days'), 1 UNION ALL SELECT date(d, '+1 day'), n + 1 FROM days WHERE n < 30)`;
const MONTHS_CTE = `months(m, n) AS (SELECT date(${TODAY}, 'start of month', '-11 months'), 1 UNION ALL SELECT date(m, '+1 month'), n + 1 FROM months WHERE n < 12)`;
const DAYS_FROM = vietnamDayStartSql(`date(${TODAY}, '-29 days')`);
const MONTHS_FROM = vietnamDayStartSql(`date(${TODAY}, 'start of month', '-11 months')`);
const UNTIL = vietnamDayStartSql(`date(${TODAY}, '+1 day')`);

/** Orders placed in the period, each with its revenue `r`. */
const PERIOD_ORDERS = `SELECT o.id, o.status, o.payment_method, o.user_id, ${REVENUE} AS r FROM orders o WHERE o.created_at >= ${PERIOD_FROM} AND o.created_at < ${PERIOD_TO}`;

/** The statements, in the order `readDashboard` reads their results. */
const SQL = {
  revenueByDay: `WITH RECURSIVE ${DAYS_CTE},
      s AS MATERIALIZED (SELECT ${vietnamDateSql('o.created_at')} AS d, ${REVENUE} AS r FROM orders o
              WHERE o.created_at >= ${DAYS_FROM} AND o.created_at < ${UNTIL}),
      agg AS (SELECT d, SUM(r) AS revenue, SUM(r > 0) AS orders FROM s GROUP BY d)
    SELECT days.d AS date, COALESCE(agg.revenue, 0) AS revenue, COALESCE(agg.orders, 0) AS orders FROM days LEFT JOIN agg ON agg.d = days.d ORDER BY days.d`,
  revenueByMonth: `WITH RECURSIVE ${MONTHS_CTE},
      s AS MATERIALIZED (SELECT substr(${vietnamDateSql('o.created_at')}, 1, 7) AS m, ${REVENUE} AS r FROM orders o
              WHERE o.created_at >= ${MONTHS_FROM} AND o.created_at < ${UNTIL}),
      agg AS (SELECT m, SUM(r) AS revenue, SUM(r > 0) AS orders FROM s GROUP BY m)
    SELECT substr(months.m, 1, 7) AS month, COALESCE(agg.revenue, 0) AS revenue, COALESCE(agg.orders, 0) AS orders FROM months LEFT JOIN agg ON agg.m = substr(months.m, 1, 7) ORDER BY months.m`,
  periodTotals: `SELECT COUNT(*) AS orders, COALESCE(SUM(r > 0), 0) AS payingOrders, COALESCE(SUM(r), 0) AS revenue,
      COALESCE(CAST(ROUND(1.0 * SUM(r) / NULLIF(SUM(r > 0), 0)) AS INTEGER), 0) AS averageOrderValue FROM (${PERIOD_ORDERS})`,
  ordersByStatus: `SELECT status, COUNT(*) AS count FROM (${PERIOD_ORDERS}) GROUP BY status`,
  paymentMethods: `SELECT payment_method AS method, COUNT(*) AS orders, SUM(r > 0) AS payingOrders, SUM(r) AS revenue FROM (${PERIOD_ORDERS}) GROUP BY payment_method`,
  // Each line's class from the (small) set of Rx product ids, not from a lookup of its wide product row.
  otcVsRx: `WITH rx AS MATERIALIZED (SELECT id FROM products WHERE prescription_required = 1)
    SELECT l.product_id IN (SELECT id FROM rx) AS rx, SUM(l.line_total) AS sales, COUNT(DISTINCT l.order_id) AS orders
    FROM (${PERIOD_ORDERS}) po JOIN order_lines l ON l.order_id = po.id WHERE po.r > 0 GROUP BY 1`,
  // Ranked on the lines alone; only the ten winners are joined to their products.
  topProducts: `WITH top AS MATERIALIZED (
      SELECT l.product_id, SUM(l.quantity * l.factor) AS baseUnits, SUM(l.line_total) AS sales, COUNT(DISTINCT l.order_id) AS orders
      FROM (${PERIOD_ORDERS}) po JOIN order_lines l ON l.order_id = po.id WHERE po.r > 0
      GROUP BY l.product_id ORDER BY sales DESC, l.product_id LIMIT 10)
    SELECT top.product_id AS productId, p.name, p.slug, p.prescription_required AS rx, p.base_unit AS baseUnit, top.baseUnits, top.sales, top.orders
    FROM top JOIN products p ON p.id = top.product_id ORDER BY top.sales DESC, top.product_id`,
  topCustomers: `SELECT po.user_id AS userId, u.name, u.email, u.phone, COUNT(*) AS orders, SUM(po.r) AS revenue
    FROM (${PERIOD_ORDERS}) po JOIN users u ON u.id = po.user_id WHERE po.r > 0
    GROUP BY po.user_id ORDER BY revenue DESC, po.user_id LIMIT 10`,
  newCustomersByMonth: `WITH RECURSIVE ${MONTHS_CTE},
      agg AS (SELECT substr(${vietnamDateSql('u.created_at')}, 1, 7) AS m, COUNT(*) AS customers FROM users u
              WHERE u.role = 'customer' AND u.created_at >= ${MONTHS_FROM} AND u.created_at < ${UNTIL} GROUP BY 1)
    SELECT substr(months.m, 1, 7) AS month, COALESCE(agg.customers, 0) AS customers FROM months LEFT JOIN agg ON agg.m = substr(months.m, 1, 7) ORDER BY months.m`,
  // THE low-stock rule (stock/reports.d1.ts), for the products the shop sells (THE shop-visibility rule).
  lowStock: `${lowStockSql(TODAY, shopVisibleSql('p'))} LIMIT 100`,
  expiringBatches: `SELECT b.id AS batchId, b.product_id AS productId, p.name AS productName, p.base_unit AS baseUnit, b.lot_number AS lotNumber, b.expiry_date AS expiryDate,
      CAST(julianday(b.expiry_date) - julianday(${TODAY}) AS INTEGER) AS daysLeft, b.quantity, b.reserved
    FROM stock_batches b JOIN products p ON p.id = b.product_id
    WHERE ${sellableBatchSql('b', TODAY)} AND b.expiry_date <= date(${TODAY}, '+${NEAR_EXPIRY_DAYS} days') AND b.quantity > 0
    ORDER BY b.expiry_date, p.name, b.lot_number LIMIT 100`,
  paymentIssues: `SELECT payment_status AS status, COUNT(*) AS count,
      SUM(CASE payment_status WHEN 'underpaid' THEN total - ${heldSql('orders')} WHEN 'overpaid' THEN ${heldSql('orders')} - total ELSE ${heldSql('orders')} END) AS amount
    FROM orders WHERE payment_status IN ('underpaid', 'overpaid', 'refund_pending') GROUP BY payment_status`,
  unmatchedTransfers: `SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount FROM bank_transactions WHERE match_status = 'unmatched' AND transfer_type = 'in'`,
} as const;

type Key = keyof typeof SQL;
const KEYS = Object.keys(SQL) as Key[];

/** Every dashboard statement bound to one instant and one period; for EXPLAIN QUERY PLAN checks and the batch. */
export function dashboardStatements(db: D1Database, at: { now: number; from: string; to: string }): Array<{ key: Key; sql: string; stmt: D1PreparedStatement }> {
  return KEYS.map((key) => {
    const sql = SQL[key];
    // Bind only the parameters the statement uses (D1 refuses extra ones).
    const params = [at.now, at.from, at.to].slice(0, sql.includes('?3') ? 3 : sql.includes('?2') ? 2 : sql.includes('?1') ? 1 : 0);
    return { key, sql, stmt: db.prepare(sql).bind(...params) };
  });
}

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);

/** Reads the whole dashboard in one round trip. `from`/`to` are validated Vietnam dates, `from <= to`. */
export async function readDashboard(db: D1Database, at: { now: number; today: string; from: string; to: string }): Promise<Dashboard> {
  const stmts = dashboardStatements(db, at);
  const results = await db.batch<Row>(stmts.map((s) => s.stmt));
  const r = Object.fromEntries(stmts.map((s, i) => [s.key, results[i]!.results])) as Record<Key, Row[]>;

  const byStatus = new Map(r.ordersByStatus.map((x) => [x.status as OrderStatus, n(x.count)]));
  const byMethod = new Map(r.paymentMethods.map((x) => [x.method as PaymentMethod, x]));
  const rx = new Map(r.otcVsRx.map((x) => [n(x.rx) === 1, x]));
  const issue = new Map(r.paymentIssues.map((x) => [x.status as string, x]));
  const totals = r.periodTotals[0] ?? {};
  const unmatched = r.unmatchedTransfers[0] ?? {};
  const issueOf = (s: string) => ({ count: n(issue.get(s)?.count), amount: n(issue.get(s)?.amount) });

  return {
    generatedAt: at.now,
    today: at.today,
    period: { from: at.from, to: at.to },
    revenueByDay: r.revenueByDay.map((x) => ({ date: String(x.date), revenue: n(x.revenue), orders: n(x.orders) })),
    revenueByMonth: r.revenueByMonth.map((x) => ({ month: String(x.month), revenue: n(x.revenue), orders: n(x.orders) })),
    periodTotals: { orders: n(totals.orders), payingOrders: n(totals.payingOrders), revenue: n(totals.revenue) },
    averageOrderValue: n(totals.averageOrderValue),
    ordersByStatus: ORDER_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status], count: byStatus.get(status) ?? 0 })),
    paymentMethods: (['cod', 'bank_transfer'] as const).map((method) => {
      const x = byMethod.get(method);
      return { method, label: PAYMENT_METHOD_LABELS[method], orders: n(x?.orders), payingOrders: n(x?.payingOrders), revenue: n(x?.revenue) };
    }),
    otcVsRx: {
      otc: { sales: n(rx.get(false)?.sales), orders: n(rx.get(false)?.orders) },
      rx: { sales: n(rx.get(true)?.sales), orders: n(rx.get(true)?.orders) },
    },
    topProducts: r.topProducts.map((x) => ({
      productId: String(x.productId),
      name: String(x.name),
      slug: String(x.slug),
      prescriptionRequired: n(x.rx) === 1,
      baseUnits: n(x.baseUnits),
      baseUnit: String(x.baseUnit),
      sales: n(x.sales),
      orders: n(x.orders),
    })),
    topCustomers: r.topCustomers.map((x) => ({
      userId: String(x.userId),
      name: String(x.name),
      email: String(x.email),
      phone: x.phone == null ? null : String(x.phone),
      orders: n(x.orders),
      revenue: n(x.revenue),
    })),
    newCustomersByMonth: r.newCustomersByMonth.map((x) => ({ month: String(x.month), customers: n(x.customers) })),
    lowStock: r.lowStock.map((x) => ({
      productId: String(x.productId),
      name: String(x.name),
      slug: String(x.slug),
      available: n(x.available),
      threshold: n(x.threshold),
      thresholdUnits: n(x.thresholdUnits),
      unit: String(x.unit),
      baseUnit: String(x.baseUnit),
    })),
    expiringBatches: r.expiringBatches.map((x) => ({
      batchId: String(x.batchId),
      productId: String(x.productId),
      productName: String(x.productName),
      lotNumber: String(x.lotNumber),
      expiryDate: String(x.expiryDate),
      daysLeft: n(x.daysLeft),
      quantity: n(x.quantity),
      reserved: n(x.reserved),
      baseUnit: String(x.baseUnit),
    })),
    paymentIssues: {
      underpaid: issueOf('underpaid'),
      overpaid: issueOf('overpaid'),
      refundPending: issueOf('refund_pending'),
      unmatchedTransfers: { count: n(unmatched.count), amount: n(unmatched.amount) },
    },
  };
}
