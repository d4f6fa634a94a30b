/**
 * The staff console's product list (#14): every product (hidden, unapproved and, on request, deleted ones too), with
 * search, filters, sorts, keyset paging through catalog/cursor.ts and the total; and the bulk actions (hide/show,
 * move category, set/clear a sale window), each product its own guarded, audited D1 batch so one failure does not
 * stop the others. The stock, low-stock and price rules are the shared ones (availability.ts, pricing.ts).
 */
import { z } from '@hono/zod-openapi';
import { auditReadBack, auditStatement, auditWritten } from '../audit/write.d1';
import type { AuditAction } from '../audit/actions';
import { NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import { intQuery } from '../http/query';
import { availableBaseSummarySql, lowStockSql, vietnamDate } from './availability';
import { decodeCursor, encodeCursor, type CursorKeyKind } from './cursor';
import { liveProductExistsSql, productWriteProblem } from './live.d1';
import { effectivePriceSql, saleActiveSql, salePriceAllowedSql, saleProblems, saleWindowProblem } from './pricing';
import { productCategoryProblem } from './product-write.d1';
import { unitOfferedSql } from './visibility';
import { imageUrl } from './service';
import { tokenize } from '../search/query';

export const ADMIN_PRODUCT_SORTS = ['newest', 'updated', 'name', 'price_asc', 'price_desc', 'stock_asc'] as const;
export type AdminProductSort = (typeof ADMIN_PRODUCT_SORTS)[number];
export const ADMIN_PRODUCT_STATUSES = ['visible', 'hidden', 'deleted'] as const;
export const ADMIN_APPROVAL_FILTERS = ['approved', 'pending', 'rejected'] as const;

const id = z.string().min(10).max(40);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const AdminProductListQuerySchema = z.object({
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Part of the name, or the exact slug, id, SĐK or a unit barcode' }),
  categoryId: id.optional().openapi({ description: 'A category at any level; includes its descendants' }),
  brandId: id.optional(),
  rx: flag.optional().openapi({ type: 'string', enum: ['true', 'false'] }),
  status: z.enum(ADMIN_PRODUCT_STATUSES).optional().openapi({ description: 'visible / hidden (not deleted); deleted. Absent: every product not deleted' }),
  approval: z.enum(ADMIN_APPROVAL_FILTERS).optional().openapi({ description: 'pending: a new product or an edit waiting for a pharmacist; rejected: the last decision was a rejection' }),
  lowStock: flag.optional().openapi({ type: 'string', enum: ['true', 'false'] }),
  onSale: flag.optional().openapi({ type: 'string', enum: ['true', 'false'], description: "The default unit's sale price applies now" }),
  noImage: z.literal('true').transform(() => true as const).optional().openapi({ type: 'string', enum: ['true'] }),
  sort: z.enum(ADMIN_PRODUCT_SORTS).default('newest').openapi({ default: 'newest' }),
  cursor: z.string().max(1000).optional(),
  limit: intQuery(1, 100, 50),
});
export type AdminProductListQuery = z.output<typeof AdminProductListQuerySchema>;

export const AdminProductListItemSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    imageUrl: z.string().nullable(),
    categoryName: z.string(),
    brandName: z.string(),
    prescriptionRequired: z.boolean(),
    visible: z.boolean(),
    deletedAt: z.number().int().nullable(),
    approvalState: z.enum(['draft', 'pending_review', 'approved', 'rejected']),
    hasPendingRevision: z.boolean(),
    defaultUnit: z.object({ name: z.string(), price: z.number().int(), salePrice: z.number().int().nullable(), onSale: z.boolean() }).nullable(),
    available: z.number().int().openapi({ description: 'Sellable base units (on hand − reserved, unexpired batches)' }),
    lowStock: z.boolean(),
    updatedAt: z.number().int(),
  })
  .openapi('AdminProductListItem');

export const AdminProductListSchema = z
  .object({ items: z.array(AdminProductListItemSchema), nextCursor: z.string().nullable(), total: z.number().int() })
  .openapi('AdminProductList');
