/**
 * Applying a decided order transition in D1: the ONE adapter every path writes a move with (ADR 0019). The move is
 * guarded in SQL by the state table's from-set for (to, actor) (`transitionGuardSql`), and its effects follow from the
 * target state, never from the caller:
 * - leaving the holding states without the goods leaving (`cancelled`, `expired`): reserved stock and vouchers go back;
 * - a carrier landing outside the holding states (`CARRIER_OUT`: shipping, delivered, returned): the goods leave the
 *   warehouse once (reserved drops, and a `sale` movement of the stock ledger takes them out of on hand, ADR 0027);
 * - `returned`: the goods that left come back into their batches once (ADR 0010): all of them only when THIS batch
 *   made the move (a carrier return; a refused move restocks nothing), or the lines staff chose (a return received,
 *   which also works on an order already returned or refunded; the others may be written off, `writeOffStatements`);
 * - `returned`: the order's reviews are hidden (reason `returned`) and its products' ratings recomputed (#17,
 *   reviews/aggregate.d1.ts);
 * - `delivered`: a COD order's total is collected;
 * - always: the timeline row, the `order.<to>` outbox event (once), and the payment status re-derived (`settlePayment`).
 * Every effect is conditioned on the order being in the state that implies it and on a per-allocation/redemption
 * marker, so a replayed or racing batch changes nothing twice.
 */
import { auditStatement, type AuditWrite } from '../audit/write.d1';
import { outboxOnce, timelineAfterChange } from './events.d1';
import { settlePayment } from './money';
import { newId } from '../ids';
import { allocationMovementsStatement } from '../stock/ledger.d1';
import { returnedOrderReviewStatements } from '../reviews/aggregate.d1';
import { CARRIER_OUT, GOODS_RETURNED, statusInSql, transitionGuardSql, type Actor, type OrderStatus } from './state';

export interface TransitionActor {
  type: Actor;
  id: string | null;
  reason: string;
}

export interface TransitionOptions {
  /** An extra SQL condition on the order row (e.g. the carrier's shipment still being in the mapped state), with its binds. */
  when?: { sql: string; binds: unknown[] };
  /** Extra fields of the `order.<to>` outbox payload. */
  outbox?: Record<string, string>;
  /** A staff move's audit entry, written in the same batch only if the move happened. */
  audit?: Omit<AuditWrite, 'entityType' | 'entityId'>;
  /**
   * `returned` by staff: only these order lines go back into stock (the others are written off or stay out), whether or
   * not this batch moves the order (an order a carrier brought back is already returned). Without it, every line goes
   * back, and only if this batch made the move.
   */
  restockLines?: readonly string[];
}

/** Releases a cancelled or expired order's reservations and vouchers (once), while the order is in `to`. */
export function releaseStatements(d: D1Database, orderId: string, to: OrderStatus, now: number): D1PreparedStatement[] {
  const inTarget = statusInSql([to], '(SELECT status FROM orders WHERE id = ?)');
  const open = 'a.released_at IS NULL AND a.shipped_at IS NULL';
  return [
    d
      .prepare(
        `UPDATE stock_batches SET reserved = reserved - (
           SELECT COALESCE(SUM(a.quantity), 0) FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id
           WHERE l.order_id = ? AND a.batch_id = stock_batches.id AND ${open}), updated_at = ?
         WHERE id IN (SELECT a.batch_id FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id WHERE l.order_id = ? AND ${open})
           AND ${inTarget}`,
      )
      .bind(orderId, now, orderId, orderId),
    d
      .prepare(`UPDATE order_allocations SET released_at = ? WHERE released_at IS NULL AND shipped_at IS NULL AND order_line_id IN (SELECT id FROM order_lines WHERE order_id = ?) AND ${inTarget}`)
      .bind(now, orderId, orderId),
    d
      .prepare(
        `UPDATE vouchers SET used_count = used_count - (SELECT COUNT(*) FROM voucher_redemptions r WHERE r.voucher_id = vouchers.id AND r.order_id = ? AND r.released_at IS NULL), updated_at = ?
         WHERE id IN (SELECT voucher_id FROM voucher_redemptions WHERE order_id = ? AND released_at IS NULL) AND ${inTarget}`,
      )
      .bind(orderId, now, orderId, orderId),
    d.prepare(`UPDATE voucher_redemptions SET released_at = ? WHERE order_id = ? AND released_at IS NULL AND ${inTarget}`).bind(now, orderId, orderId),
  ];
}

