import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { expireUnpaid, publishOutbox } from '@medicare/shared/checkout/service';
import { app } from './app';
import type { ApiBindings } from './env';

/** The live chat's Durable Object class (#15), one per conversation. */
export { ChatRoom } from './chat-room';

/** Cron: expire unpaid bank-transfer orders (releasing stock and vouchers), then publish pending outbox events. */
export async function runScheduled(env: ApiBindings, now = Date.now()) {
  const repo = new D1CheckoutRepository(env.DB);
  const expired = await expireUnpaid(repo, now);
  const published = await publishOutbox(repo, env.EVENTS, now);
  return { expired, published };
}

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduled(env));
  },
} satisfies ExportedHandler<ApiBindings>;
