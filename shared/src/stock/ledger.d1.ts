/**
 * THE stock ledger (issue 14, ADR 0027, migration 0020). Every change of a batch's on-hand quantity is an append-only
 * `stock_movements` row; the database keeps `stock_batches.quantity` equal to the batch's ledger sum (a movement's insert
 * trigger sets it, an UPDATE of quantity that differs from the sum aborts). So every writer of stock goes through the
 * statements built here:
 * - `receiveStatements`: a new batch and its `receipt` movement (the receive route, the import's batches sheet);
 * - `adjustStatements`: a count correction, damage, expiry write-off or return to supplier, never below what open
 *   orders reserve (guarded in SQL);
 * - `allocationMovementsStatement`: the order paths (ship / restock / write-off, orders/transition.d1.ts);
 * - `heldMovementsStatement`: the same over any held allocation (a pickup dispensed at the counter, pickup/reservations.d1.ts).
 * Quantities are base units; the conversion from a selling unit is `toBaseUnits` / `costPerBaseUnit`.
 */
import { auditStatement } from '../audit/write.d1';
import { DAY_MS, vietnamDayStart } from '../catalog/availability';
import { newId } from '../ids';
import { liveProductExistsSql } from '../catalog/live.d1';

export const MOVEMENT_KINDS = ['opening', 'receipt', 'sale', 'return', 'count', 'damage', 'expiry', 'supplier_return', 'write_off'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_KIND_LABELS: Record<MovementKind, string> = {
  opening: 'Tồn đầu kỳ',
  receipt: 'Nhập kho',
  sale: 'Xuất bán',
  return: 'Hàng hoàn nhập lại',
  count: 'Điều chỉnh kiểm kê',
  damage: 'Hư hỏng',
  expiry: 'Hủy hàng hết hạn',
  supplier_return: 'Trả nhà cung cấp',
  write_off: 'Xuất hủy hàng hoàn',
};

/** What staff may adjust by hand. `count`: the counted total; the others: the amount removed. */
export const ADJUSTMENT_KINDS = ['count', 'damage', 'expiry', 'supplier_return'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** A receipt expiring within this many days (or already expired) needs an explicit confirmation. */
export const SHORT_EXPIRY_DAYS = 30;

/** Quantity in a selling unit of `factor` base units → base units. */
export function toBaseUnits(quantity: number, factor: number): number {
  if (!Number.isInteger(quantity) || quantity < 0 || !Number.isInteger(factor) || factor < 1) throw new RangeError('quantity and factor must be whole numbers');
  const base = quantity * factor;
  if (!Number.isSafeInteger(base)) throw new RangeError('quantity too large');
  return base;
}

/**
 * Cost per selected unit (VND) → cost per base unit (integer VND), rounded half up: a box of 10 at 25,005đ costs 2,501đ
 * a tablet. Rounding moves the valuation by less than half a đồng per base unit.
 */
export function costPerBaseUnit(costPerUnit: number, factor: number): number {
  if (!Number.isInteger(costPerUnit) || costPerUnit < 0 || !Number.isInteger(factor) || factor < 1) throw new RangeError('cost and factor must be whole numbers');
  return Math.floor((costPerUnit * 2 + factor) / (2 * factor));
}

/** Whole Vietnam calendar days from `today` to `date` (both YYYY-MM-DD); negative once past. */
export function daysBetween(today: string, date: string): number {
  const a = vietnamDayStart(today);
  const b = vietnamDayStart(date);
  if (a === null || b === null) throw new RangeError('not a date');
  return Math.round((b - a) / DAY_MS);
}

/**
 * THE short-expiry rule of a receipt: null when fine; otherwise whether the batch is already expired (not sellable from
 * its expiry date on: catalog/availability `isSellable`) and how many days are left. Expiring within
 * `SHORT_EXPIRY_DAYS` days (inclusive) counts as short.
 */
export function shortExpiry(expiryDate: string, today: string): { expired: boolean; daysToExpiry: number } | null {
  const days = daysBetween(today, expiryDate);
  if (days > SHORT_EXPIRY_DAYS) return null;
  return { expired: days <= 0, daysToExpiry: days };
}

export interface LedgerActor {
  id: string | null;
  role: string;
}

export interface ReceiveInput {
  /** Give the batch a known id (default: a new one). */
  batchId?: string;
  productId: string;
  lotNumber: string;
  expiryDate: string;
  /** Base units, ≥ 1. */
  quantity: number;
  /** VND per base unit, or null when unknown. */
  costPrice: number | null;
  supplier: string | null;
  /** Epoch ms the goods arrived. */
  receivedAt: number;
  /** What caused it (an import id…). */
  ref?: string | null;
  reason?: string | null;
  actor: LedgerActor;
  /** Extra audit data (the selected unit and quantity as entered…). */
  auditData?: Record<string, unknown>;
}

/**
 * A new batch and its `receipt` movement, plus the audit entry, for ONE D1 batch (the caller may add its own statements).
 * If the product already has a batch with that lot number, or is soft-deleted (`liveProductExistsSql`: a deleted
 * product receives no stock), nothing is written: the FIRST statement's `meta.changes` is 0 (else > 0: D1 counts the rows its triggers write too); answer 409 STOCK_LOT_EXISTS.
 */
export function receiveStatements(d: D1Database, input: ReceiveInput, now: number): { batchId: string; statements: D1PreparedStatement[] } {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1) throw new RangeError('receipt quantity must be a positive whole number of base units');
  const batchId = input.batchId ?? newId();
  const movementId = newId();
  const statements = [
    d
      .prepare(
        `INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, cost_price, supplier, received_at, created_at, updated_at)
         SELECT ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ? WHERE ${liveProductExistsSql} ON CONFLICT (product_id, lot_number) DO NOTHING`,
      )
      .bind(batchId, input.productId, input.lotNumber, input.expiryDate, input.costPrice, input.supplier, input.receivedAt, now, now, input.productId),
    // Only into the batch this receipt just created (a lot that existed already is left alone).
    d
      .prepare(
        `INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, reason, ref, allocation_id, actor_id, at)
         SELECT ?, b.id, b.product_id, ?, 'receipt', ?, ?, NULL, ?, ? FROM stock_batches b WHERE b.id = ? AND b.created_at = ? AND b.quantity = 0
           AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.batch_id = b.id)`,
      )
      .bind(movementId, input.quantity, input.reason ?? null, input.ref ?? null, input.actor.id, now, batchId, now),
    auditStatement(
      d,
      {
        actor: input.actor,
        action: 'stock.receive',
        entityType: 'stock_batch',
        entityId: batchId,
        data: {
          productId: input.productId,
          lotNumber: input.lotNumber,
          expiryDate: input.expiryDate,
          quantity: input.quantity,
          costPrice: input.costPrice,
          supplier: input.supplier,
          ...(input.ref ? { ref: input.ref } : {}),
          ...input.auditData,
        },
      },
      now,
      'changed',
    ),
  ];
  return { batchId, statements };
}

export interface AdjustInput {
  batchId: string;
  kind: AdjustmentKind;
  /** Base units: `count` the counted total (≥ 0), the others the amount removed (≥ 1). */
  quantity: number;
  reason: string;
  actor: LedgerActor;
  auditData?: Record<string, unknown>;
}

/** SQL: the delta an adjustment makes on batch `b` (binds: the quantity). */
const adjustDeltaSql = (kind: AdjustmentKind) => (kind === 'count' ? '(? - b.quantity)' : '(0 - ?)');

/**
 * An adjustment movement and its audit entry, for ONE D1 batch. Guarded in SQL: written only when it changes the
 * quantity and leaves at least what open orders reserve (`quantity + delta >= reserved`, which also keeps it ≥ 0). The
 * FIRST statement's `meta.changes` is 0 when refused (read the batch again: `adjustmentProblem`), > 0 when written.
 */
export function adjustStatements(d: D1Database, input: AdjustInput, now: number): D1PreparedStatement[] {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < (input.kind === 'count' ? 0 : 1)) throw new RangeError('adjustment quantity out of range');
  const delta = adjustDeltaSql(input.kind);
  return [
    d
      .prepare(
        `INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, reason, ref, allocation_id, actor_id, at)
         SELECT ?, b.id, b.product_id, ${delta}, ?, ?, NULL, NULL, ?, ? FROM stock_batches b
         WHERE b.id = ? AND ${delta} <> 0 AND b.quantity + ${delta} >= b.reserved`,
      )
      .bind(newId(), input.quantity, input.kind, input.reason, input.actor.id, now, input.batchId, input.quantity, input.quantity),
    auditStatement(
      d,
      { actor: input.actor, action: 'stock.adjust', entityType: 'stock_batch', entityId: input.batchId, data: { kind: input.kind, quantity: input.quantity, reason: input.reason, ...input.auditData } },
      now,
      'changed',
    ),
  ];
}