const allocations = (cond: string) =>
  `SELECT a.id, a.batch_id, a.quantity FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id WHERE l.order_id = ? AND a.released_at IS NULL AND ${cond}`;

/**
 * The goods leave the warehouse once, while the order is in a carrier-out state: the reservation is dropped, then one
 * `sale` movement per allocation takes the units out of its batch (the ledger moves the quantity, stock/ledger.d1.ts).
 */
export function shipStatements(d: D1Database, orderId: string, now: number, actorId: string | null = null): D1PreparedStatement[] {
  const out = statusInSql(CARRIER_OUT, '(SELECT status FROM orders WHERE id = ?)');
  const pending = allocations('a.shipped_at IS NULL');
  return [
    // Reserved first: `reserved <= quantity` holds after each statement.
    d
      .prepare(
        `UPDATE stock_batches SET reserved = reserved - (SELECT COALESCE(SUM(x.quantity), 0) FROM (${pending}) x WHERE x.batch_id = stock_batches.id), updated_at = ?
         WHERE id IN (SELECT batch_id FROM (${pending})) AND ${out}`,
      )
      .bind(orderId, now, orderId, orderId),
    allocationMovementsStatement(d, 'sale', orderId, { sql: pending, binds: [orderId] }, { sql: out, binds: [orderId] }, actorId, now),
    d
      .prepare(`UPDATE order_allocations SET shipped_at = ? WHERE released_at IS NULL AND shipped_at IS NULL AND order_line_id IN (SELECT id FROM order_lines WHERE order_id = ?) AND ${out}`)
      .bind(now, orderId, orderId),
  ];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** Not written off (issue 13: staff may write off returned goods, once per allocation, `stock_write_offs`). */
const NOT_WRITTEN_OFF = 'NOT EXISTS (SELECT 1 FROM stock_write_offs w WHERE w.allocation_id = a.id)';

/**
 * Returned goods go back into their original batches (same lot and expiry) once, while the order's goods are back
 * (`GOODS_RETURNED`: returned, or refunded after that): only allocations that left (`shipped_at`), are not back yet
 * (`restocked_at`) and were not written off. Scope:
 * - `{ lines }`: those order lines (staff choosing per line at a return received);
 * - `{ movedBy }`: every line, only if the timeline row `movedBy` exists, i.e. the guarded move of THIS batch happened (a
 *   carrier return: the parcel comes back sealed, ADR 0010). A carrier callback the table refuses (staff already
 *   received the return, restocking only some lines) therefore restocks nothing.
 */
export function restockStatements(d: D1Database, orderId: string, now: number, scope: { lines: readonly string[] } | { movedBy: string }, actorId: string | null = null): D1PreparedStatement[] {
  if ('lines' in scope && !scope.lines.length) return [];
  const ids = 'lines' in scope ? scope.lines : [];
  const goodsBack = statusInSql(GOODS_RETURNED, '(SELECT status FROM orders WHERE id = ?)');
  const cond = 'movedBy' in scope ? `${goodsBack} AND EXISTS (SELECT 1 FROM order_events WHERE id = ?)` : goodsBack;
  const condBinds = 'movedBy' in scope ? [orderId, scope.movedBy] : [orderId];
  const lines = 'lines' in scope ? ` AND a.order_line_id IN (${placeholders(ids.length)})` : '';
  const back = `SELECT a.id, a.batch_id, a.quantity FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id
    WHERE l.order_id = ? AND a.released_at IS NULL AND a.shipped_at IS NOT NULL AND a.restocked_at IS NULL AND ${NOT_WRITTEN_OFF}${lines}`;
  return [
    allocationMovementsStatement(d, 'return', orderId, { sql: back, binds: [orderId, ...ids] }, { sql: cond, binds: condBinds }, actorId, now),
    d.prepare(`UPDATE order_allocations SET restocked_at = ? WHERE id IN (SELECT id FROM (${back})) AND ${cond}`).bind(now, orderId, ...ids, ...condBinds),
  ];
}

/**
 * Returned goods judged unfit are written off, once per allocation (`stock_write_offs`, unique per allocation): units
 * that had already gone back into their batch (a carrier return restocks on arrival) are taken out again; units that
 * never went back stay out. Only while the order's goods are back (`GOODS_RETURNED`: returned, or refunded after that).
 */
export function writeOffStatements(d: D1Database, orderId: string, lineIds: readonly string[], reason: string, actorId: string | null, now: number): D1PreparedStatement[] {
  if (!lineIds.length) return [];
  const isReturned = statusInSql(GOODS_RETURNED, '(SELECT status FROM orders WHERE id = ?)');
  const open = `a.shipped_at IS NOT NULL AND ${NOT_WRITTEN_OFF} AND a.order_line_id IN (${placeholders(lineIds.length)})`;
  const back = `SELECT a.id, a.batch_id, a.quantity FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id
    WHERE l.order_id = ? AND a.released_at IS NULL AND a.restocked_at IS NOT NULL AND ${open}`;
  return [
    // Before the write-off rows (`back` excludes allocations already written off).
    allocationMovementsStatement(d, 'write_off', orderId, { sql: back, binds: [orderId, ...lineIds] }, { sql: isReturned, binds: [orderId] }, actorId, now, reason),
    d
      .prepare(
        `INSERT INTO stock_write_offs (id, allocation_id, batch_id, quantity, restocked, reason, actor_id, created_at)
         SELECT lower(hex(randomblob(16))), a.id, a.batch_id, a.quantity, a.restocked_at IS NOT NULL, ?, ?, ?
         FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id
         WHERE l.order_id = ? AND a.released_at IS NULL AND ${open} AND ${isReturned}
         ON CONFLICT (allocation_id) DO NOTHING`,
      )
      .bind(reason, actorId, now, orderId, ...lineIds, orderId),
  ];
}

/**
 * The statements of one transition of order `orderId` to `to` by `actor`, for ONE D1 batch (the caller may put its own
 * statements before them). The FIRST statement is the guarded status change: its `meta.changes === 1` says the move
 * happened; a move the table does not allow from the order's current state changes nothing (and has no effect).
 */
export function transitionStatements(d: D1Database, orderId: string, to: OrderStatus, actor: TransitionActor, now: number, opts: TransitionOptions = {}): D1PreparedStatement[] {
  const guard = transitionGuardSql(to, actor.type);
  // The timeline row's id: it exists only if the guarded move of THIS batch happened (effects that must not run on a
  // refused move are conditioned on it).
  const moveId = newId();
  // A COD order is paid when the parcel is delivered (by the carrier or a staff override alike).
  const collect = to === 'delivered' ? "paid_amount = CASE WHEN payment_method = 'cod' THEN total ELSE paid_amount END, " : '';
  const s: D1PreparedStatement[] = [
    d
      .prepare(`UPDATE orders SET status = ?, ${collect}updated_at = ? WHERE id = ? AND ${guard}${opts.when ? ` AND ${opts.when.sql}` : ''}`)
      .bind(to, now, orderId, ...(opts.when?.binds ?? [])),
    timelineAfterChange(d, orderId, to, actor, now, moveId),
    // Right after the timeline row, which exists only if the guarded move changed the order.
    ...(opts.audit ? [auditStatement(d, { ...opts.audit, entityType: 'order', entityId: orderId }, now, 'changed')] : []),
    outboxOnce(d, orderId, to, now, opts.outbox),
  ];
  if (to === 'cancelled' || to === 'expired') s.push(...releaseStatements(d, orderId, to, now));
  // Money first (a prepaid order that comes back holds money: refund_pending), then the goods.
  s.push(...settlePayment(d, orderId, now));
  // The ledger's movements name the staff member who made the move (null for the carrier, payment and system).
  if (CARRIER_OUT.has(to)) s.push(...shipStatements(d, orderId, now, actor.id));
  if (to === 'returned') s.push(...restockStatements(d, orderId, now, opts.restockLines ? { lines: opts.restockLines } : { movedBy: moveId }, actor.id));
  // #17: goods that came back are no longer a verified purchase: the order's reviews are hidden and the ratings recomputed.
  if (to === 'returned') s.push(...returnedOrderReviewStatements(d, orderId, now));
  return s;
}

/** Applies one decided transition in its own batch; true when the order moved. */
export async function applyTransition(d: D1Database, orderId: string, to: OrderStatus, actor: TransitionActor, now: number, opts: TransitionOptions = {}): Promise<boolean> {
  const res = await d.batch(transitionStatements(d, orderId, to, actor, now, opts));
  return res[0]!.meta.changes === 1;
}
