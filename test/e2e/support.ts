/**
 * Shared by the browser tests: launching Chromium, watching the console for Content-Security-Policy violations,
 * running axe-core inside a page, and the few API calls a test needs to set a scene (a verified customer, a voucher).
 */
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContextOptions, type Page, type ViewportSize } from 'playwright-core';
import { expect } from 'vitest';
import { CHROME_FLAGS, resolveChrome } from '../../scripts/lib/chrome.mjs';

export const WEB = process.env.MEDICARE_WEB_URL ?? 'http://127.0.0.1:3000';
export const API = process.env.MEDICARE_API_URL ?? 'http://127.0.0.1:8787';
/** The OpenAI stand-in's base URL (scripts/e2e.mjs starts it; no trailing /v1), or '' outside the e2e stack. */
export const MODEL_STANDIN = process.env.MEDICARE_OPENAI_STANDIN_URL ?? '';

/** Scripts the stand-in's next replies for requests whose text contains `match` (test/standins/openai-standin.ts). */
export async function scriptModel(match: string, replies: Array<{ content: string; chunkDelayMs?: number }>): Promise<void> {
  const res = await fetch(`${MODEL_STANDIN}/__standin/scripts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match, replies }) });
  expect(res.status, await res.clone().text()).toBe(201);
}

export const PHONE = { width: 412, height: 915 };
export const DESKTOP = { width: 1280, height: 900 };

/** Chromium as `scripts/lib/chrome.mjs` resolves it (CHROME_PATH set by scripts/e2e.mjs, a system one, or the npm one). */
export async function launch(): Promise<Browser> {
  const { path } = await resolveChrome();
  return chromium.launch({ executablePath: path, args: ['--headless', ...CHROME_FLAGS] });
}

/**
 * Every Content-Security-Policy violation the page reports: Chromium logs each one to the console ("Refused to …
 * because it violates the following Content Security Policy directive"), for documents and workers alike.
 */
export function watchCsp(page: Page, sink: string[]): void {
  page.on('console', (m) => {
    const text = m.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) sink.push(`${page.url()}: ${text}`);
  });
}

export interface VisitorDefaults {
  /** Where each page's Content-Security-Policy violations go (`watchCsp`); none watched without it. */
  csp?: string[];
  /** The viewport when the call names none (DESKTOP unless told). */
  viewport?: ViewportSize;
  /** Further options of each new context (e.g. `acceptDownloads`). */
  context?: BrowserContextOptions;
  /** A script each page of the context runs before the page's own (`BrowserContext.addInitScript`). */
  initScript?: string;
}

/**
 * A test file's visitors: `const visitor = visitors(() => browser, { csp: cspViolations })`, then each
 * `await visitor(viewport?)` is a new visitor — its own browser context (cookies, storage), Vietnamese locale — and
 * its page. Contexts close with the browser.
 */
export function visitors(browser: () => Browser, defaults: VisitorDefaults = {}): (viewport?: ViewportSize) => Promise<Page> {
  return async (viewport = defaults.viewport ?? DESKTOP) => {
    const ctx = await browser().newContext({ viewport, locale: 'vi-VN', ...defaults.context });
    if (defaults.initScript) await ctx.addInitScript({ content: defaults.initScript });
    const page = await ctx.newPage();
    if (defaults.csp) watchCsp(page, defaults.csp);
    return page;
  };
}

// axe-core (exact version pinned in package.json), evaluated in the page through the DevTools protocol: a page-level
// <script> would itself be refused by the storefront's CSP.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** axe-core's WCAG 2.x A/AA rules on the page as it is now: the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> }; document: unknown };
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Readable summary for a failed expectation. */
export const describeViolations = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);

let shopperNetwork = 0;
/**
 * Each account made by `verifiedCustomer` signs up from its own documentation address (CF-Connecting-IP, which the
 * local stack passes through and Cloudflare's edge sets): the shoppers of a test run are different people, and the
 * per-IP sign-up limit (10 an hour) must not depend on how many browser tests one run has.
 */
const ownNetwork = () => ({ 'cf-connecting-ip': `203.0.113.${(shopperNetwork = (shopperNetwork % 250) + 1)}` });

async function api(path: string, init: RequestInit = {}) {
  return fetch(`${API}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

/** Signs in through the storefront's sign-in page and waits for the page `next` names (its path). */
export async function signInAt(page: Page, who: { email: string; password: string }, next: string): Promise<void> {
  await page.goto(`${WEB}/dang-nhap?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Mật khẩu').fill(who.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
}

/** Fails with axe-core's serious and critical violations on the page as it is now. */
export async function expectNoSeriousA11y(page: Page): Promise<void> {
  const v = await seriousA11yViolations(page);
  expect(v, describeViolations(v).join('\n')).toEqual([]);
}

/** `expect.poll` with room for a page that is still rendering or a debounced request (vitest's default is 1 s). */
export const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** The 6-digit code last mailed to `email` (local mailbox); usable in hooks, where expect.poll is not. */
export async function mailedCode(email: string): Promise<string> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const { items } = (await (await api(`/dev/mailbox?to=${encodeURIComponent(email)}`)).json()) as { items: Array<{ text: string }> };
    const code = /\b(\d{6})\b/.exec(items[0]?.text ?? '')?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code mailed to ${email}`);
}

/** A verified customer account, created through the API as the sign-up page does. */
export async function verifiedCustomer(tag: string): Promise<{ email: string; password: string; name: string }> {
  const who = { email: `e2e-${tag}-${Date.now()}@example.vn`, password: 'Thuoc-tot-2026', name: 'Trần Thị Mai' };
  const network = ownNetwork();
  const reg = await api('/v1/auth/register', { method: 'POST', headers: network, body: JSON.stringify({ ...who, acceptPrivacyPolicy: true }) });
  expect(reg.status, await reg.clone().text()).toBeLessThan(300);
  const code = await mailedCode(who.email);
  const ok = await api('/v1/auth/verify-email', { method: 'POST', headers: network, body: JSON.stringify({ email: who.email, code }) });
  expect(ok.status, await ok.clone().text()).toBe(200);
  return who;
}

/** An order voucher running now, created by the local admin (`npm run dev` keeps its password in .wrangler/dev-admin.txt). */
export async function runningVoucher(prefix: string): Promise<string> {
  const password = readFileSync('.wrangler/dev-admin.txt', 'utf8').trim();
  const login = await api('/v1/auth/login', { method: 'POST', headers: { 'x-auth-mode': 'token' }, body: JSON.stringify({ email: 'admin@medicare.local', password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const code = `${prefix}${Date.now().toString(36).toUpperCase()}`;
  const created = await api('/v1/admin/vouchers', {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ code, name: 'Giảm 10.000đ (e2e)', kind: 'order', discountType: 'fixed', discountValue: 10_000, startsAt: Date.now() - 60_000, endsAt: Date.now() + 86_400_000, perUserLimit: 5 }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  return code;
}

/** Puts one in-stock, non-prescription product in the page's cart (through the product page, as a shopper does). */
export async function addSomethingToCart(page: Page, query = 'vitamin c'): Promise<void> {
  await page.goto(`${WEB}/tim-kiem?q=${encodeURIComponent(query)}&rx=false&inStock=true`);
  await page.locator('[data-testid="product-card"]').first().getByRole('link').click();
  await page.waitForURL(/\/san-pham\//);
  const before = Number((await page.getByTestId('cart-count').textContent().catch(() => '0')) || '0');
  await clickAddToCart(page);
  await eventually(() => page.getByTestId('cart-count').textContent()).toBe(String(before + 1));
}

/**
 * Clicks "Thêm vào giỏ" and waits for the api to store the line. The header count is optimistic: a test that leaves
 * the page on the count alone can abort the request (and, for a guest, the cookie that names the new cart).
 */
export async function clickAddToCart(page: Page): Promise<void> {
  const stored = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/cart/items');
  await page.getByRole('button', { name: 'Thêm vào giỏ' }).click();
  expect((await stored).ok()).toBe(true);
}

/** Fills the checkout's delivery address (province → ward pickers). */
export async function fillAddress(page: Page, a: { name?: string; phone?: string; street: string; province?: string }): Promise<void> {
  if (a.name !== undefined) await page.getByLabel('Họ tên người nhận').fill(a.name);
  if (a.phone !== undefined) await page.getByLabel('Số điện thoại', { exact: true }).fill(a.phone);
  await page.getByLabel('Tỉnh/Thành phố').selectOption({ label: a.province ?? 'Thành phố Hồ Chí Minh' });
  await eventually(() => page.locator('#wardCode option').count()).toBeGreaterThan(5);
  await page.getByLabel('Phường/Xã').selectOption({ index: 1 });
  await page.getByLabel('Số nhà, tên đường').fill(a.street);
  await eventually(async () => (await page.getByText('Dự kiến giao trong').count()) > 0).toBe(true);
}

/** A small real PNG (an RGB gradient; `blue` sets the third channel, so each caller's photo — and its digest — can be its own). */
export function gradientPng(width: number, height: number, blue: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, blue % 256], y * (width * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
