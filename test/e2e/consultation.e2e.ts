/**
 * Issue 15's "Done when", in Chromium against the running platform (scripts/e2e.mjs): a guest asks about a
 * prescription product with a photo of the prescription from its product page (one-time code by email, read from the
 * dev mailbox); a pharmacist in a second browser
 * context claims the consultation from the console queue, looks at the photo (zoom, rotate), advises two
 * non-prescription items and reserves the prescription item for pickup at a pharmacy; the shopper puts the quote into
 * the cart in one click, orders it online (cash on delivery) at the quoted prices and sees the pickup code; the
 * pharmacist dispenses the reservation at the counter. Stock (batches), the audit log and the emails agree.
 * The shopper's half runs on the storefront's own screens (/san-pham, /tu-van-duoc-si, /tai-khoan/don-thuoc, checkout).
 * Screenshots: test-artifacts/e2e/consultation-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, expectNoSeriousA11y, gradientPng, launch, mailedCode, signInAt, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const password = () => readFileSync('.wrangler/dev-admin.txt', 'utf8').trim();
const ADMIN = { email: 'admin@medicare.local', get password() { return password(); } };
const PHARMACIST = { email: 'duocsi@medicare.local', get password() { return password(); } };
const STAMP = Date.now().toString(36);
const GUEST = { name: 'Phạm Thị Hỏi', phone: `09${String(Date.now()).slice(-8)}`, email: `e2e-tuvan-${STAMP}@example.vn` };

let browser: Browser;
const cspViolations: string[] = [];
let shopper: Page;
let pharmacist: Page;
let adminToken = '';

interface Picked {
  id: string;
  slug: string;
  name: string;
}
let rx: Picked;
let otc: Picked[] = [];
let consultation = { id: '', code: '' };
let pickupCode = '';
let orderCode = '';
const startedAt = Date.now();

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `consultation-${name}.png`), fullPage: false });

const visitor = visitors(() => browser, { csp: cspViolations });



/** The admin's view through the api (stock, audit), with a bearer token. */
async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${API}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

interface Batch {
  productId: string;
  quantity: number;
  reserved: number;
}
/** A product's stock over its batches (base units): on hand and reserved. */
async function stockOf(productId: string): Promise<{ onHand: number; reserved: number }> {
  const { items } = await admin<{ items: Batch[] }>(`/v1/admin/stock/batches?productId=${productId}&limit=100`);
  return items.filter((b) => b.productId === productId).reduce((s, b) => ({ onHand: s.onHand + b.quantity, reserved: s.reserved + b.reserved }), { onHand: 0, reserved: 0 });
}


/** A call from the shopper's page (same origin, the browser's own cookies), as the storefront's scripts make it. */
async function shopperCall<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const answer = await shopper.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p, b === undefined ? { method: m } : { method: m, headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [method, path, body] as const,
  );
  return answer as { status: number; body: T };
}

beforeAll(async () => {
  browser = await launch();
  const login = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  adminToken = ((await login.json()) as { accessToken: string }).accessToken;
  // An approved, visible prescription product with stock, and two non-prescription ones.
  type Item = { id: string; slug: string; name: string; prescriptionRequired: boolean; approvalState: string; available: number; defaultUnit: { price: number } | null };
  const rxList = await admin<{ items: Item[] }>('/v1/admin/products?rx=true&status=visible&sort=name&limit=100');
  const otcList = await admin<{ items: Item[] }>('/v1/admin/products?rx=false&status=visible&sort=name&limit=100');
  const ok = (i: Item) => i.approvalState === 'approved' && i.available >= 20 && i.defaultUnit !== null;
  rx = rxList.items.find(ok)!;
  otc = otcList.items.filter(ok).slice(0, 2);
  expect(rx, 'a prescription product with stock').toBeTruthy();
  expect(otc).toHaveLength(2);
  shopper = await visitor();
  pharmacist = await visitor();
  await signInAt(pharmacist, PHARMACIST, '/quan-tri/tu-van');
});
afterAll(async () => {
  await browser?.close();
});

