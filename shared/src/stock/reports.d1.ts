/**
 * Stock reports (issue 14, ADR 0027): low stock (per-product threshold), batches expiring within 30/60/90 days, stock
 * valuation at cost. Plain functions over D1 so the report routes (admin-stock.ts) and the exports (catalog/io) read
 * the same rows. Availability is THE rule of catalog/availability.ts, read through its summary (`availableBaseSummarySql`,
 * `inStockSummarySql`: exact, the live rule when the summary is stale), never retyped.
 */
import { z } from '@hono/zod-openapi';
import { availableBaseSummarySql, inStockSummarySql, lowStockSql, lowStockThresholdBaseSql, sellableBatchSql, vietnamDate } from '../catalog/availability';

/**
 * THE low-stock rule, as SQL: the products (optionally narrowed by `scope`, a condition on `p`) whose sellable stock is
 * below their threshold. `products.low_stock_threshold` counts the product's default selling unit (0 = not tracked), so
 * the threshold in base units is × that unit's factor. `today` is an SQL expression for the Vietnam date. Used by this
 * report and the dashboard's widget.
 */
export function lowStockReportSql(today: string, scope = 'p.deleted_at IS NULL'): string {
  return `WITH s AS MATERIALIZED (
      SELECT p.id AS productId, p.name, p.slug, p.base_unit AS baseUnit, COALESCE(du.name, p.base_unit) AS unit, COALESCE(du.factor, 1) AS factor,
        p.low_stock_threshold AS thresholdUnits, ${lowStockThresholdBaseSql('p', 'du')} AS threshold, ${availableBaseSummarySql('p.id', today)} AS available,
        ${inStockSummarySql('p.id', today)} AS inStock, p.visible, p.approval_state AS approvalState
      FROM products p LEFT JOIN product_units du ON du.product_id = p.id AND du.is_default = 1
      WHERE ${lowStockSql('p', 'du', today)} AND ${scope})
    SELECT * FROM s ORDER BY 1.0 * available / threshold, name, productId`;
}

export const LowStockRowSchema = z
  .object({
    productId: z.string(),
    name: z.string(),
    slug: z.string(),
    baseUnit: z.string(),
    unit: z.string().openapi({ description: 'The default selling unit the threshold counts' }),
    factor: z.number().int(),
    thresholdUnits: z.number().int(),
    threshold: z.number().int().openapi({ description: 'Base units' }),
    available: z.number().int().openapi({ description: 'Sellable base units (on hand − reserved, unexpired batches)' }),
    availableUnits: z.number().int().openapi({ description: 'Whole default units sellable' }),
    inStock: z.boolean(),
    visible: z.boolean(),
    approvalState: z.string(),
  })
  .openapi('LowStockRow');
export const LowStockReportSchema = z.object({ today: z.string(), items: z.array(LowStockRowSchema), totals: z.object({ products: z.number().int(), outOfStock: z.number().int() }) }).openapi('LowStockReport');
export type LowStockReport = z.infer<typeof LowStockReportSchema>;

export async function lowStockReport(db: D1Database, now: number): Promise<LowStockReport> {
  const today = vietnamDate(now);
  const rows = await db.prepare(lowStockReportSql('?1')).bind(today).all<Record<string, number | string>>();
  const items = rows.results.map((r) => ({
    productId: String(r.productId),
    name: String(r.name),
    slug: String(r.slug),
    baseUnit: String(r.baseUnit),
    unit: String(r.unit),
    factor: Number(r.factor),
    thresholdUnits: Number(r.thresholdUnits),
    threshold: Number(r.threshold),
    available: Number(r.available),
    availableUnits: Math.floor(Math.max(0, Number(r.available)) / Number(r.factor)),
    inStock: Number(r.inStock) === 1,
    visible: Number(r.visible) === 1,
    approvalState: String(r.approvalState),
  }));
  return { today, items, totals: { products: items.length, outOfStock: items.filter((i) => !i.inStock).length } };
}

export const EXPIRY_WINDOWS = [30, 60, 90] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

export const ExpiringRowSchema = z
  .object({
    batchId: z.string(),
    productId: z.string(),
    productName: z.string(),
    lotNumber: z.string(),
    expiryDate: z.string(),
    daysToExpiry: z.number().int(),
    expired: z.boolean(),
    quantity: z.number().int(),
    reserved: z.number().int(),
    baseUnit: z.string(),
    costPrice: z.number().int().nullable(),
    value: z.number().int().nullable(),
    supplier: z.string().nullable(),
  })
  .openapi('ExpiringBatchRow');
