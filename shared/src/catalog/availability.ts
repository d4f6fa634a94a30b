/**
 * Stock is held per batch in the product's base unit. A batch is sellable while today (Vietnam time) is strictly
 * before its expiry date. Available = on hand − reserved, summed over sellable batches. Allocation is FEFO.
 * Vietnam calendar days (UTC+7, no DST) are read here too: `vietnamDate`, `vietnamDayRange` and their SQL forms.
 */
import { ValidationError } from '../errors';
import { unitOfferedSql } from './visibility';

export interface Batch {
  id: string;
  lotNumber: string;
  /** ISO date YYYY-MM-DD. */
  expiryDate: string;
  quantity: number;
  reserved: number;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
/** One calendar day in milliseconds (Vietnam has no DST). */
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Stock expiring within this many days is flagged "near expiry" on the product page. */
export const NEAR_EXPIRY_DAYS = 90;

/** Vietnam's wall clock (UTC+7, no DST) at `ms`, read with the getUTC* methods. */
export function vietnamClock(ms: number): Date {
  return new Date(ms + VIETNAM_OFFSET_MS);
}

/** Today's calendar date in Vietnam (UTC+7, no DST) as YYYY-MM-DD. */
export function vietnamDate(nowMs: number): string {
  return vietnamClock(nowMs).toISOString().slice(0, 10);
}

/** The first millisecond (epoch ms) of the Vietnam calendar day `YYYY-MM-DD`; null when `date` is not a real date. */
export function vietnamDayStart(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const utc = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 10) !== date) return null;
  return utc - VIETNAM_OFFSET_MS;
}

/**
 * THE reading of a `from`..`to` filter of Vietnam calendar days (both inclusive; absent or empty: open on that side)
 * as `[start, end)` epoch milliseconds, for every staff list and the dashboard. Anything else — not a real
 * `YYYY-MM-DD` date, `to` before `from`, a period longer than `maxDays` — is refused with ONE code,
 * 400 INVALID_DATE_RANGE (a Vietnamese message saying which).
 */
export function vietnamDayRange(from?: string, to?: string, opts: { maxDays?: number } = {}): { start: number | null; end: number | null } {
  const refuse = (message: string, extra: Record<string, unknown> = {}): never => {
    throw new ValidationError(message, { from: from ?? null, to: to ?? null, ...extra }, 'INVALID_DATE_RANGE');
  };
  const start = from ? vietnamDayStart(from) : null;
  const toStart = to ? vietnamDayStart(to) : null;
  if ((from && start === null) || (to && toStart === null)) refuse('Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 2026-11-29).');
  const end = toStart === null ? null : toStart + DAY_MS;
  if (start !== null && end !== null) {
    if (end <= start) refuse('Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.');
    if (opts.maxDays !== undefined && (end - start) / DAY_MS > opts.maxDays) refuse(`Khoảng thời gian tối đa ${opts.maxDays} ngày.`, { maxDays: opts.maxDays });
  }
  return { start, end };
}

/**
 * THE in-stock rule, as SQL (ADR 0019): 1 when product `p`'s sellable stock (on hand − reserved, over batches whose
 * expiry is after Vietnam's `today`) covers at least one of its smallest selling unit, else 0. Listings, search,
 * autocomplete, recommendations and the sold-out tracker all use it (the product page computes the same rule from its
 * loaded batches: `availableBaseUnits` ≥ a unit's factor). `p` is an SQL expression for the product id; `today` an SQL
 * expression for the date (a bound parameter), or a literal `YYYY-MM-DD`, checked and quoted here.
 */
export function inStockSql(p: string, today: string): string {
  const t = dateSql(today);
  return inStockRuleSql(availableBaseSql(p, t), minOfferedFactorSql(p));
}

/** A literal `YYYY-MM-DD` quoted as an SQL string; anything else is taken as an SQL expression. */
function dateSql(today: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(today) ? `'${today}'` : today;
}

/** SQL: the in-stock rule itself, over SQL expressions for the sellable base units and the smallest offered factor. */
const inStockRuleSql = (available: string, minFactor: string) => `(CASE WHEN ${available} >= ${minFactor} THEN 1 ELSE 0 END)`;

/** SQL: the smallest factor among product `p`'s offered selling units (NULL when none is offered: never in stock). */
export const minOfferedFactorSql = (p: string) => `(SELECT MIN(u2.factor) FROM product_units u2 WHERE u2.product_id = ${p} AND ${unitOfferedSql('u2')})`;

