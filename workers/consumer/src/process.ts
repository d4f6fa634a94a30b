import { EventEnvelopeSchema, type EventEnvelope } from '@medicare/shared/events/envelope';
import { newId } from '@medicare/shared/ids';
import { EffectClaimed, once } from './once';

export type EventHandler<B> = (event: EventEnvelope, env: B) => Promise<void>;
export type EventHandlers<B> = Record<string, EventHandler<B> | undefined>;

/** Exponential backoff for a failed delivery: 2^attempts seconds, capped at 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.min(Math.max(attempts, 0), 9));
}

/** Handler name recorded for events no handler claims: they are acknowledged and counted, never retried forever. */
const UNHANDLED = '_unhandled';

/** A message whose event another invocation is handling comes back when that claim is done or has passed. */
export function claimedRetryDelaySeconds(retryAfterMs: number): number {
  return Math.min(300, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** Cloudflare Queues delays a retried message by at most 12 hours. */
export const MAX_QUEUE_DELAY_SECONDS = 12 * 3600;

/**
 * Thrown by a handler whose event may not be handled yet (a refill reminder delivered at night). Not a failure: nothing
 * is recorded in event_failures and the event's claim is given back. An event from the outbox is acknowledged on the
 * queue and its outbox row held (claimed) until `delaySeconds` from now, so the cron publishes it again then — no
 * queue retries spent (they lead to the dead-letter queue), and no republishing every claim period all night. An event
 * with no outbox row comes back through a queue retry after the delay (capped at the queue's maximum; deferred again
 * if still too early).
 */
export class DeferDelivery extends Error {
  constructor(readonly delaySeconds: number) {
    super('DEFERRED');
  }
}

/**
 * At-least-once delivery made effectively-once, also when the queue hands the same message to two invocations at once:
 * - a message that is not a valid envelope is acked and dropped (retrying cannot fix it);
 * - the event's (id, handler) is claimed with a lease in consumed_events (`once`): done already → acked; claimed by a
 *   live invocation → retried once that lease could have passed; otherwise the handler runs, then the claim is marked
 *   done and the outbox row acknowledged in one D1 batch. Side effects inside the handler that must happen once across
 *   different events (the order emails) claim their own keys the same way;
 * - a handler that may not run yet throws `DeferDelivery`: the claim is given back and the event waits in the outbox (or
 *   the queue) until the delay has passed;
 * - a handler failure gives the claim back and retries that message alone with exponential backoff; after max_retries
 *   the queue moves it to the dead-letter queue.
 */
export async function handleBatch<B>(
  batch: MessageBatch<unknown>,
  env: B,
  db: D1Database,
  handlers: EventHandlers<B>,
): Promise<void> {
  for (const msg of batch.messages) {
    const parsed = EventEnvelopeSchema.safeParse(msg.body);
    if (!parsed.success) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'invalid event envelope dropped', messageId: msg.id }));
      msg.ack();
      continue;
    }
    const event = parsed.data;
    const handler = handlers[event.type];
    const name = handler ? event.type : UNHANDLED;
    try {
      await once(db, { key: event.id, kind: name }, async () => handler && (await handler(event, env)), (now) => [
        db.prepare('UPDATE outbox_events SET acked_at = COALESCE(acked_at, ?) WHERE id = ?').bind(now, event.id),
      ]);
      msg.ack();
    } catch (err) {
      if (err instanceof DeferDelivery) {
        console.info(JSON.stringify({ level: 'info', msg: 'event deferred', type: event.type, eventId: event.id, delaySeconds: err.delaySeconds }));
        const held = await db
          .prepare("UPDATE outbox_events SET claimed_by = 'deferred', claim_until = ? WHERE id = ? AND acked_at IS NULL")
          .bind(Date.now() + Math.ceil(err.delaySeconds) * 1000, event.id)
          .run()
          .then((r) => (r.meta.changes ?? 0) > 0)
          .catch(() => false);
        if (held) msg.ack();
        else msg.retry({ delaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(1, Math.ceil(err.delaySeconds))) });
        continue;
      }
      if (err instanceof EffectClaimed) {
        console.info(JSON.stringify({ level: 'info', msg: 'event side effect claimed by another invocation', type: event.type, eventId: event.id, effect: err.effect.kind }));
        msg.retry({ delaySeconds: claimedRetryDelaySeconds(err.retryAfterMs) });
        continue;
      }
      const error = err instanceof Error ? err.message.slice(0, 120) : 'unknown';
      console.error(JSON.stringify({ level: 'error', msg: 'event handler failed', type: event.type, eventId: event.id, attempt: msg.attempts, error }));
      // Kept for admins beside the dead letter (the DLQ delivery restarts its own attempt count). Best effort: a
      // failing D1 must not turn a retry into a lost message.
      await db
        .prepare(
          `INSERT INTO event_failures (event_id, type, attempts, last_error, last_failed_at) VALUES (?, ?, 1, ?, ?)
           ON CONFLICT (event_id) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error, last_failed_at = excluded.last_failed_at`,
        )
        .bind(event.id, event.type, error, Date.now())
        .run()
        .catch(() => undefined);
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
  }
}

/** The dead-letter queue's consumer: stores each message once (by message id) for admins, then acknowledges it. */
export async function storeDeadLetters(batch: MessageBatch<unknown>, db: D1Database): Promise<void> {
  const now = Date.now();
  const rows = batch.messages.map((msg) => {
    const parsed = EventEnvelopeSchema.safeParse(msg.body);
    const e = parsed.success ? parsed.data : null;
    return db
      .prepare('INSERT INTO dead_letters (id, message_id, event_id, type, aggregate_id, body, attempts, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING')
      .bind(newId(), msg.id, e?.id ?? null, e?.type ?? null, e?.aggregateId ?? null, JSON.stringify(msg.body ?? null).slice(0, 20_000), msg.attempts, now);
  });
  if (rows.length) await db.batch(rows);
  batch.ackAll();
}
