/** Admins see events the queue gave up on and replay them; the replay reaches the consumer Worker once. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, seedFixtures, tokenFor } from './fixtures';

let admin = '';
const envelope = { id: '01EVENTREPLAYAAAAAAAAAAAAA', type: 'catalog.reindexed', aggregateType: 'catalog', aggregateId: 'all', occurredAt: 1, payload: {} };

beforeAll(async () => {
  await seedFixtures();
  admin = await tokenFor('admin', 'dlq-admin');
  await env.DB.prepare("INSERT INTO dead_letters (id, message_id, event_id, type, aggregate_id, body, attempts, received_at) VALUES ('01DEADLETTERAAAAAAAAAAAAAA', 'msg-1', ?, ?, 'all', ?, 6, 1)")
    .bind(envelope.id, envelope.type, JSON.stringify(envelope))
    .run();
  await env.DB.prepare("INSERT INTO dead_letters (id, message_id, body, attempts, received_at) VALUES ('01DEADLETTERBBBBBBBBBBBBBB', 'msg-2', '\"garbage\"', 6, 2)").run();
});
const auth = () => ({ authorization: `Bearer ${admin}` });

describe('dead letters', () => {
  it('lists pending dead letters with their envelope', async () => {
    const { items } = await json(await api('/v1/admin/dead-letters', { headers: auth() }));
    expect(items.map((i: any) => i.id)).toEqual(['01DEADLETTERBBBBBBBBBBBBBB', '01DEADLETTERAAAAAAAAAAAAAA']);
    expect(items[1].body).toEqual(envelope);
  });

  it('replays once: the event reaches the consumer Worker, a second replay is 409, garbage is not replayable', async () => {
    const res = await api('/v1/admin/dead-letters/01DEADLETTERAAAAAAAAAAAAAA/replay', { method: 'POST', headers: auth() });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ replayedBy: 'dlq-admin' });
    let consumed: unknown = null;
    for (let i = 0; i < 50 && !consumed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      consumed = await env.DB.prepare('SELECT handler FROM consumed_events WHERE event_id = ?').bind(envelope.id).first();
    }
    expect(consumed).toEqual({ handler: '_unhandled' });
    const again = await api('/v1/admin/dead-letters/01DEADLETTERAAAAAAAAAAAAAA/replay', { method: 'POST', headers: auth() });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'ALREADY_REPLAYED' } });
    const bad = await api('/v1/admin/dead-letters/01DEADLETTERBBBBBBBBBBBBBB/replay', { method: 'POST', headers: auth() });
    expect(await json(bad)).toMatchObject({ error: { code: 'NOT_REPLAYABLE' } });
    const pending = await json(await api('/v1/admin/dead-letters', { headers: auth() }));
    expect(pending.items.map((i: any) => i.id)).toEqual(['01DEADLETTERBBBBBBBBBBBBBB']);
    const audit = await env.DB.prepare("SELECT actor_id AS a FROM audit_log WHERE action = 'event.replay'").all();
    expect(audit.results).toEqual([{ a: 'dlq-admin' }]);
  });
});