/**
 * Why an adjustment of a batch holding `quantity` (of which `reserved` is held by open orders) would not be written:
 * `below_reserved` (409 STOCK_BELOW_RESERVED), `no_change` (a count equal to what is on hand), or null. The same rule
 * as the SQL guard of `adjustStatements`.
 */
export function adjustmentProblem(batch: { quantity: number; reserved: number }, kind: AdjustmentKind, quantity: number): { problem: 'below_reserved' | 'no_change'; after: number } | null {
  const after = kind === 'count' ? quantity : batch.quantity - quantity;
  if (after === batch.quantity) return { problem: 'no_change', after };
  if (after < batch.reserved) return { problem: 'below_reserved', after };
  return null;
}

/**
 * The order paths' movements (orders/transition.d1.ts): one `kind` movement per allocation selected by `allocs`
 * (an SQL select of `id, batch_id, quantity`, with its binds), while `cond` holds, referencing the order's code.
 * `sale` and `write_off` take the goods out, `return` puts them back.
 */
export function allocationMovementsStatement(
  d: D1Database,
  kind: 'sale' | 'return' | 'write_off',
  orderId: string,
  allocs: { sql: string; binds: readonly unknown[] },
  cond: { sql: string; binds: readonly unknown[] },
  actorId: string | null,
  now: number,
  reason: string = MOVEMENT_KIND_LABELS[kind],
): D1PreparedStatement {
  return heldMovementsStatement(d, kind, { sql: '(SELECT code FROM orders WHERE id = ?)', binds: [orderId] }, allocs, cond, actorId, now, reason);
}

