/**
 * The events queue in Worker tests that follow an event from the api Worker to the consumer Worker by hand: a queue
 * binding that keeps what is sent to it, and delivery of those messages to the consumer Worker's queue handler.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { expect } from 'vitest';
import consumer from '../../consumer/src/index';

export type Msg = { id: string; type: string; payload?: unknown };

/** A queue binding (`EVENTS`) that keeps what is sent to it; the test hands the messages on itself. */
export function capturingQueue() {
  const sent: Msg[] = [];
  const EVENTS = {
    send: async (body: Msg) => void sent.push(body),
    sendBatch: async (msgs: Iterable<{ body: Msg }>) => void sent.push(...[...msgs].map((m) => m.body)),
  };
  /** Takes the messages of `type` sent so far out of the queue. */
  const take = (type: string) => {
    const out = sent.filter((m) => m.type === type);
    sent.splice(0, sent.length, ...sent.filter((m) => m.type !== type));
    return out;
  };
  return { sent, EVENTS, take };
}

/** The consumer Worker's queue handler gets these messages (as one batch); every one must be acknowledged. */
export async function deliverToConsumer(msgs: Msg[], consumerEnv: Record<string, unknown>): Promise<void> {
  const batch = createMessageBatch('medicare-events', msgs.map((body, i) => ({ id: `m-${body.id}-${i}-${Math.random()}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await consumer.queue!(batch as never, consumerEnv as never, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks.length, JSON.stringify(result)).toBe(msgs.length);
}
