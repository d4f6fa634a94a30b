/**
 * The staff console's product list and bulk actions (#14). The rules are in shared/src/catalog/admin-list.ts.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  AdminProductListQuerySchema,
  AdminProductListSchema,
  bulkProducts,
  BulkRequestSchema,
  BulkResultSchema,
  listAdminProducts,
  MAX_BULK_IDS,
} from '@medicare/shared/catalog/admin-list';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: catalogue'];
const security = [{ bearerAuth: [] }];

const listRoute = createRoute({
  method: 'get',
  path: '/v1/admin/products',
  tags,
  security,
  summary: 'Every product for staff (admin, pharmacist): search, filters, sort, keyset paging and the total',
  request: { query: AdminProductListQuerySchema },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: AdminProductListSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const bulkRoute = createRoute({
  method: 'post',
  path: '/v1/admin/products/bulk',
  tags,
  security,
  summary: 'One action on many products (admin): hide, show, move category, set or clear a sale window',
  description: `At most ${MAX_BULK_IDS} products. Each product is written and audited on its own: the answer has one result per id (ok, or a code and a Vietnamese message), and a failure does not stop the others.`,
  request: { body: { required: true, content: { 'application/json': { schema: BulkRequestSchema } } } },
  responses: {
    200: { description: 'One result per product, in the order of ids', content: { 'application/json': { schema: BulkResultSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Middleware first (per method and path); routes chained below so `AppType` sees them. */
const base = new OpenAPIHono<ApiEnv>();
base.on('GET', '/v1/admin/products', requireRole('admin', 'pharmacist'));
base.on('POST', '/v1/admin/products/bulk', requireRole('admin'));

export const adminProductListRoutes = base
  .openapi(listRoute, async (c) => c.json(await listAdminProducts(c.var.db, c.req.valid('query'), Date.now()), 200))
  .openapi(bulkRoute, async (c) => {
    const p = c.var.principal!;
    return c.json(await bulkProducts(c.var.db, c.req.valid('json'), { id: p.userId, role: p.role }, Date.now()), 200);
  });
