/**
 * Issue 13's "Done when" in Chromium against the running platform (scripts/e2e.mjs): as admin, find a new COD order in
 * the queue, open it, start packing and open the pick list PDF, create a GHTK waybill (typed-in tracking code), send
 * the carrier's delivered event (`npm run simulate:carrier`), see the order delivered and paid and the dashboard's
 * figures change; match an unmatched transfer (`npm run simulate:payment` with a wrong code) to an order; override a
 * status with a reason and find it in the audit log. Screenshots: test-artifacts/e2e/console-orders-*.png.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, describeViolations, eventually, launch, seriousA11yViolations, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const ADMIN = { email: 'admin@medicare.local', password: readFileSync('.wrangler/dev-admin.txt', 'utf8').trim() };
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `console-orders-${name}.png`), fullPage: false });
const npm = (...args: string[]) => execFileSync('npm', ['run', '-s', ...args], { cwd: process.cwd(), stdio: 'pipe' }).toString();

/** A guest order through the api, as the checkout places it. */
async function placeOrder(paymentMethod: 'cod' | 'bank_transfer', recipientName: string): Promise<{ code: string; total: number }> {
  const products = (await (await fetch(`${API}/v1/products?category=thuoc&limit=50`)).json()) as { items: Array<{ purchaseMode: string; inStock: boolean; defaultUnit: { id: string } }> };
  const unit = products.items.find((p) => p.purchaseMode === 'cart' && p.inStock)!.defaultUnit.id;
  const wards = (await (await fetch(`${API}/v1/locations/provinces/79/wards?limit=1`)).json()) as { items: Array<{ code: string }> };
  const res = await fetch(`${API}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-console-${paymentMethod}-${Date.now()}` },
    body: JSON.stringify({ items: [{ unitId: unit, quantity: 1 }], address: { recipientName, phone: '0909123456', provinceCode: '79', wardCode: wards.items[0]!.code, street: '5 Hai Bà Trưng' }, paymentMethod }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { code: string; total: number };
}

async function revenueFigure(): Promise<string> {
  await page.goto(`${WEB}/quan-tri/bao-cao`);
  return ((await page.getByTestId('figure-revenue').textContent()) ?? '').trim();
}

async function confirmWithReason(trigger: string, reason: string) {
  await page.getByTestId('order-actions').getByRole('button', { name: trigger, exact: true }).click();
  const dialog = page.locator('dialog[open]');
  await dialog.getByLabel(/Lý do/).fill(reason);
  await dialog.getByRole('button', { name: trigger, exact: true }).click();
}

beforeAll(async () => {
  browser = await launch();
  page = await visitors(() => browser, { csp: cspViolations })();
  await page.goto(`${WEB}/dang-nhap?next=${encodeURIComponent('/quan-tri')}`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('console-user').waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe('admin runs a COD order from the queue to delivered and paid', () => {
  let cod: { code: string; total: number };
  let revenueBefore = '';

  it('finds the new COD order in the queue', async () => {
    revenueBefore = await revenueFigure();
    cod = await placeOrder('cod', 'Nguyễn Văn Quầy');
    await page.goto(`${WEB}/quan-tri/don-hang`);
    await page.getByLabel('Mã đơn, điện thoại, email, tên').fill(cod.code);
    await page.getByLabel('Phương thức').selectOption('cod');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === cod.code);
    const row = page.getByTestId('orders-table').locator('tbody tr');
    await eventually(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Đã xác nhận');
    await shot('queue');
    const v = await seriousA11yViolations(page);
    expect(v, describeViolations(v).join('\n')).toEqual([]);
    await row.getByRole('link', { name: cod.code }).click();
    await page.waitForURL((u) => u.pathname === `/quan-tri/don-hang/${cod.code}`);
  });

  it('starts packing (with a reason) and opens the pick list PDF', async () => {
    await confirmWithReason('Bắt đầu đóng gói', 'Đã gọi khách xác nhận đơn COD');
    await eventually(() => page.getByTestId('order-status').textContent()).toBe('Đang đóng gói');
    const [pdf] = await Promise.all([page.context().waitForEvent('response', (r) => r.url().endsWith(`/v1/admin/orders/${cod.code}/pick-list.pdf`)), page.getByRole('link', { name: /In phiếu lấy hàng/ }).click()]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await shot('packing');
  });

  it('creates a GHTK waybill with a typed-in tracking code', async () => {
    await page.getByTestId('order-actions').getByRole('button', { name: 'Tạo vận đơn' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Đơn vị vận chuyển').selectOption('ghtk');
    await dialog.getByLabel('Mã vận đơn').fill(`S1.E2E.${Date.now()}`);
    await dialog.getByRole('button', { name: 'Tạo vận đơn' }).click();
    await eventually(() => page.getByTestId('order-shipments').textContent()).toContain('GHTK S1.E2E.');
  });

  it('the carrier reports delivered: the order is delivered and paid, and the dashboard revenue moves', async () => {
    npm('simulate:carrier', '--', cod.code, '5', 'ghtk');
    await eventually(async () => {
      await page.reload();
      return page.getByTestId('order-status').textContent();
    }).toBe('Đã giao hàng');
    expect(await page.getByTestId('order-payment-status').textContent()).toContain('Đã thanh toán');
    await shot('delivered');
    expect(await revenueFigure()).not.toBe(revenueBefore);
    // The revenue charts draw bars (today's revenue is not zero any more), not just their axes.
    await eventually(() => page.locator('rect.chart-bar').count()).toBeGreaterThan(0);
    await shot('dashboard');
  });

  it('overrides the status with a mandatory reason, and the audit log shows it', async () => {
    await page.goto(`${WEB}/quan-tri/don-hang/${cod.code}`);
    await confirmWithReason('Hoàn tất đơn hàng', 'Khách xác nhận đã nhận đủ hàng qua điện thoại');
    await eventually(() => page.getByTestId('order-status').textContent()).toBe('Hoàn tất');
    expect(await page.getByTestId('order-timeline').textContent()).toContain('Khách xác nhận đã nhận đủ hàng qua điện thoại');
    await page.goto(`${WEB}/quan-tri/nhat-ky?action=order.status&entityType=order`);
    const entry = page.getByTestId('audit-table').locator('tbody tr', { hasText: cod.code }).first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Chuyển trạng thái đơn hàng');
    await shot('audit');
  });
});

describe('admin matches a stray transfer to its order', () => {
  it('a transfer with a wrong code lands in the inbox and is matched to the bank-transfer order', async () => {
    const order = await placeOrder('bank_transfer', 'Lê Thị Chuyển');
    const wrong = `MC${Array.from({ length: 8 }, () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]).join('')}`;
    npm('simulate:payment', '--', wrong, String(order.total));
    await page.goto(`${WEB}/quan-tri/thanh-toan?view=unmatched&q=${wrong}`);
    const row = page.getByTestId('payments-table').locator('tbody tr', { hasText: wrong });
    await row.waitFor();
    await row.getByRole('button', { name: 'Khớp với đơn' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Mã đơn hàng').fill(order.code);
    await dialog.getByRole('button', { name: 'Khớp với đơn' }).click();
    await eventually(() => page.locator('[data-toast="success"]').last().textContent()).toContain(order.code);
    await page.goto(`${WEB}/quan-tri/don-hang/${order.code}`);
    expect(await page.getByTestId('order-payment-status').textContent()).toContain('Đã thanh toán');
    await shot('matched');
  });
});

describe('the console works under the Content-Security-Policy', () => {
  it('no CSP violation on any console page above', () => {
    expect(cspViolations).toEqual([]);
  });
});
