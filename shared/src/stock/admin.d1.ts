/**
 * Staff stock operations (issue 14, ADR 0027): receive a batch, adjust one, list batches, read a batch's ledger. Every
 * write goes through the ledger statements (ledger.d1.ts) in ONE D1 batch with its audit entry. Cost prices are staff
 * data: only these admin reads return them, never a shopper's route.
 */
import { containsText } from '../db/text-match';
import { unitOfferedSql } from '../catalog/visibility';
import { requireLiveProduct } from '../catalog/live.d1';
import { z } from '@hono/zod-openapi';
import { batchAvailable, isSellable, vietnamDate, vietnamDayStart } from '../catalog/availability';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { intQuery } from '../http/query';
import {
  ADJUSTMENT_KINDS,
  adjustmentProblem,
  adjustStatements,
  costPerBaseUnit,
  daysBetween,
  MOVEMENT_KIND_LABELS,
  MOVEMENT_KINDS,
  receiveStatements,
  shortExpiry,
  SHORT_EXPIRY_DAYS,
  toBaseUnits,
  type LedgerActor,
  type MovementKind,
} from './ledger.d1';

const isoDate = (description: string) =>
  z
    .string()
    .refine((s) => vietnamDayStart(s) !== null, 'Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 2027-06-30).')
    .openapi({ description, format: 'date', example: '2027-06-30' });
const id = z.string().trim().min(10).max(40);

export const ReceiptBodySchema = z
  .object({
    productId: id,
    unitId: id.openapi({ description: 'The selling unit `quantity` and `costPrice` are counted in (hộp, vỉ, viên…)' }),
    quantity: z.number().int().min(1).max(1_000_000).openapi({ description: 'In the selected unit; stored × its factor in base units' }),
    lotNumber: z.string().trim().min(1).max(50),
    expiryDate: isoDate('Expiry date; the batch is sellable strictly before it'),
    costPrice: z.number().int().min(0).max(1_000_000_000).openapi({ description: 'VND per selected unit; stored per base unit, rounded half up to whole VND' }),
    supplier: z.string().trim().min(1).max(200),
    receivedDate: isoDate('The day the goods arrived (Vietnam calendar day, not in the future)'),
    confirmShortExpiry: z.boolean().optional().openapi({ description: `Required (true) when the batch is expired or expires within ${SHORT_EXPIRY_DAYS} days` }),
  })
  .strict()
  .openapi('StockReceiptInput');
export type ReceiptBody = z.infer<typeof ReceiptBodySchema>;

export const AdjustmentBodySchema = z
  .object({
    kind: z.enum(ADJUSTMENT_KINDS).openapi({ description: 'count: a count correction; damage, expiry (write-off), supplier_return' }),
    quantity: z.number().int().min(0).max(10_000_000).openapi({ description: 'count: the counted total; others: the amount removed (≥ 1). In `unitId` when given, else base units' }),
    unitId: id.optional(),
    reason: z.string().trim().min(3).max(500),
  })
  .strict()
  .refine((b) => b.kind === 'count' || b.quantity >= 1, { message: 'Số lượng xuất phải lớn hơn 0.', path: ['quantity'] })
  .openapi('StockAdjustmentInput');
export type AdjustmentBody = z.infer<typeof AdjustmentBodySchema>;

export const StockBatchSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    productName: z.string(),
    productSlug: z.string(),
    lotNumber: z.string(),
    expiryDate: z.string(),
    /** Negative once expired. */
    daysToExpiry: z.number().int(),
    expired: z.boolean(),
    quantity: z.number().int().openapi({ description: 'On hand, base units (= the ledger sum)' }),
    reserved: z.number().int().openapi({ description: 'Held by open orders' }),
    available: z.number().int().openapi({ description: 'Sellable now: on hand − reserved, 0 once expired' }),
    baseUnit: z.string(),
    costPrice: z.number().int().nullable().openapi({ description: 'VND per base unit (staff only)' }),
    value: z.number().int().nullable().openapi({ description: 'quantity × costPrice' }),
    supplier: z.string().nullable(),
    receivedAt: z.number().int(),
  })
  .openapi('StockBatch');
