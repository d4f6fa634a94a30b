import { createApp } from '@medicare/shared/http/app';
import { handleBatch, storeDeadLetters, type EventHandlers } from './process';
import { orderMailHandlers, type OrderMailEnv } from './order-mail';
import { chain, SALES_EVENTS, salesStep } from './sales';
import { INVOICE_EVENTS, invoiceStep, type InvoiceEnv } from './invoice';
import { IMPORT_STEP_EVENT, importStep, type ImportEnv } from './imports';
import { consultationMailHandlers, type ConsultationMailEnv } from './consultation-mail';
import { CHAT_TRANSCRIPT_EVENT, chatTranscriptHandler } from './chat-mail';
import { searchSyncHandlers, type SearchSyncEnv } from './search-sync';
import { QUESTION_ANSWERED_EVENT, questionAnsweredHandler } from './question-mail';
import { alertMailHandlers, type AlertMailEnv } from './alert-mail';
import { catalogSyncHandlers, type CatalogSyncEnv } from './catalog-sync';

const DEAD_LETTER_QUEUE = 'medicare-events-dlq';

export interface ConsumerBindings extends OrderMailEnv, InvoiceEnv, ImportEnv, ConsultationMailEnv, SearchSyncEnv, AlertMailEnv, CatalogSyncEnv {
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

/**
 * Handlers by event type (in-stock flags need none: the availability summary's triggers bump the catalogue version
 * in the statement that changes stock, ADR 0034): best-seller and bought-together counters, the
 * invoice, then the email. Each step is idempotent on its own (order-keyed markers, one invoice per
 * order), so a retry after a later step failed redoes nothing visible.
 */
const mail: EventHandlers<ConsumerBindings> = orderMailHandlers<ConsumerBindings>();
export const handlers: EventHandlers<ConsumerBindings> = Object.fromEntries(
  [...new Set([...Object.keys(mail), ...INVOICE_EVENTS, ...SALES_EVENTS])].map((type) => [
    type,
    chain(salesStep<ConsumerBindings>(type), invoiceStep<ConsumerBindings>(type), mail[type]),
  ]),
);
/** Import/export (#14): one step of an import per message. */
handlers[IMPORT_STEP_EVENT] = importStep<ConsumerBindings>();
/** #15 consult: the consultation and pickup emails (one per consultation/reservation and step). */
Object.assign(handlers, consultationMailHandlers<ConsumerBindings>());
/** #15 chat: the transcript email, once per request. */
handlers[CHAT_TRANSCRIPT_EVENT] = chatTranscriptHandler<ConsumerBindings>();
/** #17 questions: the asker's email when a pharmacist answers, once per question. */
handlers[QUESTION_ANSWERED_EVENT] = questionAnsweredHandler<ConsumerBindings>();
/** #16: the search index's sync (indexed with Elasticsearch configured here, else handed back to the feed). */
Object.assign(handlers, searchSyncHandlers<ConsumerBindings>());
/** #17 alerts: guest alert confirmation, back-in-stock emails (once per alert), refill reminders (once per cycle). */
Object.assign(handlers, alertMailHandlers<ConsumerBindings>());
/** #19: catalogue writes reach the MongoDB read documents (pulled from the catalogue change feed; ADR 0047). */
Object.assign(handlers, catalogSyncHandlers<ConsumerBindings>());

export default {
  fetch: app.fetch,
  async queue(batch, env, _ctx) {
    if (batch.queue === DEAD_LETTER_QUEUE) await storeDeadLetters(batch, env.DB);
    else await handleBatch(batch, env, env.DB, handlers);
  },
} satisfies ExportedHandler<ConsumerBindings>;
