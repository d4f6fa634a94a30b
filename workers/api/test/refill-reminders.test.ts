/**
 * #17 refill reminders, with the cron driven through runScheduled(env, now) on an injected clock: a delivered line of
 * a chronic-use product gets a reminder; the email goes out on the right Vietnam day, in the daytime, once per cycle
 * (not a day early, not at night, not twice under concurrent runs); its "Đặt lại" link rebuilds the cart at the
 * current price; a prescription-only product is never reordered; pause works from the email.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScheduled } from '../src/index';
import { MIN_REMINDER_GAP_DAYS, reminderLink } from '@medicare/shared/alerts/refill';
import { addDays } from '@medicare/shared/alerts/refill';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { api, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

const JSON_HEADERS = { 'content-type': 'application/json' };
const PARA_STRIP = '01TESTUNITPARAVI0000000000'; // Vỉ of 10 viên
const IBU_BOX = '01TESTUNITIBUHOP0000000000'; // Hộp of 100 viên
const SHOPPER = 'refill-shopper';
const EMAIL = `${SHOPPER}@test.medicare.vn`;
const ADDRESS = { recipientName: 'Nguyễn Văn Bình', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '1 Lê Lợi' };

let token = '';
let admin = '';
beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    ...hcmWard(),
    // Staff data: paracetamol 2 viên/ngày, ibuprofen 4 viên/ngày, both regular-use.
    env.DB.prepare('UPDATE products SET refill_eligible = 1, daily_use_base = 2 WHERE id = ?').bind(ids.paracetamol),
    env.DB.prepare('UPDATE products SET refill_eligible = 1, daily_use_base = 4 WHERE id = ?').bind(ids.ibuprofen),
    env.DB.prepare("UPDATE stock_batches SET expiry_date = ? WHERE id = '01TESTBATCHIBU00000000000'").bind(vietnamDate(Date.now() + 400 * 86_400_000)),
  ]);
  token = await tokenFor('customer', SHOPPER);
  admin = await tokenFor('admin', 'admin-refill');
});

async function deliveredOrder(unitId: string, quantity: number, key: string): Promise<string> {
  const placed = await api('/v1/orders', { method: 'POST', headers: { ...JSON_HEADERS, 'idempotency-key': key, authorization: `Bearer ${token}` }, body: JSON.stringify({ items: [{ unitId, quantity }], address: ADDRESS, paymentMethod: 'cod' }) });
  expect(placed.status).toBe(201);
  const { code } = await json(placed);
  for (const to of ['shipping', 'delivered']) {
    const res = await api(`/v1/admin/orders/${code}/status`, { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ to, reason: 'Giao hàng thử' }) });
    expect(res.status).toBe(200);
  }
  return code;
}

const me = (path: string, init: RequestInit = {}) => api(path, { ...init, headers: { ...JSON_HEADERS, authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
const reminderMails = async () => (await env.DB.prepare("SELECT subject, text FROM dev_mailbox WHERE to_address = ? AND subject LIKE 'Sắp hết%' ORDER BY created_at, rowid").bind(EMAIL).all<{ subject: string; text: string }>()).results;
/** Epoch ms of Vietnam day `date` at `hh`:30 local time. */
const vn = (date: string, hh: number) => Date.parse(`${date}T${String(hh).padStart(2, '0')}:30:00+07:00`);