/**
 * SQL: the earliest expiry date among the batches `availableBaseSql` counts with stock left on them — the first Vietnam
 * day on which product `p`'s sellable stock can change without a write (a batch stops being sellable). NULL: never.
 */
export const staleOnSql = (p: string, today: string) =>
  `(SELECT MIN(sb.expiry_date) FROM stock_batches sb WHERE sb.product_id = ${p} AND ${sellableBatchSql('sb', today)} AND sb.quantity > sb.reserved)`;

// ---------------------------------------------------------------------------------------------------------------------
// The availability summary (migrations/0025_availability_summary.sql, ADR 0034): `product_availability` holds, per
// product, the in-stock rule's inputs and result as of Vietnam day `computed_on`, exact for every day in
// [computed_on, stale_on). Triggers on the statements that change stock keep it current; their SQL is generated here
// (`availabilityTriggersSql`) and a test proves the migration holds exactly that SQL.

/** SQL: SQLite's clock in epoch milliseconds (triggers cannot bind parameters; D1's clock is UTC like Date.now()). */
export const SQLITE_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/**
 * SQL: recomputes (upserts) the summary row of every product matching `productsWhere` (an SQL condition on `p`, a
 * products alias) as of Vietnam day `today` (SQL expression) at `nowMs` (SQL expression). The trigger bodies, the
 * backfill and the midnight cron step are all this one statement.
 */
export function availabilityUpsertSql(productsWhere: string, today: string, nowMs: string): string {
  const t = dateSql(today);
  return `INSERT INTO product_availability (product_id, in_stock, available_base, min_factor, stale_on, computed_on, updated_at)
  SELECT a.id, ${inStockRuleSql('a.available', 'a.min_factor')}, a.available, a.min_factor, a.stale_on, ${t}, ${nowMs}
  FROM (SELECT p.id AS id, ${availableBaseSql('p.id', t)} AS available, ${minOfferedFactorSql('p.id')} AS min_factor, ${staleOnSql('p.id', t)} AS stale_on
        FROM products p WHERE ${productsWhere}) a WHERE 1
  ON CONFLICT (product_id) DO UPDATE SET in_stock = excluded.in_stock, available_base = excluded.available_base, min_factor = excluded.min_factor,
    stale_on = excluded.stale_on, computed_on = excluded.computed_on, updated_at = excluded.updated_at`;
}

/** The migration's backfill: every product's row, as of SQLite's clock. */
export const availabilityBackfillSql = () => availabilityUpsertSql('1', vietnamDateSql(SQLITE_NOW_MS), SQLITE_NOW_MS);

/** The triggers that keep `product_availability` current (migration 0025 holds exactly these statements). */
export function availabilityTriggersSql(): string[] {
  const today = vietnamDateSql(SQLITE_NOW_MS);
  const upsert = (productId: string) => availabilityUpsertSql(`p.id = ${productId}`, today, SQLITE_NOW_MS);
  const trigger = (name: string, event: string, productId: string, when = '') =>
    `CREATE TRIGGER ${name} AFTER ${event}${when ? ` WHEN ${when}` : ''} BEGIN\n  ${upsert(productId)};\nEND`;
  return [
    trigger('product_availability_product_insert', 'INSERT ON products', 'NEW.id'),
    trigger('product_availability_batch_insert', 'INSERT ON stock_batches', 'NEW.product_id'),
    trigger('product_availability_batch_update', 'UPDATE OF quantity, reserved, expiry_date, product_id ON stock_batches', 'NEW.product_id'),
    trigger('product_availability_batch_move', 'UPDATE OF product_id ON stock_batches', 'OLD.product_id', 'OLD.product_id IS NOT NEW.product_id'),
    trigger('product_availability_batch_delete', 'DELETE ON stock_batches', 'OLD.product_id'),
    trigger('product_availability_unit_insert', 'INSERT ON product_units', 'NEW.product_id'),
    trigger('product_availability_unit_update', 'UPDATE OF factor, retired_at, product_id ON product_units', 'NEW.product_id'),
    trigger('product_availability_unit_move', 'UPDATE OF product_id ON product_units', 'OLD.product_id', 'OLD.product_id IS NOT NEW.product_id'),
    trigger('product_availability_unit_delete', 'DELETE ON product_units', 'OLD.product_id'),
    // A product selling out or coming back changes what every cached listing shows: the edge-cache key moves.
    `CREATE TRIGGER product_availability_flip_bump_catalog AFTER UPDATE OF in_stock ON product_availability WHEN OLD.in_stock IS NOT NEW.in_stock BEGIN\n  UPDATE meta SET value = value + 1 WHERE key = 'catalog_version';\nEND`,
  ];
}

