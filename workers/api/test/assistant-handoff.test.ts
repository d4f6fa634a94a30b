/**
 * #18 "hỏi dược sĩ": an assistant conversation (through the api Worker's forward to the recommendation Worker) becomes
 * a consultation carrying its transcript, attached server-side after the hand-off token and ownership checks.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, seedFixtures, tokenFor } from './fixtures';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(seedFixtures);

async function converse(headers: Record<string, string>, message: string) {
  const res = await api('/v1/recommendations/assistant/messages', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ message }) });
  expect(res.status).toBe(200);
  const events = (await res.text()).split('\n\n').filter(Boolean).map((b) => ({ event: /^event: (.+)$/m.exec(b)![1]!, data: JSON.parse(/^data: (.+)$/m.exec(b)![1]!) }));
  const href = new URL(events.at(-1)!.data.handoff.href, 'https://shop.test');
  return { conversationId: events[0]!.data.conversationId as string, href, conversationToken: events[0]!.data.token as string | null };
}

function submit(headers: Record<string, string>, extra: Record<string, unknown>) {
  const f = new FormData();
  f.set('payload', JSON.stringify({ contactPhone: '0903123456', note: 'Nhờ dược sĩ xem giúp', ...extra }));
  return api('/v1/consultations', { method: 'POST', headers, body: f });
}

describe('assistant → consultation hand-off', () => {
  it("the owner's consultation carries the transcript; the link's parameters are the conversation and a signed token", async () => {
    const owner = await tokenFor('customer', 'user-handoff-owner');
    const { conversationId, href } = await converse(bearer(owner), 'Tôi bị dị ứng thời tiết, nổi mẩn ngứa');
    expect(href.pathname).toBe('/tu-van-duoc-si');
    expect(href.searchParams.get('tro-ly')).toBe(conversationId);
    const res = await submit(bearer(owner), { assistantConversationId: conversationId, assistantHandoffToken: href.searchParams.get('token') });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.note).toContain('Nhờ dược sĩ xem giúp');
    expect(body.note).toContain('Hội thoại với Trợ lý Medicare');
    expect(body.note).toContain('Khách: Tôi bị dị ứng thời tiết, nổi mẩn ngứa');
    expect(body.note).toContain('Trợ lý: ');
    const linked = await env.DB.prepare('SELECT c.code FROM assistant_conversations a JOIN consultations c ON c.id = a.consultation_id WHERE a.id = ?').bind(conversationId).first<{ code: string }>();
    expect(linked?.code).toBe(body.code);
  });

  it("another shopper cannot attach someone's conversation, and a forged or foreign token is refused", async () => {
    const owner = await tokenFor('customer', 'user-handoff-a');
    const other = await tokenFor('customer', 'user-handoff-b');
    const { conversationId, href } = await converse(bearer(owner), 'Tôi hay bị mất ngủ');
    const token = href.searchParams.get('token')!;
    const stolen = await submit(bearer(other), { assistantConversationId: conversationId, assistantHandoffToken: token });
    expect(stolen.status).toBe(404);
    expect(await json(stolen)).toMatchObject({ error: { code: 'ASSISTANT_HANDOFF_INVALID' } });
    const mine = await converse(bearer(other), 'Tôi bị đau lưng');
    // A genuine token for ANOTHER conversation does not open this one.
    const swapped = await submit(bearer(other), { assistantConversationId: conversationId, assistantHandoffToken: mine.href.searchParams.get('token') });
    expect(swapped.status).toBe(404);
    const forged = await submit(bearer(owner), { assistantConversationId: conversationId, assistantHandoffToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(forged.status).toBe(404);
    // Half of the pair is a 400.
    expect((await submit(bearer(owner), { assistantConversationId: conversationId })).status).toBe(400);
    // No consultation was created by any of these.
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM assistant_conversations WHERE id = ? AND consultation_id IS NOT NULL').bind(conversationId).first<{ n: number }>())!.n).toBe(0);
  });
});

describe('bounded lifetime', () => {
  it("the api Worker's cron deletes conversations (and their messages) 30 days after their last message", async () => {
    const { runScheduled } = await import('../src/index');
    const owner = await tokenFor('customer', 'user-handoff-ttl');
    const { conversationId } = await converse(bearer(owner), 'Tôi bị nhiệt miệng');
    const count = async () => (await env.DB.prepare('SELECT (SELECT COUNT(*) FROM assistant_conversations WHERE id = ?1) + (SELECT COUNT(*) FROM assistant_messages WHERE conversation_id = ?1) AS n').bind(conversationId).first<{ n: number }>())!.n;
    expect(await count()).toBe(3);
    await runScheduled(env as never, Date.now() + 29 * 86_400_000);
    expect(await count()).toBe(3);
    const r = await runScheduled(env as never, Date.now() + 31 * 86_400_000);
    expect(r.assistantPurged).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(0);
  });
});
