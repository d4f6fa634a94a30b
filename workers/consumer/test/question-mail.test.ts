/** The "your question was answered" email from queue events (#17): once per question, Vietnamese, through SendGrid. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '../src/index';

const standin = inject('sendgridStandinUrl');
let n = 0;

beforeAll(async () => {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('QU1', 'hoa.tran@example.vn', 1, 'Trần Hoa', 'customer', 'active', 1, 1)"),
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, practising_certificate, created_at, updated_at) VALUES ('QPH1', 'ds.q@example.vn', 1, 'DS. Lê Nam', 'pharmacist', 'active', 'CCHN-Q1', 1, 1)"),
    env.DB.prepare("INSERT INTO brands (id, slug, name, created_at, updated_at) VALUES ('QBRAND1', 'q-brand', 'Q Brand', 1, 1)"),
    env.DB.prepare("INSERT INTO categories (id, level, slug, name, path, position, created_at, updated_at) VALUES ('QCAT1', 1, 'thuoc', 'Thuốc', '/thuoc/', 0, 1, 1)"),
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, category_id, brand_id, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, approval_state, visible, created_at, updated_at)
       VALUES ('QPROD1', 'vitamin-c-500', 'Vitamin C 500mg', 'QCAT1', 'QBRAND1', 'x', 'x', 'Viên nén', 'Hộp 100 viên', 'viên', 'x', 'Việt Nam', 'approved', 1, 1, 1)`,
    ),
    env.DB.prepare("INSERT INTO questions (id, product_id, user_id, body, status, created_at, answered_at) VALUES ('QQ1', 'QPROD1', 'QU1', 'Phụ nữ mang thai uống được không?', 'answered', ?, ?)").bind(now, now),
    env.DB.prepare("INSERT INTO answers (id, question_id, pharmacist_id, body, created_at, updated_at) VALUES ('QA1', 'QQ1', 'QPH1', 'Được, tối đa 1 viên mỗi ngày.', ?, ?)").bind(now, now),
    env.DB.prepare("INSERT INTO questions (id, product_id, user_id, body, status, hidden_reason, hidden_by, hidden_at, created_at) VALUES ('QQ2', 'QPROD1', 'QU1', 'Câu hỏi bị ẩn.', 'hidden', 'Trùng', 'QPH1', ?, ?)").bind(now, now),
  ]);
});

const event = (id: string, questionId: string) => ({ id, type: 'question.answered', aggregateType: 'question', aggregateId: questionId, occurredAt: Date.now(), payload: { questionId } });
async function deliver(body: unknown, e: object = env) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, e as never, ctx);
  return getQueueResult(batch, ctx);
}

describe('question answered email', () => {
  it('goes once through SendGrid (stand-in) to the asker, in Vietnamese, with the link to the question on the product page and no health data', async () => {
    const prod = { ...env, ENVIRONMENT: 'production', SENDGRID_API_KEY: 'SG.workerd-test-key', MAIL_FROM: 'no-reply@medicare.vn', SENDGRID_BASE_URL: standin, WEB_ORIGIN: 'https://medicare.vn' };
    for (let i = 0; i < 3; i++) expect((await deliver(event('01EVQUESTIONANSWERED000001', 'QQ1'), prod)).explicitAcks).toHaveLength(1);
    // A second event for the same question (e.g. replayed from the outbox under another id) sends nothing either.
    expect((await deliver(event('01EVQUESTIONANSWERED000002', 'QQ1'), prod)).explicitAcks).toHaveLength(1);
    const messages = (await (await fetch(`${standin}/__standin/messages`)).json()) as Array<{ to: string[]; subject: string; text?: string; content?: Array<{ type: string; value: string }> }>;
    const mine = messages.filter((m) => m.to.includes('hoa.tran@example.vn'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe('Dược sĩ đã trả lời câu hỏi của bạn về Vitamin C 500mg');
    const text = JSON.stringify(mine[0]);
    expect(text).toContain('https://medicare.vn/san-pham/vitamin-c-500#cau-hoi-QQ1');
    expect(text).toContain('Dược sĩ DS. Lê Nam đã trả lời câu hỏi của bạn');
    expect(text).not.toContain('mang thai');
    expect(text).not.toContain('1 viên');
  });

  it('a question hidden before the email went out is acknowledged without mail', async () => {
    const r = await deliver(event('01EVQUESTIONANSWERED000003', 'QQ2'));
    expect(r.explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = 'hoa.tran@example.vn'").first()).toEqual({ n: 0 });
  });
});
