/**
 * The staff console (/quan-tri, #13) in Chromium against the running platform (scripts/e2e.mjs): who may enter
 * (anonymous → sign-in with a safe way back, customer → 403, pharmacist → no admin screens, admin → the shell), the
 * session renewal when the 15-minute access cookie is gone, and the users screen. The local admin and pharmacist are
 * created by scripts/dev.mjs (password in .wrangler/dev-admin.txt). Screenshots: test-artifacts/e2e/console-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectNoSeriousA11y, launch, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const TABLET = { width: 820, height: 1180 };
const password = () => readFileSync('.wrangler/dev-admin.txt', 'utf8').trim();
export const ADMIN = { email: 'admin@medicare.local', get password() { return password(); } };
export const PHARMACIST = { email: 'duocsi@medicare.local', get password() { return password(); } };

let browser: Browser;
const cspViolations: string[] = [];

const visitor = visitors(() => browser, { csp: cspViolations });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: false });

/** Signs in through the sign-in page, which then follows `next`. */


const signIn = (page: Page, who: { email: string; password: string }, next = '/quan-tri') => signInAt(page, who, next);

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('who may enter the console', () => {
  it('anonymous: the server renders no staff data, and the browser lands on sign-in with a way back', async () => {
    const html = await (await fetch(`${WEB}/quan-tri/nguoi-dung`)).text();
    expect(html).not.toContain('data-testid="console-user"');
    expect(html).not.toContain('users-table');
    const page = await visitor();
    await page.goto(`${WEB}/quan-tri/nguoi-dung?role=admin`);
    await page.waitForURL((u) => u.pathname === '/dang-nhap');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/quan-tri/nguoi-dung?role=admin');
  });

  it('a customer gets the 403 page, on every console screen', async () => {
    const who = await verifiedCustomer('console');
    const page = await visitor();
    await signIn(page, who, '/quan-tri');
    await page.getByTestId('forbidden').waitFor();
    await page.getByRole('heading', { name: 'Bạn không có quyền truy cập trang này' }).waitFor();
    expect(await page.getByTestId('console-user').count()).toBe(0);
    await shot(page, '403-customer');
    await expectNoSeriousA11y(page);
    await page.goto(`${WEB}/quan-tri/nguoi-dung`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('users-table').count()).toBe(0);
  });

  it('a pharmacist sees the shell with their screens, and gets the 403 page on an admin screen', async () => {
    const page = await visitor(TABLET);
    await signIn(page, PHARMACIST, '/quan-tri');
    const user = page.getByTestId('console-user');
    await user.waitFor();
    expect(await user.textContent()).toContain('Dược sĩ');
    const nav = page.getByRole('navigation', { name: 'Quản trị' });
    expect(await nav.getByRole('link', { name: 'Đơn hàng' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
    await shot(page, 'pharmacist-home');
    await page.goto(`${WEB}/quan-tri/nguoi-dung`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').textContent()).toContain('Quản trị viên');
    expect(await page.getByTestId('users-table').count()).toBe(0);
  });

  it('an expired access cookie with a live refresh cookie is renewed without a sign-in and without staff data first', async () => {
    const page = await visitor();
    await signIn(page, ADMIN, '/quan-tri');
    await page.getByTestId('console-user').waitFor();
    // What the browser does when the 15-minute access cookie expires: it stops sending it. The refresh cookie stays.
    await page.context().clearCookies({ name: 'mc_at' });
    // The server's answer with only the refresh cookie (the context's request shares its cookies, runs no script).
    const html = await (await page.context().request.get(`${WEB}/quan-tri/nguoi-dung`)).text();
    expect(html).toContain('Đang kiểm tra phiên đăng nhập');
    expect(html).not.toContain('users-table');
    await page.goto(`${WEB}/quan-tri/nguoi-dung`);
    await page.getByTestId('users-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/quan-tri/nguoi-dung');
  });
});

describe('admin: the users screen', () => {
  let page: Page;
  const email = `duocsi-e2e-${Date.now()}@example.vn`;

  it('signs in and sees the shell with every screen', async () => {
    page = await visitor();
    await signIn(page, ADMIN, '/quan-tri');
    expect(await page.getByTestId('console-user').textContent()).toContain('Quản trị viên');
    const nav = page.getByRole('navigation', { name: 'Quản trị' });
    for (const name of ['Tổng quan', 'Báo cáo', 'Đơn hàng', 'Thanh toán', 'Người dùng', 'Nhật ký thao tác', 'Sự kiện lỗi']) expect(await nav.getByRole('link', { name }).count()).toBe(1);
    await shot(page, 'admin-home');
    await expectNoSeriousA11y(page);
  });

  it('searches accounts with the filter kept in the URL', async () => {
    await page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Người dùng' }).click();
    await page.getByTestId('users-table').waitFor();
    expect(await page.getByTestId('screen-roles').textContent()).toContain('Quản trị viên');
    await page.getByLabel('Tìm theo email, tên, số điện thoại').fill('duocsi@medicare.local');
    await page.getByLabel('Tìm theo email, tên, số điện thoại').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === 'duocsi@medicare.local');
    await eventually(() => page.getByTestId('users-table').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('users-table').textContent()).toContain('Dược sĩ');
    await expectNoSeriousA11y(page);
  });

  it('creates a pharmacist with the keyboard (Enter submits) and gets a toast', async () => {
    await page.goto(`${WEB}/quan-tri/nguoi-dung`);
    await page.getByText('Tạo tài khoản dược sĩ hoặc quản trị viên').click();
    const form = page.getByRole('form', { name: 'Tạo tài khoản nhân viên' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Họ tên').fill('DS. Lê Văn Bình');
    await form.getByLabel('Số chứng chỉ hành nghề dược').fill('004567/HCM-CCHND');
    await form.getByLabel('Mật khẩu ban đầu').fill('Duoc-si-2026!');
    await eventually(() => form.getByRole('button', { name: 'Tạo tài khoản' }).isEnabled()).toBe(true);
    await form.getByLabel('Mật khẩu ban đầu').press('Enter');
    await eventually(() => page.locator('[data-toast="success"]').textContent()).toContain(email);
    await page.goto(`${WEB}/quan-tri/nguoi-dung?q=${encodeURIComponent(email)}`);
    await eventually(() => page.getByTestId('users-table').locator('tbody tr').count()).toBe(1);
  });

  it('changes the role and locks the account, each after a confirmation', async () => {
    const row = page.getByTestId('users-table').locator('tbody tr').first();
    await row.getByLabel(`Vai trò mới cho ${email}`).selectOption('admin');
    await row.getByRole('button', { name: 'Đổi vai trò' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đổi vai trò tài khoản?' });
    await dialog.waitFor();
    await shot(page, 'confirm-role');
    await expectNoSeriousA11y(page);
    await dialog.getByRole('button', { name: 'Đổi vai trò' }).click();
    await eventually(() => page.locator('[data-toast="success"]').last().textContent()).toContain('Quản trị viên');
    await eventually(() => row.locator('td').nth(2).textContent()).toBe('Quản trị viên');

    await row.getByRole('button', { name: 'Khóa' }).click();
    const lock = page.getByRole('dialog', { name: 'Khóa tài khoản?' });
    await lock.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await eventually(() => row.locator('td').nth(3).textContent()).toBe('Đã khóa');
    await shot(page, 'users-locked');
  });
});

describe('the console works under the Content-Security-Policy', () => {
  it('no CSP violation was reported on any console page above', () => {
    expect(cspViolations).toEqual([]);
  });
});
