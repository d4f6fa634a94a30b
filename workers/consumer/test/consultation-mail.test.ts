/** Consultation emails from queue events (#15): once per consultation and step, Vietnamese, guests get their link. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGuestLink } from '@medicare/shared/consultations/access';
import worker from '../src/index';

let n = 0;

beforeAll(async () => {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('CU1', 'minh.le@example.vn', 1, 'Lê Minh', 'customer', 'active', 1, 1)"),
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, practising_certificate, created_at, updated_at) VALUES ('PH1', 'ds@example.vn', 1, 'DS. Hoàng Lan', 'pharmacist', 'active', 'CCHN-1', 1, 1)"),
    env.DB.prepare(
      `INSERT INTO consultations (id, code, user_id, status, contact_phone, pharmacist_id, claimed_at, created_at, updated_at)
       VALUES ('CONSMAIL1', 'TV1111AAAA', 'CU1', 'in_review', '0903123456', 'PH1', ?, ?, ?)`,
    ).bind(now, now, now),
    env.DB.prepare(
      `INSERT INTO consultations (id, code, user_id, guest_name, guest_phone, guest_email, status, contact_phone, created_at, updated_at)
       VALUES ('CONSMAIL2', 'TV1111BBBB', NULL, 'Khách Vãng Lai', '0912345678', 'khach.tv@example.vn', 'submitted', '0912345678', ?, ?)`,
    ).bind(now, now),
    env.DB.prepare(
      `INSERT INTO consultations (id, code, user_id, guest_name, guest_phone, guest_email, source, status, contact_phone, created_at, updated_at)
       VALUES ('CONSMAIL3', 'TV1111CCCC', NULL, 'Khách Chat', '0912345679', NULL, 'chat', 'submitted', '0912345679', ?, ?)`,
    ).bind(now, now),
  ]);
});

const event = (id: string, type: string, consultationId: string) => ({ id, type, aggregateType: 'consultation', aggregateId: consultationId, occurredAt: Date.now(), payload: { consultationId } });
async function deliver(body: unknown) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  return getQueueResult(batch, ctx);
}
const mailbox = (to: string) => env.DB.prepare('SELECT subject, text FROM dev_mailbox WHERE to_address = ? ORDER BY created_at, rowid').bind(to).all<{ subject: string; text: string }>();

describe('consultation emails', () => {
  it('sends "claimed" with the pharmacist once, for a redelivered event and for a second claim event alike', async () => {
    for (let i = 0; i < 3; i++) expect((await deliver(event('01EVCONSCLAIM0000000000001', 'consultation.claimed', 'CONSMAIL1'))).explicitAcks).toHaveLength(1);
    await deliver(event('01EVCONSCLAIM0000000000002', 'consultation.claimed', 'CONSMAIL1'));
    const mails = (await mailbox('minh.le@example.vn')).results;
    expect(mails.map((m) => m.subject)).toEqual(['Dược sĩ đang xem yêu cầu tư vấn TV1111AAAA']);
    expect(mails[0]!.text).toContain('Dược sĩ DS. Hoàng Lan đã nhận yêu cầu tư vấn TV1111AAAA');
    expect(mails[0]!.text).toContain('/tai-khoan/don-thuoc/TV1111AAAA');
    expect(mails[0]!.text).not.toContain('?t=');
  });

  it("a guest's email carries the signed guest link of that consultation; a chat guest without an email is acknowledged without mail", async () => {
    await deliver(event('01EVCONSSUBMIT000000000001', 'consultation.submitted', 'CONSMAIL2'));
    const mails = (await mailbox('khach.tv@example.vn')).results;
    expect(mails.map((m) => m.subject)).toEqual(['Medicare đã nhận yêu cầu tư vấn TV1111BBBB']);
    const token = decodeURIComponent(/\/tai-khoan\/don-thuoc\/TV1111BBBB\?t=([^\s]+)/.exec(mails[0]!.text)![1]!);
    expect(await readGuestLink(env.JWT_SECRET, token, Math.floor(Date.now() / 1000))).toBe('TV1111BBBB');
    expect(await readGuestLink(env.JWT_SECRET, token, Math.floor(Date.now() / 1000) + 7 * 24 * 3600 + 1)).toBeNull();
    const r = await deliver(event('01EVCONSSUBMIT000000000002', 'consultation.submitted', 'CONSMAIL3'));
    expect(r.explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM dev_mailbox WHERE subject LIKE '%TV1111CCCC%'").first()).toEqual({ n: 0 });
  });
});
