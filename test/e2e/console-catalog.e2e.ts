/**
 * Issue 14's "Done when" in Chromium against the running platform (scripts/e2e.mjs): the admin creates a product with
 * two selling units and an image in the console and it stays hidden; the pharmacist approves it from the queue; it
 * appears in the storefront and in search; the admin receives a batch and the product becomes available; a sale window
 * shows the discount; an edit of the dosage waits for the pharmacist while the old text stays live (then the
 * pharmacist rejects it with a note the admin reads). Screenshots: test-artifacts/e2e/console-catalog-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, expectNoSeriousA11y, launch, signInAt, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const password = () => readFileSync('.wrangler/dev-admin.txt', 'utf8').trim();
const ADMIN = { email: 'admin@medicare.local', get password() { return password(); } };
const PHARMACIST = { email: 'duocsi@medicare.local', get password() { return password(); } };
const STAMP = Date.now().toString(36);
const NAME = `Viên sủi Hạ Sốt E2E ${STAMP}`;
const OLD_DOSAGE = 'Người lớn uống 1 viên mỗi 6 giờ khi sốt.';
const NEW_DOSAGE = 'Người lớn uống 2 viên mỗi 8 giờ, không quá 6 viên mỗi ngày.';
const REJECT_NOTE = 'Liều mới vượt liều khuyến cáo, vui lòng kiểm tra lại tờ hướng dẫn.';

let browser: Browser;
const cspViolations: string[] = [];
let admin: Page;
let pharmacist: Page;
let productId = '';
let slug = '';

const visitor = visitors(() => browser, { csp: cspViolations });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `console-catalog-${name}.png`), fullPage: false });



/** A `datetime-local` value in Vietnam time, `offsetMs` from now (the console reads what staff type as Vietnam time). */
const vnLocal = (offsetMs: number) => new Date(Date.now() + offsetMs + 7 * 3600_000).toISOString().slice(0, 16);

/** The storefront product page, fresh (the edge cache follows the catalogue version). */
async function shopPage(page: Page): Promise<{ status: number; text: string }> {
  const res = await page.goto(`${WEB}/san-pham/${slug}`);
  return { status: res?.status() ?? 0, text: (await page.locator('main').textContent()) ?? '' };
}

