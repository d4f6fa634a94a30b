import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import worker, { handlers } from '../src/index';
import { retryDelaySeconds } from '../src/process';

const event = (id: string, type = 'order.created') => ({ id, type, aggregateType: 'order', aggregateId: 'MC12345678', occurredAt: Date.now(), payload: { code: 'MC12345678' } });

async function deliver(messages: Array<{ id: string; body: unknown; attempts?: number }>) {
  const batch = createMessageBatch('medicare-events', messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })));
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  return getQueueResult(batch, ctx);
}

describe('events consumer', () => {
  beforeEach(async () => {
    await env.DB.prepare('DELETE FROM consumed_events').run();
    await env.DB.prepare('DELETE FROM outbox_events').run();
    for (const k of Object.keys(handlers)) delete handlers[k];
  });

  it('runs the handler once per event id and acknowledges the outbox row', async () => {
    const calls: string[] = [];
    handlers['order.created'] = async (e) => {
      calls.push(e.id);
    };
    await env.DB.prepare("INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) VALUES ('01EVENTAAAAAAAAAAAAAAAAAAA', 'order.created', 'order', 'MC12345678', '{}', 1)").run();

    const first = await deliver([{ id: 'm1', body: event('01EVENTAAAAAAAAAAAAAAAAAAA') }]);
    expect(first.explicitAcks).toEqual(['m1']);
    const replay = await deliver([{ id: 'm2', body: event('01EVENTAAAAAAAAAAAAAAAAAAA') }, { id: 'm3', body: event('01EVENTAAAAAAAAAAAAAAAAAAA') }]);
    expect(replay.explicitAcks.sort()).toEqual(['m2', 'm3']);
    expect(calls).toEqual(['01EVENTAAAAAAAAAAAAAAAAAAA']);

    const outbox = await env.DB.prepare("SELECT acked_at FROM outbox_events WHERE id = '01EVENTAAAAAAAAAAAAAAAAAAA'").first<{ acked_at: number | null }>();
    expect(outbox?.acked_at).toBeGreaterThan(0);
  });

  it('retries a failing handler with backoff, marks nothing consumed, and counts the failure for admins', async () => {
    handlers['order.created'] = async () => {
      throw new Error('mail server down');
    };
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await deliver([{ id: 'm1', body: event('01EVENTBBBBBBBBBBBBBBBBBBB'), attempts: 3 }]);
    spy.mockRestore();
    expect(res.explicitAcks).toEqual([]);
    expect(res.retryMessages.map((m) => m.msgId)).toEqual(['m1']);
    expect([1, 3, 8, 9, 20].map(retryDelaySeconds)).toEqual([2, 8, 256, 300, 300]);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM consumed_events WHERE event_id = '01EVENTBBBBBBBBBBBBBBBBBBB'").first<{ n: number }>();
    expect(row?.n).toBe(0);
    const again = vi.spyOn(console, 'error').mockImplementation(() => {});
    await deliver([{ id: 'm1', body: event('01EVENTBBBBBBBBBBBBBBBBBBB'), attempts: 4 }]);
    again.mockRestore();
    const failure = await env.DB.prepare("SELECT type, attempts, last_error AS lastError FROM event_failures WHERE event_id = '01EVENTBBBBBBBBBBBBBBBBBBB'").first();
    expect(failure).toEqual({ type: 'order.created', attempts: 2, lastError: 'mail server down' });
  });

  it('acks and drops malformed messages instead of retrying them forever', async () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await deliver([{ id: 'bad1', body: 'not an event' }, { id: 'bad2', body: { id: 'x', type: 'Order Created' } }]);
    spy.mockRestore();
    expect(res.explicitAcks.sort()).toEqual(['bad1', 'bad2']);
    expect(res.retryMessages).toEqual([]);
  });

  it('acknowledges events no handler claims yet, once', async () => {
    const res = await deliver([{ id: 'm1', body: event('01EVENTCCCCCCCCCCCCCCCCCCC', 'catalog.changed') }]);
    expect(res.explicitAcks).toEqual(['m1']);
    const row = await env.DB.prepare("SELECT handler FROM consumed_events WHERE event_id = '01EVENTCCCCCCCCCCCCCCCCCCC'").first<{ handler: string }>();
    expect(row?.handler).toBe('_unhandled');
  });
});

describe('dead-letter queue', () => {
  it('stores each dead message once (by message id) and acknowledges it', async () => {
    const body = event('01EVENTDEADAAAAAAAAAAAAAAA', 'order.paid');
    const deliverDead = async () => {
      const batch = createMessageBatch('medicare-events-dlq', [
        { id: 'dead-1', timestamp: new Date(), attempts: 6, body },
        { id: 'dead-2', timestamp: new Date(), attempts: 6, body: 'not an envelope' as unknown as typeof body },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env as never, ctx);
      return getQueueResult(batch, ctx);
    };
    expect((await deliverDead()).ackAll).toBe(true);
    expect((await deliverDead()).ackAll).toBe(true);
    const rows = await env.DB.prepare('SELECT message_id AS m, event_id AS e, type, attempts FROM dead_letters ORDER BY message_id').all();
    expect(rows.results).toEqual([
      { m: 'dead-1', e: '01EVENTDEADAAAAAAAAAAAAAAA', type: 'order.paid', attempts: 6 },
      { m: 'dead-2', e: null, type: null, attempts: 6 },
    ]);
  });
});
