/**
 * The stock and money statements that go with an order move, written once and used by every path that makes the
 * move: carrier events (shipping/repo.d1.ts) and staff moves (orders/staff-actions.d1.ts). Each statement is guarded
 * by the state the order is in when it runs (the guarded `UPDATE orders` goes first in the same batch), and by the
 * allocation's own markers, so a replay or a second path changes nothing twice.
 */
import { settlePayment } from './money';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** SQL: the order is now in one of `states` (binds the order id once). */
const orderIs = (states: readonly string[]) => `(SELECT status FROM orders WHERE id = ?) IN (${states.map((x) => `'${x}'`).join(',')})`;
/** The order's live allocations matching `cond` (binds the order id, then `params`). */
const allocations = (cond: string) =>
  `SELECT a.id, a.batch_id, a.quantity FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id WHERE l.order_id = ? AND a.released_at IS NULL AND ${cond}`;

/** Order states in which the goods have left the warehouse. */
export const GOODS_OUT = ['shipping', 'delivered', 'returned'] as const;

/** The extra `SET` clause of the move to `delivered`: a COD order is paid in full when the carrier hands it over. */
export const DELIVERED_SET = "paid_amount = CASE WHEN payment_method = 'cod' THEN total ELSE paid_amount END,";

/** Goods leave the warehouse once: on-hand quantity and reservation drop together (availability is unchanged). */
export function shipStock(d: D1Database, orderId: string, now: number): D1PreparedStatement[] {
  const unshipped = allocations('a.shipped_at IS NULL');
  return [
    d
      .prepare(
        `UPDATE stock_batches SET quantity = quantity - (SELECT COALESCE(SUM(x.quantity), 0) FROM (${unshipped}) x WHERE x.batch_id = stock_batches.id),
           reserved = reserved - (SELECT COALESCE(SUM(x.quantity), 0) FROM (${unshipped}) x WHERE x.batch_id = stock_batches.id), updated_at = ?
         WHERE id IN (SELECT batch_id FROM (${unshipped})) AND ${orderIs(GOODS_OUT)}`,
      )
      .bind(orderId, orderId, now, orderId, orderId),
    d
      .prepare(`UPDATE order_allocations SET shipped_at = ? WHERE released_at IS NULL AND shipped_at IS NULL AND order_line_id IN (SELECT id FROM order_lines WHERE order_id = ?) AND ${orderIs(GOODS_OUT)}`)
      .bind(now, orderId, orderId),
  ];
}

/** After the move to `delivered`: the payment status follows the money (COD paid by `DELIVERED_SET`), goods are out. */
export function deliveredEffects(d: D1Database, orderId: string, now: number): D1PreparedStatement[] {
  return [...settlePayment(d, orderId, now), ...shipStock(d, orderId, now)];
}

/**
 * Returned goods go back into their original batches (same lot and expiry), once per allocation: only allocations that
 * left (`shipped_at`), are not back yet (`restocked_at`) and were not written off. `lineIds` limits it to those order
 * lines (staff choosing per line); without it, every line (a carrier return: the parcel comes back sealed, ADR 0010).
 */
export function restockReturned(d: D1Database, orderId: string, now: number, lineIds?: readonly string[]): D1PreparedStatement[] {
  const lines = lineIds ? ` AND a.order_line_id IN (${placeholders(lineIds.length)})` : '';
  const ids = lineIds ?? [];
  const due = allocations(`a.shipped_at IS NOT NULL AND a.restocked_at IS NULL AND NOT EXISTS (SELECT 1 FROM stock_write_offs w WHERE w.allocation_id = a.id)${lines}`);
  return [
    d
      .prepare(
        `UPDATE stock_batches SET quantity = quantity + (SELECT COALESCE(SUM(x.quantity), 0) FROM (${due}) x WHERE x.batch_id = stock_batches.id), updated_at = ?
         WHERE id IN (SELECT batch_id FROM (${due})) AND ${orderIs(['returned'])}`,
      )
      .bind(orderId, ...ids, now, orderId, ...ids, orderId),
    d
      .prepare(`UPDATE order_allocations SET restocked_at = ? WHERE id IN (SELECT id FROM (${due})) AND ${orderIs(['returned'])}`)
      .bind(now, orderId, ...ids, orderId),
  ];
}

/**
 * Returned goods judged unfit are written off, once per allocation (`stock_write_offs`, unique per allocation): units
 * that had already gone back into their batch (a carrier return restocks on arrival) are taken out again; units that
 * never went back stay out. Only for a `returned` order.
 */
export function writeOffReturned(d: D1Database, orderId: string, lineIds: readonly string[], reason: string, actorId: string | null, now: number): D1PreparedStatement[] {
  if (!lineIds.length) return [];
  const lines = ` AND a.order_line_id IN (${placeholders(lineIds.length)})`;
  const open = `a.shipped_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stock_write_offs w WHERE w.allocation_id = a.id)${lines}`;
  const back = allocations(`a.restocked_at IS NOT NULL AND ${open}`);
  return [
    d
      .prepare(
        `UPDATE stock_batches SET quantity = quantity - (SELECT COALESCE(SUM(x.quantity), 0) FROM (${back}) x WHERE x.batch_id = stock_batches.id), updated_at = ?
         WHERE id IN (SELECT batch_id FROM (${back})) AND ${orderIs(['returned'])}`,
      )
      .bind(orderId, ...lineIds, now, orderId, ...lineIds, orderId),
    d
      .prepare(
        `INSERT INTO stock_write_offs (id, allocation_id, batch_id, quantity, restocked, reason, actor_id, created_at)
         SELECT lower(hex(randomblob(16))), a.id, a.batch_id, a.quantity, a.restocked_at IS NOT NULL, ?, ?, ?
         FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id
         WHERE l.order_id = ? AND a.released_at IS NULL AND ${open} AND ${orderIs(['returned'])}
         ON CONFLICT (allocation_id) DO NOTHING`,
      )
      .bind(reason, actorId, now, orderId, ...lineIds, orderId),
  ];
}
