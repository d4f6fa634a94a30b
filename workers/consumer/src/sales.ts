import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { saleMarkerSql, SALES_HANDLER } from '@medicare/shared/orders/sales';

/**
 * Best-seller counters (`products.sold_count`, in base units) and "bought together" counts (`co_purchases`, orders
 * per pair of distinct products). An order counts once when it is confirmed (COD at creation, bank transfer when
 * paid, any order when delivered) and is taken back once if it is cancelled or returned after that. Order-keyed
 * markers in `consumed_events` (`sale:<orderId>`, `unsale:<orderId>`) are written in the same batch as the counter
 * changes, so retries and replays can never count twice.
 */
export async function applySale(db: D1Database, orderId: string, direction: 1 | -1, now: number): Promise<boolean> {
  const guard = direction === 1 ? `NOT ${saleMarkerSql('sale', '?1')}` : `${saleMarkerSql('sale', '?1')} AND NOT ${saleMarkerSql('unsale', '?1')}`;
  // Every ordered pair of distinct products in the order (an order holding one product in two units counts once).
  const pairs = (extra = '') => `SELECT DISTINCT a.product_id, b.product_id${extra} FROM order_lines a JOIN order_lines b ON b.order_id = a.order_id AND b.product_id <> a.product_id WHERE a.order_id = ?1`;
  const [counted] = await db.batch([
    db
      .prepare(
        `UPDATE products SET sold_count = MAX(0, sold_count + ?2 * (SELECT COALESCE(SUM(l.quantity * l.factor), 0) FROM order_lines l WHERE l.order_id = ?1 AND l.product_id = products.id))
         WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = ?1) AND ${guard}`,
      )
      .bind(orderId, direction),
    // Taking back is an UPDATE: an upsert of -1 would trip the CHECK before reaching its conflict clause.
    direction === 1
      ? db
          .prepare(`INSERT INTO co_purchases (product_id, other_id, orders, updated_at) ${pairs(', 1, ?2')} AND ${guard} ON CONFLICT (product_id, other_id) DO UPDATE SET orders = orders + 1, updated_at = excluded.updated_at`)
          .bind(orderId, now)
      : db.prepare(`UPDATE co_purchases SET orders = MAX(0, orders - 1), updated_at = ?2 WHERE (product_id, other_id) IN (${pairs()}) AND ${guard}`).bind(orderId, now),
    db.prepare(`INSERT OR IGNORE INTO consumed_events (event_id, handler, processed_at) SELECT ?3 || ':' || ?1, '${SALES_HANDLER}', ?2 WHERE ${guard}`).bind(orderId, now, direction === 1 ? 'sale' : 'unsale'),
  ]);
  return (counted?.meta.changes ?? 0) > 0;
}

type Handler<B> = (e: EventEnvelope, env: B) => Promise<void>;

/** The order events with a sales side (best-seller counters and co-purchases). */
export const SALES_EVENTS = ['order.created', 'order.paid', 'order.delivered', 'order.cancelled', 'order.returned'] as const;

/** The sales side of each order event (runs before the email, so a failed email never re-counts). */
export function salesStep<B extends { DB: D1Database }>(type: string): Handler<B> | null {
  if (type === 'order.created') {
    return async (e, env) => {
      const o = await env.DB.prepare("SELECT 1 AS cod FROM orders WHERE id = ? AND payment_method = 'cod'").bind(e.aggregateId).first();
      if (o) await applySale(env.DB, e.aggregateId, 1, Date.now());
    };
  }
  if (type === 'order.paid' || type === 'order.delivered') return async (e, env) => void (await applySale(env.DB, e.aggregateId, 1, Date.now()));
  if (type === 'order.cancelled' || type === 'order.returned') return async (e, env) => void (await applySale(env.DB, e.aggregateId, -1, Date.now()));
  return null;
}

/** Runs the steps of one event type in order. */
export function chain<B>(...steps: Array<Handler<B> | null | undefined>): Handler<B> {
  const real = steps.filter((s): s is Handler<B> => Boolean(s));
  return async (e, env) => {
    for (const s of real) await s(e, env);
  };
}
