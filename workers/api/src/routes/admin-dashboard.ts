import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { readDashboard } from '@medicare/shared/dashboard/queries.d1';
import { DashboardQuerySchema, DashboardSchema, DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS } from '@medicare/shared/dashboard/schemas';
import { ValidationError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const addDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

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
  const to = q.to ?? (q.from && dayNumber(q.from) + DEFAULT_PERIOD_DAYS - 1 < dayNumber(today) ? addDays(q.from, DEFAULT_PERIOD_DAYS - 1) : today);
  const from = q.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw new ValidationError('Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.', { from, to }, 'INVALID_PERIOD');
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS) {
    throw new ValidationError(`Khoảng thời gian tối đa ${MAX_PERIOD_DAYS} ngày.`, { from, to, maxDays: MAX_PERIOD_DAYS }, 'INVALID_PERIOD');
  }
  return c.json(await readDashboard(c.var.db, { now, today, from, to }), 200);
});
