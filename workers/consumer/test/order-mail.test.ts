/** Order life-cycle emails from queue events: once per event, Vietnamese, through the Mailer port. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '../src/index';

const standin = inject('sendgridStandinUrl');
let n = 0;

beforeAll(async () => {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'HCM', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Bến Thành', 'x')"),
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('U1', 'lan.nguyen@example.vn', 1, 'Lan', 'customer', 'active', 1, 1)"),
    ...[
      ['ORDMAIL1', 'MC1111AAAA', 'U1', null, 'cod'],
      ['ORDMAIL2', 'MC1111BBBB', null, 'khach.le@example.vn', 'bank_transfer'],
      ['ORDMAIL3', 'MC1111CCCC', null, null, 'cod'],
    ].map(([id, code, user, email, method]) =>
      env.DB.prepare(
        `INSERT INTO orders (id, code, user_id, email, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'confirmed', ?, 'unpaid', 1250000, 0, 0, 0, 1250000, 'Nguyễn Thị Lan', '0903123456', '79', '26743', 'x', ?, 'h', ?, ?)`,
      ).bind(id, code, user, email, method, `k-${id}`, now, now),
    ),
    env.DB.prepare("INSERT INTO shipments (id, order_id, carrier, tracking_code, status, created_at, updated_at) VALUES ('SH1', 'ORDMAIL1', 'ghn', 'GHNMAIL01', 'picked', 1, 1)"),
  ]);
});

const event = (id: string, type: string, orderId: string) => ({ id, type, aggregateType: 'order', aggregateId: orderId, occurredAt: Date.now(), payload: {} });
async function deliver(body: unknown, e: object = env) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, e as never, ctx);
  return getQueueResult(batch, ctx);
}
const mailbox = (to: string) => env.DB.prepare('SELECT subject, text, html FROM dev_mailbox WHERE to_address = ? ORDER BY created_at, rowid').bind(to).all<{ subject: string; text: string; html: string }>();

describe('order emails', () => {
  it('sends "shipped" with the carrier and tracking code to the account email, once for a replayed event', async () => {
    for (let i = 0; i < 3; i++) expect((await deliver(event('01EVMAILSHIP00000000000001', 'order.shipping', 'ORDMAIL1'))).explicitAcks).toHaveLength(1);
    const mails = (await mailbox('lan.nguyen@example.vn')).results;
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Đơn hàng MC1111AAAA đang được giao');
    expect(mails[0]!.text).toContain('Giao Hàng Nhanh (GHN)');
    expect(mails[0]!.text).toContain('Mã vận đơn: GHNMAIL01');
    expect(mails[0]!.text).toContain('1.250.000đ');
  });

  it('uses the guest contact email; an order without any email is acknowledged without mail', async () => {
    await deliver(event('01EVMAILCREATED00000000001', 'order.created', 'ORDMAIL2'));
    const mails = (await mailbox('khach.le@example.vn')).results;
    expect(mails.map((m) => m.subject)).toEqual(['Medicare đã nhận đơn hàng MC1111BBBB']);
    expect(mails[0]!.text).toContain('với nội dung "MC1111BBBB"');
    const r = await deliver(event('01EVMAILNOEMAIL00000000001', 'order.delivered', 'ORDMAIL3'));
    expect(r.explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM consumed_events WHERE event_id = '01EVMAILNOEMAIL00000000001'").first()).toEqual({ n: 1 });
  });

  it('sends through SendGrid (stand-in) when configured; an unconfigured production retries instead of dropping', async () => {
    const prod = { ...env, ENVIRONMENT: 'production', SENDGRID_API_KEY: 'SG.workerd-test-key', MAIL_FROM: 'no-reply@medicare.vn', SENDGRID_BASE_URL: standin };
    expect((await deliver(event('01EVMAILSENDGRID0000000001', 'order.delivered', 'ORDMAIL1'), prod)).explicitAcks).toHaveLength(1);
    const messages = (await (await fetch(`${standin}/__standin/messages`)).json()) as Array<{ to: string[]; subject: string }>;
    expect(messages.find((m) => m.to.includes('lan.nguyen@example.vn'))?.subject).toBe('Đơn hàng MC1111AAAA đã giao thành công');

    const r = await deliver(event('01EVMAILNOCONFIG0000000001', 'order.paid', 'ORDMAIL1'), { ...env, ENVIRONMENT: 'production' });
    expect(r.explicitAcks).toHaveLength(0);
    expect(r.retryMessages).toHaveLength(1);
  });

  it('escapes names in the HTML body', async () => {
    await env.DB.prepare("UPDATE orders SET recipient_name = '<b>Lan</b>' WHERE id = 'ORDMAIL2'").run();
    await deliver(event('01EVMAILESCAPE000000000001', 'order.cancelled', 'ORDMAIL2'));
    const last = (await mailbox('khach.le@example.vn')).results.at(-1)!;
    expect(last.subject).toBe('Đơn hàng MC1111BBBB đã được hủy');
    expect(last.html).toContain('&lt;b&gt;Lan&lt;/b&gt;');
    expect(last.html).not.toContain('<b>Lan</b>');
  });
});