/** The summary row of product `p` is exact on Vietnam day `t` (SQL expressions; `pa` is the summary's alias). */
const summaryFreshSql = (t: string, pa = 'pa') => `${pa}.computed_on <= ${t} AND (${pa}.stale_on IS NULL OR ${pa}.stale_on > ${t})`;

/** The same freshness test in JavaScript (the MongoDB catalogue's copy of the summary, ADR 0047): `summaryFreshSql`. */
export function summaryFresh(row: { computedOn: string; staleOn: string | null }, today: string): boolean {
  return row.computedOn <= today && (row.staleOn === null || row.staleOn > today);
}

/**
 * THE in-stock reading for a copy of the summary held outside D1 (a MongoDB product document, ADR 0047): the copy when
 * it is exact today, else the live rule `isInStock` over the copied batches and offered factors. Same contract as
 * `inStockCopySql`.
 */
export function inStockFromCopy(copy: { inStock: boolean; computedOn: string; staleOn: string | null } | null, batches: readonly Batch[], offeredFactors: readonly number[], today: string): boolean {
  return copy && summaryFresh(copy, today) ? copy.inStock : isInStock(batches, offeredFactors, today);
}

/**
 * THE in-stock expression for readers (listings, search, autocomplete, recommendations): the summary's `in_stock` when
 * its row is exact today, else the live rule `inStockSql` (a row that went stale at midnight, before the cron step
 * recomputed it). Same answer as `inStockSql`, one primary-key lookup instead of an aggregate per product. `today`: a
 * literal `YYYY-MM-DD` or an SQL expression that may be evaluated more than once (not a positional `?`).
 */
export function inStockSummarySql(p: string, today: string): string {
  const t = dateSql(today);
  return `COALESCE((SELECT pa.in_stock FROM product_availability pa WHERE pa.product_id = ${p} AND ${summaryFreshSql(t)}), ${inStockSql(p, t)})`;
}

/**
 * `inStockSummarySql` over a copy of the summary's `in_stock`, `computed_on` and `stale_on` columns held by row `row`
 * (search_docs, ADR 0042): the copy when it is exact today, else the live rule for product `p`. Same contract.
 */
export function inStockCopySql(row: string, p: string, today: string): string {
  const t = dateSql(today);
  return `(CASE WHEN ${summaryFreshSql(t, row)} THEN ${row}.in_stock ELSE ${inStockSql(p, t)} END)`;
}

/** The sellable base units of product `p`, from the summary when exact today, else `availableBaseSql` (same contract). */
export function availableBaseSummarySql(p: string, today: string): string {
  const t = dateSql(today);
  return `COALESCE((SELECT pa.available_base FROM product_availability pa WHERE pa.product_id = ${p} AND ${summaryFreshSql(t)}), ${availableBaseSql(p, t)})`;
}

/** SQL: summary row `pa` went stale by Vietnam day `today` (a counted batch expired; the midnight cron recomputes it). */
export const staleSummarySql = (pa: string, today: string) => `${pa}.stale_on <= ${dateSql(today)}`;
/** SQL: the products (alias `p`) whose summary went stale by `today`: `availabilityUpsertSql`'s condition for the cron. */
export const staleSummaryWhereSql = (today: string) => `p.id IN (SELECT pa.product_id FROM product_availability pa WHERE ${staleSummarySql('pa', today)})`;

/** The same rule over loaded batches and the product's unit factors (product page, tests). */
export function isInStock(batches: readonly Batch[], factors: readonly number[], today: string): boolean {
  return factors.length > 0 && availableBaseUnits(batches, today) >= Math.min(...factors);
}

export function isSellable(batch: Pick<Batch, 'expiryDate'>, today: string): boolean {
  return batch.expiryDate > today;
}

// The same rules as SQL, for queries that aggregate over many products (listings, the dashboard's low-stock widget):
// written once here, next to their JS form, so the database and the code cannot drift apart.

