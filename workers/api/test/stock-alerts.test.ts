/**
 * #17 "Báo khi có hàng" end to end: subscribe (signed-in in one click; a guest confirms the address once by a signed
 * link) → staff receive stock through the admin receipt route → the availability flip's trigger writes one outbox
 * event → cron publishes → queue → consumer Worker → exactly one email per alert; a replayed event and a second flip
 * send nothing; the email's links open storefront pages (a GET changes nothing) whose button POSTs the action, and a
 * mail client's RFC 8058 one-click POST unsubscribes without sign-in.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScheduled } from '../src/index';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { ALERTS_PER_EVENT } from '@medicare/shared/alerts/stock-alerts';
import { api, DAY, json, seedFixtures, tokenFor } from './fixtures';

const OUT = '01TESTPRODBULK000000000000'; // Gamma Bulk 0: its only batch is empty
const OUT_UNIT = '01TESTUNITBULK000000000000';
const GUEST = 'khach.bao.hang@example.vn';
const SHOPPER = 'alert-shopper';
const SHOPPER_EMAIL = `${SHOPPER}@test.medicare.vn`;
const SUBJECT = 'Đã có hàng: Gamma Bulk 0';
const JSON_HEADERS = { 'content-type': 'application/json' };

beforeAll(async () => {
  await seedFixtures();
});

const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).bind(...binds).first<{ n: number }>())!.n;
const mails = async (to: string, subject: string) => (await env.DB.prepare('SELECT text FROM dev_mailbox WHERE to_address = ? AND subject = ? ORDER BY created_at, rowid').bind(to, subject).all<{ text: string }>()).results;

/** Publishes the outbox (the cron) and waits until the consumer Worker has acknowledged every event. */
async function drain() {
  await runScheduled(env as never, Date.now());
  for (let i = 0; i < 150; i++) {
    const r = await env.DB.prepare('SELECT COUNT(*) AS total, COUNT(acked_at) AS acked FROM outbox_events').first<{ total: number; acked: number }>();
    if (r!.acked === r!.total) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const left = await env.DB.prepare('SELECT type, attempts, last_error FROM outbox_events WHERE acked_at IS NULL').all();
  const failures = await env.DB.prepare('SELECT * FROM event_failures').all().catch(() => ({ results: [] }));
  throw new Error(`outbox not consumed: ${JSON.stringify(left.results)} ${JSON.stringify(failures.results).slice(0, 1500)}`);
}

/** The token of the storefront action page a link of the email opens (`/thong-bao-email/<page>?t=`). */
const pageToken = (text: string, page: string) => {
  const m = new RegExp(`https?://[^\\s]+/thong-bao-email/${page}\\?t=([^\\s]+)`).exec(text);
  expect(m, `a ${page} link`).not.toBeNull();
  return decodeURIComponent(m![1]!);
};

async function receive(quantity: number, lot: string, productId = OUT, unitId = OUT_UNIT) {
  const admin = await tokenFor('admin', 'admin-alerts');
  const res = await api('/v1/admin/stock/receipts', {
    method: 'POST',
    headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` },
    body: JSON.stringify({ productId, unitId, quantity, lotNumber: lot, expiryDate: vietnamDate(Date.now() + 400 * DAY), costPrice: 5000, supplier: 'NPP Thử', receivedDate: vietnamDate(Date.now()) }),
  });
  expect(res.status).toBe(201);
  return (await json(res)).id as string;
}

describe('back-in-stock alerts', () => {
  it('refuses an alert for a product in stock, an unknown product, and a guest without an email', async () => {
    const inStock = await api('/v1/stock-alerts', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ productId: '01TESTPRODCLEANSER0000000', email: 'a@example.vn' }) });
    expect(inStock.status).toBe(409);
    expect((await json(inStock)).error.code).toBe('PRODUCT_IN_STOCK');
    const unknown = await api('/v1/stock-alerts', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ productId: '01NOSUCHPRODUCT0000000000', email: 'a@example.vn' }) });
    expect(unknown.status).toBe(404);
    const noEmail = await api('/v1/stock-alerts', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ productId: OUT }) });
    expect(noEmail.status).toBe(400);
    expect((await json(noEmail)).error.code).toBe('EMAIL_REQUIRED');
  });

  it('a signed-in shopper subscribes in one click; a guest confirms once; stock received → one email each; replays send nothing', async () => {
    const token = await tokenFor('customer', SHOPPER);
    for (let i = 0; i < 2; i++) {
      const res = await api('/v1/stock-alerts', { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: JSON.stringify({ productId: OUT }) });
      expect(res.status).toBe(201);
      expect(await json(res)).toEqual({ status: 'active' });
    }
    const guest = await api('/v1/stock-alerts', { method: 'POST', headers: { ...JSON_HEADERS, 'cf-connecting-ip': '192.0.2.77' }, body: JSON.stringify({ productId: OUT, email: GUEST }) });
    expect(guest.status).toBe(201);
    expect(await json(guest)).toEqual({ status: 'pending' });
    expect(await count("SELECT 1 FROM stock_alerts WHERE product_id = ?", OUT)).toBe(2);

    // The guest's confirmation email (through the consumer), then the one-click confirmation.
    await drain();
    const confirm = await mails(GUEST, 'Xác nhận nhận thông báo khi có hàng: Gamma Bulk 0');
    expect(confirm).toHaveLength(1);
    // The link opens the storefront page; neither it nor the old api GET link (prefetched by a mail scanner) confirms.
    const confirmToken = pageToken(confirm[0]!.text, 'xac-nhan');
    const prefetch = await api(`/v1/stock-alerts/confirm?t=${encodeURIComponent(confirmToken)}`, { redirect: 'manual' });
    expect(prefetch.status).toBe(303);
    expect(prefetch.headers.get('location')).toMatch(/\/thong-bao-email\/xac-nhan\?t=/);
    expect(await count("SELECT 1 FROM stock_alerts WHERE product_id = ? AND status = 'pending'", OUT)).toBe(1);
    // The page's button POSTs it.
    const confirmed = await api(`/v1/stock-alerts/confirm?t=${encodeURIComponent(confirmToken)}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toMatch(/\/thong-bao-email\?kq=da-xac-nhan$/);
    expect(await count("SELECT 1 FROM stock_alerts WHERE product_id = ? AND status = 'active'", OUT)).toBe(2);

    // Staff receive stock: the flip writes one event; each alert gets exactly one email and is marked notified.
    const batchId = await receive(10, 'ALERT-1');
    expect(await count("SELECT 1 FROM outbox_events WHERE type = 'stock.back_in_stock' AND aggregate_id = ?", OUT)).toBe(1);
    await drain();
    expect(await mails(SHOPPER_EMAIL, SUBJECT)).toHaveLength(1);
    expect(await mails(GUEST, SUBJECT)).toHaveLength(1);
    expect((await mails(GUEST, SUBJECT))[0]!.text).toContain('/san-pham/gamma-bulk-0');
    expect(await count("SELECT 1 FROM stock_alerts WHERE product_id = ? AND status = 'notified'", OUT)).toBe(2);

    // The same announcement again (another event id), even with an alert's "notified" mark lost (set back to active):
    // the per-alert effect is done for this round, so nothing is sent twice.
    await env.DB.prepare("UPDATE stock_alerts SET status = 'active' WHERE user_id = ?").bind(SHOPPER).run();
    await env.DB.prepare("INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) SELECT 'replay-' || substr(id, 1, 20), type, aggregate_type, aggregate_id, payload, created_at FROM outbox_events WHERE type = 'stock.back_in_stock'").run();
    await drain();
    await env.DB.prepare("UPDATE stock_alerts SET status = 'notified' WHERE user_id = ?").bind(SHOPPER).run();
    // Sold out and back again: the alerts were notified already, so no new event and no email.
    const admin = await tokenFor('admin', 'admin-alerts');
    const out = await api(`/v1/admin/stock/batches/${batchId}/adjustments`, { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ kind: 'count', quantity: 0, reason: 'Kiểm kê thử' }) });
    expect(out.status).toBe(200);
    await receive(5, 'ALERT-2');
    await drain();
    expect(await mails(SHOPPER_EMAIL, SUBJECT)).toHaveLength(1);
    expect(await mails(GUEST, SUBJECT)).toHaveLength(1);

    // Unsubscribe from the email, without signing in: opening the link (or the old api GET link) changes nothing; the
    // page's button POSTs it; a mail client's RFC 8058 one-click POST does it too (200).
    const unsubToken = pageToken((await mails(GUEST, SUBJECT))[0]!.text, 'huy-thong-bao');
    const opened = await api(`/v1/stock-alerts/unsubscribe?t=${encodeURIComponent(unsubToken)}`, { redirect: 'manual' });
    expect(opened.headers.get('location')).toMatch(/\/thong-bao-email\/huy-thong-bao\?t=/);
    expect(await count("SELECT 1 FROM stock_alerts WHERE email = ? AND status = 'unsubscribed'", GUEST)).toBe(0);
    const unsub = await api(`/v1/stock-alerts/unsubscribe?t=${encodeURIComponent(unsubToken)}`, { method: 'POST', redirect: 'manual' });
    expect(unsub.status).toBe(303);
    expect(unsub.headers.get('location')).toMatch(/kq=da-huy$/);
    expect(await count("SELECT 1 FROM stock_alerts WHERE email = ? AND status = 'unsubscribed'", GUEST)).toBe(1);
    await env.DB.prepare("UPDATE stock_alerts SET status = 'notified' WHERE user_id = ?").bind(SHOPPER).run();
    const shopperToken = pageToken((await mails(SHOPPER_EMAIL, SUBJECT))[0]!.text, 'huy-thong-bao');
    const oneClick = await api(`/v1/stock-alerts/unsubscribe?t=${encodeURIComponent(shopperToken)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await json(oneClick)).toEqual({ done: true });
    expect(await count("SELECT 1 FROM stock_alerts WHERE user_id = ? AND status = 'unsubscribed'", SHOPPER)).toBe(1);
    const forgedToken = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forgedforgedforged';
    const forged = await api(`/v1/stock-alerts/unsubscribe?t=${forgedToken}`, { method: 'POST', redirect: 'manual' });
    expect(forged.headers.get('location')).toMatch(/kq=lien-ket-loi$/);
    const multipart = new FormData(); // what RFC 8058 recommends mail providers send
    multipart.set('List-Unsubscribe', 'One-Click');
    const forgedOneClick = await api(`/v1/stock-alerts/unsubscribe?t=${forgedToken}`, { method: 'POST', body: multipart });
    expect(forgedOneClick.status).toBe(400);
    expect((await json(forgedOneClick)).error.code).toBe('LINK_INVALID');

  });

  it('more alerts than one delivery may mail (ALERTS_PER_EVENT): the rest go out through a follow-up event, each exactly once', async () => {
    const product = '01TESTPRODBULK000000000008'; // out of stock in the fixtures
    const total = ALERTS_PER_EVENT + 3;
    await env.DB.prepare(
      `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?2)
       INSERT INTO stock_alerts (id, product_id, email, status, round, created_at, confirmed_at, updated_at)
       SELECT printf('01ALERTMANY%015d', i), ?1, printf('nhieu-%03d@example.vn', i), 'active', 1, i, i, i FROM k`,
    )
      .bind(product, total)
      .run();
    await receive(10, 'ALERT-MANY', product, '01TESTUNITBULK000000000008');
    await drain();
    const sent = await env.DB.prepare("SELECT to_address AS address, COUNT(*) AS n FROM dev_mailbox WHERE subject = 'Đã có hàng: Gamma Bulk 8' GROUP BY to_address").all<{ address: string; n: number }>();
    expect(sent.results).toHaveLength(total);
    expect(sent.results.every((r) => r.n === 1)).toBe(true);
    expect(await count("SELECT 1 FROM stock_alerts WHERE product_id = ? AND status = 'notified'", product)).toBe(total);
    // The flip's event and one follow-up (the first delivery mailed ALERTS_PER_EVENT).
    expect(await count("SELECT 1 FROM outbox_events WHERE type = 'stock.back_in_stock' AND aggregate_id = ?", product)).toBe(2);
  });

  it('whoever types an address cannot switch its emails back on after an unsubscribe, nor learn that it followed the product', async () => {
    const product = '01TESTPRODBULK000000000004'; // out of stock in the fixtures
    const victim = 'nguoi-theo-doi@example.vn';
    await env.DB.prepare("INSERT INTO stock_alerts (id, product_id, email, status, created_at, confirmed_at, updated_at) VALUES ('01ALERTVICTIM000000000000', ?, ?, 'unsubscribed', 1, 1, 1)").bind(product, victim).run();
    const post = () => api('/v1/stock-alerts', { method: 'POST', headers: { ...JSON_HEADERS, 'cf-connecting-ip': '192.0.2.79' }, body: JSON.stringify({ productId: product, email: victim }) });
    const again = await post();
    expect(again.status).toBe(201);
    expect(await json(again)).toEqual({ status: 'pending' });
    expect(await count("SELECT 1 FROM stock_alerts WHERE email = ? AND status = 'pending'", victim)).toBe(1);
    // A live, confirmed alert reads "pending" to a guest too.
    await env.DB.prepare("UPDATE stock_alerts SET status = 'active' WHERE email = ?").bind(victim).run();
    expect(await json(await post())).toEqual({ status: 'pending' });
  });

  it('limits alert creation per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api('/v1/stock-alerts', { method: 'POST', headers: { ...JSON_HEADERS, 'cf-connecting-ip': '192.0.2.88' }, body: JSON.stringify({ productId: '01TESTPRODBULK000000000004', email: 'spam@example.vn' }) });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
