import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponses } from '@medicare/shared/http/app';
import {
  adjustBatch,
  AdjustmentBodySchema,
  batchMovements,
  BatchesQuerySchema,
  listBatches,
  MovementsSchema,
  ReceiptBodySchema,
  ReceiptResultSchema,
  receiveBatch,
  StockBatchSchema,
} from '@medicare/shared/stock/admin.d1';
import { SHORT_EXPIRY_DAYS } from '@medicare/shared/stock/ledger.d1';
import { ExpiringReportSchema, expiringReport, LowStockReportSchema, lowStockReport, ValuationReportSchema, valuationReport } from '@medicare/shared/stock/reports.d1';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: stock'];
const security = [{ bearerAuth: [] }];
const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const BatchIdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const receiveRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stock/receipts',
  tags,
  security,
  summary: 'Receive a batch (admin; audited)',
  description:
    'Quantity in any selling unit of the product, stored × its factor in base units; cost per selected unit, stored per base unit rounded half up ' +
    `to whole VND. A batch already expired or expiring within ${SHORT_EXPIRY_DAYS} days needs \`confirmShortExpiry: true\` (409 STOCK_SHORT_EXPIRY ` +
    'otherwise). 409 STOCK_LOT_EXISTS when the product already has that lot number. Written as a `receipt` movement of the stock ledger.',
  request: jsonBody(ReceiptBodySchema),
  responses: { 201: ok(ReceiptResultSchema, 'The new batch and the unit conversion applied'), ...errorResponses(400, 401, 403, 404, 409) },
});
const adjustRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stock/batches/{id}/adjustments',
  tags,
  security,
  summary: 'Adjust a batch: count correction, damage, expiry write-off, return to supplier (admin; audited)',
  description:
    '`count`: `quantity` is the counted total; the other kinds: the amount removed. In `unitId` when given (× its factor), else base units. ' +
    'Never below what open orders reserve: 409 STOCK_BELOW_RESERVED. A count equal to the quantity on hand: 409 STOCK_NO_CHANGE.',
  request: { params: BatchIdParam, ...jsonBody(AdjustmentBodySchema) },
  responses: { 200: ok(StockBatchSchema, 'The batch after the adjustment'), ...errorResponses(400, 401, 403, 404, 409) },
});
const batchesRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stock/batches',
  tags,
  security,
  summary: 'Batches, first expiring first (admin, pharmacist); expiry filter, keyset paging',
  request: { query: BatchesQuerySchema },
  responses: { 200: ok(z.object({ items: z.array(StockBatchSchema), nextCursor: z.string().nullable() }), 'A page of batches'), ...errorResponses(400, 401, 403) },
});
const movementsRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stock/batches/{id}/movements',
  tags,
  security,
  summary: "A batch's stock ledger, newest first, with the running balance (admin, pharmacist)",
  request: { params: BatchIdParam },
  responses: { 200: ok(MovementsSchema, 'The batch and its movements'), ...errorResponses(400, 401, 403, 404) },
});
const lowStockRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stock/reports/low-stock',
  tags,
  security,
  summary: "Products whose sellable stock is below their threshold (admin, pharmacist)",
  responses: { 200: ok(LowStockReportSchema, 'Low-stock products'), ...errorResponses(401, 403) },
});
const expiringRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stock/reports/expiring',
  tags,
  security,
  summary: 'Batches with stock expiring within 30, 60 or 90 days, expired ones included (admin, pharmacist)',
  request: { query: z.object({ days: z.enum(['30', '60', '90']).default('30').openapi({ default: '30' }) }) },
  responses: { 200: ok(ExpiringReportSchema, 'Expiring batches'), ...errorResponses(400, 401, 403) },
});
const valuationRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stock/reports/valuation',
  tags,
  security,
  summary: 'Stock on hand valued at cost, per product (admin, pharmacist)',
  responses: { 200: ok(ValuationReportSchema, 'Valuation'), ...errorResponses(401, 403) },
});


/** Reads (staff data, cost prices included): admin and pharmacist; writes: admin. Registered per route (method and path). */
const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
const admin = requireRole('admin');
base.on('POST', '/v1/admin/stock/receipts', admin);
base.on('POST', '/v1/admin/stock/batches/:id/adjustments', admin);
base.on('GET', '/v1/admin/stock/batches', staff);
base.on('GET', '/v1/admin/stock/batches/:id/movements', staff);
base.on('GET', '/v1/admin/stock/reports/low-stock', staff);
base.on('GET', '/v1/admin/stock/reports/expiring', staff);
base.on('GET', '/v1/admin/stock/reports/valuation', staff);
export const adminStockRoutes = base
  .openapi(receiveRoute, async (c) => c.json(await receiveBatch(c.var.db, c.req.valid('json'), staffActor(c), Date.now()), 201))
  .openapi(adjustRoute, async (c) => c.json(await adjustBatch(c.var.db, c.req.valid('param').id, c.req.valid('json'), staffActor(c), Date.now()), 200))
  .openapi(batchesRoute, async (c) => c.json(await listBatches(c.var.db, c.req.valid('query'), Date.now()), 200))
  .openapi(movementsRoute, async (c) => c.json(await batchMovements(c.var.db, c.req.valid('param').id, Date.now()), 200))
  .openapi(lowStockRoute, async (c) => c.json(await lowStockReport(c.var.db, Date.now()), 200))
  .openapi(expiringRoute, async (c) => c.json(await expiringReport(c.var.db, Date.now(), Number(c.req.valid('query').days) as 30 | 60 | 90), 200))
  .openapi(valuationRoute, async (c) => c.json(await valuationReport(c.var.db, Date.now()), 200));
