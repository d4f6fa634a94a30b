/**
 * #17 legal (ADR 0041) in Chromium against the running platform: the footer shows the company's licence details and
 * the policy links on every storefront page, a policy page renders, sign-up needs the privacy consent, and the account
 * page downloads its data as JSON and deletes the account. Screenshots go to test-artifacts/e2e/ (legal-*.png).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, launch, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
let browser: Browser;
const visitor = visitors(() => browser, { context: { acceptDownloads: true } });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `legal-${name}.png`), fullPage: false });

let who: { email: string; password: string; name: string };
beforeAll(async () => {
  [browser, who] = await Promise.all([launch(), verifiedCustomer('legal')]);
});
afterAll(async () => {
  await browser?.close();
});

describe('#17 footer and policy pages', () => {
  it('every storefront page shows the company, its licences and the policy links; a policy page renders', async () => {
    const page = await visitor();
    for (const path of ['/', '/tim-kiem?q=vitamin']) {
      await page.goto(`${WEB}${path}`);
      const footer = page.getByTestId('site-footer');
      await expect.poll(() => footer.textContent()).toContain('Giấy chứng nhận đủ điều kiện kinh doanh dược số');
      const text = (await footer.textContent()) ?? '';
      expect(text).toContain('Mã số thuế');
      expect(text).toContain('Chứng chỉ hành nghề dược số');
      expect(text).toContain('số giả lập'); // the dev profile is flagged as sample data
    }
    await page.getByTestId('site-footer').getByRole('link', { name: 'Chính sách đổi trả và hoàn tiền' }).click();
    await page.waitForURL(/\/chinh-sach\/chinh-sach-doi-tra-hoan-tien$/);
    await page.getByRole('heading', { level: 1, name: 'Chính sách đổi trả và hoàn tiền' }).waitFor();
    expect(await page.getByTestId('policy-version').textContent()).toMatch(/Phiên bản \d+/);
    await shot(page, 'policy');
  });
});

describe('#17 consent at sign-up', () => {
  it('sign-up needs the privacy consent box', async () => {
    const page = await visitor();
    await page.goto(`${WEB}/dang-ky`);
    await page.getByLabel('Họ và tên').fill('Đỗ Minh Khang');
    await page.getByLabel('Email').fill(`e2e-consent-${Date.now()}@example.vn`);
    await page.getByLabel('Mật khẩu').fill('Thuoc-tot-2026');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.locator('#acceptPrivacyPolicy-error').waitFor();
    expect(await page.locator('#acceptPrivacyPolicy-error').textContent()).toContain('Chính sách bảo mật');
    await shot(page, 'consent-required');
    await page.getByRole('checkbox', { name: /Tôi đồng ý/ }).check();
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.getByLabel('Mã xác minh').waitFor();
  });
});

describe('#17 data rights in the account page', () => {
  it('downloads the account data as JSON, then deletes the account', async () => {
    const page = await visitor();
    await signInAt(page, who, '/tai-khoan');
    const section = page.getByRole('region', { name: 'Dữ liệu của tôi' });
    await section.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Tải dữ liệu (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^medicare-du-lieu-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(doc.format).toBe('medicare.account-export.v1');
    expect(doc.sections.profile.email).toBe(who.email);
    expect(doc.sections.consents.map((c: { document: string }) => c.document)).toContain('privacy');

    await section.getByRole('button', { name: 'Yêu cầu xóa tài khoản' }).click();
    await section.getByLabel('Nhập mật khẩu để xác nhận').fill(who.password);
    await shot(page, 'delete-account');
    await section.getByRole('button', { name: 'Xóa vĩnh viễn tài khoản' }).click();
    await page.waitForURL(`${WEB}/`);
    // The account can no longer sign in.
    await eventually(async () => (await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) })).status).toBe(401);
  });
});
