/**
 * #16 review (ADR 0035, Sync 3): the api publishes the search feed, but this consumer Worker has no Elasticsearch
 * (its SEARCH_BACKEND differs). The chunk must not be acknowledged as applied: the feed position goes back, the cron
 * sends one probe chunk per run, and a reindex job fails with a message instead of waiting forever.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeEach, expect, it } from 'vitest';
import { publishSearchFeed } from '@medicare/shared/search/sync.elastic';
import { reindexJob, startReindex } from '@medicare/shared/search/reindex.elastic';
import worker from '../src/index';

const meta = async (key: string) => Number((await env.DB.prepare('SELECT value FROM meta WHERE key = ?').bind(key).first<{ value: number }>())?.value ?? 0);

async function deliver(body: { id: string; type: string; payload: unknown }) {
  const msg = { ...body, aggregateType: 'x', aggregateId: 'x', occurredAt: Date.now() };
  const batch = createMessageBatch('medicare-events', [{ id: `m-${body.id}`, timestamp: new Date(), attempts: 1, body: msg }]);
  const ctx = createExecutionContext();
  await worker.queue!(batch as never, env as never, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks).toHaveLength(1);
}

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare('DELETE FROM search_feed'),
    env.DB.prepare('DELETE FROM outbox_events'),
    env.DB.prepare('DELETE FROM search_reindex_jobs'),
    env.DB.prepare("DELETE FROM meta WHERE key = 'search_consumer_off'"),
    env.DB.prepare("UPDATE meta SET value = 0 WHERE key IN ('search_published', 'search_seq')"),
  ]);
});

it('a consumer without Elasticsearch hands a search.sync chunk back to the feed; the cron then publishes one chunk per run', async () => {
  // 150 changed products: two chunks of the feed.
  const rows = Array.from({ length: 150 }, (_, i) => env.DB.prepare('INSERT INTO search_feed (product_id, seq, changed_at) VALUES (?, ?, 0)').bind(`p${String(i).padStart(4, '0')}`, i + 1));
  await env.DB.batch([...rows, env.DB.prepare("UPDATE meta SET value = 150 WHERE key = 'search_seq'")]);
  expect(await publishSearchFeed(env.DB, Date.now())).toBe(2);
  expect(await meta('search_published')).toBe(150);
  const events = (await env.DB.prepare("SELECT id, payload FROM outbox_events WHERE type = 'search.sync' ORDER BY id").all<{ id: string; payload: string }>()).results;
  expect(events).toHaveLength(2);
  // The second chunk arrives first, then the first one: both handed back, the position goes back before both.
  await deliver({ id: events[1]!.id, type: 'search.sync', payload: JSON.parse(events[1]!.payload) });
  expect(await meta('search_published')).toBe(100);
  await deliver({ id: events[0]!.id, type: 'search.sync', payload: JSON.parse(events[0]!.payload) });
  expect(await meta('search_published')).toBe(0);
  expect(await meta('search_consumer_off')).toBeGreaterThan(0);
  // While the consumer hands chunks back, one chunk per run (new event id: not deduplicated against the first).
  expect(await publishSearchFeed(env.DB, Date.now() + 60_000)).toBe(1);
  expect(await meta('search_published')).toBe(100);
});

it('a reindex job reaching a consumer without Elasticsearch fails with a message for admins', async () => {
  const job = await startReindex(env.DB, 'medicare-products', null, Date.now());
  const step = (await env.DB.prepare("SELECT id, payload FROM outbox_events WHERE type = 'search.reindex_step'").first<{ id: string; payload: string }>())!;
  await deliver({ id: step.id, type: 'search.reindex_step', payload: JSON.parse(step.payload) });
  const after = await reindexJob(env.DB, job.id);
  expect(after).toMatchObject({ status: 'failed', phase: 'none' });
  expect(after!.failure).toMatch(/Elasticsearch/);
  // Ended: a new one may start.
  await expect(startReindex(env.DB, 'medicare-products', null, Date.now())).resolves.toMatchObject({ status: 'running' });
});