export const ExpiringReportSchema = z
  .object({ today: z.string(), days: z.number().int(), items: z.array(ExpiringRowSchema), totals: z.object({ batches: z.number().int(), quantity: z.number().int(), value: z.number().int() }) })
  .openapi('ExpiringReport');
export type ExpiringReport = z.infer<typeof ExpiringReportSchema>;

/** Batches with stock on hand expiring within `days` days of today (already expired ones included, flagged). */
export async function expiringReport(db: D1Database, now: number, days: ExpiryWindow): Promise<ExpiringReport> {
  const today = vietnamDate(now);
  const rows = await db
    .prepare(
      `SELECT b.id AS batchId, b.product_id AS productId, p.name AS productName, b.lot_number AS lotNumber, b.expiry_date AS expiryDate,
         CAST(julianday(b.expiry_date) - julianday(?1) AS INTEGER) AS daysToExpiry, NOT (${sellableBatchSql('b', '?1')}) AS expired,
         b.quantity, b.reserved, p.base_unit AS baseUnit, b.cost_price AS costPrice, b.quantity * b.cost_price AS value, b.supplier
       FROM stock_batches b JOIN products p ON p.id = b.product_id
       WHERE b.quantity > 0 AND b.expiry_date <= date(?1, '+' || ?2 || ' days')
       ORDER BY b.expiry_date, p.name, b.lot_number, b.id`,
    )
    .bind(today, days)
    .all<Omit<ExpiringReport['items'][number], 'expired'> & { expired: number }>();
  const items = rows.results.map((r) => ({ ...r, expired: Number(r.expired) === 1 }));
  return {
    today,
    days,
    items,
    totals: { batches: items.length, quantity: items.reduce((a, r) => a + r.quantity, 0), value: items.reduce((a, r) => a + (r.value ?? 0), 0) },
  };
}

export const ValuationRowSchema = z
  .object({
    productId: z.string(),
    name: z.string(),
    slug: z.string(),
    baseUnit: z.string(),
    batches: z.number().int(),
    quantity: z.number().int().openapi({ description: 'On hand, base units (all batches)' }),
    value: z.number().int().openapi({ description: 'Σ quantity × cost price (VND), batches with a cost' }),
    expiredQuantity: z.number().int(),
    expiredValue: z.number().int(),
    batchesWithoutCost: z.number().int(),
  })
  .openapi('ValuationRow');
export const ValuationReportSchema = z
  .object({
    today: z.string(),
    items: z.array(ValuationRowSchema),
    totals: z.object({ products: z.number().int(), quantity: z.number().int(), value: z.number().int(), expiredValue: z.number().int(), batchesWithoutCost: z.number().int() }),
  })
  .openapi('ValuationReport');
export type ValuationReport = z.infer<typeof ValuationReportSchema>;

/** On-hand stock valued at cost per product (highest value first); expired stock shown apart (it will be written off). */
export async function valuationReport(db: D1Database, now: number): Promise<ValuationReport> {
  const today = vietnamDate(now);
  const expired = `NOT (${sellableBatchSql('b', '?1')})`;
  const rows = await db
    .prepare(
      `SELECT p.id AS productId, p.name, p.slug, p.base_unit AS baseUnit, COUNT(*) AS batches, SUM(b.quantity) AS quantity,
         COALESCE(SUM(b.quantity * b.cost_price), 0) AS value,
         SUM(CASE WHEN ${expired} THEN b.quantity ELSE 0 END) AS expiredQuantity,
         COALESCE(SUM(CASE WHEN ${expired} THEN b.quantity * b.cost_price END), 0) AS expiredValue,
         SUM(b.cost_price IS NULL) AS batchesWithoutCost
       FROM stock_batches b JOIN products p ON p.id = b.product_id WHERE b.quantity > 0
       GROUP BY p.id ORDER BY value DESC, p.name, p.id`,
    )
    .bind(today)
    .all<ValuationReport['items'][number]>();
  const items = rows.results;
  const sum = (k: 'quantity' | 'value' | 'expiredValue' | 'batchesWithoutCost') => items.reduce((a, r) => a + Number(r[k]), 0);
  return { today, items, totals: { products: items.length, quantity: sum('quantity'), value: sum('value'), expiredValue: sum('expiredValue'), batchesWithoutCost: sum('batchesWithoutCost') } };
}
