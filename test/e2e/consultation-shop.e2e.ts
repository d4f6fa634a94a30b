/**
 * Issue 15, the shopper's half of a consultation in Chromium against the running platform (scripts/e2e.mjs):
 * - a signed-in shopper opens a prescription product, follows its main button to the form (the product picked
 *   already), is told at once that a file which is not a real PDF is refused, sends a real PDF and sees it on the
 *   consultation's page and in the list;
 * - a guest picks a product from the catalogue search, adds a photo, confirms name + phone + email with the one-time
 *   code mailed to them (read from the dev mailbox) and lands on the consultation, held by an HttpOnly cookie;
 * - another account (and the guest) opening someone else's consultation get the not-found page.
 * Screenshots: test-artifacts/e2e/consult-*.png.
 */
import { readFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, describeViolations, eventually, launch, mailedCode, PHONE, seriousA11yViolations, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
let browser: Browser;
const cspViolations: string[] = [];
let shopper: { email: string; password: string; name: string };
let other: { email: string; password: string; name: string };
/** The signed-in shopper's consultation, opened by the others in the ownership test. */
let shopperCode = '';
let guestPage: Page;
/** The signed-in shopper's browser page (the advice test goes back to it). */
let shopperPage: Page;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A valid 8×8 PNG (a photo of a prescription, as far as the api's type and structure checks go). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.concat(Array.from({ length: 8 }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(24, 0xc8)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const visitor = visitors(() => browser, { csp: cspViolations, viewport: PHONE });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `consult-${name}.png`), fullPage: true });


/** The form's file input, once the page is hydrated (a file picked before that would never reach React's state). */
async function fileInput(page: Page) {
  const input = page.getByLabel('Ảnh đơn thuốc hoặc tệp PDF', { exact: true });
  await eventually(() => input.isEnabled()).toBe(true);
  return input;
}

/** The consultation page after sending: its code from the URL, the status shown. */
async function landedOnConsultation(page: Page): Promise<string> {
  await page.waitForURL(/\/tai-khoan\/don-thuoc\/TV[0-9A-Z]{8}$/, { timeout: 30_000 });
  await page.getByTestId('consultation-status').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('consultation-status').textContent()).toBeTruthy();
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** The local pharmacist (scripts/dev.mjs; password in .wrangler/dev-admin.txt) calling the api with a bearer token. */
async function asPharmacist(): Promise<(path: string, body?: unknown) => Promise<{ status: number; json: any }>> {
  const password = readFileSync('.wrangler/dev-admin.txt', 'utf8').trim();
  const login = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: 'duocsi@medicare.local', password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async (path, body) => {
    const res = await fetch(`${API}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
}

beforeAll(async () => {
  [browser, shopper, other] = await Promise.all([launch(), verifiedCustomer('consult-a'), verifiedCustomer('consult-b')]);
});
afterAll(async () => {
  await browser?.close();
});

describe('consultation from the storefront (#15)', () => {
  it('a signed-in shopper sends a PDF about a prescription product from its page and finds it in the list', async () => {
    const page = (shopperPage = await visitor());
    await signInAt(page, shopper, '/tai-khoan');

    // A prescription-only product: the main button leads to the form with the product picked.
    await page.goto(`${WEB}/tim-kiem?q=thuoc&rx=true`);
    await page.locator('[data-testid="product-card"]').first().getByRole('link').click();
    await page.waitForURL(/\/san-pham\//);
    const productName = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
    await page.getByText('Mua thuốc kê đơn tại Medicare như thế nào?').waitFor();
    await page.getByRole('link', { name: 'Gửi đơn thuốc / Tư vấn dược sĩ' }).click();
    await page.waitForURL((u) => u.pathname === '/tu-van-duoc-si' && u.searchParams.has('san-pham'));
    await expect.poll(() => page.getByTestId('picked-products').textContent()).toContain(productName);

    // A text file named .pdf is refused in the browser, by its bytes; nothing is added.
    const input = await fileInput(page);
    await input.setInputFiles({ name: 'don-thuoc.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await eventually(() => page.getByTestId('file-errors').textContent()).toContain('không phải ảnh JPEG, PNG, WebP hoặc tệp PDF');
    expect(await page.getByTestId('picked-files').count()).toBe(0);

    await input.setInputFiles({ name: 'don-thuoc-bac-si.pdf', mimeType: 'application/pdf', buffer: PDF });
    await eventually(() => page.getByTestId('picked-files').textContent()).toContain('don-thuoc-bac-si.pdf');
    await page.getByLabel('Triệu chứng', { exact: true }).fill('Viêm họng, sốt nhẹ 2 ngày.');
    await page.getByLabel('Buổi chiều (12:00–17:00)').check();
    await page.getByLabel('Số điện thoại để dược sĩ gọi lại', { exact: true }).fill('0912 345 678');
    const violations = await seriousA11yViolations(page);
    expect(violations, describeViolations(violations).join('\n')).toEqual([]);
    await shot(page, '01-form');

    await page.getByRole('button', { name: 'Gửi yêu cầu tư vấn' }).click();
    shopperCode = await landedOnConsultation(page);
    await eventually(() => page.getByTestId('consultation-files').textContent()).toContain('Tệp PDF 1');
    await page.getByText('Viêm họng, sốt nhẹ 2 ngày.').waitFor();
    await page.getByText(productName).first().waitFor();
    // The file link is signed and short-lived, served to its owner with no caching.
    const href = await page.getByTestId('consultation-files').getByRole('link').first().getAttribute('href');
    const file = await page.request.get(new URL(href!, WEB).href);
    expect(file.status()).toBe(200);
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.headers()['cache-control']).toContain('no-store');
    await shot(page, '02-detail');

    await page.goto(`${WEB}/tai-khoan/don-thuoc`);
    await eventually(() => page.getByTestId('consultation-list').textContent()).toContain(shopperCode);
    expect(await page.getByTestId('consultation-list').textContent()).toContain(productName);
  });

  it('a guest confirms name, phone and email with the mailed code, then lands on the consultation', async () => {
    const page = (guestPage = await visitor());
    const email = `e2e-consult-guest-${Date.now()}@example.vn`;
    await page.goto(`${WEB}/tu-van-duoc-si`);
    // A product from the catalogue search, picked with the keyboard.
    const search = page.getByLabel('Tìm sản phẩm cần tư vấn', { exact: true });
    await eventually(() => search.isEnabled()).toBe(true);
    await search.fill('paracetamol');
    await page.getByRole('option').first().waitFor();
    const option = (await page.getByRole('option').first().textContent())!;
    await search.press('ArrowDown');
    await search.press('Enter');
    await eventually(() => page.getByTestId('picked-products').count()).toBe(1);
    expect(option).toContain((await page.getByTestId('picked-products').locator('li span').first().textContent())!);

    await (await fileInput(page)).setInputFiles({ name: 'anh-don-thuoc.png', mimeType: 'image/png', buffer: png() });
    await eventually(() => page.getByRole('img', { name: 'Xem trước anh-don-thuoc.png' }).count()).toBe(1);
    await page.getByLabel('Ghi chú cho dược sĩ', { exact: true }).fill('Tôi dị ứng penicillin.');

    // Contact details checked before any code is sent.
    await page.getByRole('button', { name: 'Nhận mã xác nhận qua email' }).click();
    await eventually(() => page.getByText('Vui lòng nhập họ tên.').count()).toBe(1);
    await page.getByLabel('Họ và tên', { exact: true }).fill('Lê Văn Khách');
    await page.getByLabel('Số điện thoại', { exact: true }).fill('0987 654 321');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Nhận mã xác nhận qua email' }).click();
    await page.getByLabel('Mã xác nhận', { exact: true }).waitFor();
    await page.getByText(email).waitFor();
    await shot(page, '03-guest-code');

    // A wrong code is refused with the api's message; the right one sends the consultation.
    const code = await mailedCode(email);
    await page.getByLabel('Mã xác nhận', { exact: true }).fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Xác nhận và gửi yêu cầu' }).click();
    await eventually(() => page.locator('#otp-code-error').count()).toBe(1);
    await page.getByLabel('Mã xác nhận', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Xác nhận và gửi yêu cầu' }).click();
    const guestCode = await landedOnConsultation(page);
    await eventually(() => page.getByTestId('consultation-files').textContent()).toContain('Ảnh 1');
    await page.getByText('Tôi dị ứng penicillin.').waitFor();

    // The guest identity is an HttpOnly cookie, invisible to scripts; the page reads again after a reload.
    const cookies = (await page.context().cookies()).filter((c) => c.name === 'mc_gc');
    expect(cookies).toHaveLength(1);
    expect(cookies[0]!.httpOnly).toBe(true);
    expect(await page.evaluate<string>('document.cookie')).not.toContain('mc_gc');
    await page.reload();
    await page.getByTestId('consultation-status').waitFor({ timeout: 30_000 });
    await page.goto(`${WEB}/tai-khoan/don-thuoc`);
    await eventually(() => page.getByTestId('consultation-list').textContent()).toContain(guestCode);
    await shot(page, '04-guest-list');

  });

  it("someone else's consultation is the not-found page, for another account and for a guest", async () => {
    expect(shopperCode).toMatch(/^TV/);
    const page = await visitor();
    await signInAt(page, other, '/tai-khoan');
    await page.goto(`${WEB}/tai-khoan/don-thuoc/${shopperCode}`);
    await page.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('consultation-status').count()).toBe(0);
    await shot(page, '05-not-found');

    await guestPage.goto(`${WEB}/tai-khoan/don-thuoc/${shopperCode}`);
    await guestPage.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor({ timeout: 30_000 });
  });

  it('the pharmacist’s answer: the quote goes into the cart in one click, the prescription item waits at the counter with a pickup code', async () => {
    expect(shopperCode).toMatch(/^TV/);
    const call = await asPharmacist();
    const queue = await call(`/v1/pharmacist/consultations?status=waiting&q=${shopperCode}`);
    expect(queue.status).toBe(200);
    const id = queue.json.items.find((i: { code: string }) => i.code === shopperCode).id as string;
    expect((await call(`/v1/pharmacist/consultations/${id}/claim`, {})).status).toBe(200);
    const products = (await (await fetch(`${API}/v1/products?category=thuoc&limit=50`)).json()) as { items: Array<{ id: string; purchaseMode: string; inStock: boolean; defaultUnit: { id: string } }> };
    const otc = products.items.find((p) => p.purchaseMode === 'cart' && p.inStock)!;
    const rx = products.items.find((p) => p.purchaseMode === 'consultation' && p.inStock)!;
    const location = ((await (await fetch(`${API}/v1/pharmacy-locations`)).json()) as { items: Array<{ id: string }> }).items[0]!;
    const advised = await call(`/v1/pharmacist/consultations/${id}/advice`, {
      note: 'Uống thuốc sau ăn, đủ liều.',
      items: [
        { productId: otc.id, unitId: otc.defaultUnit.id, quantity: 2, instructions: 'Ngày 2 lần, mỗi lần 1 viên.' },
        { productId: rx.id, unitId: rx.defaultUnit.id, quantity: 1, instructions: 'Theo đơn của bác sĩ.' },
      ],
      locationId: location.id,
    });
    expect(advised.status, JSON.stringify(advised.json)).toBe(200);

    const page = shopperPage;
    await page.goto(`${WEB}/tai-khoan/don-thuoc/${shopperCode}`);
    await page.getByTestId('consultation-advice').waitFor({ timeout: 30_000 });
    await page.getByText('Uống thuốc sau ăn, đủ liều.').waitFor();
    await eventually(() => page.getByTestId('pickup-code').textContent()).toMatch(/\S{4,}/);
    expect(await page.getByTestId('consultation-pickup').textContent()).toContain('Theo đơn của bác sĩ.');
    const before = Number((await page.getByTestId('cart-count').textContent()) || '0');
    const quote = page.getByTestId('consultation-quote');
    await quote.getByRole('button', { name: 'Thêm vào giỏ' }).click();
    await eventually(() => page.getByTestId('cart-count').textContent()).toBe(String(before + 2));
    await shot(page, '06-advised');
    // The cart line carries the quoted price.
    await page.goto(`${WEB}/gio-hang`);
    await page.getByTestId('cart-line').first().waitFor();
    expect(await page.getByTestId('cart-line').count()).toBeGreaterThan(0);
  });

  it('no Content-Security-Policy violation on these pages (previews are data: images)', () => {
    expect(cspViolations).toEqual([]);
  });
});
