/** Statements every order transition writes after its guarded `UPDATE orders`, shared by checkout and delivery. */
import { newId } from '../ids';

/**
 * The timeline row of the transition the statement just before it made: it is written only when that statement
 * changed exactly one row, and its `from_status` is the order's previous timeline state.
 */
export function timelineAfterChange(d: D1Database, orderId: string, to: string, actor: { type: string; id: string | null; reason: string }, now: number, id = newId()) {
  return d
    .prepare(
      `INSERT INTO order_events (id, order_id, from_status, to_status, actor_type, actor_id, reason, created_at)
       SELECT ?, ?, (SELECT to_status FROM order_events WHERE order_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1), ?, ?, ?, ?, ? WHERE changes() = 1`,
    )
    .bind(id, orderId, orderId, to, actor.type, actor.id, actor.reason, now);
}

/** The `order.<to>` outbox event, once per order and type, and only if the order is now in `to`. */
export function outboxOnce(d: D1Database, orderId: string, to: string, now: number, extra: Record<string, string> = {}) {
  const pairs = Object.keys(extra).map((k) => `, '${k}', ?`).join('');
  return d
    .prepare(
      `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
       SELECT ?, ?, 'order', id, json_object('orderId', id, 'code', code${pairs}), ? FROM orders
       WHERE id = ? AND status = ? AND NOT EXISTS (SELECT 1 FROM outbox_events WHERE aggregate_id = ? AND type = ?)`,
    )
    .bind(newId(), `order.${to}`, ...Object.values(extra), now, orderId, to, orderId, `order.${to}`);
}