export type AdminProductList = z.infer<typeof AdminProductListSchema>;

/** Sort keys, ascending (descending ones negated) so the keyset condition is one row-value comparison with the id. */
function sortKey(sort: AdminProductSort, now: number, today: string): { sql: string; kind: CursorKeyKind } {
  switch (sort) {
    case 'newest':
      return { sql: '(-p.created_at)', kind: 'number' };
    case 'updated':
      return { sql: '(-p.updated_at)', kind: 'number' };
    case 'name':
      return { sql: 'p.name', kind: 'string' };
    case 'price_asc':
      return { sql: `COALESCE(${effectivePriceSql('du', now)}, 0)`, kind: 'number' };
    case 'price_desc':
      return { sql: `(-COALESCE(${effectivePriceSql('du', now)}, 0))`, kind: 'number' };
    case 'stock_asc':
      return { sql: availableBaseSummarySql('p.id', `'${today}'`), kind: 'number' };
  }
}

const FROM = `FROM products p
  JOIN categories c ON c.id = p.category_id
  JOIN brands b ON b.id = p.brand_id
  LEFT JOIN product_units du ON du.product_id = p.id AND du.is_default = 1`;

const PENDING_REVISION = `EXISTS (SELECT 1 FROM product_revisions r WHERE r.product_id = p.id AND r.state = 'pending')`;
const LAST_DECISION_REJECTED = `(SELECT r.state FROM product_revisions r WHERE r.product_id = p.id AND r.state IN ('approved', 'rejected') ORDER BY r.decided_at DESC, r.id DESC LIMIT 1) = 'rejected'`;

function filters(q: AdminProductListQuery, now: number, today: string): { where: string[]; binds: unknown[] } {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (q.q) {
    // Words typed with or without Vietnamese marks, each a prefix of a word of the name or brand (the search index's
    // folded columns, which hold every product, shown or not); or the exact slug, id, SĐK or a unit's barcode.
    const tokens = tokenize(q.q);
    const words = tokens.length ? `p.id IN (SELECT ps.product_id FROM product_search ps WHERE ps.id IN (SELECT rowid FROM product_search_fts WHERE product_search_fts MATCH ?)) OR ` : '';
    where.push(`(${words}instr(lower(p.name), lower(?)) > 0 OR p.slug = ? OR p.id = ? OR p.registration_number = ? OR EXISTS (SELECT 1 FROM product_units ub WHERE ub.product_id = p.id AND ub.barcode = ?))`);
    if (tokens.length) binds.push(`{name brand} : (${tokens.map((t) => `"${t}"*`).join(' AND ')})`);
    binds.push(q.q, q.q.toLowerCase(), q.q, q.q, q.q);
  }
  if (q.categoryId) {
    // Prefix test with instr: D1 caps LIKE patterns at 50 bytes and paths are longer.
    where.push('instr(c.path, (SELECT c2.path FROM categories c2 WHERE c2.id = ?)) = 1');
    binds.push(q.categoryId);
  }
  if (q.brandId) {
    where.push('p.brand_id = ?');
    binds.push(q.brandId);
  }
  if (q.rx !== undefined) where.push(`p.prescription_required = ${q.rx ? 1 : 0}`);
  if (q.status === 'deleted') where.push('p.deleted_at IS NOT NULL');
  else where.push('p.deleted_at IS NULL');
  if (q.status === 'visible') where.push('p.visible = 1');
  if (q.status === 'hidden') where.push('p.visible = 0');
  if (q.approval === 'approved') where.push(`p.approval_state = 'approved'`);
  if (q.approval === 'pending') where.push(`(p.approval_state = 'pending_review' OR ${PENDING_REVISION})`);
  if (q.approval === 'rejected') where.push(`(p.approval_state = 'rejected' OR ${LAST_DECISION_REJECTED})`);
  if (q.lowStock !== undefined) where.push(`${q.lowStock ? '' : 'NOT '}${lowStockSql('p', 'du', `'${today}'`)}`);
  if (q.onSale !== undefined) where.push(`${q.onSale ? '' : 'NOT '}COALESCE(${saleActiveSql('du', now)}, 0)`);
  if (q.noImage) where.push('NOT EXISTS (SELECT 1 FROM product_images pi WHERE pi.product_id = p.id)');
  return { where, binds };
}

