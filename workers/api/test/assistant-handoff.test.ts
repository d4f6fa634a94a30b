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

/** The guest one-time-code flow (the code read from the dev mailbox), answering the `mc_gc` cookie. */
async function guestCookie(name: string, phone: string, email: string): Promise<string> {
  const post = (path: string, body: unknown) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('/v1/consultations/otp', { name, phone, email })).status).toBe(202);
  const mail = await env.DB.prepare('SELECT subject FROM dev_mailbox WHERE to_address = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').bind(email).first<{ subject: string }>();
  const ok = await post('/v1/consultations/otp/verify', { phone, code: /(\d{6})$/.exec(mail!.subject)![1] });
  expect(ok.status).toBe(200);
  return /mc_gc=[^;]+/.exec(ok.headers.get('set-cookie') ?? '')![0];
}

// #18 session 29: the guest path end to end — a guest talks to the assistant (no account), presses "hỏi dược sĩ",
// confirms name + phone + email with the one-time code, and submits: the consultation carries the transcript.
describe('assistant → consultation hand-off for a guest', () => {
  it('the hand-off link, then the one-time code: the guest\'s consultation carries the transcript, readable by that guest only', async () => {
    const ip = { 'cf-connecting-ip': '203.0.113.61' };
    const { conversationId, conversationToken } = await converse(ip, 'Tôi bị nổi mẩn ngứa sau khi ăn hải sản');
    expect(conversationToken).toEqual(expect.any(String));
    // "Hỏi dược sĩ" for a guest: the hand-off route wants the conversation's secret.
    const handoff = (body: unknown) => api(`/v1/recommendations/assistant/conversations/${conversationId}/handoff`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip }, body: JSON.stringify(body) });
    expect((await handoff({})).status).toBe(404);
    const link = await handoff({ token: conversationToken });
    expect(link.status).toBe(200);
    const href = new URL(((await json(link)) as { consultationHref: string }).consultationHref, 'https://shop.test');
    const handoffToken = href.searchParams.get('token')!;
    expect(href.searchParams.get('tro-ly')).toBe(conversationId);

    // Without a confirmed identity the form cannot be sent (the one-time code comes first), and nothing is linked.
    const anonymous = await submit({}, { assistantConversationId: conversationId, assistantHandoffToken: handoffToken });
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toMatchObject({ error: { code: 'CONSULTATION_IDENTITY_REQUIRED' } });

    const cookie = await guestCookie('Trần Thị Khách', '0913555777', 'khach.troly@example.vn');
    const res = await submit({ cookie }, { contactPhone: undefined, assistantConversationId: conversationId, assistantHandoffToken: handoffToken });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.note).toContain('Hội thoại với Trợ lý Medicare');
    expect(body.note).toContain('Khách: Tôi bị nổi mẩn ngứa sau khi ăn hải sản');
    expect(body.note).toContain('Trợ lý: ');
    const row = await env.DB.prepare('SELECT c.code, c.user_id AS userId, c.guest_phone AS phone, c.contact_phone AS contactPhone FROM assistant_conversations a JOIN consultations c ON c.id = a.consultation_id WHERE a.id = ?').bind(conversationId).first<{ code: string; userId: string | null; phone: string; contactPhone: string }>();
    expect(row).toEqual({ code: body.code, userId: null, phone: '0913555777', contactPhone: '0913555777' });

    // The guest reads it back (with the transcript) through the cookie; another guest gets 404.
    const mine = await api(`/v1/consultations/${body.code}`, { headers: { cookie } });
    expect(mine.status).toBe(200);
    expect((await json(mine)).note).toContain('Khách: Tôi bị nổi mẩn ngứa sau khi ăn hải sản');
    const other = await guestCookie('Người Khác', '0913555888', 'nguoi.khac.troly@example.vn');
    expect((await api(`/v1/consultations/${body.code}`, { headers: { cookie: other } })).status).toBe(404);

    // The link is used up: whoever holds it next (another guest, the same guest again) attaches nothing.
    const consultations = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM consultations').first<{ n: number }>())!.n;
    const before = await consultations();
    for (const who of [other, cookie]) {
      const again = await submit({ cookie: who }, { assistantConversationId: conversationId, assistantHandoffToken: handoffToken });
      expect(again.status).toBe(404);
      expect(await json(again)).toMatchObject({ error: { code: 'ASSISTANT_HANDOFF_INVALID' } });
    }
    expect(await consultations()).toBe(before);
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
