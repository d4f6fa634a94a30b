import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { DAY_MS, vietnamDate, vietnamDayRange, vietnamDayStart } from '@medicare/shared/catalog/availability';
import { readDashboard } from '@medicare/shared/dashboard/queries.d1';
import { DashboardQuerySchema, DashboardSchema, DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS } from '@medicare/shared/dashboard/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const dashboard = createRoute({
  method: 'get',
  path: '/v1/admin/dashboard',
  tags: ['Admin: dashboard'],
  security: [{ bearerAuth: [] }],
  summary:
    'The owner’s figures (admin only): revenue per Vietnam day (30) and month (12), and for a period (`from`/`to`, Vietnam dates, default the last 30 days) orders by status, COD vs bank transfer, OTC vs Rx sales, average order value, top 10 products and customers; new customers per month, low stock, batches expiring within 90 days, payment issues. One D1 round trip; revenue is defined in shared/src/dashboard/revenue.ts.',
  request: { query: DashboardQuerySchema },
  responses: {
    200: { description: 'Dashboard', content: { 'application/json': { schema: DashboardSchema } } },
    ...errorResponses(400, 401, 403),
  },
});

/** Middleware first; the route is chained onto it so `AppType` (hono/client) sees it. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/dashboard', requireRole('admin'));
export const adminDashboardRoutes = base.openapi(dashboard, async (c) => {
  const q = c.req.valid('query');
  const now = Date.now();
  const today = vietnamDate(now);
  // The days asked for (vietnamDayRange: the one reading of a Vietnam day range, 400 INVALID_DATE_RANGE otherwise), then
  // the defaults: until today (or DEFAULT_PERIOD_DAYS after `from`, if earlier), and DEFAULT_PERIOD_DAYS before the end.
  const asked = vietnamDayRange(q.from, q.to, { maxDays: MAX_PERIOD_DAYS });
  const untilToday = vietnamDayStart(today)! + DAY_MS;
  const end = asked.end ?? (asked.start === null ? untilToday : Math.min(asked.start + DEFAULT_PERIOD_DAYS * DAY_MS, untilToday));
  const start = asked.start ?? end - DEFAULT_PERIOD_DAYS * DAY_MS;
  const from = vietnamDate(start);
  const to = vietnamDate(end - 1);
  // A `from` after today leaves nothing before the default end: refused like any range that ends before it starts.
  vietnamDayRange(from, to, { maxDays: MAX_PERIOD_DAYS });
  return c.json(await readDashboard(c.var.db, { now, today, from, to }), 200);
});
