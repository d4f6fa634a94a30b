import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';

/** Order events that change what is available to sell: reservations taken, released, or a parcel put back. */
export const STOCK_EVENTS = ['order.created', 'order.cancelled', 'order.expired', 'order.returned'] as const;

/** After each of them, the catalogue repository refreshes the order's products' in-stock flags (see `refreshStockStates`). */
export function stockStep<B extends { DB: D1Database }>(type: string): ((e: EventEnvelope, env: B) => Promise<void>) | null {
  return (STOCK_EVENTS as readonly string[]).includes(type) ? async (e, env) => void (await new D1CatalogRepository(env.DB).refreshStockStates(e.aggregateId, Date.now())) : null;
}
