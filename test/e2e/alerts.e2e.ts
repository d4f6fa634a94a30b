/**
 * Issue 17's alerts "Done when" in Chromium against the running platform (scripts/e2e.mjs):
 * - "Báo khi có hàng": a signed-in shopper asks on an out-of-stock OTC product's page; staff receive stock in the
 *   console (/quan-tri/kho); the cron's publish (`POST /dev/cron`: wrangler dev fires no cron) lets the consumer send
 *   exactly one back-in-stock email, whose link opens the product, now in stock.
 * - Refill reminder: the shopper received an order of a regular-use product (carrier webhooks, `npm run
 *   simulate:carrier`) and turns the reminder on in the account page; the cron runs at moved clocks (`POST /dev/cron`
 *   with `now`): nothing the day before nor on the due day at night, one email on the due Vietnam day in the daytime;
 *   staff raise the price meanwhile; the email's "Đặt lại" link rebuilds the cart at the current price.
 * Screenshots: test-artifacts/e2e/alerts-*.png.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnd } from '../../shared/src/text';
import { API, eventually, expectNoSeriousA11y, launch, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const ADMIN = { email: 'admin@medicare.local', password: readFileSync('.wrangler/dev-admin.txt', 'utf8').trim() };
const npm = (...args: string[]) => execFileSync('npm', ['run', '-s', ...args], { cwd: process.cwd(), stdio: 'pipe' }).toString();
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `alerts-${name}.png`), fullPage: false });
/** A Vietnam calendar day `days` from today (YYYY-MM-DD), and a Vietnam day at `hh`:30 local time (epoch ms). */
const vnDay = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const vnTime = (date: string, hh: number) => Date.parse(`${date}T${String(hh).padStart(2, '0')}:30:00+07:00`);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const viDate = (iso: string) => iso.split('-').reverse().join('/');

let browser: Browser;
const csp: string[] = [];
const visitor = visitors(() => browser, { csp });
let who: { email: string; password: string; name: string };
let adminToken = '';
let shopper: Page;
let staff: Page;
/** An OTC product sold in the cart, out of stock now. */
let waiting = { id: '', slug: '', name: '' };
/** A regular-use OTC product (refill data set by the seed) in stock, bought and received by the shopper. */
let refill = { id: '', slug: '', name: '', unitId: '', unitName: '', price: 0, supplyDays: 0 };
let orderCode = '';

interface Mail { subject: string; text: string }
const mails = async (subject: string): Promise<Mail[]> => {
  const { items } = (await (await fetch(`${API}/dev/mailbox?to=${encodeURIComponent(who.email)}`)).json()) as { items: Mail[] };
  return items.filter((m) => m.subject.startsWith(subject));
};
/** The cron's refill-reminder step and outbox publish, at `now` (the real clock when absent). */
const cron = async (now?: number): Promise<{ remindersQueued: number; published: number }> => {
  const res = await fetch(`${API}/dev/cron`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(now === undefined ? {} : { now }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<{ remindersQueued: number; published: number }>;
};
const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${API}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, ...(init.headers ?? {}) } });

interface Summary { id: string; slug: string; name: string; purchaseMode: string; inStock: boolean; defaultUnit: { id: string; name: string } }
interface AdminUnit { id: string; name: string; factor: number; price: number; salePrice: number | null; saleStartsAt: number | null; saleEndsAt: number | null; weightGrams: number; barcode: string | null; isDefault: boolean; retired: boolean }
interface AdminProduct { refillEligible: boolean; dailyUseBase: number | null; units: AdminUnit[] }