/**
 * One `kind` movement per allocation of held stock selected by `allocs` (an SQL select of `id, batch_id, quantity`: an
 * order allocation, a pickup allocation), while `cond` holds; `ref` is an SQL expression naming what caused it (the
 * order or pickup code). The allocation id goes into `allocation_id`, so each allocation moves at most once per kind
 * (unique index). `sale` and `write_off` take the goods out, `return` puts them back.
 */
export function heldMovementsStatement(
  d: D1Database,
  kind: 'sale' | 'return' | 'write_off',
  ref: { sql: string; binds: readonly unknown[] },
  allocs: { sql: string; binds: readonly unknown[] },
  cond: { sql: string; binds: readonly unknown[] },
  actorId: string | null,
  now: number,
  reason: string = MOVEMENT_KIND_LABELS[kind],
): D1PreparedStatement {
  const sign = kind === 'return' ? '' : '0 - ';
  return d
    .prepare(
      `INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, reason, ref, allocation_id, actor_id, at)
       SELECT lower(hex(randomblob(16))), x.batch_id, b.product_id, ${sign}x.quantity, ?, ?, ${ref.sql}, x.id, ?, ?
       FROM (${allocs.sql}) x JOIN stock_batches b ON b.id = x.batch_id WHERE ${cond.sql}`,
    )
    .bind(kind, reason, ...ref.binds, actorId, now, ...allocs.binds, ...cond.binds);
}
