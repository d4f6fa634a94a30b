/**
 * #17 alerts (ADR 0040) through the consumer's queue handler: products sold only after a pharmacist (prescription-only
 * or special control, THE rule `consultationOnly`) get no buy/reorder link; a refill reminder delivered at night waits
 * for the next Vietnam sending hour (retried with a delay, sent once then); the emails carry RFC 8058 one-click
 * unsubscribe headers.
 */
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import worker from '../src/index';

const standin = inject('sendgridStandinUrl');
/** The consumer as deployed: SendGrid (its stand-in) instead of the dev mailbox, and the production clock rules. */
const production = { ...env, ENVIRONMENT: 'production', SENDGRID_API_KEY: 'SG.workerd-test-key', MAIL_FROM: 'no-reply@medicare.vn', SENDGRID_BASE_URL: standin, WEB_ORIGIN: 'https://medicare.vn' };
let n = 0;
const SC_GUEST = 'khach.kiem.soat@example.vn';
const USER_EMAIL = 'minh.pham@example.vn';

beforeAll(async () => {
  const now = Date.now();
  const product = (id: string, slug: string, name: string, rx: number, sc: number) =>
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, category_id, brand_id, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, approval_state, visible, prescription_required, special_control, refill_eligible, daily_use_base, created_at, updated_at)
       VALUES (?, ?, ?, 'ACAT1', 'ABRAND1', 'x', 'x', 'Viên nén', 'Hộp 10 vỉ', 'viên', 'x', 'Việt Nam', 'approved', 1, ?, ?, 1, 1, 1, 1)`,
    ).bind(id, slug, name, rx, sc);
  const unit = (id: string, productId: string) =>
    env.DB.prepare("INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, created_at, updated_at) VALUES (?, ?, 'Hộp', 30, 90000, 50, 1, 1, 1)").bind(id, productId);
  const line = (id: string, productId: string, unitId: string, name: string) =>
    env.DB.prepare("INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total) VALUES (?, 'AORD1', ?, ?, ?, 'x', 'Hộp', 30, 90000, 1, 90000)").bind(id, productId, unitId, name);
  const reminder = (id: string, lineId: string, productId: string, unitId: string) =>
    env.DB.prepare(
      "INSERT INTO refill_reminders (id, user_id, order_line_id, product_id, unit_id, quantity, cadence_days, lead_days, runs_out_on, next_remind_on, cycle, status, created_at, updated_at) VALUES (?, 'AU1', ?, ?, ?, 1, 30, 3, '2026-12-20', '2027-01-16', 2, 'active', 1, 1)",
    ).bind(id, lineId, productId, unitId);
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'HCM', 'x', 'south', 'x')"),
    env.DB.prepare("INSERT OR IGNORE INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Bến Thành', 'x')"),
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('AU1', ?, 1, 'Phạm Minh', 'customer', 'active', 1, 1)").bind(USER_EMAIL),
    env.DB.prepare("INSERT INTO brands (id, slug, name, created_at, updated_at) VALUES ('ABRAND1', 'a-brand', 'A Brand', 1, 1)"),
    env.DB.prepare("INSERT INTO categories (id, level, slug, name, path, position, created_at, updated_at) VALUES ('ACAT1', 1, 'thuoc-a', 'Thuốc', '/thuoc-a/', 0, 1, 1)"),
    product('APRODSC', 'thuoc-kiem-soat-a', 'Thuốc kiểm soát A', 0, 1),
    product('APRODOTC', 'vitamin-d3-a', 'Vitamin D3 A', 0, 0),
    unit('AUNITSC', 'APRODSC'),
    unit('AUNITOTC', 'APRODOTC'),
    env.DB.prepare(
      `INSERT INTO orders (id, code, user_id, status, payment_method, payment_status, subtotal, shipping_fee, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
       VALUES ('AORD1', 'MC2222AAAA', 'AU1', 'delivered', 'cod', 'paid', 180000, 0, 180000, 'Phạm Minh', '0903123456', '79', '26743', 'x', 'k-AORD1', 'h', ?, ?)`,
    ).bind(now, now),
    line('ALINESC', 'APRODSC', 'AUNITSC', 'Thuốc kiểm soát A'),
    line('ALINEOTC', 'APRODOTC', 'AUNITOTC', 'Vitamin D3 A'),
    reminder('ARRSC', 'ALINESC', 'APRODSC', 'AUNITSC'),
    reminder('ARROTC', 'ALINEOTC', 'APRODOTC', 'AUNITOTC'),
    env.DB.prepare("INSERT INTO stock_alerts (id, product_id, email, status, round, created_at, confirmed_at, updated_at) VALUES ('ASA1', 'APRODSC', ?, 'active', 1, 1, 1, 1)").bind(SC_GUEST),
    env.DB.prepare("UPDATE product_availability SET in_stock = 1 WHERE product_id = 'APRODSC'"),
  ]);
});

afterEach(() => {
  vi.useRealTimers();
});

const refillEvent = (id: string, reminderId: string) => ({ id, type: 'refill.reminder_due', aggregateType: 'refill_reminder', aggregateId: reminderId, occurredAt: Date.now(), payload: { cycle: 1, runsOutOn: '2026-12-20' } });
/** One consumer invocation with one message; `retryDelays`: the delays its retries asked for. */
async function deliver(body: unknown, e: object = env) {
  const batch = createMessageBatch('medicare-events', [{ id: `m${++n}`, timestamp: new Date(), attempts: 1, body }]);
  const msg = batch.messages[0]!;
  const retryDelays: Array<number | undefined> = [];
  const retry = msg.retry.bind(msg);
  msg.retry = (o) => (retryDelays.push(o?.delaySeconds), retry(o));
  const ctx = createExecutionContext();
  await worker.queue(batch, e as never, ctx);
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}
const mailbox = async (to: string) => (await env.DB.prepare('SELECT subject, text, html FROM dev_mailbox WHERE to_address = ? ORDER BY created_at, rowid').bind(to).all<{ subject: string; text: string; html: string }>()).results;
/** Epoch ms of Vietnam day `date` at `hh`:`mm` local time. */
const vn = (date: string, hh: number, mm = 30) => Date.parse(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+07:00`);
const at = (ms: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
};

describe('alert emails: products sold only after a pharmacist (THE prescription rule)', () => {
  it('a special-control product (not marked prescription-only) is announced back in stock with "Hỏi dược sĩ" and no buy link', async () => {
    const r = await deliver({ id: '01EVBISSPECIALCONTROL00001', type: 'stock.back_in_stock', aggregateType: 'product', aggregateId: 'APRODSC', occurredAt: Date.now(), payload: { productId: 'APRODSC' } });
    expect(r.explicitAcks).toHaveLength(1);
    const mails = await mailbox(SC_GUEST);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Hỏi dược sĩ');
    expect(mails[0]!.text).toContain('/tu-van-duoc-si');
    expect(mails[0]!.text).not.toContain('/san-pham/');
  });

  it("a special-control product's refill reminder has no reorder link, only \"Hỏi dược sĩ\"", async () => {
    at(vn('2027-01-16', 10));
    expect((await deliver(refillEvent('rr-ARRSC-1', 'ARRSC'))).explicitAcks).toHaveLength(1);
    const mail = (await mailbox(USER_EMAIL)).find((m) => m.subject.includes('Thuốc kiểm soát A'))!;
    expect(mail.text).toContain('Hỏi dược sĩ');
    expect(mail.text).not.toContain('/v1/refill/reorder');
  });
});

describe('refill reminders are never sent at night', () => {
  it('delivered at 22:30 Vietnam time: retried with a delay until 09:00, nothing sent; sent once in the daytime', async () => {
    const mine = async () => (await mailbox(USER_EMAIL)).filter((m) => m.subject.includes('Vitamin D3 A'));
    at(vn('2027-01-16', 22));
    const night = await deliver(refillEvent('rr-ARROTC-1', 'ARROTC'));
    expect(night.explicitAcks).toHaveLength(0);
    expect(night.retryDelays).toEqual([10.5 * 3600]);
    // 20:10: 12 h 50 min to wait, more than a queue delay allows: it comes back after 12 h and is deferred again.
    at(vn('2027-01-16', 20, 10));
    expect((await deliver(refillEvent('rr-ARROTC-1', 'ARROTC'))).retryDelays).toEqual([12 * 3600]);
    at(vn('2027-01-17', 8, 59));
    expect((await deliver(refillEvent('rr-ARROTC-1', 'ARROTC'))).retryDelays).toEqual([60]);
    expect(await mine()).toHaveLength(0);
    // Not a failure: nothing recorded for admins.
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM event_failures WHERE event_id = 'rr-ARROTC-1'").first()).toEqual({ n: 0 });

    at(vn('2027-01-17', 9, 0));
    const day = await deliver(refillEvent('rr-ARROTC-1', 'ARROTC'));
    expect(day.explicitAcks).toHaveLength(1);
    expect(day.retryDelays).toEqual([]);
    at(vn('2027-01-17', 21));
    expect((await deliver(refillEvent('rr-ARROTC-1', 'ARROTC'))).explicitAcks).toHaveLength(1); // done already: acked
    const mails = await mine();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('/v1/refill/reorder');
  });

  it('judges the hour at delivery in production, and at the cron\'s (movable) clock elsewhere', async () => {
    const subject = async () => (await mailbox(USER_EMAIL)).filter((m) => m.subject.includes('Vitamin D3 A')).length;
    const before = await subject();
    await env.DB.prepare("UPDATE refill_reminders SET cycle = 11 WHERE id = 'ARROTC'").run(); // a cycle not sent yet
    const queuedInDaytime = (id: string) => ({ ...refillEvent(id, 'ARROTC'), payload: { cycle: 10, runsOutOn: '2026-12-20', queuedAt: vn('2027-01-16', 10) } });
    at(vn('2027-01-16', 23, 0));
    // Production: queued at 10:00 but delivered at 23:00 → deferred to 09:00 whatever the payload says.
    const prod = await deliver(queuedInDaytime('rr-ARROTC-Q1'), production);
    expect(prod.retryDelays).toEqual([10 * 3600]);
    expect(prod.explicitAcks).toHaveLength(0);
    // A local stack (the dev mailbox): the cron ran at a daytime clock, so it is sent.
    expect((await deliver(queuedInDaytime('rr-ARROTC-Q2'))).explicitAcks).toHaveLength(1);
    expect(await subject()).toBe(before + 1);
  });
});

describe('a refill email deferred from the outbox waits there, not in the queue', () => {
  it('is acknowledged on the queue and held in the outbox until 09:00: no queue retry, not republished at night, sent once in the morning', async () => {
    await env.DB.batch([
      env.DB.prepare("UPDATE refill_reminders SET cycle = 21 WHERE id = 'ARROTC'"),
      env.DB.prepare("INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) VALUES ('rr-ARROTC-20', 'refill.reminder_due', 'refill_reminder', 'ARROTC', ?, ?)").bind(JSON.stringify({ cycle: 20, runsOutOn: '2027-03-20' }), vn('2027-03-16', 19, 59)),
    ]);
    const repo = new D1CheckoutRepository(env.DB);
    const event = { ...refillEvent('rr-ARROTC-20', 'ARROTC'), payload: { cycle: 20, runsOutOn: '2027-03-20' } };
    at(vn('2027-03-16', 20, 0));
    const night = await deliver(event, production);
    expect(night.explicitAcks).toHaveLength(1);
    expect(night.retryDelays).toEqual([]);
    expect(await env.DB.prepare("SELECT claim_until AS until, acked_at AS acked FROM outbox_events WHERE id = 'rr-ARROTC-20'").first()).toEqual({ until: vn('2027-03-17', 9, 0), acked: null });
    // The cron's publish every minute of the night does not take it.
    for (const t of [vn('2027-03-16', 20, 6), vn('2027-03-17', 3, 0), vn('2027-03-17', 8, 59)]) expect((await repo.claimOutbox('cron', 100, t)).map((r) => r.id)).not.toContain('rr-ARROTC-20');
    // At 09:00 it is published again and sent, once.
    at(vn('2027-03-17', 9, 0));
    expect((await repo.claimOutbox('cron', 100, Date.now())).map((r) => r.id)).toContain('rr-ARROTC-20');
    expect((await deliver(event, production)).explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT acked_at IS NOT NULL AS acked FROM outbox_events WHERE id = 'rr-ARROTC-20'").first()).toEqual({ acked: 1 });
  });
});

describe('RFC 8058 one-click unsubscribe headers (through SendGrid, stand-in)', () => {
  it('the back-in-stock and the refill emails name the api POST routes; their links open the storefront pages', async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO stock_alerts (id, product_id, user_id, status, round, created_at, confirmed_at, updated_at) VALUES ('ASA2', 'APRODOTC', 'AU1', 'active', 1, 1, 1, 1)"),
      env.DB.prepare("UPDATE product_availability SET in_stock = 1 WHERE product_id = 'APRODOTC'"),
      env.DB.prepare("UPDATE refill_reminders SET cycle = 3 WHERE id = 'ARROTC'"),
    ]);
    expect((await deliver({ id: '01EVBISHEADERS000000000001', type: 'stock.back_in_stock', aggregateType: 'product', aggregateId: 'APRODOTC', occurredAt: Date.now(), payload: { productId: 'APRODOTC' } }, production)).explicitAcks).toHaveLength(1);
    at(vn('2027-02-10', 11));
    expect((await deliver({ ...refillEvent('rr-ARROTC-2', 'ARROTC'), payload: { cycle: 2, runsOutOn: '2027-02-13' } }, production)).explicitAcks).toHaveLength(1);
    vi.useRealTimers();
    const messages = (await (await fetch(`${standin}/__standin/messages`)).json()) as Array<{ to: string[]; subject: string; headers?: Record<string, string>; content: Array<{ value: string }> }>;
    const mine = messages.filter((m) => m.to.includes(USER_EMAIL));
    const bis = mine.find((m) => m.subject === 'Đã có hàng: Vitamin D3 A')!;
    const refill = mine.find((m) => m.subject.startsWith('Sắp hết Vitamin D3 A'))!;
    expect(bis.headers).toEqual({ 'List-Unsubscribe': expect.stringMatching(/^<https:\/\/medicare\.vn\/v1\/stock-alerts\/unsubscribe\?t=[^>\s]+>$/), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(refill.headers).toEqual({ 'List-Unsubscribe': expect.stringMatching(/^<https:\/\/medicare\.vn\/v1\/refill\/manage\?t=[^>\s]+>$/), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const text = (m: { content: Array<{ value: string }> }) => m.content.map((c) => c.value).join('\n');
    expect(text(bis)).toContain('https://medicare.vn/thong-bao-email/huy-thong-bao?t=');
    expect(text(refill)).toContain('https://medicare.vn/thong-bao-email/tam-dung?t=');
    expect(text(refill)).toContain('https://medicare.vn/thong-bao-email/dung-nhac?t=');
    expect(text(refill)).not.toContain('/v1/refill/manage');
  });
});
