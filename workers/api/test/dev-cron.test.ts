/**
 * #17: `POST /dev/cron` lets the browser tests run the cron's refill-reminder step and outbox publish on a moved clock
 * (wrangler dev fires no cron). Served only when the dev routes are enabled: in production it is a route that does not
 * exist (and queues nothing); in development it queues a due reminder on its Vietnam day in the daytime only, once.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { addDays } from '@medicare/shared/alerts/refill';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { api, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

const JSON_HEADERS = { 'content-type': 'application/json' };
const PARA_STRIP = '01TESTUNITPARAVI0000000000'; // Vỉ of 10 viên
const ADDRESS = { recipientName: 'Nguyễn Văn Bình', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '1 Lê Lợi' };
/** Epoch ms of Vietnam day `date` at `hh`:30 local time. */
const vn = (date: string, hh: number) => Date.parse(`${date}T${String(hh).padStart(2, '0')}:30:00+07:00`);
const cron = (body: unknown, environment?: string) =>
  app.fetch(new Request('https://api.medicare.test/dev/cron', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }), { ...env, ...(environment ? { ENVIRONMENT: environment } : {}) } as never, {
    waitUntil: () => undefined,
    passThroughOnException: () => undefined,
  } as never);
const queued = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'refill.reminder_due'").first<{ n: number }>())!.n;

let dueDay = '';
beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard(), env.DB.prepare('UPDATE products SET refill_eligible = 1, daily_use_base = 2 WHERE id = ?').bind(ids.paracetamol)]);
  const token = await tokenFor('customer', 'dev-cron-shopper');
  const admin = await tokenFor('admin', 'dev-cron-admin');
  const placed = await api('/v1/orders', { method: 'POST', headers: { ...JSON_HEADERS, 'idempotency-key': 'dev-cron-order', authorization: `Bearer ${token}` }, body: JSON.stringify({ items: [{ unitId: PARA_STRIP, quantity: 1 }], address: ADDRESS, paymentMethod: 'cod' }) });
  expect(placed.status).toBe(201);
  const { code } = await json(placed);
  for (const to of ['shipping', 'delivered']) {
    const res = await api(`/v1/admin/orders/${code}/status`, { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ to, reason: 'Giao hàng thử' }) });
    expect(res.status).toBe(200);
  }
  const me = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
  const view = await json(await api('/v1/me/refill-reminders', { headers: me }));
  const created = await api('/v1/me/refill-reminders', { method: 'POST', headers: me, body: JSON.stringify({ orderLineId: view.eligible[0].orderLineId }) });
  expect(created.status).toBe(201);
  dueDay = (await json(created)).nextRemindOn; // 1 vỉ × 10 viên ÷ 2 viên/ngày = 5 days, reminded 3 days before
  expect(dueDay).toBe(addDays(vietnamDate(Date.now()), 2));
});

describe('POST /dev/cron', () => {
  it('is refused in production, like a route that does not exist, and queues nothing', async () => {
    const res = await cron({ now: vn(dueDay, 10) }, 'production');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'Không tìm thấy đường dẫn yêu cầu.' } });
    expect(await queued()).toBe(0);
    const spec = await json(await api('/openapi.json'));
    expect(Object.keys(spec.paths)).not.toContain('/dev/cron');
  });

  it('refuses a clock that is not epoch milliseconds with a 400', async () => {
    const res = await cron({ now: 'ngày mai' });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('VALIDATION_FAILED');
    expect(await queued()).toBe(0);
  });

  it('in development, queues the due reminder on its Vietnam day in the daytime only, once, and publishes it', async () => {
    for (const t of [vn(addDays(dueDay, -1), 10), vn(dueDay, 22), vn(dueDay, 6)]) {
      const res = await cron({ now: t });
      expect(res.status).toBe(200);
      expect((await json(res)).remindersQueued).toBe(0);
    }
    expect(await queued()).toBe(0);
    const due = await json(await cron({ now: vn(dueDay, 10) }));
    expect(due).toMatchObject({ now: vn(dueDay, 10), remindersQueued: 1 });
    expect(due.published).toBeGreaterThanOrEqual(1);
    expect((await json(await cron({ now: vn(dueDay, 11) }))).remindersQueued).toBe(0);
    expect(await queued()).toBe(1);
    const row = await env.DB.prepare("SELECT published_at AS publishedAt FROM outbox_events WHERE type = 'refill.reminder_due'").first<{ publishedAt: number | null }>();
    expect(row!.publishedAt).not.toBeNull();
  });
});