/** SQL: the Vietnam calendar date (YYYY-MM-DD) of the epoch-milliseconds SQL expression `ms` (`vietnamDate`). */
export const vietnamDateSql = (ms: string) => `date((${ms}) / 1000, 'unixepoch', '+7 hours')`;

/** SQL: the epoch milliseconds at which the Vietnam calendar day `day` (a YYYY-MM-DD SQL expression) begins. */
export const vietnamDayStartSql = (day: string) => `(CAST(strftime('%s', ${day}) AS INTEGER) * 1000 - ${VIETNAM_OFFSET_MS})`;

/** SQL: batch `b` (a table alias) is sellable on the Vietnam date `today` (a SQL expression): `isSellable`. */
export const sellableBatchSql = (b: string, today: string) => `${b}.expiry_date > ${today}`;

/** SQL: the sellable base units of the product whose id is the SQL expression `productId` (`availableBaseUnits`). */
export const availableBaseSql = (productId: string, today: string) =>
  `(SELECT COALESCE(SUM(sb.quantity - sb.reserved), 0) FROM stock_batches sb WHERE sb.product_id = ${productId} AND ${sellableBatchSql('sb', today)})`;

/**
 * SQL: THE low-stock rule (dashboard widget, admin product list): product `p` (alias) is low on stock when its
 * threshold, counted in its default selling unit `du` (alias, LEFT JOINed), is set (> 0) and its sellable base units
 * are below threshold × the default unit's factor. `lowStockThresholdBaseSql` is that threshold in base units.
 */
export const lowStockThresholdBaseSql = (p: string, du: string) => `(${p}.low_stock_threshold * COALESCE(${du}.factor, 1))`;
// Sellable base units are read through the availability summary (`availableBaseSummarySql`, #16): one lookup per product.
export const lowStockSql = (p: string, du: string, today: string) =>
  `(${p}.low_stock_threshold > 0 AND ${availableBaseSummarySql(`${p}.id`, today)} < ${lowStockThresholdBaseSql(p, du)})`;

export function batchAvailable(batch: Batch): number {
  return Math.max(0, batch.quantity - batch.reserved);
}

export function availableBaseUnits(batches: readonly Batch[], today: string): number {
  let total = 0;
  for (const b of batches) if (isSellable(b, today)) total += batchAvailable(b);
  return total;
}

/** How many whole selling units of `factor` base units can be sold from `availableBase`. */
export function unitsAvailable(availableBase: number, factor: number): number {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError('factor must be a positive integer');
  return Math.floor(Math.max(0, availableBase) / factor);
}

/** Batches in FEFO order: first expiring first, ties broken by lot number for a stable order. */
export function fefoOrder<T extends Pick<Batch, 'expiryDate' | 'lotNumber'>>(batches: readonly T[]): T[] {
  return [...batches].sort((a, b) => (a.expiryDate === b.expiryDate ? a.lotNumber.localeCompare(b.lotNumber) : a.expiryDate < b.expiryDate ? -1 : 1));
}

export interface Allocation {
  batchId: string;
  quantity: number;
}

/**
 * Takes `quantity` base units from sellable batches, first expiring first. Returns null when there is not enough.
 * Pure planning only: the reservation itself is a guarded UPDATE in one D1 batch, so a stale plan fails safely.
 */
export function allocateFefo(batches: readonly Batch[], quantity: number, today: string): Allocation[] | null {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be a positive integer');
  const out: Allocation[] = [];
  let remaining = quantity;
  for (const b of fefoOrder(batches.filter((x) => isSellable(x, today)))) {
    if (remaining === 0) break;
    const take = Math.min(batchAvailable(b), remaining);
    if (take > 0) {
      out.push({ batchId: b.id, quantity: take });
      remaining -= take;
    }
  }
  return remaining === 0 ? out : null;
}

/** Earliest expiry among sellable batches that still have stock, and whether it is near expiry. */
export function nearestExpiry(batches: readonly Batch[], today: string, nowMs: number): { date: string; nearExpiry: boolean } | null {
  const withStock = fefoOrder(batches.filter((b) => isSellable(b, today) && batchAvailable(b) > 0));
  const first = withStock[0];
  if (!first) return null;
  const limit = vietnamDate(nowMs + NEAR_EXPIRY_DAYS * DAY_MS);
  return { date: first.expiryDate, nearExpiry: first.expiryDate <= limit };
}
