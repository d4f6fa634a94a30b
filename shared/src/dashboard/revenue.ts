/**
 * What the dashboard calls REVENUE: the one definition every widget aggregates (ADR 0022).
 *
 * The revenue of an order is the money the shop keeps from it:
 * - held = paid_amount − refunded_amount (the one money rule, `heldSql` in orders/money.ts), capped at the order's
 *   total: an overpayment's excess is owed back, so it is not revenue;
 * - nothing while the order's goods will not reach the shopper (cancelled, expired, returned: `UNFULFILLED`): whatever
 *   such an order holds is owed back (refund pending);
 * - COD counts once delivered: that is when paid_amount is set; a bank transfer once the transfer is matched.
 *
 * It is dated by the Vietnam calendar day (UTC+7) on which the order was PLACED (orders.created_at), not the day the money
 * arrived: every order then sits in exactly one day, the order-dated widgets (status, methods, top products) share the
 * same period, and the range is one index scan. A COD order delivered days later adds to the day it was placed.
 *
 * A "paying order" is one whose revenue is above zero; the average order value is revenue ÷ paying orders.
 * Product sales (OTC vs Rx, top products) are the line totals of paying orders: goods value at the price paid, before
 * order-level vouchers and without shipping, so they add up to the paying orders' subtotals, not to revenue.
 */
import { heldSql } from '../orders/money';
import { UNFULFILLED } from '../orders/state';

const list = (s: ReadonlySet<string>) => [...s].map((x) => `'${x}'`).join(', ');

/** SQL: the revenue (integer VND) of order `o` (a table name or alias). */
export const revenueSql = (o = 'orders') =>
  `(CASE WHEN ${o}.status IN (${list(UNFULFILLED)}) THEN 0 ELSE MAX(0, MIN(${heldSql(o)}, ${o}.total)) END)`;
