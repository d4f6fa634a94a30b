/**
 * A guest's order in a real browser (same setup as storefront.e2e.ts: Chromium through playwright-core
 * against the whole platform started by `scripts/e2e.mjs`). The guest looks the order up with code + phone and must
 * land on the order page of the storefront's own origin, with the phone in no URL the browser ever requested
 * (issue 12, item 15): the lookup exchanges the phone for an HttpOnly guest pass scoped to that order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, launch, PHONE as PHONE_SIZE, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const PHONE = '0976 543 210';
const PHONE_DIGITS = ['0976543210', '976543210', '0976%20543%20210', '0976+543+210'];
let browser: Browser;
let code = '';

/** A fresh browser profile (no cookies) that records every URL it navigates to or requests. */
async function freshGuest(): Promise<{ context: BrowserContext; page: Page; urls: string[] }> {
  const page = await visitors(() => browser, { viewport: PHONE_SIZE })();
  const context = page.context();
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  return { context, page, urls };
}

/** The order page shows its status once the session check and the order request are done (slow on a busy machine). */
async function expectStatus(page: Page, label: string) {
  const status = page.getByTestId('order-status');
  await status.waitFor({ timeout: 30_000 });
  await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(label);
}

const noPhoneIn = (urls: string[]) => urls.filter((u) => PHONE_DIGITS.some((p) => u.includes(p)));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launch();
  // A guest order placed without an account, straight through the api (the checkout UI is covered by storefront.e2e.ts).
  const products = (await (await fetch(`${API}/v1/products?category=thuoc&limit=50`)).json()) as { items: Array<{ purchaseMode: string; inStock: boolean; defaultUnit: { id: string } }> };
  const unit = products.items.find((p) => p.purchaseMode === 'cart' && p.inStock)!.defaultUnit.id;
  const wards = (await (await fetch(`${API}/v1/locations/provinces/79/wards?limit=1`)).json()) as { items: Array<{ code: string }> };
  const res = await fetch(`${API}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-guest-order-${Date.now()}` },
    body: JSON.stringify({
      items: [{ unitId: unit, quantity: 1 }],
      address: { recipientName: 'Trần Thị Khách', phone: PHONE, provinceCode: '79', wardCode: wards.items[0]!.code, street: '12 Nguyễn Huệ' },
      paymentMethod: 'cod',
    }),
  });
  expect(res.status).toBe(201);
  code = ((await res.json()) as { code: string }).code;
});
afterAll(async () => {
  await browser?.close();
});

describe('guest order lookup', () => {
  it('finds the order with code + phone, staying on the storefront origin with the phone in no URL', async () => {
    const { context, page, urls } = await freshGuest();
    await page.goto(`${WEB}/tra-cuu-don-hang`);
    await page.getByLabel('Mã đơn hàng').fill(code.toLowerCase());
    await page.getByLabel('Số điện thoại đặt hàng').fill(PHONE);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL((u) => u.pathname === `/don-hang/${code}`);
    const landed = new URL(page.url());
    expect(landed.origin).toBe(new URL(WEB).origin); // not localhost or another host built from the request
    expect(landed.search).toBe('');
    await expectStatus(page, 'Đã xác nhận');
    await page.screenshot({ path: join(SHOTS, '30-guest-lookup.png') });

    // The pass is an HttpOnly cookie scoped to this order's API paths, invisible to scripts.
    const pass = (await context.cookies()).filter((c) => c.name === 'mc_go');
    expect(pass).toHaveLength(1);
    expect(pass[0]).toMatchObject({ httpOnly: true, path: `/v1/orders/${code}` });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('mc_go');

    // A reload keeps the order visible (the pass, not a URL parameter, proves it).
    await page.reload();
    await expectStatus(page, 'Đã xác nhận');
    expect(noPhoneIn(urls)).toEqual([]);
    await context.close();
  });

  it('a wrong phone finds nothing and says so, without the phone in the URL', async () => {
    const { context, page, urls } = await freshGuest();
    await page.goto(`${WEB}/tra-cuu-don-hang`);
    await page.getByLabel('Mã đơn hàng').fill(code);
    await page.getByLabel('Số điện thoại đặt hàng').fill('0912 000 111');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByTestId('lookup-error').waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(WEB).origin);
    expect(page.url()).not.toContain('0912');
    // Without a pass the order page offers the lookup instead of the order.
    await page.goto(`${WEB}/don-hang/${code}`);
    await page.getByRole('link', { name: 'Tra cứu đơn hàng' }).first().waitFor();
    expect(await page.getByTestId('order-status').count()).toBe(0);
    expect(noPhoneIn(urls)).toEqual([]);
    await context.close();
  });
});
