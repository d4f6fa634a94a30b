/**
 * Issue 14, the console's vouchers, stock and import screens in Chromium against the running platform
 * (scripts/e2e.mjs): an admin creates a voucher watching the live preview of its rule (with the prescription
 * exclusion), finds it in the list with its usage and turns it off; receives a short-expiry batch in boxes (conversion
 * preview, explicit confirmation), adjusts it with a reason, reads its ledger, and finds it in the expiring and
 * valuation reports. Screenshots: test-artifacts/e2e/console-stock-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, eventually, launch, seriousA11yViolations, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const ADMIN = { email: 'admin@medicare.local', password: readFileSync('.wrangler/dev-admin.txt', 'utf8').trim() };
const RX_TEXT = 'Không áp dụng cho thuốc kê đơn';
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `console-stock-${name}.png`), fullPage: false });
const tag = Date.now().toString(36).toUpperCase();
/** A Vietnam calendar day `days` from today, as YYYY-MM-DD. */
const vnDay = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function noSeriousA11y() {
  const v = await seriousA11yViolations(page);
  expect(v, describeViolations(v).join('\n')).toEqual([]);
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

describe('vouchers', () => {
  const code = `E2E${tag}`;

  it('creates a voucher while the preview says its rule, prescription exclusion included', async () => {
    await page.goto(`${WEB}/quan-tri/ma-giam-gia`);
    await page.getByText('Tạo mã giảm giá', { exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Tạo mã giảm giá' });
    await form.getByLabel('Mã (chữ in hoa, số)').fill(code);
    await form.getByLabel('Tên chương trình').fill('Giảm 10% cuối tuần (e2e)');
    await form.getByLabel('Mức giảm (%)').fill('10');
    await form.getByLabel(/Giảm tối đa/).fill('50000');
    await form.getByLabel('Giá trị đơn tối thiểu (đ)').fill('300000');
    const preview = page.getByTestId('voucher-preview');
    await eventually(() => page.getByTestId('voucher-preview-rule').textContent()).toBe('Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ');
    expect(await preview.textContent()).toContain(RX_TEXT);
    await form.getByLabel('Kiểu giảm').selectOption('fixed');
    await form.getByLabel('Mức giảm (đ)').fill('20000');
    await eventually(() => page.getByTestId('voucher-preview-rule').textContent()).toBe('Giảm 20.000đ cho đơn từ 300.000đ');
    await form.getByLabel('Kiểu giảm').selectOption('percent');
    await form.getByLabel('Mức giảm (%)').fill('10');
    await eventually(() => page.getByTestId('voucher-preview-rule').textContent()).toBe('Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ');
    await shot('voucher-preview');
    await noSeriousA11y();
    await form.getByRole('button', { name: 'Tạo mã giảm giá' }).click();
    await eventually(() => page.locator('[data-toast="success"]').last().textContent()).toContain(`Đã tạo mã ${code}`);
  });

  it('lists it with its rule, state and usage, and turns it off behind a confirmation', async () => {
    await page.goto(`${WEB}/quan-tri/ma-giam-gia?q=${code}`);
    const row = page.getByTestId('vouchers-table').locator('tbody tr');
    await eventually(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ');
    expect(text).toContain('Đang chạy');
    expect(await row.getByTestId('voucher-redeemed').textContent()).toBe('0 / ∞');
    await row.getByRole('button', { name: 'Tắt' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Tắt mã' }).click();
    await eventually(async () => (await row.textContent()) ?? '').toContain('Đã tắt');
    await shot('vouchers');
  });
});

describe('stock', () => {
  const lot = `E2E-${tag}`;

  it('receives a short-expiry batch in selling units: conversion preview, explicit confirmation', async () => {
    await page.goto(`${WEB}/quan-tri/kho`);
    await page.getByText('Nhập lô hàng', { exact: true }).click();
    const form = page.getByRole('form', { name: 'Nhập lô hàng' });
    await form.getByLabel('Sản phẩm (gõ tên để tìm)').fill('vitamin');
    await form.getByRole('list', { name: 'Sản phẩm gợi ý' }).getByRole('button').first().click();
    await form.getByTestId('receive-product').waitFor();
    const unit = form.getByLabel('Đơn vị nhập', { exact: true });
    const options = await unit.locator('option').allTextContents();
    // The largest unit (the last one listed with the biggest factor) shows a real conversion.
    const factorOf = (o: string) => Number(/\(([\d.]+)/.exec(o)?.[1]?.replace(/\./g, '') ?? '1');
    const biggest = options.reduce((a, b) => (factorOf(b) > factorOf(a) ? b : a));
    await unit.selectOption({ label: biggest });
    await form.getByLabel('Số lượng (theo đơn vị nhập)').fill('3');
    await form.getByLabel('Số lô').fill(lot);
    await form.getByLabel('Hạn dùng').fill(vnDay(20));
    await form.getByLabel('Giá vốn (đ / đơn vị nhập)').fill('30000');
    await form.getByLabel('Nhà cung cấp').fill('Công ty Dược E2E');
    const factor = factorOf(biggest);
    await eventually(() => form.getByTestId('receive-preview-quantity').textContent()).toContain(`= ${(3 * factor).toLocaleString('vi-VN')}`);
    await form.getByTestId('short-expiry').waitFor();
    await form.getByRole('button', { name: 'Nhập kho' }).click();
    await eventually(() => form.getByRole('alert').textContent()).toContain('xác nhận');
    await form.getByTestId('short-expiry').getByRole('checkbox').check();
    await shot('receive');
    await noSeriousA11y();
    await form.getByRole('button', { name: 'Nhập kho' }).click();
    await eventually(() => page.locator('[data-toast="success"]').last().textContent()).toContain(`Đã nhập lô ${lot}`);
  });

  it('adjusts the batch with a mandatory reason and shows both movements in its ledger', async () => {
    await page.goto(`${WEB}/quan-tri/kho?q=${lot}`);
    const row = page.getByTestId('batches-table').locator('tbody tr');
    await eventually(() => row.count()).toBe(1);
    const before = Number(((await row.getByTestId('batch-quantity').textContent()) ?? '').replace(/[^\d]/g, ''));
    expect(before).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Điều chỉnh' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Loại điều chỉnh').selectOption('damage');
    await dialog.getByLabel(/Số lượng xuất/).fill('1');
    const confirm = dialog.getByRole('button', { name: 'Ghi điều chỉnh' });
    expect(await confirm.isDisabled()).toBe(true); // no reason yet
    await dialog.getByLabel('Lý do điều chỉnh').fill('Vỡ một đơn vị khi xếp kệ');
    await confirm.click();
    await eventually(async () => Number(((await row.getByTestId('batch-quantity').textContent()) ?? '').replace(/[^\d]/g, ''))).toBe(before - 1);
    await row.getByRole('link', { name: `Sổ kho lô ${lot}` }).click();
    const ledger = page.getByTestId('ledger');
    await ledger.waitFor();
    const text = (await ledger.textContent()) ?? '';
    expect(text).toContain('Nhập kho');
    expect(text).toContain('Hư hỏng');
    expect(text).toContain('Vỡ một đơn vị khi xếp kệ');
    await shot('ledger');
    await noSeriousA11y();
  });

  it('finds the batch in the 30-day expiry report and the stock in the valuation', async () => {
    await page.goto(`${WEB}/quan-tri/kho?view=reports&report=expiring&days=30`);
    await eventually(async () => (await page.getByTestId('expiring-table').textContent()) ?? '').toContain(lot);
    await page.goto(`${WEB}/quan-tri/kho?view=reports&report=valuation`);
    expect(((await page.getByTestId('valuation-total').textContent()) ?? '').replace(/[^\d]/g, '')).not.toBe('0');
    await page.goto(`${WEB}/quan-tri/kho?view=reports&report=low`);
    await page.getByTestId('low-stock-table').waitFor();
    await shot('reports');
    expect(cspViolations).toEqual([]);
  });
});

describe('import and export', () => {
  const lot = `E2E-IMP-${tag}`;

  it('offers the templates and the exports as files', async () => {
    await page.goto(`${WEB}/quan-tri/nhap-xuat`);
    const href = await page.getByRole('link', { name: 'Mẫu lô hàng (.csv)' }).getAttribute('href');
    const res = await page.request.get(`${WEB}${href}`); // with the admin's cookies, as the link's download
    expect(res.status()).toBe(200);
    expect((await res.text()).split(/\r?\n/)[0]).toContain('slug,product_name,lot_number,expiry_date');
    const exportLinks = page.getByRole('list', { name: 'Tệp xuất' }).getByRole('link');
    expect(await exportLinks.count()).toBe(6);
  });

  it('uploads a batches file, shows the dry run\'s errors by row and column, then commits the valid row', async () => {
    const products = (await (await fetch(`${WEB}/v1/products?category=thuoc&limit=5`)).json()) as { items: Array<{ slug: string }> };
    const slug = products.items[0]!.slug;
    const csv = [
      'slug,product_name,lot_number,expiry_date,quantity,unit,cost_price,supplier,received_date,confirm_short_expiry',
      `${slug},,${lot},${vnDay(400)},5,,1000,Công ty Dược E2E,,`,
      `${slug},,${lot}-B,khong-phai-ngay,5,,1000,Công ty Dược E2E,,`,
      `khong-co-san-pham-nay-${tag.toLowerCase()},,${lot}-C,${vnDay(400)},5,,1000,Công ty Dược E2E,,`,
    ].join('\r\n');
    await page.goto(`${WEB}/quan-tri/nhap-xuat`);
    const form = page.getByRole('form', { name: 'Tải tệp nhập dữ liệu' });
    await form.getByLabel('Loại dữ liệu').selectOption('batches');
    await form.getByLabel(/^Tệp/).setInputFiles({ name: `lo-hang-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await form.getByRole('button', { name: 'Tải lên và kiểm tra thử' }).click();
    const panel = page.getByTestId('import-panel');
    await eventually(() => panel.getByTestId('import-status').textContent().catch(() => '')).toBe('Đã kiểm tra (chưa ghi)');
    expect(await panel.getByTestId('import-valid').textContent()).toBe('1');
    expect(await panel.getByTestId('import-error-rows').textContent()).toBe('2');
    const errorRows = await panel.getByTestId('import-errors').locator('tbody tr td:first-child').allTextContents();
    expect([...new Set(errorRows)]).toEqual(['3', '4']);
    await shot('import-dry-run');
    await noSeriousA11y();
    await panel.getByRole('button', { name: 'Ghi dữ liệu' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Ghi dữ liệu' }).click();
    await eventually(() => panel.getByTestId('import-status').textContent().catch(() => '')).toBe('Hoàn tất');
    expect(await panel.getByTestId('import-created').textContent()).toBe('1');
    await page.goto(`${WEB}/quan-tri/kho?q=${lot}`);
    await eventually(() => page.getByTestId('batches-table').locator('tbody tr').count()).toBe(1);
    await shot('import-done');
    expect(cspViolations).toEqual([]);
  });
});