interface Row {
  id: string;
  slug: string;
  name: string;
  imageKey: string | null;
  categoryName: string;
  brandName: string;
  rx: number;
  visible: number;
  deletedAt: number | null;
  approvalState: AdminProductList['items'][number]['approvalState'];
  hasPending: number;
  unitName: string | null;
  price: number | null;
  salePrice: number | null;
  onSale: number | null;
  available: number;
  lowStock: number;
  updatedAt: number;
  k0: number | string;
}

/** One page of the admin product list, its total, and unknown category/brand filters answered 404. */
export async function listAdminProducts(db: D1Database, q: AdminProductListQuery, now: number): Promise<AdminProductList> {
  const today = vietnamDate(now);
  const key = sortKey(q.sort, now, today);
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort, [key.kind]) : null;
  const { where, binds } = filters(q, now, today);
  const page = cursor ? [...where, `(${key.sql}, p.id) > (?, ?)`] : where;
  const pageBinds = cursor ? [...binds, cursor.keys[0], cursor.id] : binds;
  const clause = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
  const items = db
    .prepare(
      `SELECT p.id, p.slug, p.name, c.name AS categoryName, b.name AS brandName, p.prescription_required AS rx, p.visible,
        p.deleted_at AS deletedAt, p.approval_state AS approvalState, p.updated_at AS updatedAt,
        (SELECT i.r2_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS imageKey,
        ${PENDING_REVISION} AS hasPending,
        du.name AS unitName, du.price, du.sale_price AS salePrice, ${saleActiveSql('du', now)} AS onSale,
        ${availableBaseSummarySql('p.id', `'${today}'`)} AS available, ${lowStockSql('p', 'du', `'${today}'`)} AS lowStock,
        ${key.sql} AS k0
      ${FROM} ${clause(page)} ORDER BY k0, p.id LIMIT ?`,
    )
    .bind(...pageBinds, q.limit + 1);
  const total = db.prepare(`SELECT COUNT(*) AS n ${FROM} ${clause(where)}`).bind(...binds);
  const category = db.prepare('SELECT COUNT(*) AS n FROM categories WHERE id = ?').bind(q.categoryId ?? '');
  const brand = db.prepare('SELECT COUNT(*) AS n FROM brands WHERE id = ?').bind(q.brandId ?? '');
  const [rows, count, cat, br] = await db.batch<any>([items, total, category, brand]);
  if (q.categoryId && !cat!.results[0]?.n) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND');
  if (q.brandId && !br!.results[0]?.n) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND');
  const list = rows!.results as Row[];
  const more = list.length > q.limit;
  const shown = more ? list.slice(0, q.limit) : list;
  const last = shown[shown.length - 1];
  return {
    items: shown.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      imageUrl: r.imageKey ? imageUrl(r.imageKey) : null,
      categoryName: r.categoryName,
      brandName: r.brandName,
      prescriptionRequired: Boolean(r.rx),
      visible: Boolean(r.visible),
      deletedAt: r.deletedAt,
      approvalState: r.approvalState,
      hasPendingRevision: Boolean(r.hasPending),
      defaultUnit: r.unitName !== null && r.price !== null ? { name: r.unitName, price: r.price, salePrice: r.salePrice, onSale: Boolean(r.onSale) } : null,
      available: Number(r.available),
      lowStock: Boolean(r.lowStock),
      updatedAt: r.updatedAt,
    })),
    nextCursor: more && last ? encodeCursor({ sort: q.sort, keys: [key.kind === 'number' ? Number(last.k0) : String(last.k0)], id: last.id }) : null,
    total: Number(count!.results[0]?.n ?? 0),
  };
}

// ----- bulk actions -----