describe('a guest asks about a prescription medicine; a pharmacist advises; the quote is ordered online, the Rx item picked up', () => {
  const before: Record<string, { onHand: number; reserved: number }> = {};

  it('the guest asks about the prescription product from its page with a photo, confirming name + phone with the mailed code', async () => {
    for (const p of [rx, ...otc]) before[p.id] = await stockOf(p.id);
    await shopper.goto(`${WEB}/san-pham/${rx.slug}`);
    await shopper.getByText('Mua thuốc kê đơn tại Medicare như thế nào?').waitFor();
    await shopper.getByRole('link', { name: 'Gửi đơn thuốc / Tư vấn dược sĩ' }).click();
    await shopper.waitForURL((u) => u.pathname === '/tu-van-duoc-si' && u.searchParams.has('san-pham'));
    await eventually(() => shopper.getByTestId('picked-products').textContent()).toContain(rx.name);
    const input = shopper.getByLabel('Ảnh đơn thuốc hoặc tệp PDF');
    await eventually(() => input.isEnabled()).toBe(true);
    await input.setInputFiles({ name: 'don-thuoc.png', mimeType: 'image/png', buffer: gradientPng(96, 64, 180) });
    await eventually(() => shopper.getByRole('img', { name: 'Xem trước don-thuoc.png' }).count()).toBe(1);
    await shopper.getByRole('textbox', { name: 'Triệu chứng' }).fill('Viêm họng, sốt nhẹ 2 ngày.');
    await shopper.getByLabel('Ghi chú cho dược sĩ').fill('Bác sĩ kê đơn hôm qua.');
    await shopper.getByLabel('Họ và tên').fill(GUEST.name);
    await shopper.getByLabel('Số điện thoại', { exact: true }).fill(GUEST.phone);
    await shopper.getByLabel('Email', { exact: true }).fill(GUEST.email);
    await shopper.getByRole('button', { name: 'Nhận mã xác nhận qua email' }).click();
    const otp = shopper.getByRole('textbox', { name: 'Mã xác nhận' });
    await otp.waitFor();
    await otp.fill(await mailedCode(GUEST.email));
    await shot(shopper, 'guest-form');
    await shopper.getByRole('button', { name: 'Xác nhận và gửi yêu cầu' }).click();
    await shopper.waitForURL(/\/tai-khoan\/don-thuoc\/TV[0-9A-Z]{8}$/, { timeout: 30_000 });
    consultation.code = new URL(shopper.url()).pathname.split('/').pop()!;
    await eventually(() => shopper.getByTestId('consultation-files').textContent()).toContain('Ảnh 1');
    // The guest identity is an HttpOnly cookie scripts cannot read.
    expect((await shopper.context().cookies()).find((c) => c.name === 'mc_gc')?.httpOnly).toBe(true);
    expect(await shopper.evaluate<string>('document.cookie')).not.toContain('mc_gc');
  });

  it('the pharmacist finds it in the queue, claims it and looks at the photo (zoom, rotate)', async () => {
    expect(consultation.code).toMatch(/^TV/);
    await pharmacist.goto(`${WEB}/quan-tri/tu-van?q=${consultation.code}`);
    const row = pharmacist.getByTestId('consultations-table').locator('tbody tr', { hasText: consultation.code });
    await eventually(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Có thuốc kê đơn');
    await shot(pharmacist, 'queue');
    await expectNoSeriousA11y(pharmacist);
    await row.getByRole('button', { name: `Nhận xử lý phiếu ${consultation.code}` }).click();
    await pharmacist.waitForURL((u) => /^\/quan-tri\/tu-van\/[^/]+$/.test(u.pathname));
    consultation.id = new URL(pharmacist.url()).pathname.split('/').pop()!;
    await pharmacist.getByTestId('advice-workspace').waitFor();

    const img = pharmacist.getByTestId('prescription-image');
    await eventually(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(96);
    await pharmacist.getByRole('button', { name: 'Phóng to' }).click();
    await pharmacist.getByRole('button', { name: 'Xoay phải' }).click();
    expect(await pharmacist.getByTestId('viewer-state').textContent()).toBe('125% · 90°');
    expect(await pharmacist.getByTestId('consultation-notes').textContent()).toContain('Viêm họng');
    await shot(pharmacist, 'review');
    await expectNoSeriousA11y(pharmacist);
  });

  it('advises two non-prescription items (the quote) and reserves the prescription item for pickup', async () => {
    const ws = pharmacist.getByTestId('advice-workspace');
    // The product the guest asked about, from the shortcut; the two others through the catalogue search.
    await ws.getByRole('button', { name: `+ ${rx.name}` }).click();
    for (const p of otc) {
      await ws.getByLabel('Tìm thuốc trong danh mục (kể cả thuốc kê đơn)').fill(p.name);
      await ws.getByRole('button', { name: 'Tìm', exact: true }).click();
      await ws.getByRole('button', { name: `Thêm ${p.name}`, exact: true }).first().click();
    }
    const rows = ws.getByTestId('advice-row');
    await eventually(() => rows.count()).toBe(3);
    // The split is shown as it is built: two rows quoted online, one held at the counter.
    expect(await ws.getByTestId('split-quote').getByRole('heading').textContent()).toContain('(2)');
    expect(await ws.getByTestId('split-pickup').getByRole('heading').textContent()).toContain('(1)');
    for (const [i, p] of [rx, ...otc].entries()) {
      await ws.getByLabel(`Số lượng ${p.name}`).fill(i === 0 ? '1' : String(i));
      await ws.getByLabel(`Cách dùng ${p.name}`).fill(i === 0 ? 'Uống 1 viên x 2 lần/ngày sau ăn, đủ 7 ngày.' : 'Ngậm 1 viên khi đau họng, tối đa 6 viên/ngày.');
    }
    await ws.getByLabel(/Nhà thuốc nhận thuốc/).selectOption({ index: 1 });
    await ws.getByLabel('Lời tư vấn gửi khách').fill('Chị mang đơn thuốc gốc đến nhà thuốc để nhận kháng sinh; thuốc ngậm đặt online.');
    await shot(pharmacist, 'advice-form');
    await ws.getByRole('button', { name: 'Gửi tư vấn' }).click();
    const reservation = pharmacist.getByTestId('advice-reservation');
    await reservation.waitFor({ timeout: 15_000 });
    pickupCode = (await reservation.locator('.font-mono').textContent())!.trim();
    expect(pickupCode).toMatch(/^GT[0-9A-Z]{8}$/);
    expect(await pharmacist.getByTestId('advice-quote').locator('li').count()).toBe(2);
    await shot(pharmacist, 'advised');
  });

  it('the shopper puts the quote into the cart in one click, orders it online and sees the pickup code', async () => {
    await shopper.reload();
    const quote = shopper.getByTestId('consultation-quote');
    await quote.waitFor({ timeout: 30_000 });
    expect(await shopper.getByTestId('pickup-code').textContent()).toBe(pickupCode);
    expect(await shopper.getByTestId('consultation-pickup').textContent()).toContain(rx.name);
    const detail = await shopperCall<{ advice: { quote: { total: number } } }>('GET', `/v1/consultations/${consultation.code}`);
    const quoteTotal = detail.body.advice.quote.total;
    await shot(shopper, 'advice');
    const added = shopper.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/v1/consultations/${consultation.code}/quote/cart`);
    await quote.getByRole('button', { name: 'Thêm vào giỏ' }).click();
    const answer = await added;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { added: number }).added).toBe(2);

    await shopper.goto(`${WEB}/thanh-toan`);
    await shopper.getByLabel('Họ tên người nhận').fill(GUEST.name);
    await shopper.getByLabel('Số điện thoại', { exact: true }).fill(GUEST.phone);
    await shopper.getByLabel('Email nhận thông báo đơn hàng (không bắt buộc)').fill(GUEST.email);
    await shopper.getByLabel('Tỉnh/Thành phố').selectOption({ label: 'Thành phố Hồ Chí Minh' });
    await eventually(() => shopper.locator('#wardCode option').count()).toBeGreaterThan(5);
    await shopper.getByLabel('Phường/Xã').selectOption({ index: 1 });
    await shopper.getByLabel('Số nhà, tên đường').fill('21 Lê Lợi');
    await shopper.getByLabel(/Thanh toán khi nhận hàng/).check();
    await eventually(async () => (await shopper.getByText('Dự kiến giao trong').count()) > 0).toBe(true);
    await shot(shopper, 'checkout');
    await shopper.getByRole('button', { name: 'Đặt hàng' }).click();
    await shopper.waitForURL(/\/don-hang\/MC[0-9A-Z]{8}$/, { timeout: 30_000 });
    orderCode = /\/don-hang\/(MC[0-9A-Z]{8})/.exec(shopper.url())![1]!;
    const order = await admin<{ money: { subtotal: number }; lines: Array<{ productName: string }> }>(`/v1/admin/orders/${orderCode}`);
    expect(order.money.subtotal).toBe(quoteTotal); // at the quoted prices
    expect(order.lines.map((l) => l.productName).sort()).toEqual(otc.map((p) => p.name).sort());

    // Back on the consultation: the pickup code, still reserved.
    await shopper.goto(`${WEB}/tai-khoan/don-thuoc/${consultation.code}`);
    await eventually(() => shopper.getByTestId('pickup-code').textContent()).toBe(pickupCode);
    await shot(shopper, 'pickup-code');
  });

  it('the pharmacist finds the reservation by its code and dispenses it after seeing the original prescription', async () => {
    await pharmacist.goto(`${WEB}/quan-tri/giu-thuoc?q=${pickupCode}`);
    const row = pharmacist.getByTestId('pickups-table').locator('tbody tr', { hasText: pickupCode });
    await eventually(() => row.count()).toBe(1);
    await expectNoSeriousA11y(pharmacist);
    await row.getByRole('button', { name: 'Giao thuốc' }).click();
    const dialog = pharmacist.locator('dialog[open]');
    await dialog.getByLabel(/đã xem đơn thuốc gốc/).check();
    await dialog.getByLabel('Hình thức thanh toán').selectOption('cash');
    await dialog.getByLabel('Số tiền khách trả (đ)').fill('150000');
    await shot(pharmacist, 'dispense');
    await dialog.getByRole('button', { name: 'Xác nhận đã giao' }).click();
    await eventually(async () => (await pharmacist.locator('[data-toast="success"]').allTextContents()).some((t) => t.includes(pickupCode))).toBe(true);
    await pharmacist.goto(`${WEB}/quan-tri/giu-thuoc?q=${pickupCode}&status=dispensed`);
    await eventually(() => pharmacist.getByTestId('pickups-table').locator('tbody tr', { hasText: pickupCode }).count()).toBe(1);
  });

  it('stock, the audit log and the emails agree', async () => {
    // Prescription item: taken from the shelf by the counter sale, nothing left reserved for it.
    const rxNow = await stockOf(rx.id);
    expect(rxNow.reserved).toBe(before[rx.id]!.reserved);
    expect(rxNow.onHand).toBeLessThan(before[rx.id]!.onHand);
    // Quote items: reserved for the open online order.
    for (const p of otc) expect((await stockOf(p.id)).reserved).toBeGreaterThan(before[p.id]!.reserved);

    const { items } = await admin<{ items: Array<{ action: string; entityId: string; actorName: string | null; createdAt: number }> }>(`/v1/admin/audit?limit=200`);
    const mine = items.filter((e) => e.createdAt >= startedAt);
    const actions = new Set(mine.map((e) => e.action));
    for (const a of ['consultation.claim', 'consultation.file_viewed', 'consultation.advise', 'pickup.reserve', 'pickup.dispense']) expect(actions, a).toContain(a);

    const mail = await eventually(async () => {
      const { items: m } = (await (await fetch(`${API}/dev/mailbox?to=${encodeURIComponent(GUEST.email)}`)).json()) as { items: Array<{ subject: string; text: string }> };
      return m.length;
    }).toBeGreaterThanOrEqual(4);
    void mail;
    const { items: mails } = (await (await fetch(`${API}/dev/mailbox?to=${encodeURIComponent(GUEST.email)}`)).json()) as { items: Array<{ subject: string; text: string }> };
    const all = mails.map((m) => `${m.subject}\n${m.text}`).join('\n---\n');
    expect(all).toContain(consultation.code);
    expect(all).toContain(pickupCode);
    expect(all).toContain(orderCode);
    expect(cspViolations).toEqual([]);
  });
});