async function drain() {
  for (let i = 0; i < 150; i++) {
    const r = await env.DB.prepare('SELECT COUNT(*) AS total, COUNT(acked_at) AS acked FROM outbox_events').first<{ total: number; acked: number }>();
    if (r!.acked === r!.total) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('outbox not consumed');
}
const linkPath = (text: string, route: string) => new RegExp(`https?://[^\\s]+(/v1/${route}\\?t=[^\\s]+)`).exec(text)?.[1] ?? null;

describe('refill reminders', () => {
  it('staff set the regular-use flag and the daily use in the product form (admin PATCH), and read them back', async () => {
    const patch = await api(`/v1/admin/products/${ids.cleanser}`, { method: 'PATCH', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ refillEligible: true, dailyUseBase: 1 }) });
    expect(patch.status).toBe(200);
    expect(await json(patch)).toMatchObject({ refillEligible: true, dailyUseBase: 1 });
    const bad = await api(`/v1/admin/products/${ids.cleanser}`, { method: 'PATCH', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ dailyUseBase: 0 }) });
    expect(bad.status).toBe(400);
    const off = await api(`/v1/admin/products/${ids.cleanser}`, { method: 'PATCH', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ refillEligible: false, dailyUseBase: null }) });
    expect(await json(off)).toMatchObject({ refillEligible: false, dailyUseBase: null });
  });

  it('turns on for a received line of a regular-use product; the reminder goes out once, on the right Vietnam day, in the daytime', async () => {
    // Before delivery: no reminder.
    const pending = await api('/v1/orders', { method: 'POST', headers: { ...JSON_HEADERS, 'idempotency-key': 'refill-undelivered', authorization: `Bearer ${token}` }, body: JSON.stringify({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address: ADDRESS, paymentMethod: 'cod' }) });
    const pendingLine = (await env.DB.prepare('SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.code = ?').bind((await json(pending)).code).first<{ id: string }>())!.id;
    const early = await me('/v1/me/refill-reminders', { method: 'POST', body: JSON.stringify({ orderLineId: pendingLine }) });
    expect(early.status).toBe(409);
    expect((await json(early)).error.code).toBe('ORDER_NOT_DELIVERED');

    await deliveredOrder(PARA_STRIP, 3, 'refill-para'); // 3 vỉ × 10 viên ÷ 2 viên/ngày = 15 days
    const today = vietnamDate(Date.now());
    const view = await json(await me('/v1/me/refill-reminders'));
    expect(view.eligible).toHaveLength(1);
    expect(view.eligible[0]).toMatchObject({ quantity: 3, deliveredOn: today, supplyDays: 15 });
    const created = await me('/v1/me/refill-reminders', { method: 'POST', body: JSON.stringify({ orderLineId: view.eligible[0].orderLineId }) });
    expect(created.status).toBe(201);
    const reminder = await json(created);
    expect(reminder).toMatchObject({ status: 'active', cadenceDays: 15, leadDays: 3, runsOutOn: addDays(today, 15), nextRemindOn: addDays(today, 12) });
    expect((await me('/v1/me/refill-reminders', { method: 'POST', body: JSON.stringify({ orderLineId: view.eligible[0].orderLineId }) })).status).toBe(409);
    // Another shopper cannot turn on (or even see) it.
    const other = await tokenFor('customer', 'refill-other');
    const foreign = await api('/v1/me/refill-reminders', { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${other}` }, body: JSON.stringify({ orderLineId: view.eligible[0].orderLineId }) });
    expect(foreign.status).toBe(404);

    const dueDay = addDays(today, 12);
    // A day early (daytime): nothing. The right day at night (22:30, 06:30 ICT): nothing.
    for (const t of [vn(addDays(dueDay, -1), 10), vn(dueDay, 6), vn(addDays(dueDay, -1), 22)]) expect((await runScheduled(env as never, t)).remindersQueued).toBe(0);
    // The right day, 10:30 ICT, two crons at once: queued once.
    const [a, b] = await Promise.all([runScheduled(env as never, vn(dueDay, 10)), runScheduled(env as never, vn(dueDay, 10))]);
    expect(a.remindersQueued + b.remindersQueued).toBe(1);
    expect((await runScheduled(env as never, vn(dueDay, 15))).remindersQueued).toBe(0);
    await runScheduled(env as never, Date.now()); // publishes anything left
    await drain();
    const mails = await reminderMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`ngày ${addDays(today, 15).split('-').reverse().join('/')}`);
    // The next cycle starts where this one ran out.
    const after = await json(await me('/v1/me/refill-reminders'));
    expect(after.reminders[0]).toMatchObject({ runsOutOn: addDays(today, 30), nextRemindOn: addDays(today, 27) });

    // "Đặt lại" with the price changed since: the cart is rebuilt at the current price, once.
    await env.DB.prepare('UPDATE product_units SET price = 12500 WHERE id = ?').bind(PARA_STRIP).run();
    const reorder = linkPath(mails[0]!.text, 'refill/reorder')!;
    expect(reorder).not.toBeNull();
    const res = await api(reorder, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/gio-hang\?dat-lai=ok$/);
    const cookie = /mc_cart=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const again = await api(reorder, { redirect: 'manual', headers: { cookie } });
    expect(again.headers.get('location')).toMatch(/dat-lai=ok$/);
    const cart = await json(await api('/v1/cart', { headers: { cookie } }));
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ unitId: PARA_STRIP, quantity: 3, unitPrice: 12_500, lineTotal: 37_500, problem: null });

    // "Tạm dừng" from the email: the link opens the storefront page (opening it, or the old api GET link a mail
    // scanner prefetches, changes nothing); its button POSTs the pause. The next cycle's day passes without an email.
    const pauseToken = decodeURIComponent(/\/thong-bao-email\/tam-dung\?t=([^\s]+)/.exec(mails[0]!.text)![1]!);
    const opened = await api(`/v1/refill/manage?t=${encodeURIComponent(pauseToken)}`, { redirect: 'manual' });
    expect(opened.headers.get('location')).toMatch(/\/thong-bao-email\/tam-dung\?t=/);
    expect((await json(await me('/v1/me/refill-reminders'))).reminders[0].status).toBe('active');
    const pause = await api(`/v1/refill/manage?t=${encodeURIComponent(pauseToken)}`, { method: 'POST', redirect: 'manual' });
    expect(pause.headers.get('location')).toMatch(/kq=da-tam-dung$/);
    expect((await runScheduled(env as never, vn(addDays(today, 27), 11))).remindersQueued).toBe(0);
    // Resumed from the account with a longer cadence: 20 days from the cycle start instead of 15.
    const resumed = await me(`/v1/me/refill-reminders/${reminder.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'active', cadenceDays: 20 }) });
    expect(await json(resumed)).toMatchObject({ status: 'active', cadenceDays: 20, runsOutOn: addDays(today, 35), nextRemindOn: addDays(today, 32) });

    // "Dừng nhắc" by a mail client's RFC 8058 one-click POST (the email's List-Unsubscribe header): stopped, still listed.
    const stop = await reminderLink(env.JWT_SECRET, reminder.id, 'stop', Math.floor(Date.now() / 1000));
    // As multipart/form-data, the encoding RFC 8058 recommends to mail providers.
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const oneClick = await api(`/v1/refill/manage?t=${encodeURIComponent(stop)}`, { method: 'POST', body: form });
    expect(oneClick.status).toBe(200);
    expect((await json(await me('/v1/me/refill-reminders'))).reminders.find((r: { id: string }) => r.id === reminder.id)).toMatchObject({ status: 'stopped' });
    // Turned on again from the account…
    const reenabled = await me(`/v1/me/refill-reminders/${reminder.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'active' }) });
    expect(reenabled.status).toBe(200);
    expect(await json(reenabled)).toMatchObject({ status: 'active', runsOutOn: addDays(today, 35) });
    // …and from the order line (stopped in the account first).
    expect((await me(`/v1/me/refill-reminders/${reminder.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'stopped' }) })).status).toBe(200);
    const fromLine = await me('/v1/me/refill-reminders', { method: 'POST', body: JSON.stringify({ orderLineId: reminder.orderLineId }) });
    expect(fromLine.status).toBe(201);
    expect(await json(fromLine)).toMatchObject({ id: reminder.id, status: 'active' });
    // An active one is not created twice.
    expect((await me('/v1/me/refill-reminders', { method: 'POST', body: JSON.stringify({ orderLineId: reminder.orderLineId }) })).status).toBe(409);
  });

  it('a prescription-only product is reminded with "hỏi dược sĩ" only and never reordered', async () => {
    await deliveredOrder(IBU_BOX, 1, 'refill-ibu'); // 100 viên ÷ 4 = 25 days
    const view = await json(await me('/v1/me/refill-reminders'));
    const line = view.eligible.find((e: { productName: string }) => e.productName.includes('Ibuprofen'));
    const created = await json(await me('/v1/me/refill-reminders', { method: 'POST', body: JSON.stringify({ orderLineId: line.orderLineId }) }));
    // The product is reclassified as prescription-only.
    await env.DB.prepare('UPDATE products SET prescription_required = 1 WHERE id = ?').bind(ids.ibuprofen).run();
    const today = vietnamDate(Date.now());
    expect((await runScheduled(env as never, vn(addDays(today, 22), 9))).remindersQueued).toBeGreaterThanOrEqual(1);
    await runScheduled(env as never, Date.now());
    await drain();
    const mail = (await reminderMails()).find((m) => m.subject.includes('Ibuprofen'))!;
    expect(mail.text).toContain('Hỏi dược sĩ');
    expect(mail.text).toContain('/tu-van-duoc-si');
    expect(linkPath(mail.text, 'refill/reorder')).toBeNull();
    // Even a genuine reorder link (minted here) is refused by the prescription rule; nothing goes into a cart.
    const t = await reminderLink(env.JWT_SECRET, created.id, 'reorder', Math.floor(Date.now() / 1000));
    const res = await api(`/v1/refill/reorder?t=${encodeURIComponent(t)}`, { redirect: 'manual' });
    expect(res.headers.get('location')).toMatch(/dat-lai=thuoc-ke-don$/);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('mc_cart=');
  });

  it('a reminder overdue for more than a cadence is not followed by another the next morning (at least MIN_REMINDER_GAP_DAYS)', async () => {
    const today = vietnamDate(Date.now());
    const r = (await env.DB.prepare("SELECT r.id, r.cadence_days AS cadence FROM refill_reminders r JOIN products p ON p.id = r.product_id WHERE p.id = ? AND r.status = 'active'").bind(ids.ibuprofen).first<{ id: string; cadence: number }>())!;
    // Ran out 100 days ago (turned on long after delivery, or the cron was down).
    await env.DB.prepare('UPDATE refill_reminders SET runs_out_on = ?, next_remind_on = ? WHERE id = ?').bind(addDays(today, -100), addDays(today, -103), r.id).run();
    expect((await runScheduled(env as never, vn(today, 19))).remindersQueued).toBe(1);
    const next = (await env.DB.prepare('SELECT next_remind_on AS d FROM refill_reminders WHERE id = ?').bind(r.id).first<{ d: string }>())!.d;
    expect(next).toBe(addDays(today, Math.min(r.cadence, MIN_REMINDER_GAP_DAYS)));
    expect((await runScheduled(env as never, vn(addDays(today, 1), 9))).remindersQueued).toBe(0);
  });
});
