/**
 * The owner's dashboard (GET /v1/admin/dashboard): query and typed answer. Money is integer VND, dates are Vietnam
 * calendar dates (UTC+7). "Revenue", "paying order" and "sales" are defined once in ./revenue.ts.
 */
import { z } from '@hono/zod-openapi';
import { ORDER_STATUSES } from '../db/schema';
import { vietnamDayQuery } from '../http/query';

/** The longest period the top-products / top-customers widgets accept. */
export const MAX_PERIOD_DAYS = 366;
/** The default period: the last 30 Vietnam days, today included (the same days as `revenueByDay`). */
export const DEFAULT_PERIOD_DAYS = 30;

export const DashboardQuerySchema = z.object({
  from: vietnamDayQuery('First Vietnam day of the period (inclusive); default: 29 days before `to`', '2026-11-01'),
  to: vietnamDayQuery('Last Vietnam day of the period (inclusive); default: today, or 29 days after `from`', '2026-11-30'),
});

const vnd = z.number().int();
const count = z.number().int().min(0);

export const DashboardSchema = z
  .object({
    generatedAt: z.number().int().openapi({ description: 'Epoch milliseconds the figures were read at' }),
    today: z.string().openapi({ description: 'Today in Vietnam (YYYY-MM-DD)' }),
    period: z.object({ from: z.string(), to: z.string() }).openapi({ description: 'The period of the period widgets (Vietnam dates, inclusive)' }),
    revenueByDay: z
      .array(z.object({ date: z.string(), revenue: vnd, orders: count.openapi({ description: 'Paying orders placed that day' }) }))
      .openapi({ description: 'The last 30 Vietnam days, oldest first, today last (zero days included)' }),
    revenueByMonth: z
      .array(z.object({ month: z.string().openapi({ example: '2026-11' }), revenue: vnd, orders: count }))
      .openapi({ description: 'The last 12 Vietnam months, oldest first, this month last' }),
    periodTotals: z
      .object({ orders: count.openapi({ description: 'Orders placed in the period, any status' }), payingOrders: count, revenue: vnd })
      .openapi({ description: 'Period: orders placed (any status), paying orders and their revenue' }),
    averageOrderValue: vnd.openapi({ description: 'Period revenue ÷ paying orders (rounded; 0 without paying orders)' }),
    ordersByStatus: z
      .array(z.object({ status: z.enum(ORDER_STATUSES), label: z.string(), count }))
      .openapi({ description: 'Period: orders placed, by current status (every status listed)' }),
    paymentMethods: z
      .array(z.object({ method: z.enum(['cod', 'bank_transfer']), label: z.string(), orders: count, payingOrders: count, revenue: vnd }))
      .openapi({ description: 'Period: COD vs bank transfer (both listed)' }),
    otcVsRx: z
      .object({
        otc: z.object({ sales: vnd, orders: count }),
        rx: z.object({ sales: vnd, orders: count }),
      })
      .openapi({ description: 'Period: product sales (line totals of paying orders) of over-the-counter vs prescription products; `orders` holding such lines' }),
    topProducts: z
      .array(
        z.object({
          productId: z.string(),
          name: z.string(),
          slug: z.string(),
          prescriptionRequired: z.boolean(),
          baseUnits: count.openapi({ description: 'Quantity sold in the product’s base unit' }),
          baseUnit: z.string(),
          sales: vnd,
          orders: count,
        }),
      )
      .openapi({ description: 'Period: the 10 products with the highest sales' }),
    topCustomers: z
      .array(z.object({ userId: z.string(), name: z.string(), email: z.string(), phone: z.string().nullable(), orders: count, revenue: vnd }))
      .openapi({ description: 'Period: the 10 account customers with the highest revenue (guest orders have no account)' }),
    newCustomersByMonth: z
      .array(z.object({ month: z.string(), customers: count }))
      .openapi({ description: 'Customer accounts created per Vietnam month, the last 12 months' }),
    lowStock: z
      .array(
        z.object({
          productId: z.string(),
          name: z.string(),
          slug: z.string(),
          available: count.openapi({ description: 'Sellable base units now (unexpired batches, on hand − reserved)' }),
          threshold: count.openapi({ description: 'The alert level in base units (thresholdUnits × the default unit’s factor)' }),
          thresholdUnits: count,
          unit: z.string().openapi({ description: 'The default selling unit the threshold counts' }),
          baseUnit: z.string(),
        }),
      )
      .openapi({ description: 'Approved, visible products whose sellable stock is below their threshold, emptiest first (at most 100)' }),
    expiringBatches: z
      .array(
        z.object({
          batchId: z.string(),
          productId: z.string(),
          productName: z.string(),
          lotNumber: z.string(),
          expiryDate: z.string(),
          daysLeft: count,
          quantity: count,
          reserved: count,
          baseUnit: z.string(),
        }),
      )
      .openapi({ description: 'Sellable batches with stock on hand that expire within 90 days, soonest first (at most 100)' }),
    paymentIssues: z
      .object({
        underpaid: z.object({ count, amount: vnd.openapi({ description: 'Still missing' }) }),
        overpaid: z.object({ count, amount: vnd.openapi({ description: 'Excess to give back' }) }),
        refundPending: z.object({ count, amount: vnd.openapi({ description: 'Held and owed back' }) }),
        unmatchedTransfers: z.object({ count, amount: vnd.openapi({ description: 'Incoming transfers no order matched' }) }),
      })
      .openapi({ description: 'Now, over all orders' }),
  })
  .openapi('Dashboard');

export type Dashboard = z.infer<typeof DashboardSchema>;
