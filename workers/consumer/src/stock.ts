import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { vietnamDate } from '@medicare/shared/catalog/availability';

/** Order events that change what is available to sell: reservations taken, released, or a parcel put back. */
export const STOCK_EVENTS = ['order.created', 'order.cancelled', 'order.expired', 'order.returned'] as const;

/**
 * Re-reads whether each product of the order is sellable (at least its smallest unit available, on hand − reserved
 * over non-expired batches: the listing's in-stock rule, `inStockExpr` in the catalogue repository) and, only when a product sold out or came back since last seen, bumps the catalogue version
 * in the same batch — so search results and listings served from the edge cache drop or regain the in-stock flag at
 * once instead of up to a minute later, while ordinary orders leave the cache alone. Returns the products that flipped.
 */
export async function refreshStockStates(db: D1Database, orderId: string, now: number): Promise<number> {
  const [flipped] = await db.batch([
    db
      .prepare(
        `INSERT INTO product_stock_states (product_id, sellable, updated_at)
         SELECT p.id, (SELECT COALESCE(SUM(sb.quantity - sb.reserved), 0) FROM stock_batches sb WHERE sb.product_id = p.id AND sb.expiry_date > ?2)
                        >= (SELECT MIN(u.factor) FROM product_units u WHERE u.product_id = p.id), ?3
         FROM (SELECT DISTINCT product_id AS id FROM order_lines WHERE order_id = ?1) p WHERE true
         ON CONFLICT (product_id) DO UPDATE SET sellable = excluded.sellable, updated_at = excluded.updated_at WHERE sellable <> excluded.sellable`,
      )
      .bind(orderId, vietnamDate(now), now),
    db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version' AND changes() > 0"),
  ]);
  return flipped?.meta.changes ?? 0;
}

export function stockStep<B extends { DB: D1Database }>(type: string): ((e: EventEnvelope, env: B) => Promise<void>) | null {
  return (STOCK_EVENTS as readonly string[]).includes(type) ? async (e, env) => void (await refreshStockStates(env.DB, e.aggregateId, Date.now())) : null;
}