export const BULK_ACTIONS = ['hide', 'show', 'move_category', 'set_sale', 'clear_sale'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_IDS = 200;

export const BulkRequestSchema = z
  .object({
    ids: z.array(id).min(1).max(MAX_BULK_IDS),
    action: z.enum(BULK_ACTIONS),
    categoryId: id.optional().openapi({ description: 'move_category: the destination' }),
    sale: z
      .object({
        percent: z.number().int().min(1).max(90).openapi({ description: 'Discount on every selling unit, whole percent (the sale price is rounded down to the VND)' }),
        startsAt: z.number().int().min(0),
        endsAt: z.number().int().min(1),
      })
      .strict()
      .superRefine((s, ctx) => {
        const problem = saleWindowProblem(s.startsAt, s.endsAt);
        if (problem) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: problem.message });
      })
      .optional()
      .openapi({ description: 'set_sale: the discount and its window (epoch ms, start inclusive, end exclusive)' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action === 'move_category' && !b.categoryId) ctx.addIssue({ code: 'custom', path: ['categoryId'], message: 'Cần chọn danh mục đích' });
    if (b.action === 'set_sale' && !b.sale) ctx.addIssue({ code: 'custom', path: ['sale'], message: 'Cần nhập mức giảm và thời gian khuyến mãi' });
    if (new Set(b.ids).size !== b.ids.length) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Danh sách sản phẩm bị trùng' });
  })
  .openapi('ProductBulkRequest');
export type BulkRequest = z.output<typeof BulkRequestSchema>;

export const BulkResultSchema = z
  .object({
    results: z.array(z.object({ id: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() })),
  })
  .openapi('ProductBulkResult');
export type BulkResult = z.infer<typeof BulkResultSchema>;

interface Actor {
  id: string | null;
  role: string;
}

/**
 * The statements of one product's action: the audit row with a known id first, inserted only when the product is live
 * and the action changes something (its guard), then the writes conditioned on that row, then the row read back
 * (D1's `meta.changes` also counts trigger rows, so it can't tell whether the action applied).
 */
async function itemStatements(db: D1Database, req: BulkRequest, productId: string, actor: Actor, now: number): Promise<{ statements: D1PreparedStatement[]; auditId: string }> {
  const action = `product.bulk.${req.action}` as AuditAction;
  const auditId = newId();
  const applied = `EXISTS (SELECT 1 FROM audit_log WHERE id = '${auditId}')`;
  const audit = (data: Record<string, unknown>, sql: string, binds: unknown[]) =>
    auditStatement(db, { id: auditId, actor, action, entityType: 'product', entityId: productId, data }, now, { sql: `${liveProductExistsSql} AND ${sql}`, binds: [productId, ...binds] });
  const finish = (statements: D1PreparedStatement[]) => ({ statements: [...statements, auditReadBack(db, auditId)], auditId });
  switch (req.action) {
    case 'hide':
    case 'show': {
      const v = req.action === 'show' ? 1 : 0;
      return finish([
        audit({ visible: v === 1 }, 'EXISTS (SELECT 1 FROM products WHERE id = ? AND visible <> ?)', [productId, v]),
        db.prepare(`UPDATE products SET visible = ?, updated_at = ? WHERE id = ? AND ${applied}`).bind(v, now, productId),
      ]);
    }
    case 'move_category':
      return finish([
        audit({ categoryId: req.categoryId }, 'EXISTS (SELECT 1 FROM products WHERE id = ? AND category_id <> ?)', [productId, req.categoryId!]),
        db.prepare(`UPDATE products SET category_id = ?, updated_at = ? WHERE id = ? AND ${applied}`).bind(req.categoryId!, now, productId),
      ]);
    case 'set_sale': {
      const s = req.sale!;
      // Integer VND, rounded down; a unit whose rounded price breaks the sale rule (pricing.ts) keeps no sale.
      // The percent is a validated integer, inlined so that SQLite divides integers (a bound number may arrive as REAL).
      const salePrice = `(price * ${100 - Math.trunc(s.percent)} / 100)`;
      const applies = `product_id = ? AND ${unitOfferedSql('product_units')} AND ${salePriceAllowedSql('price', salePrice)}`;
      const differs = `(sale_price IS NOT ${salePrice} OR sale_starts_at IS NOT ? OR sale_ends_at IS NOT ?)`;
      return finish([
        audit({ ...s }, `EXISTS (SELECT 1 FROM product_units WHERE ${applies} AND ${differs})`, [productId, s.startsAt, s.endsAt]),
        db
          .prepare(`UPDATE product_units SET sale_price = ${salePrice}, sale_starts_at = ?, sale_ends_at = ?, updated_at = ? WHERE ${applies} AND ${applied}`)
          .bind(s.startsAt, s.endsAt, now, productId),
        db.prepare(`UPDATE products SET updated_at = ? WHERE id = ? AND ${applied}`).bind(now, productId),
      ]);
    }
    case 'clear_sale': {
      const has = 'product_id = ? AND (sale_price IS NOT NULL OR sale_starts_at IS NOT NULL OR sale_ends_at IS NOT NULL)';
      return finish([
        audit({}, `EXISTS (SELECT 1 FROM product_units WHERE ${has})`, [productId]),
        db.prepare(`UPDATE product_units SET sale_price = NULL, sale_starts_at = NULL, sale_ends_at = NULL, updated_at = ? WHERE ${has} AND ${applied}`).bind(now, productId),
        db.prepare(`UPDATE products SET updated_at = ? WHERE id = ? AND ${applied}`).bind(now, productId),
      ]);
    }
  }
}