export type StockBatch = z.infer<typeof StockBatchSchema>;

export const ReceiptResultSchema = StockBatchSchema.extend({
  conversion: z.object({ unitName: z.string(), factor: z.number().int(), quantity: z.number().int(), baseQuantity: z.number().int(), costPerUnit: z.number().int(), costPerBaseUnit: z.number().int() }),
}).openapi('StockReceipt');

export const BatchesQuerySchema = z.object({
  q: z.string().trim().max(100).optional().openapi({ description: 'Part of the product name or the lot number' }),
  productId: z.string().max(40).optional(),
  expiringWithin: z.enum(['30', '60', '90']).optional().openapi({ description: 'Only batches expiring within that many days (expired ones included)' }),
  includeEmpty: z.enum(['true', 'false']).optional().openapi({ description: 'Also batches with nothing on hand (default false)' }),
  cursor: z.string().max(200).optional(),
  limit: intQuery(1, 200, 50),
});
export type BatchesQuery = z.infer<typeof BatchesQuerySchema>;

export const StockMovementSchema = z
  .object({
    id: z.string(),
    kind: z.enum(MOVEMENT_KINDS),
    kindLabel: z.string(),
    delta: z.number().int(),
    balance: z.number().int().openapi({ description: 'On hand after this movement' }),
    reason: z.string().nullable(),
    ref: z.string().nullable(),
    actorName: z.string().nullable(),
    at: z.number().int(),
  })
  .openapi('StockMovement');
export const MovementsSchema = z.object({ batch: StockBatchSchema, items: z.array(StockMovementSchema), total: z.number().int() }).openapi('StockMovements');

/** SQL selecting a batch row in `StockBatch` shape (before `toBatch`); `b` batches, `p` products. */
const BATCH_COLUMNS = `b.id, b.product_id AS productId, p.name AS productName, p.slug AS productSlug, b.lot_number AS lotNumber, b.expiry_date AS expiryDate,
  b.quantity, b.reserved, p.base_unit AS baseUnit, b.cost_price AS costPrice, b.supplier, b.received_at AS receivedAt`;
type BatchRow = Omit<StockBatch, 'daysToExpiry' | 'expired' | 'available' | 'value'>;

function toBatch(r: BatchRow, today: string): StockBatch {
  const sellable = isSellable(r, today);
  return {
    ...r,
    daysToExpiry: daysBetween(today, r.expiryDate),
    expired: !sellable,
    available: sellable ? batchAvailable(r) : 0,
    value: r.costPrice === null ? null : r.quantity * r.costPrice,
  };
}

export async function getBatch(db: D1Database, batchId: string, now: number): Promise<StockBatch> {
  const r = await db.prepare(`SELECT ${BATCH_COLUMNS} FROM stock_batches b JOIN products p ON p.id = b.product_id WHERE b.id = ?`).bind(batchId).first<BatchRow>();
  if (!r) throw new NotFoundError('Không tìm thấy lô hàng.', 'BATCH_NOT_FOUND');
  return toBatch(r, vietnamDate(now));
}

async function unitOf(db: D1Database, productId: string, unitId: string) {
  const u = await db.prepare(`SELECT id, name, factor FROM product_units u WHERE u.id = ? AND u.product_id = ? AND ${unitOfferedSql('u')}`).bind(unitId, productId).first<{ id: string; name: string; factor: number }>();
  if (!u) throw new ValidationError('Đơn vị tính không thuộc sản phẩm này.', { unitId }, 'UNIT_NOT_OF_PRODUCT');
  return u;
}

/**
 * Receives a batch: quantity in the selected unit × its factor → base units; cost per selected unit → per base unit
 * (`costPerBaseUnit`, rounded half up). An expired or short-expiry batch (`shortExpiry`) needs `confirmShortExpiry`
 * (409 STOCK_SHORT_EXPIRY otherwise); a lot number the product already has is 409 STOCK_LOT_EXISTS.
 */
