import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { expireUnpaid, publishOutbox } from '@medicare/shared/checkout/service';
import { expireDuePickups } from '@medicare/shared/pickup/reservations.d1';
import { app } from './app';
import type { ApiBindings } from './env';

/** The live chat's Durable Object class (#15), one per conversation. */
export { ChatRoom } from './chat-room';

/**
 * Cron: expire unpaid bank-transfer orders (releasing stock and vouchers), expire pickup reservations past their expiry
 * (#15: releasing their stock once), publish pending outbox events, then (#16) recompute stale availability rows.
 */
export async function runScheduled(env: ApiBindings, now = Date.now()) {
  const repo = new D1CheckoutRepository(env.DB);
  const expired = await expireUnpaid(repo, now);
  const pickupsExpired = await expireDuePickups(env.DB, now);
  const published = await publishOutbox(repo, env.EVENTS, now);
  // #16: availability rows whose counted batches expired at midnight (a flip bumps the catalogue version).
  const availabilityRefreshed = await new D1CatalogRepository(env.DB).refreshStaleAvailability(now);
  return { expired, pickupsExpired, published, availabilityRefreshed };
}

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduled(env));
  },
} satisfies ExportedHandler<ApiBindings>;
