import { createApp } from '@medicare/shared/http/app';
import { handleBatch, storeDeadLetters, type EventHandlers } from './process';
import { orderMailHandlers, type OrderMailEnv } from './order-mail';
import { chain, salesStep } from './sales';

const DEAD_LETTER_QUEUE = 'medicare-events-dlq';

export interface ConsumerBindings extends OrderMailEnv {
  DB: D1Database;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
}

export const app = createApp<{ Bindings: ConsumerBindings }>({
  service: 'consumer',
  prefix: '/v1/consumer',
  title: 'Medicare Event Consumer',
  description: 'Consumes order and catalogue events from the queue: email, invoice PDF, index and signal updates.',
});

/** Handlers by event type: best-seller counters, then order life-cycle emails (invoices are still to come). */
const mail: EventHandlers<ConsumerBindings> = orderMailHandlers<ConsumerBindings>();
export const handlers: EventHandlers<ConsumerBindings> = Object.fromEntries(
  [...new Set([...Object.keys(mail), 'order.paid', 'order.delivered', 'order.cancelled', 'order.returned'])].map((type) => [type, chain(salesStep<ConsumerBindings>(type), mail[type])]),
);

export default {
  fetch: app.fetch,
  async queue(batch, env, _ctx) {
    if (batch.queue === DEAD_LETTER_QUEUE) await storeDeadLetters(batch, env.DB);
    else await handleBatch(batch, env, env.DB, handlers);
  },
} satisfies ExportedHandler<ConsumerBindings>;
