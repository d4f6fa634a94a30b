/**
 * Product questions through the api Worker (#17, ADR 0038): who may ask, which products, length caps, nothing public
 * before an answer, one answer per question (two at once: one 409), hiding, the audit entries (never the question's
 * text), the outbox event of an answer, and the asker's own list.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_RATE_LIMIT } from '../src/routes/questions';
import { api, ids, json, seedFixtures, tokenFor } from './fixtures';

const J = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let shopper = '';
let other = '';
let pharmacist = '';
let pharmacist2 = '';
let admin = '';

beforeAll(async () => {
  await seedFixtures();
  shopper = await tokenFor('customer', 'q-shopper');
  await env.DB.prepare("UPDATE users SET name = 'Nguyễn Thị Lan', email = 'lan.q@example.vn' WHERE id = 'q-shopper'").run();
  other = await tokenFor('customer', 'q-other');
  pharmacist = await tokenFor('pharmacist', 'q-pharmacist');
  await env.DB.prepare("UPDATE users SET name = 'DS. Hoàng Minh' WHERE id = 'q-pharmacist'").run();
  pharmacist2 = await tokenFor('pharmacist', 'q-pharmacist-2');
  admin = await tokenFor('admin', 'q-admin');
});

const BODY = 'Thuốc này có dùng được cho phụ nữ đang cho con bú không ạ?';
async function ask(token: string | null, productId: string = ids.paracetamol, body = BODY) {
  return api('/v1/questions', { method: 'POST', headers: { ...J, ...(token ? bearer(token) : {}) }, body: JSON.stringify({ productId, body }) });
}
async function asked(token = shopper, productId: string = ids.paracetamol, body = BODY): Promise<{ id: string; status: string }> {
  const res = await ask(token, productId, body);
  const b = await json(res);
  expect(res.status, JSON.stringify(b)).toBe(201);
  return b;
}
const answer = (token: string, id: string, body = 'Chị dùng được, liều tối đa 4 g mỗi ngày.', method = 'POST') =>
  api(`/v1/pharmacist/questions/${id}/answer`, { method, headers: { ...J, ...bearer(token) }, body: JSON.stringify({ body }) });
const hide = (token: string, id: string, reason = 'Câu hỏi có số điện thoại') => api(`/v1/pharmacist/questions/${id}/hide`, { method: 'POST', headers: { ...J, ...bearer(token) }, body: JSON.stringify({ reason }) });
const publicList = async (slug = 'alpha-paracetamol-500', query = '') => json(await api(`/v1/questions?product=${slug}${query.replace('?', '&')}`));

describe('asking', () => {
  it('a guest cannot ask (401); nothing is stored', async () => {
    const res = await ask(null);
    expect(res.status).toBe(401);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM questions').first()).toEqual({ n: 0 });
  });

  it('an unknown, hidden or unapproved product answers 404 PRODUCT_NOT_FOUND', async () => {
    for (const productId of ['01NOSUCHPRODUCT0000000000', ids.hidden, ids.pending]) {
      const res = await ask(shopper, productId);
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe('PRODUCT_NOT_FOUND');
    }
    expect((await api('/v1/questions?product=alpha-hidden')).status).toBe(404);
  });

  it('a too short or too long body is refused with the field named (UGC_LIMITS.questionBody)', async () => {
    for (const body of ['Ngắn?', 'a'.repeat(1001)]) {
      const res = await ask(shopper, ids.paracetamol, body);
      expect(res.status).toBe(400);
      const b = await json(res);
      expect(b.error.code).toBe('VALIDATION_FAILED');
      expect(b.error.details.issues[0].path).toBe('body');
    }
  });

  it('a question waits for a pharmacist: pending, flagged by the screening, not public; the asker sees it in their list', async () => {
    const q = await asked(shopper, ids.ibuprofen, 'Cho mình hỏi, gọi 0903 123 456 được không?');
    expect(q.status).toBe('pending');
    expect(await env.DB.prepare('SELECT flags FROM questions WHERE id = ?').bind(q.id).first()).toEqual({ flags: '["contact"]' });
    expect((await publicList('alpha-ibuprofen-400')).items).toEqual([]);
    const mine = await json(await api('/v1/questions/mine', { headers: bearer(shopper) }));
    expect(mine.items.find((i: { id: string }) => i.id === q.id)).toMatchObject({ status: 'pending', statusLabel: 'Đang chờ dược sĩ trả lời', answer: null, product: { slug: 'alpha-ibuprofen-400' } });
    const theirs = await json(await api('/v1/questions/mine', { headers: bearer(other) }));
    expect(theirs.items.map((i: { id: string }) => i.id)).not.toContain(q.id);
  });
});

describe('the staff queue and answering', () => {
  it('the queue lists pending questions flagged first, then oldest first, with the waiting time and flag labels', async () => {
    const plain = await asked(other, ids.serum, 'Serum này dùng buổi sáng được không ạ?');
    await env.DB.prepare('UPDATE questions SET created_at = created_at - 7200000 WHERE id = ?').bind(plain.id).run();
    const res = await api('/v1/pharmacist/questions', { headers: bearer(pharmacist) });
    const b = await json(res);
    expect(res.status).toBe(200);
    const flaggedFirst = b.items.findIndex((i: { flags: unknown[] }) => i.flags.length > 0);
    expect(flaggedFirst).toBe(0);
    expect(b.items[0].flags).toEqual([{ code: 'contact', label: 'Có số điện thoại hoặc email' }]);
    const item = b.items.find((i: { id: string }) => i.id === plain.id);
    expect(item.waitingSeconds).toBeGreaterThanOrEqual(7200);
    expect(item.product.slug).toBe('gamma-serum');
    expect(b.counts.pending).toBeGreaterThanOrEqual(2);
    expect(b.counts.flagged).toBeGreaterThanOrEqual(1);
  });

  it('an answer publishes the question with the pharmacist and the date; the outbox announces it; the audit row has no text', async () => {
    const q = await asked();
    const res = await answer(pharmacist, q.id);
    const b = await json(res);
    expect(res.status, JSON.stringify(b)).toBe(200);
    expect(b).toMatchObject({ status: 'answered', answer: { body: 'Chị dùng được, liều tối đa 4 g mỗi ngày.', pharmacistName: 'DS. Hoàng Minh' } });
    const page = await publicList();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: q.id, body: BODY, askerName: 'Lan', answer: { pharmacistName: 'DS. Hoàng Minh', editedAt: null } });
    expect(page.items[0].answer.answeredAt).toBeGreaterThan(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'question.answered' AND aggregate_id = ?").bind(q.id).first()).toEqual({ n: 1 });
    const audit = await env.DB.prepare("SELECT actor_id AS actorId, data FROM audit_log WHERE entity_type = 'question' AND entity_id = ? AND action = 'question.answer'").bind(q.id).all<{ actorId: string; data: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]!.actorId).toBe('q-pharmacist');
    expect(audit.results[0]!.data).not.toContain('cho con bú');
    expect(audit.results[0]!.data).not.toContain('liều');
    const mine = await json(await api('/v1/questions/mine', { headers: bearer(shopper) }));
    expect(mine.items.find((i: { id: string }) => i.id === q.id)).toMatchObject({ status: 'answered', answer: { pharmacistName: 'DS. Hoàng Minh' } });
  });

  it('two answers at once: exactly one wins, the other gets 409 QUESTION_ANSWERED; one answer row, one event', async () => {
    const q = await asked(shopper, ids.cleanser, 'Sữa rửa mặt này có hợp da dầu mụn không?');
    const [a, b] = await Promise.all([answer(pharmacist, q.id, 'Hợp với da dầu.'), answer(pharmacist2, q.id, 'Phù hợp da dầu mụn.')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await json(loser)).error.code).toBe('QUESTION_ANSWERED');
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM answers WHERE question_id = ?').bind(q.id).first()).toEqual({ n: 1 });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'question.answered' AND aggregate_id = ?").bind(q.id).first()).toEqual({ n: 1 });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'question.answer' AND entity_id = ?").bind(q.id).first()).toEqual({ n: 1 });
    // A later answer is refused the same way; an admin may not answer at all (shown as a pharmacist's advice).
    expect((await json(await answer(pharmacist, q.id))).error.code).toBe('QUESTION_ANSWERED');
    expect((await answer(admin, q.id)).status).toBe(403);
  });

  it('an edit replaces the one answer (audited, no new event); editing a pending question is 409 QUESTION_NOT_ANSWERED', async () => {
    const q = await asked(shopper, ids.paracetamol, 'Uống thuốc này trước hay sau bữa ăn?');
    const pending = await answer(pharmacist, q.id, 'Sau ăn.', 'PUT');
    expect(pending.status).toBe(409);
    expect((await json(pending)).error.code).toBe('QUESTION_NOT_ANSWERED');
    expect((await answer(pharmacist, q.id, 'Uống sau ăn.')).status).toBe(200);
    expect((await answer(admin, q.id, 'Uống sau bữa ăn 30 phút.', 'PUT')).status).toBe(403);
    const edited = await answer(pharmacist2, q.id, 'Uống sau bữa ăn 30 phút.', 'PUT');
    expect(edited.status).toBe(200);
    expect((await json(edited)).answer.body).toBe('Uống sau bữa ăn 30 phút.');
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM answers WHERE question_id = ?').bind(q.id).first()).toEqual({ n: 1 });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE aggregate_id = ?").bind(q.id).first()).toEqual({ n: 1 });
    const audit = await env.DB.prepare("SELECT data FROM audit_log WHERE action = 'question.answer_edit' AND entity_id = ?").bind(q.id).all<{ data: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]!.data).not.toContain('bữa ăn');
  });

  it('hiding (with a reason) takes an answered question off the product page; hiding twice is 409 QUESTION_HIDDEN; answering a hidden one too', async () => {
    const q = await asked(shopper, ids.serum, 'Serum có dùng chung với retinol được không?');
    expect((await answer(pharmacist, q.id, 'Nên dùng xen kẽ.')).status).toBe(200);
    expect((await publicList('gamma-serum')).items.map((i: { id: string }) => i.id)).toContain(q.id);
    const res = await hide(admin, q.id);
    const b = await json(res);
    expect(res.status, JSON.stringify(b)).toBe(200);
    expect(b).toMatchObject({ status: 'hidden', hidden: { reason: 'Câu hỏi có số điện thoại', byName: 'Test admin' } });
    expect((await publicList('gamma-serum')).items.map((i: { id: string }) => i.id)).not.toContain(q.id);
    expect((await json(await hide(pharmacist, q.id))).error.code).toBe('QUESTION_HIDDEN');
    const p = await asked(other, ids.serum, 'Câu hỏi sẽ bị ẩn trước khi trả lời nhé.');
    expect((await hide(pharmacist, p.id, 'Trùng lặp')).status).toBe(200);
    expect((await json(await answer(pharmacist, p.id))).error.code).toBe('QUESTION_HIDDEN');
    const audit = await env.DB.prepare("SELECT data FROM audit_log WHERE action = 'question.hide' AND entity_id = ?").bind(p.id).first<{ data: string }>();
    expect(JSON.parse(audit!.data)).toEqual({ productId: ids.serum, from: 'pending' });
    expect((await api('/v1/pharmacist/questions?status=hidden', { headers: bearer(pharmacist) }).then(json)).items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([q.id, p.id]));
  });

  it('an unknown question is 404; a customer is refused the queue (403)', async () => {
    expect((await answer(pharmacist, '01NOSUCHQUESTION000000000')).status).toBe(404);
    expect((await api('/v1/pharmacist/questions', { headers: bearer(shopper) })).status).toBe(403);
  });
});

describe('paging and limits', () => {
  it("the product page's list pages by cursor, newest answer first", async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const q = await asked(other, ids.ibuprofen, `Câu hỏi số ${i + 1} về ibuprofen ạ?`);
      expect((await answer(pharmacist, q.id, `Trả lời ${i + 1}`)).status).toBe(200);
      await env.DB.prepare('UPDATE questions SET answered_at = ? WHERE id = ?').bind(1_000_000 + i, q.id).run();
      made.push(q.id);
    }
    const first = await publicList('alpha-ibuprofen-400', '?limit=2');
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([made[2], made[1]]);
    const second = await publicList('alpha-ibuprofen-400', `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([made[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await api('/v1/questions?product=alpha-ibuprofen-400&cursor=khong-hop-le')).status).toBe(400);
  });

  it(`asking is rate-limited per account (bucket question.create, ${QUESTION_RATE_LIMIT.limit} an hour): then 429 with Retry-After`, async () => {
    const t = await tokenFor('customer', 'q-spammer');
    for (let i = 0; i < QUESTION_RATE_LIMIT.limit; i++) expect((await ask(t, ids.paracetamol, `Câu hỏi thứ ${i + 1} của tôi ạ?`)).status).toBe(201);
    const res = await ask(t);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