async function adminToken(): Promise<string> {
  const login = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

async function saveEditor(page: Page, expectToast: string | RegExp) {
  await page.getByRole('button', { name: /^(Lưu thay đổi|Lưu và gửi duyệt lại)$/ }).click();
  await eventually(async () => (await page.locator('[data-toast="success"]').allTextContents()).some((t) => (typeof expectToast === 'string' ? t.includes(expectToast) : expectToast.test(t)))).toBe(true);
}

beforeAll(async () => {
  browser = await launch();
  admin = await visitor();
  pharmacist = await visitor();
  await signInAt(admin, ADMIN, '/quan-tri/san-pham');
  await signInAt(pharmacist, PHARMACIST, '/quan-tri/duyet-thuoc');
});
afterAll(async () => {
  await browser?.close();
});

describe('a new product goes through the pharmacist before the shop sees it', () => {
  it('the admin creates a product with two units; it is pending and hidden', async () => {
    await admin.goto(`${WEB}/quan-tri/san-pham`);
    await expectNoSeriousA11y(admin);
    await admin.getByRole('link', { name: 'Thêm sản phẩm' }).click();
    await admin.waitForURL((u) => u.pathname === '/quan-tri/san-pham/moi');
    const form = admin.getByTestId('product-editor');
    await form.getByLabel('Tên sản phẩm').fill(NAME);
    await form.getByLabel('Quy cách đóng gói').fill('Hộp 10 vỉ x 10 viên');
    await form.getByLabel('Mô tả ngắn').fill('Viên sủi hạ sốt, giảm đau cho người lớn.');
    const category = form.getByLabel('Danh mục', { exact: true });
    const leaf = await category.locator('option').evaluateAll((os) => os.map((o) => ({ v: o.getAttribute('value') ?? '', t: o.textContent ?? '' })).find((o) => o.t.startsWith('— — '))?.v);
    expect(leaf).toBeTruthy();
    await category.selectOption(leaf!);
    await form.getByLabel('Thương hiệu').selectOption({ index: 1 });
    await form.getByLabel('Dạng bào chế').fill('Viên sủi');
    await form.getByLabel(/^Đơn vị cơ bản/).fill('viên');
    await form.getByLabel('Số đăng ký (SĐK)').fill('VD-12345-18');
    await form.getByLabel('Tên nhà sản xuất').fill('Công ty Dược E2E');
    await form.getByLabel('Hoạt chất 1', { exact: true }).fill('Paracetamol');
    await form.getByLabel('Hàm lượng hoạt chất 1').fill('500mg');
    await form.getByLabel('Mô tả (Markdown)').fill('## Đặc điểm\n\n**Viên sủi** tan nhanh, dễ uống.');
    await form.getByLabel('Chỉ định (công dụng)').fill('Hạ sốt, giảm đau đầu, đau cơ.');
    await form.getByLabel('Liều dùng, cách dùng').fill(OLD_DOSAGE);
    const units = form.getByTestId('unit-row');
    await units.nth(0).getByLabel('Tên đơn vị').fill('Hộp');
    await units.nth(0).getByLabel(/^Quy đổi/).fill('100');
    await units.nth(0).getByLabel('Giá bán (đ)').fill('120000');
    await units.nth(0).getByLabel('Khối lượng (gam)').fill('150');
    await form.getByRole('button', { name: 'Thêm đơn vị bán' }).click();
    await units.nth(1).getByLabel('Tên đơn vị').fill('Vỉ');
    await units.nth(1).getByLabel(/^Quy đổi/).fill('10');
    await units.nth(1).getByLabel('Giá bán (đ)').fill('13000');
    await units.nth(1).getByLabel('Khối lượng (gam)').fill('15');
    expect(await units.nth(0).getByLabel('Đơn vị mặc định').isChecked()).toBe(true);
    await expectNoSeriousA11y(admin);
    await form.getByRole('button', { name: 'Tạo sản phẩm và gửi duyệt' }).click();
    await admin.waitForURL((u) => /^\/quan-tri\/san-pham\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/moi'));
    productId = new URL(admin.url()).pathname.split('/').pop()!;
    slug = await admin.getByLabel('Slug (đường dẫn)').inputValue();
    expect(slug).toMatch(/^[a-z0-9-]+$/);
    expect(await admin.getByTestId('product-approval-state').textContent()).toBe('Chờ duyệt');
    expect(await admin.getByTestId('product-shop-state').textContent()).not.toBe('Đang hiển thị');
    expect(await admin.getByTestId('pending-revision').count()).toBe(1);
    expect(await admin.getByTestId('unit-row').count()).toBe(2);
  });

  it('the admin adds an image', async () => {
    await admin.getByLabel(/^Tệp ảnh/).setInputFiles(join(process.cwd(), 'web/src/app/icon1.png'));
    await admin.getByLabel('Mô tả ảnh').fill(`${NAME} - hộp`);
    await admin.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await eventually(() => admin.getByTestId('product-image').count()).toBe(1);
    expect(await admin.getByTestId('product-image').textContent()).toContain('Ảnh chính');
    await shot(admin, 'editor');
    await expectNoSeriousA11y(admin);
  });

  it('the product is hidden from the shop and from search, and listed as pending', async () => {
    const api = await fetch(`${API}/v1/products/${slug}`);
    expect(api.status).toBe(404);
    const search = (await (await fetch(`${API}/v1/search?q=${encodeURIComponent(NAME)}`)).json()) as { items: Array<{ slug: string }> };
    expect(search.items.some((i) => i.slug === slug)).toBe(false);
    await admin.goto(`${WEB}/quan-tri/san-pham?q=${encodeURIComponent(NAME)}&approval=pending`);
    const row = admin.getByTestId('products-table').locator('tbody tr', { hasText: NAME });
    await row.waitFor();
    expect(await row.textContent()).toContain('Chờ duyệt');
    await shot(admin, 'list');
  });

  it('the pharmacist finds it in the queue, reads the diff and approves it', async () => {
    await pharmacist.goto(`${WEB}/quan-tri/duyet-thuoc?kind=new`);
    const row = pharmacist.getByTestId('approvals-table').locator('tbody tr', { hasText: NAME });
    await row.waitFor();
    expect(await row.getByTestId('waiting-time').textContent()).toMatch(/phút|giờ|ngày/);
    await expectNoSeriousA11y(pharmacist);
    await row.getByRole('link', { name: NAME }).click();
    await pharmacist.waitForURL((u) => /^\/quan-tri\/duyet-thuoc\/[^/]+$/.test(u.pathname));
    expect(await pharmacist.getByTestId('revision-diff').textContent()).toContain('Paracetamol');
    await shot(pharmacist, 'diff');
    await expectNoSeriousA11y(pharmacist);
    await pharmacist.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await pharmacist.waitForURL((u) => u.pathname === '/quan-tri/duyet-thuoc');
    await eventually(() => pharmacist.getByTestId('approvals-table').locator('tbody tr', { hasText: NAME }).count()).toBe(0);
  });

  it('the approved product is in the storefront and in search, out of stock', async () => {
    await eventually(async () => (await shopPage(admin)).status).toBe(200);
    const { text } = await shopPage(admin);
    expect(text).toContain(NAME);
    expect(text).toContain(OLD_DOSAGE);
    expect(text).toContain('Tạm hết hàng');
    await eventually(async () => {
      await admin.goto(`${WEB}/tim-kiem?q=${encodeURIComponent(NAME)}`);
      return admin.locator('[data-testid="product-card"]', { hasText: NAME }).count();
    }).toBe(1);
    await shot(admin, 'search');
  });
});

describe('stock, sale window and a medical edit', () => {
  it('the admin receives a batch and the product becomes available', async () => {
    await admin.goto(`${WEB}/quan-tri/san-pham/${productId}`);
    expect((await admin.getByTestId('product-stock').textContent())?.trim()).toMatch(/^0 viên/);
    const product = (await (await fetch(`${API}/v1/products/${slug}`)).json()) as { units: Array<{ id: string; name: string }> };
    const box = product.units.find((u) => u.name === 'Hộp')!;
    const expiry = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(`${API}/v1/admin/stock/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
      body: JSON.stringify({ productId, unitId: box.id, quantity: 5, lotNumber: `E2E${STAMP}`.toUpperCase(), expiryDate: expiry, costPrice: 80_000, supplier: 'Công ty Phân phối E2E', receivedDate: new Date().toISOString().slice(0, 10) }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    await admin.reload();
    expect((await admin.getByTestId('product-stock').textContent())?.trim()).toMatch(/^500 viên/);
    await eventually(async () => (await shopPage(admin)).text).toContain('Còn hàng');
    expect(await admin.getByRole('button', { name: 'Thêm vào giỏ' }).isEnabled()).toBe(true);
  });

  it('a sale window on the box shows the discount in the shop (no approval needed)', async () => {
    await admin.goto(`${WEB}/quan-tri/san-pham/${productId}`);
    const box = admin.getByTestId('unit-row').nth(0);
    expect(await box.getByLabel('Tên đơn vị').inputValue()).toBe('Hộp');
    await box.getByLabel('Giá khuyến mãi (đ)').fill('99000');
    await box.getByLabel('Khuyến mãi từ').fill(vnLocal(-3600_000));
    await box.getByLabel('Khuyến mãi đến').fill(vnLocal(2 * 86_400_000));
    await saveEditor(admin, 'Đã lưu thay đổi.');
    expect(await admin.getByTestId('pending-revision').count()).toBe(0);
    await eventually(async () => {
      await shopPage(admin);
      return (await admin.getByTestId('unit-price').textContent()) ?? '';
    }).toContain('99.000');
    expect(await admin.locator('main').textContent()).toContain('120.000');
    await shot(admin, 'sale');
  });

  it('a dosage edit waits for the pharmacist while the old text stays live', async () => {
    await admin.goto(`${WEB}/quan-tri/san-pham/${productId}`);
    await admin.getByLabel('Liều dùng, cách dùng').fill(NEW_DOSAGE);
    await saveEditor(admin, 'chờ dược sĩ duyệt');
    const banner = admin.getByTestId('pending-revision');
    await banner.waitFor();
    // Exactly the typed text: the editor's fields wait for hydration (typing earlier was reset mid-fill into NEW+OLD).
    const dosageRow = banner.locator('tbody tr', { hasText: 'Liều dùng' });
    expect(await dosageRow.locator('td').nth(0).textContent()).toBe(OLD_DOSAGE);
    expect(await dosageRow.locator('td').nth(1).textContent()).toBe(NEW_DOSAGE);
    // The form starts again from the live (approved) values; the proposal is in the banner.
    expect(await admin.getByLabel('Liều dùng, cách dùng').inputValue()).toBe(OLD_DOSAGE);
    await shot(admin, 'pending-edit');
    const { text } = await shopPage(admin);
    expect(text).toContain(OLD_DOSAGE);
    expect(text).not.toContain(NEW_DOSAGE);
  });

  it('the pharmacist rejects the edit with a note; the admin reads it and the shop keeps the approved text', async () => {
    await pharmacist.goto(`${WEB}/quan-tri/duyet-thuoc?kind=edit`);
    const row = pharmacist.getByTestId('approvals-table').locator('tbody tr', { hasText: NAME });
    await row.getByRole('link', { name: NAME }).click();
    await pharmacist.waitForURL((u) => /^\/quan-tri\/duyet-thuoc\/[^/]+$/.test(u.pathname));
    const diff = (await pharmacist.getByTestId('revision-diff').textContent()) ?? '';
    expect(diff).toContain(OLD_DOSAGE);
    expect(diff).toContain(NEW_DOSAGE);
    await pharmacist.getByLabel('Ghi chú của dược sĩ').fill(REJECT_NOTE);
    await pharmacist.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await pharmacist.waitForURL((u) => u.pathname === '/quan-tri/duyet-thuoc');
    await admin.goto(`${WEB}/quan-tri/san-pham/${productId}`);
    expect(await admin.getByTestId('decision-note').textContent()).toBe(REJECT_NOTE);
    expect(await admin.getByTestId('pending-revision').count()).toBe(0);
    expect(await admin.getByLabel('Liều dùng, cách dùng').inputValue()).toBe(OLD_DOSAGE);
    // The label comes from the product the page loaded; polled because one CI run read it before the sticky bar rendered.
    await expect.poll(() => admin.getByRole('button', { name: 'Lưu và gửi duyệt lại' }).count(), { timeout: 10_000 }).toBe(1);
    await shot(admin, 'rejected');
    expect((await shopPage(admin)).text).toContain(OLD_DOSAGE);
  });
});

describe('the product list: more rows and bulk actions', () => {
  it('"Xem thêm" appends the next page of the keyset', async () => {
    await admin.goto(`${WEB}/quan-tri/san-pham?sort=name`);
    const rows = admin.getByTestId('products-table').locator('tbody tr');
    await eventually(() => rows.count()).toBe(25);
    await admin.getByRole('button', { name: 'Xem thêm' }).click();
    await eventually(() => rows.count()).toBe(50);
  });

  it('a bulk hide answers per product, and the product leaves the shop', async () => {
    await admin.goto(`${WEB}/quan-tri/san-pham?q=${encodeURIComponent(NAME)}`);
    const row = admin.getByTestId('products-table').locator('tbody tr', { hasText: NAME });
    await row.waitFor();
    await row.getByLabel(`Chọn ${NAME}`).check();
    await admin.getByLabel('Thao tác', { exact: true }).selectOption('hide');
    await admin.getByRole('button', { name: 'Áp dụng cho 1 sản phẩm' }).click();
    await eventually(() => row.getByTestId('bulk-result').textContent()).toContain('Đã cập nhật');
    await eventually(() => row.textContent()).toContain('Đang ẩn');
    await shot(admin, 'bulk');
    await expectNoSeriousA11y(admin);
    await eventually(async () => (await shopPage(admin)).status).toBe(404);
  });
});

describe('the catalogue screens work under the Content-Security-Policy', () => {
  it('no CSP violation on any page above', () => {
    expect(cspViolations).toEqual([]);
  });
});
