import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { expireUnpaid, publishOutbox } from '@medicare/shared/checkout/service';
import { expireDuePickups } from '@medicare/shared/pickup/reservations.d1';
import { queueDueReminders } from '@medicare/shared/alerts/refill';
import { purgeExpiredConversations } from '@medicare/shared/assistant/repo.d1';
import { app } from './app';
import type { ApiBindings } from './env';
import { publishCatalogFeeds } from './outbox';

/** The live chat's Durable Object class (#15), one per conversation. */
export { ChatRoom } from './chat-room';
/** #19: the warm MongoDB client of the catalogue origin (MONGODB_CLIENT=durable-object), one per colo. */
export { MongoOrigin } from './mongo-origin';

/**
 * Cron: expire unpaid bank-transfer orders (releasing stock and vouchers), expire pickup reservations past their expiry
 * (#15: releasing their stock once), recompute availability rows whose batches expired at midnight (#16), queue catalogue
 * changes for Elasticsearch (#16, when SEARCH_BACKEND=elastic) and for the MongoDB catalogue documents (#19, when
 * CATALOG_BACKEND=mongo), then publish pending outbox events.
 */
export async function runScheduled(env: ApiBindings, now = Date.now()) {
  const repo = new D1CheckoutRepository(env.DB);
  const expired = await expireUnpaid(repo, now);
  const pickupsExpired = await expireDuePickups(env.DB, now);
  // #16: availability rows whose counted batches expired at midnight (a flip bumps the catalogue version).
  const availabilityRefreshed = await new D1CatalogRepository(env.DB).refreshStaleAvailability(now);
  // #16/#19: catalogue changes not yet announced (a write's own announcement failed, or came from a script) become
  // outbox events for Elasticsearch and the MongoDB documents, only where those copies are kept (outbox.ts).
  const { searchEvents, catalogEvents } = await publishCatalogFeeds(env, env.DB, now);
  // #17 alerts: due refill reminders (Vietnam daytime only, once per cycle) become outbox events, published just below.
  // Back-in-stock alerts need no step: the availability flip's trigger writes their outbox event (ADR 0040).
  const remindersQueued = await queueDueReminders(env.DB, now);
  const published = await publishOutbox(repo, env.EVENTS, now);
  // #18: assistant conversations past their bounded lifetime (30 days after the last message) are deleted.
  const assistantPurged = await purgeExpiredConversations(env.DB, now);
  return { expired, pickupsExpired, availabilityRefreshed, searchEvents, catalogEvents, remindersQueued, published, assistantPurged };
}

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduled(env));
  },
} satisfies ExportedHandler<ApiBindings>;