export async function receiveBatch(db: D1Database, body: ReceiptBody, actor: LedgerActor, now: number) {
  const today = vietnamDate(now);
  await requireLiveProduct(db, body.productId); // 404, or 409 PRODUCT_DELETED: a deleted product receives no stock
  const unit = await unitOf(db, body.productId, body.unitId);
  if (body.receivedDate > today) throw new ValidationError('Ngày nhập không được sau hôm nay.', { receivedDate: body.receivedDate, today }, 'RECEIVED_DATE_IN_FUTURE');
  const short = shortExpiry(body.expiryDate, today);
  if (short && body.confirmShortExpiry !== true) {
    throw new ConflictError(
      short.expired
        ? `Lô hàng đã hết hạn (${body.expiryDate}). Xác nhận nếu vẫn muốn nhập kho.`
        : `Lô hàng còn ${short.daysToExpiry} ngày là hết hạn (dưới ${SHORT_EXPIRY_DAYS} ngày). Xác nhận nếu vẫn muốn nhập kho.`,
      'STOCK_SHORT_EXPIRY',
      { expiryDate: body.expiryDate, daysToExpiry: short.daysToExpiry, expired: short.expired, confirmField: 'confirmShortExpiry' },
    );
  }
  const existing = await db.prepare('SELECT id FROM stock_batches WHERE product_id = ? AND lot_number = ?').bind(body.productId, body.lotNumber).first<{ id: string }>();
  const lotExists = () => new ConflictError(`Sản phẩm đã có lô số ${body.lotNumber}.`, 'STOCK_LOT_EXISTS', { batchId: existing?.id ?? null, lotNumber: body.lotNumber });
  if (existing) throw lotExists();
  const baseQuantity = toBaseUnits(body.quantity, unit.factor);
  const costBase = costPerBaseUnit(body.costPrice, unit.factor);
  const conversion = { unitName: unit.name, factor: unit.factor, quantity: body.quantity, baseQuantity, costPerUnit: body.costPrice, costPerBaseUnit: costBase };
  const { batchId, statements } = receiveStatements(
    db,
    {
      productId: body.productId,
      lotNumber: body.lotNumber,
      expiryDate: body.expiryDate,
      quantity: baseQuantity,
      costPrice: costBase,
      supplier: body.supplier,
      receivedAt: vietnamDayStart(body.receivedDate)!,
      actor,
      auditData: { unitId: unit.id, unitName: unit.name, unitQuantity: body.quantity, costPerUnit: body.costPrice, ...(short ? { shortExpiryConfirmed: true } : {}) },
    },
    now,
  );
  const res = await db.batch(statements);
  // D1's `changes` counts the rows triggers wrote too: 0 means the lot existed (nothing written).
  if (res[0]!.meta.changes === 0) {
    await requireLiveProduct(db, body.productId); // deleted meanwhile: 409 PRODUCT_DELETED
    throw lotExists();
  }
  return { ...(await getBatch(db, batchId, now)), conversion };
}

/**
 * Adjusts a batch (count correction, damage, expiry write-off, return to supplier) with a mandatory reason. Never below
 * what open orders reserve: 409 STOCK_BELOW_RESERVED (checked before, and guarded in SQL against a race); a count equal
 * to what is on hand is 409 STOCK_NO_CHANGE.
 */
