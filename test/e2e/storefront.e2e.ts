/**
 * The storefront in a real browser (Debian's Chromium driven by playwright-core) against the whole platform running
 * locally: the built web Worker (opennext) on :3000, bound to the api Worker and its satellites on :8787 with the
 * seeded catalogue. Started by `scripts/e2e.mjs`; screenshots of each step go to test-artifacts/e2e/ (not in git).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WEB = process.env.MEDICARE_WEB_URL ?? 'http://127.0.0.1:3000';
const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A phone-sized viewport: the storefront is used mostly on phones.
  page = await (await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'vi-VN' })).newPage();
});
afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

describe('storefront (guest)', () => {
  it('home: Vietnamese document with categories and best sellers', async () => {
    await page.goto(WEB);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.title()).toBe('Medicare — Nhà thuốc trực tuyến');
    await expect.poll(() => page.locator('[data-testid="product-card"]').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Bán chạy' }).isVisible()).toBe(true);
    await shot('01-home');
  });

  it('autocomplete as you type, then search without accents: "thuoc ha sot"', async () => {
    const box = page.getByRole('combobox');
    await box.click();
    await box.pressSequentially('thuoc ha sot', { delay: 30 });
    const listbox = page.getByRole('listbox', { name: 'Gợi ý tìm kiếm' });
    await listbox.waitFor();
    await expect.poll(() => listbox.getByRole('option').count()).toBeGreaterThan(0);
    await shot('02-autocomplete');
    await box.press('Enter');
    await page.waitForURL(/\/tim-kiem\?q=thuoc(\+|%20)ha(\+|%20)sot/);
    await expect.poll(() => page.locator('[data-testid="product-card"]').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kết quả cho “thuoc ha sot”');
    await shot('03-search-results');
  });

  let productName = '';
  it('opens a non-prescription product and switches the selling unit', async () => {
    // The first result sold through the cart (not "Cần tư vấn dược sĩ") and in stock.
    const cards = page.locator('[data-testid="product-card"]');
    const n = await cards.count();
    let opened = false;
    for (let i = 0; i < n && !opened; i++) {
      const text = (await cards.nth(i).textContent()) ?? '';
      if (text.includes('Cần tư vấn dược sĩ') || text.includes('Tạm hết hàng')) continue;
      await cards.nth(i).getByRole('link').click();
      opened = true;
    }
    expect(opened).toBe(true);
    await page.waitForURL(/\/san-pham\//);
    await page.getByRole('button', { name: 'Thêm vào giỏ' }).waitFor(); // the product page has rendered
    productName = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    expect(productName.length).toBeGreaterThan(3);
    // Product structured data for search engines.
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(ld).toMatchObject({ '@type': 'Product', name: productName, offers: { priceCurrency: 'VND' } });
    await shot('04-product');

    const units = page.getByRole('radiogroup').locator('label');
    if ((await units.count()) > 1) {
      const before = await page.getByTestId('unit-price').textContent();
      await units.nth(1).click();
      await expect.poll(() => page.getByTestId('unit-price').textContent()).not.toBe(before);
      await shot('05-unit-switched');
    }
  });

  it('adds to cart: toast, header count, and the line in the cart with the chosen unit', async () => {
    const unitName = ((await page.getByRole('radiogroup').locator('label[class*="border-emerald-600"]').textContent()) ?? '').trim();
    await page.getByRole('button', { name: 'Thêm vào giỏ' }).click();
    const toast = page.locator('[data-toast="success"]');
    await toast.waitFor();
    expect(await toast.textContent()).toContain('vào giỏ hàng');
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('1');
    await shot('06-added-to-cart');

    await page.getByRole('link', { name: /Giỏ hàng/ }).click();
    await page.waitForURL(/\/gio-hang$/);
    const line = page.getByTestId('cart-line');
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.first().textContent()).toContain(productName);
    expect(await page.getByTestId('cart-line-unit').first().textContent()).toContain(`/ ${unitName}`);
    await shot('07-cart');
  });

  it('a prescription-only product offers the pharmacist consultation instead of a cart button', async () => {
    await page.goto(`${WEB}/tim-kiem?q=thuoc&rx=true`);
    await page.locator('[data-testid="product-card"]').first().waitFor();
    await page.locator('[data-testid="product-card"]').first().getByRole('link').click();
    await page.waitForURL(/\/san-pham\//);
    await page.getByText('Cần tư vấn dược sĩ', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Thêm vào giỏ' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Gọi dược sĩ tư vấn/ }).isVisible()).toBe(true);
    await shot('08-prescription-product');
  });

  it('an unknown page answers 404 with a way back', async () => {
    const res = await page.goto(`${WEB}/san-pham/khong-ton-tai-san-pham-nay`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { name: 'Không tìm thấy trang' }).isVisible()).toBe(true);
    await shot('09-not-found');
  });
});
