import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { adminProduct } from '@medicare/shared/catalog/admin-product.d1';
import { AdminProductSchema } from '@medicare/shared/catalog/admin-product';
import { ProductInputSchema, ProductPatchSchema } from '@medicare/shared/catalog/product-input';
import { productWriteProblem } from '@medicare/shared/catalog/live.d1';
import { editingView, executeProductSave, loadProductForWrite, planProductSave } from '@medicare/shared/catalog/product-write.d1';
import { auditStatement } from '@medicare/shared/audit/write.d1';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses, zodValidationError } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: products'];
const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' }, example: '01JD3XK5V4P9Q2W8E7R6T5Y4U3' }) });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const product = (description: string) => ({ description, content: { 'application/json': { schema: AdminProductSchema } } });

const createProduct = createRoute({
  method: 'post',
  path: '/v1/admin/products',
  tags,
  security,
  summary: 'Create a product (admin): hidden from the shop until a pharmacist approves it',
  description:
    'Every field of the product with its selling units (exactly one default). The slug is derived from the name when absent. ' +
    'The product is created `pending_review` with a revision of kind `new` in the pharmacist queue. ' +
    '400 `VALIDATION_FAILED` (field problems in `details`, e.g. SĐK format, default unit), `CATEGORY_NOT_FOUND`, `BRAND_NOT_FOUND`; ' +
    '409 `SLUG_TAKEN`, `BARCODE_TAKEN`.',
  request: jsonBody(ProductInputSchema),
  responses: { 201: product('The created product'), ...errorResponses(400, 401, 403, 409) },
});

const getProduct = createRoute({
  method: 'get',
  path: '/v1/admin/products/{id}',
  tags,
  security,
  summary: 'A product as staff see it (admin, pharmacist): live (approved) values, units with retired ones, stock, pending revision, last decision',
  request: { params: IdParam },
  responses: { 200: product('The product'), ...errorResponses(400, 401, 403, 404) },
});

const patchProduct = createRoute({
  method: 'patch',
  path: '/v1/admin/products/{id}',
  tags,
  security,
  summary: 'Edit a product (admin): prices, units, visibility… apply at once; medical fields wait for a pharmacist',
  description:
    'Any subset of the fields, merged onto the current values (with a pending proposal on top) and checked as a whole. ' +
    'On an approved product, a change to a medical field (ingredients, indications, dosage, contraindications, side effects, precautions, ' +
    'Rx flag, special control, SĐK, dosage form) becomes a pending revision: the shop keeps the approved text until a pharmacist approves. ' +
    'After a rejection, a PATCH with the corrected values resubmits. A unit left out is deleted, or retired when an order, cart or ' +
    'consultation references it. A slug change keeps the old slug as a redirect. ' +
    '400 `VALIDATION_FAILED`, `UNIT_NOT_FOUND`, `DEFAULT_UNIT_REQUIRED`, `CATEGORY_NOT_FOUND`, `CATEGORY_NOT_LEAF`; 404 `PRODUCT_NOT_FOUND`; ' +
    '409 `SLUG_TAKEN`, `BARCODE_TAKEN`, `UNIT_NAME_TAKEN`, `PRODUCT_DELETED`, `PRODUCT_CHANGED` (saved by someone else since it was loaded: reload and retry).',
  request: { params: IdParam, ...jsonBody(ProductPatchSchema) },
  responses: { 200: product('The product after the save'), ...errorResponses(400, 401, 403, 404, 409) },
});

const deleteProduct = createRoute({
  method: 'delete',
  path: '/v1/admin/products/{id}',
  tags,
  security,
  summary: 'Soft-delete a product (admin): gone from the shop, search and checkout at once; orders keep it; restorable',
  request: { params: IdParam },
  responses: { 200: product('The deleted product'), ...errorResponses(400, 401, 403, 404, 409) },
});

const restoreProduct = createRoute({
  method: 'post',
  path: '/v1/admin/products/{id}/restore',
  tags,
  security,
  summary: 'Restore a soft-deleted product (admin)',
  request: { params: IdParam },
  responses: { 200: product('The restored product'), ...errorResponses(400, 401, 403, 404, 409) },
});

const actorOf = (c: Context<ApiEnv>) => ({ id: c.var.principal!.userId, role: c.var.principal!.role });

async function answer(c: Context<ApiEnv>, id: string, now: number) {
  const p = await adminProduct(c.var.db, id, now);
  if (!p) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
  return p;
}

/** Middleware first (per method and path); the routes are chained onto it so `AppType` sees every route. */
const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
const admin = requireRole('admin');
base.on('POST', '/v1/admin/products', admin);
base.on('GET', '/v1/admin/products/:id', staff);
base.on(['PATCH', 'DELETE'], '/v1/admin/products/:id', admin);
base.on('POST', '/v1/admin/products/:id/restore', admin);

export const adminProductRoutes = base
  .openapi(createProduct, async (c) => {
    const now = Date.now();
    const plan = await planProductSave(c.var.db, { existing: null, input: c.req.valid('json'), actor: actorOf(c), now });
    await executeProductSave(c.var.db, plan);
    return c.json(await answer(c, plan.productId, now), 201);
  })
  .openapi(getProduct, async (c) => c.json(await answer(c, c.req.valid('param').id, Date.now()), 200))
  .openapi(patchProduct, async (c) => {
    const { id } = c.req.valid('param');
    const now = Date.now();
    const existing = await loadProductForWrite(c.var.db, id);
    const problem = productWriteProblem(existing); // 404, or 409 PRODUCT_DELETED until restored
    if (problem || !existing) throw problem!;
    const merged = ProductInputSchema.safeParse({ ...editingView(existing), ...c.req.valid('json') });
    if (!merged.success) throw zodValidationError(merged.error);
    const plan = await planProductSave(c.var.db, { existing, input: merged.data, actor: actorOf(c), now });
    await executeProductSave(c.var.db, plan);
    return c.json(await answer(c, id, now), 200);
  })
  .openapi(deleteProduct, async (c) => {
    const { id } = c.req.valid('param');
    const now = Date.now();
    const db = c.var.db;
    const [res] = await db.batch([
      db.prepare('UPDATE products SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL').bind(now, actorOf(c).id, now, id),
      auditStatement(db, { actor: actorOf(c), action: 'product.delete', entityType: 'product', entityId: id, data: {} }, now, 'changed'),
    ]);
    if (!res!.meta.changes) {
      const p = await db.prepare('SELECT deleted_at FROM products WHERE id = ?').bind(id).first();
      if (!p) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
      throw new ConflictError('Sản phẩm đã bị xóa trước đó.', 'PRODUCT_ALREADY_DELETED');
    }
    return c.json(await answer(c, id, now), 200);
  })
  .openapi(restoreProduct, async (c) => {
    const { id } = c.req.valid('param');
    const now = Date.now();
    const db = c.var.db;
    const [res] = await db.batch([
      db.prepare('UPDATE products SET deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL').bind(now, id),
      auditStatement(db, { actor: actorOf(c), action: 'product.restore', entityType: 'product', entityId: id, data: {} }, now, 'changed'),
    ]);
    if (!res!.meta.changes) {
      const p = await db.prepare('SELECT deleted_at FROM products WHERE id = ?').bind(id).first();
      if (!p) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
      throw new ConflictError('Sản phẩm chưa bị xóa.', 'PRODUCT_NOT_DELETED');
    }
    return c.json(await answer(c, id, now), 200);
  });