export async function adjustBatch(db: D1Database, batchId: string, body: AdjustmentBody, actor: LedgerActor, now: number): Promise<StockBatch> {
  const before = await getBatch(db, batchId, now);
  const unit = body.unitId ? await unitOf(db, before.productId, body.unitId) : null;
  const quantity = toBaseUnits(body.quantity, unit?.factor ?? 1);
  const refuse = (b: StockBatch) => {
    const p = adjustmentProblem(b, body.kind, quantity);
    if (!p) return;
    if (p.problem === 'no_change') throw new ConflictError('Số lượng kiểm kê bằng tồn kho hiện tại, không có gì để điều chỉnh.', 'STOCK_NO_CHANGE', { quantity: b.quantity });
    throw new ConflictError(`Không thể giảm tồn kho xuống ${p.after}: các đơn hàng đang mở giữ ${b.reserved} ${b.baseUnit} của lô này.`, 'STOCK_BELOW_RESERVED', {
      quantity: b.quantity,
      reserved: b.reserved,
      after: p.after,
    });
  };
  refuse(before);
  const res = await db.batch(
    adjustStatements(db, { batchId, kind: body.kind, quantity, reason: body.reason, actor, auditData: unit ? { unitId: unit.id, unitName: unit.name, unitQuantity: body.quantity } : {} }, now),
  );
  const after = await getBatch(db, batchId, now);
  // 0: the SQL guard refused (D1's `changes` also counts the rows the ledger trigger moved).
  if (res[0]!.meta.changes === 0) {
    refuse(after);
    throw new ConflictError('Lô hàng vừa thay đổi, vui lòng tải lại.', 'STOCK_CHANGED');
  }
  return after;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2})~([0-9A-Za-z-]{1,40})$/;

/** Batches by expiry (first expiring first), keyset over (expiry_date, id). */
export async function listBatches(db: D1Database, q: BatchesQuery, now: number): Promise<{ items: StockBatch[]; nextCursor: string | null }> {
  const today = vietnamDate(now);
  const where: string[] = [];
  const binds: unknown[] = [];
  if (q.includeEmpty !== 'true') where.push('b.quantity > 0');
  if (q.productId) {
    where.push('b.product_id = ?');
    binds.push(q.productId);
  }
  if (q.q) {
    const match = containsText(['p.name', 'b.lot_number'], q.q);
    where.push(match.sql);
    binds.push(...match.params);
  }
  if (q.expiringWithin) {
    where.push(`b.expiry_date <= date(?, '+${Number(q.expiringWithin)} days')`);
    binds.push(today);
  }
  if (q.cursor) {
    const m = CURSOR.exec(q.cursor);
    if (!m) throw new ValidationError('Con trỏ phân trang không hợp lệ.', undefined, 'INVALID_CURSOR');
    where.push('(b.expiry_date > ? OR (b.expiry_date = ? AND b.id > ?))');
    binds.push(m[1], m[1], m[2]);
  }
  const rows = await db
    .prepare(`SELECT ${BATCH_COLUMNS} FROM stock_batches b JOIN products p ON p.id = b.product_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.expiry_date, b.id LIMIT ?`)
    .bind(...binds, q.limit + 1)
    .all<BatchRow>();
  const page = rows.results.slice(0, q.limit).map((r) => toBatch(r, today));
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.results.length > q.limit && last ? `${last.expiryDate}~${last.id}` : null };
}

/** A batch's ledger, newest first, each with the on-hand balance after it (over the whole ledger); at most `limit`. */
export async function batchMovements(db: D1Database, batchId: string, now: number, limit = 500) {
  const batch = await getBatch(db, batchId, now);
  const [rows, count] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT * FROM (SELECT m.id, m.kind, m.delta, SUM(m.delta) OVER (ORDER BY m.rowid) AS balance, m.reason, m.ref, u.name AS actorName, m.at, m.rowid AS seq
           FROM stock_movements m LEFT JOIN users u ON u.id = m.actor_id WHERE m.batch_id = ?) ORDER BY seq DESC LIMIT ?`,
      )
      .bind(batchId, limit),
    db.prepare('SELECT COUNT(*) AS n FROM stock_movements WHERE batch_id = ?').bind(batchId),
  ]);
  const items = (rows!.results as Array<{ id: string; kind: MovementKind; delta: number; balance: number; reason: string | null; ref: string | null; actorName: string | null; at: number }>).map(
    ({ id, kind, delta, balance, reason, ref, actorName, at }) => ({ id, kind, kindLabel: MOVEMENT_KIND_LABELS[kind], delta, balance, reason, ref, actorName, at }),
  );
  return { batch, items, total: Number((count!.results[0] as { n: number }).n) };
}