/** Why an item's write changed nothing: missing or deleted product (a failure), or already as asked (a success). */
async function unchangedResult(db: D1Database, req: BulkRequest, productId: string): Promise<BulkResult['results'][number]> {
  const p = await db.prepare('SELECT deleted_at AS deletedAt FROM products WHERE id = ?').bind(productId).first<{ deletedAt: number | null }>();
  const problem = productWriteProblem(p);
  if (problem) return { id: productId, ok: false, code: problem.code, message: problem.message };
  if (req.action === 'set_sale') {
    const s = req.sale!;
    const units = await db.prepare(`SELECT price FROM product_units WHERE product_id = ? AND ${unitOfferedSql('product_units')}`).bind(productId).all<{ price: number }>();
    const fits = units.results.some((u) => saleProblems(u, { salePrice: Math.floor((u.price * (100 - s.percent)) / 100), saleStartsAt: s.startsAt, saleEndsAt: s.endsAt }).length === 0);
    if (!fits) return { id: productId, ok: false, code: 'SALE_NOT_APPLICABLE', message: 'Giá bán quá thấp để áp dụng mức giảm này.' };
  }
  return { id: productId, ok: true, code: 'UNCHANGED', message: 'Sản phẩm đã ở trạng thái yêu cầu.' };
}

/**
 * Applies one bulk action to each product in turn, each as its own D1 batch (guarded write + audit): a product that
 * is missing, deleted or refused by a constraint gets its own failed result and the others still go through.
 * An unknown destination category fails the whole request (404 CATEGORY_NOT_FOUND) before anything is written.
 */
export async function bulkProducts(db: D1Database, req: BulkRequest, actor: Actor, now: number): Promise<BulkResult> {
  if (req.action === 'move_category') {
    const problem = await productCategoryProblem(db, req.categoryId!);
    if (problem?.code === 'CATEGORY_NOT_FOUND') throw new NotFoundError('Không tìm thấy danh mục đích.', problem.code);
    if (problem) throw new ValidationError(problem.message, { field: 'categoryId' }, problem.code);
  }
  const results: BulkResult['results'] = [];
  for (const productId of req.ids) {
    try {
      const res = await db.batch((await itemStatements(db, req, productId, actor, now)).statements);
      const audited = auditWritten(res[res.length - 1]);
      results.push(audited ? { id: productId, ok: true } : await unchangedResult(db, req, productId));
    } catch {
      // A constraint refused this product's write (its batch rolled back as a whole); the next product goes on.
      results.push({ id: productId, ok: false, code: 'WRITE_REFUSED', message: 'Không cập nhật được sản phẩm này (dữ liệu không hợp lệ).' });
    }
  }
  return { results };
}