beforeAll(async () => {
  browser = await launch();
  who = await verifiedCustomer('alerts');
  const login = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify(ADMIN) });
  expect(login.status, await login.clone().text()).toBe(200);
  adminToken = ((await login.json()) as { accessToken: string }).accessToken;

  // An out-of-stock OTC product (the seed leaves some without sellable stock; listings put them last).
  const out: Summary[] = [];
  for (let page = 0, cursor = ''; page < 60 && out.length < 3; page++) {
    const res = await fetch(`${API}/v1/products?rx=false&limit=60${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const list = (await res.json()) as { items: Summary[]; nextCursor: string | null };
    out.push(...list.items.filter((p) => p.purchaseMode === 'cart' && !p.inStock));
    if (!list.nextCursor) break;
    cursor = list.nextCursor;
  }
  expect(out.length, 'an out-of-stock OTC product in the seed').toBeGreaterThan(0);
  const w = out[Math.floor(Math.random() * out.length)]!;
  waiting = { id: w.id, slug: w.slug, name: w.name };

  // A regular-use product in stock whose default unit lasts long enough to be reminded on a later day.
  const candidates: Summary[] = [];
  for (const category of ['vitamin-c', 'vitamin-tong-hop', 'canxi-vitamin-d', 'omega-3', 'kem-sat']) {
    const list = (await (await fetch(`${API}/v1/products?category=${category}&rx=false&inStock=true&limit=60`)).json()) as { items?: Summary[] };
    candidates.push(...(list.items ?? []).filter((x) => x.purchaseMode === 'cart').sort(() => Math.random() - 0.5));
  }
  for (const p of candidates) {
    const a = (await (await admin(`/v1/admin/products/${p.id}`)).json()) as AdminProduct;
    const unit = a.units.find((u) => u.id === p.defaultUnit.id)!;
    const supply = a.dailyUseBase ? Math.floor(unit.factor / a.dailyUseBase) : 0;
    if (a.refillEligible && supply >= 6 && a.units.every((u) => u.salePrice === null)) {
      refill = { id: p.id, slug: p.slug, name: p.name, unitId: unit.id, unitName: unit.name, price: unit.price, supplyDays: supply };
      break;
    }
  }
  expect(refill.id, `a regular-use vitamin in stock among ${candidates.length}`).not.toBe('');
  const token = ((await (await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: who.email, password: who.password }) })).json()) as { accessToken: string }).accessToken;
  const wards = (await (await fetch(`${API}/v1/locations/provinces/79/wards?limit=1`)).json()) as { items: Array<{ code: string }> };
  const res = await fetch(`${API}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-alerts-${Date.now()}`, authorization: `Bearer ${token}` },
    body: JSON.stringify({ items: [{ unitId: refill.unitId, quantity: 1 }], address: { recipientName: who.name, phone: '0909123456', provinceCode: '79', wardCode: wards.items[0]!.code, street: '12 Lý Tự Trọng' }, paymentMethod: 'cod' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  orderCode = ((await res.json()) as { code: string }).code;
  npm('simulate:carrier', '--', orderCode, 'picked', 'ghn');
  npm('simulate:carrier', '--', orderCode, 'delivered', 'ghn');

  shopper = await visitor();
  await signInAt(shopper, who, `/san-pham/${waiting.slug}`);
  staff = await visitor();
  await signInAt(staff, ADMIN, '/quan-tri');
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('"Báo khi có hàng": one email when staff receive stock', () => {
  it('the shopper asks on the out-of-stock product page', async () => {
    await shopper.getByTestId('account-link').waitFor(); // hydrated, and the page knows the shopper is signed in
    const box = shopper.getByTestId('buy-box');
    expect(await box.textContent()).toContain('Tạm hết hàng');
    const sent = shopper.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/stock-alerts');
    await shopper.getByRole('button', { name: 'Báo khi có hàng' }).click();
    expect((await sent).ok()).toBe(true);
    await eventually(() => shopper.getByRole('status').filter({ hasText: 'gửi email khi sản phẩm có hàng' }).count()).toBe(1);
    await shot(shopper, 'asked');
    await expectNoSeriousA11y(shopper);
  });

  it('staff receive a batch in the console; exactly one email arrives, and its link shows the product in stock', async () => {
    await staff.goto(`${WEB}/quan-tri/kho`);
    await staff.getByText('Nhập lô hàng', { exact: true }).click();
    const form = staff.getByRole('form', { name: 'Nhập lô hàng' });
    await form.getByLabel('Sản phẩm (gõ tên để tìm)').fill(waiting.name);
    await form.getByRole('list', { name: 'Sản phẩm gợi ý' }).getByRole('button').filter({ hasText: waiting.name }).first().click();
    await eventually(() => form.getByTestId('receive-product').textContent()).toContain(waiting.name);
    await form.getByLabel('Số lượng (theo đơn vị nhập)').fill('4');
    await form.getByLabel('Số lô').fill(`E2E-ALERT-${Date.now().toString(36).toUpperCase()}`);
    await form.getByLabel('Hạn dùng').fill(vnDay(400));
    await form.getByLabel('Giá vốn (đ / đơn vị nhập)').fill('20000');
    await form.getByLabel('Nhà cung cấp').fill('Công ty Dược E2E');
    await form.getByRole('button', { name: 'Nhập kho' }).click();
    await eventually(() => staff.locator('[data-toast="success"]').last().textContent().catch(() => '')).toContain('Đã nhập lô');

    // The next cron minute publishes the event the availability flip wrote; the consumer mails the shopper.
    await cron();
    const subject = `Đã có hàng: ${waiting.name}`;
    await eventually(async () => (await mails(subject)).length).toBe(1);
    // A second cron run (and a redelivery) sends nothing more.
    await cron();
    const [mail] = await mails(subject);
    const link = /Xem và đặt mua: (\S+)/.exec(mail!.text)?.[1];
    expect(link).toBe(`${WEB}/san-pham/${waiting.slug}`);
    await eventually(async () => {
      await shopper.goto(link!);
      return shopper.getByTestId('buy-box').textContent();
    }).toContain('Còn hàng');
    expect(await shopper.getByRole('button', { name: 'Thêm vào giỏ' }).isEnabled()).toBe(true);
    expect(await shopper.getByRole('button', { name: 'Báo khi có hàng' }).count()).toBe(0);
    await shot(shopper, 'back-in-stock');
    expect(await mails(subject)).toHaveLength(1);
  });
  it('the email\'s "Hủy nhận thông báo" link opens a page that changes nothing; its button unsubscribes', async () => {
    // The alert's status as the account export shows it (the only place a shopper reads their alerts).
    const alertStatus = async () => {
      const res = await shopper.request.get(`${WEB}/v1/me/export`);
      expect(res.status(), await res.text()).toBe(200);
      const doc = (await res.json()) as { sections: { stockAlerts: Array<{ product: string; status: string }> } };
      return doc.sections.stockAlerts.filter((a) => a.product === waiting.name).map((a) => a.status);
    };
    const before = await alertStatus();
    expect(before).toHaveLength(1);
    expect(before[0]).not.toBe('unsubscribed');
    const [mail] = await mails(`Đã có hàng: ${waiting.name}`);
    const link = /^Hủy nhận thông báo: (\S+)$/m.exec(mail!.text)?.[1];
    expect(link).toBeDefined();
    await shopper.goto(link!);
    await shopper.waitForURL((u) => u.pathname === '/thong-bao-email/huy-thong-bao' && !!u.searchParams.get('t'));
    expect(await shopper.getByRole('heading', { level: 1 }).textContent()).toBe('Hủy nhận thông báo khi có hàng');
    expect(await alertStatus()).toEqual(before); // opening the link (as a mail scanner does) changes nothing
    await shot(shopper, 'unsubscribe-page');
    await expectNoSeriousA11y(shopper);
    await shopper.getByRole('button', { name: 'Hủy nhận thông báo' }).click();
    await shopper.waitForURL((u) => u.pathname === '/thong-bao-email' && u.searchParams.get('kq') === 'da-huy');
    expect(await shopper.locator('main').getByRole('status').textContent()).toBe('Bạn đã hủy nhận thông báo cho sản phẩm này.');
    expect(await alertStatus()).toEqual(['unsubscribed']);
    await shot(shopper, 'unsubscribed');
  });
});

describe('refill reminder: sent on the right Vietnam day, its link rebuilds the cart at the current price', () => {
  let reminder = { runsOutOn: '', nextRemindOn: '' };
  const reminders = async () =>
    ((await (await shopper.request.get(`${WEB}/v1/me/refill-reminders`)).json()) as { reminders: Array<{ productId: string; runsOutOn: string; nextRemindOn: string }> }).reminders.find((r) => r.productId === refill.id);

  it('the shopper turns the reminder on for the received line in the account page', async () => {
    // The carrier's "delivered" webhook has been applied: the line can get a reminder.
    await eventually(async () => {
      const view = (await (await shopper.request.get(`${WEB}/v1/me/refill-reminders`)).json()) as { eligible?: Array<{ orderCode: string }> };
      return (view.eligible ?? []).some((l) => l.orderCode === orderCode);
    }).toBe(true);
    await shopper.goto(`${WEB}/tai-khoan`);
    const section = shopper.getByRole('region', { name: 'Nhắc mua lại' });
    const line = section.locator('div').filter({ hasText: `đơn ${orderCode}` }).last();
    await eventually(() => line.count()).toBe(1);
    expect(await line.textContent()).toContain(`dùng khoảng ${refill.supplyDays} ngày`);
    await line.getByRole('button', { name: 'Bật nhắc mua lại' }).click();
    const delivered = vnDay(0);
    reminder = { runsOutOn: addDays(delivered, refill.supplyDays), nextRemindOn: addDays(delivered, refill.supplyDays - 3) };
    await eventually(() => section.textContent()).toContain(`nhắc ngày ${viDate(reminder.nextRemindOn)}`);
    expect(await reminders()).toMatchObject(reminder);
    await shot(shopper, 'reminder-on');
    await expectNoSeriousA11y(shopper);
  });

  it('the cron sends nothing the day before, nothing on the day at night, and one email on the day in the daytime', async () => {
    const subject = `Sắp hết ${refill.name}?`;
    expect((await cron(vnTime(addDays(reminder.nextRemindOn, -1), 10))).remindersQueued).toBe(0);
    expect((await cron(vnTime(reminder.nextRemindOn, 22))).remindersQueued).toBe(0);
    expect((await cron(vnTime(reminder.nextRemindOn, 6))).remindersQueued).toBe(0);
    expect(await reminders()).toMatchObject(reminder); // still this cycle
    expect((await cron(vnTime(reminder.nextRemindOn, 10))).remindersQueued).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await mails(subject)).length).toBe(1);
    expect((await cron(vnTime(reminder.nextRemindOn, 11))).remindersQueued).toBe(0);
    const [mail] = await mails(subject);
    expect(mail!.text).toContain(`hết vào khoảng ngày ${viDate(reminder.runsOutOn)}`);
    // The next cycle starts where this one runs out.
    expect((await reminders())?.runsOutOn).toBe(addDays(reminder.runsOutOn, refill.supplyDays));
  });

  it('"Đặt lại" puts the product in the cart at today\'s price, after staff raised it', async () => {
    const product = (await (await admin(`/v1/admin/products/${refill.id}`)).json()) as AdminProduct;
    const raised = refill.price + 1_000;
    const units = product.units.map(({ id, name, factor, price, salePrice, saleStartsAt, saleEndsAt, weightGrams, barcode, isDefault, retired }) => ({
      id, name, factor, price: id === refill.unitId ? raised : price, salePrice, saleStartsAt, saleEndsAt, weightGrams, barcode, isDefault, retired,
    }));
    const patched = await admin(`/v1/admin/products/${refill.id}`, { method: 'PATCH', body: JSON.stringify({ units }) });
    expect(patched.status, await patched.clone().text()).toBe(200);

    const [mail] = await mails(`Sắp hết ${refill.name}?`);
    const reorder = /Đặt lại \(giá và tồn kho hiện tại\): (\S+)/.exec(mail!.text)?.[1];
    expect(reorder).toMatch(new RegExp(`^${WEB}/v1/refill/reorder\\?t=`));
    await shopper.goto(reorder!);
    await shopper.waitForURL((u) => u.pathname === '/gio-hang' && u.searchParams.get('dat-lai') === 'ok');
    expect(await shopper.getByTestId('reorder-notice').textContent()).toContain('Đã thêm sản phẩm trong lời nhắc vào giỏ hàng');
    const line = shopper.getByTestId('cart-line');
    await eventually(() => line.count()).toBe(1);
    expect(await line.textContent()).toContain(refill.name);
    expect(await line.getByTestId('cart-line-unit').textContent()).toContain(`${formatVnd(raised)} / ${refill.unitName}`);
    await eventually(() => shopper.getByTestId('cart-count').textContent()).toBe('1');
    await shot(shopper, 'reorder-cart');
    expect(csp).toEqual([]);
  });

  it('the email\'s "Dừng nhắc" link opens a page; its button stops the reminder; "Bật lại" in the account page turns it on again', async () => {
    const status = async () => ((await (await shopper.request.get(`${WEB}/v1/me/refill-reminders`)).json()) as { reminders: Array<{ productId: string; status: string }> }).reminders.find((r) => r.productId === refill.id)?.status;
    expect(await status()).toBe('active');
    const [mail] = await mails(`Sắp hết ${refill.name}?`);
    const stop = /^Dừng nhắc: (\S+)$/m.exec(mail!.text)?.[1];
    expect(stop).toBeDefined();
    await shopper.goto(stop!);
    await shopper.waitForURL((u) => u.pathname === '/thong-bao-email/dung-nhac' && !!u.searchParams.get('t'));
    expect(await shopper.getByRole('heading', { level: 1 }).textContent()).toBe('Dừng nhắc mua lại');
    expect(await status()).toBe('active'); // opening the link changes nothing
    await expectNoSeriousA11y(shopper);
    await shopper.getByRole('button', { name: 'Dừng nhắc' }).click();
    await shopper.waitForURL((u) => u.pathname === '/thong-bao-email' && u.searchParams.get('kq') === 'da-dung-nhac');
    expect(await shopper.locator('main').getByRole('status').textContent()).toBe('Đã dừng nhắc mua lại cho sản phẩm này. Bạn có thể bật lại trong trang tài khoản.');
    await shot(shopper, 'reminder-stopped-notice');
    expect(await status()).toBe('stopped');

    await shopper.goto(`${WEB}/tai-khoan`);
    const section = shopper.getByRole('region', { name: 'Nhắc mua lại' });
    // The reminder's card (a received line still offered would say "(đơn …)").
    const card = section.locator('div.rounded-lg').filter({ hasText: refill.name }).filter({ hasNotText: '(đơn ' });
    await eventually(() => card.count()).toBe(1);
    await eventually(() => card.textContent()).toContain('Đã dừng nhắc.');
    expect(await card.getByRole('button', { name: 'Dừng nhắc' }).count()).toBe(0);
    await shot(shopper, 'reminder-stopped-account');
    await card.getByRole('button', { name: 'Bật lại' }).click();
    await eventually(() => card.textContent()).toContain('Dự kiến hết ngày');
    expect(await card.getByRole('button', { name: 'Dừng nhắc' }).count()).toBe(1);
    expect(await section.getByRole('alert').count()).toBe(0);
    expect(await status()).toBe('active');
    await shot(shopper, 'reminder-on-again');
    expect(csp).toEqual([]);
  });
});
