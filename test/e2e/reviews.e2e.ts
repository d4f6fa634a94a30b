/**
 * Issue 17's reviews "Done when" in Chromium against the running platform (scripts/e2e.mjs): a shopper whose order was
 * delivered (the carrier's webhooks, `npm run simulate:carrier`) reviews a product of it with a photo from the order
 * page; a review of a product never bought is refused; a pharmacist approves it and replies in the console
 * (/quan-tri/danh-gia); the product page shows the real rating (and AggregateRating in its JSON-LD) and the reply.
 * Screenshots: test-artifacts/e2e/reviews-*.png.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, launch, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const PHARMACIST = { email: 'duocsi@medicare.local', password: readFileSync('.wrangler/dev-admin.txt', 'utf8').trim() };
const npm = (...args: string[]) => execFileSync('npm', ['run', '-s', ...args], { cwd: process.cwd(), stdio: 'pipe' }).toString();
/** A valid 96×96 PNG (seed/png.mjs, as in the Worker fixtures) for the photo picker. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAABgCAIAAABt+uBvAAAA8klEQVR4nO3WsQ3CMBRF0YxAw1aswT5UDEPFLqmpKUGiRv4oAvIcn6dbuohOYWeab3c1mlb/gvAAAQIECFBwgAABAgQoOECAAAECFBwgQIAAAQruC0C7w6mLAAECBAhQcIAAdQq0P167CBAgQIAABQcIECBAgF49AgaoGKBigIoBKgaoWDdA58v8hwABGhZorQEqBqhYN0C/vmsAbR1orQEqBqgYoGKAigEqFg2UGSBAgAABCm5coPbrPi6Q/6DlOm+NAAECBAgQoBAgz/xCqcaxcYE+DBAgQNsE2naAAAECBCg4QIAAAQIUHCBAgAABCu4JmRMQk0TREUQAAAAASUVORK5CYII=',
  'base64',
);

let browser: Browser;
const csp: string[] = [];
let shopper: Page;
let pharmacist: Page;
let orderCode = '';
let product = { id: '', slug: '', name: '' };
let other = { id: '', slug: '' };
const body = 'Thuốc dùng hiệu quả, giao hàng nhanh, đóng gói cẩn thận.';
const reply = 'Cảm ơn chị đã tin dùng, nhớ uống thuốc sau bữa ăn nhé.';

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `reviews-${name}.png`), fullPage: false });

const visitor = visitors(() => browser, { csp });


beforeAll(async () => {
  browser = await launch();
  const who = await verifiedCustomer('reviews');
  const login = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  // A product nobody has reviewed yet (its rating is 0/0), sold online and in stock.
  const list = (await (await fetch(`${API}/v1/products?category=thuoc&limit=50`)).json()) as {
    items: Array<{ id: string; slug: string; name: string; purchaseMode: string; inStock: boolean; rating: { count: number }; defaultUnit: { id: string } }>;
  };
  const picks = list.items.filter((p) => p.purchaseMode === 'cart' && p.inStock && p.rating.count === 0);
  const p = picks[Math.floor(Math.random() * Math.min(picks.length, 20))]!;
  product = { id: p.id, slug: p.slug, name: p.name };
  const o = picks.find((x) => x.id !== p.id)!;
  other = { id: o.id, slug: o.slug };
  const wards = (await (await fetch(`${API}/v1/locations/provinces/79/wards?limit=1`)).json()) as { items: Array<{ code: string }> };
  const res = await fetch(`${API}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-reviews-${Date.now()}`, authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ items: [{ unitId: p.defaultUnit.id, quantity: 1 }], address: { recipientName: who.name, phone: '0909123456', provinceCode: '79', wardCode: wards.items[0]!.code, street: '5 Hai Bà Trưng' }, paymentMethod: 'cod' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  orderCode = ((await res.json()) as { code: string }).code;
  npm('simulate:carrier', '--', orderCode, 'picked', 'ghn');
  npm('simulate:carrier', '--', orderCode, 'delivered', 'ghn');
  // A product never bought: refused by the api whatever the page offers.
  const refused = await fetch(`${API}/v1/reviews`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: (() => {
      const f = new FormData();
      f.set('payload', JSON.stringify({ orderCode, productId: other.id, rating: 5, body }));
      return f;
    })(),
  });
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('REVIEW_NOT_PURCHASED');

  shopper = await visitor();
  await signInAt(shopper, who, `/don-hang/${orderCode}`);
  pharmacist = await visitor();
  await signInAt(pharmacist, PHARMACIST, '/quan-tri/danh-gia');
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('a shopper reviews a delivered order with a photo; a pharmacist approves and replies; the product page shows it', () => {
  it('the order page offers the received product for review; the shopper sends stars, text and a photo', async () => {
    await eventually(() => shopper.getByTestId('order-status').textContent()).toBe('Đã giao hàng');
    const section = shopper.getByTestId('order-reviews');
    await section.waitFor();
    await section.getByRole('button', { name: 'Viết đánh giá' }).first().click();
    const form = shopper.getByRole('form', { name: `Đánh giá ${product.name}` });
    await form.getByLabel('4 sao').check({ force: true });
    await form.getByLabel('Nhận xét của bạn').fill(body);
    await form.locator('input[type=file]').setInputFiles({ name: 'anh-thuoc.png', mimeType: 'image/png', buffer: PNG });
    const sent = shopper.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/reviews');
    await form.getByRole('button', { name: 'Gửi đánh giá' }).click();
    expect((await sent).status()).toBe(201);
    await eventually(() => section.getByRole('status').textContent()).toContain('sau khi được kiểm duyệt');
    await shot(shopper, 'sent');
    // Pending: not on the product page yet.
    await shopper.goto(`${WEB}/san-pham/${product.slug}`);
    expect(await shopper.getByTestId('product-reviews').textContent()).toContain('Chưa có đánh giá nào');
  });

  it('"Đánh giá của tôi" on the account page lists it as awaiting moderation', async () => {
    await shopper.goto(`${WEB}/tai-khoan`);
    const mine = shopper.getByTestId('my-reviews').getByRole('listitem').filter({ hasText: body });
    await eventually(() => mine.count()).toBe(1);
    const text = await mine.textContent();
    expect(text).toContain(product.name);
    expect(text).toContain('Chờ duyệt');
    expect(text).toContain(`Đơn ${orderCode}`);
    await shot(shopper, 'mine-pending');
  });

  it('the pharmacist approves it and replies in the console', async () => {
    await pharmacist.goto(`${WEB}/quan-tri/danh-gia?status=pending`);
    const card = pharmacist.getByTestId('moderation-review').filter({ hasText: body });
    await card.waitFor();
    await expect(card.locator('img').count()).resolves.toBe(1);
    await card.getByRole('button', { name: 'Duyệt' }).click();
    await pharmacist.goto(`${WEB}/quan-tri/danh-gia?status=approved`);
    const approved = pharmacist.getByTestId('moderation-review').filter({ hasText: body });
    await approved.waitFor();
    await approved.getByRole('textbox').fill(reply);
    await approved.getByRole('button', { name: 'Gửi trả lời' }).click();
    await eventually(async () => {
      await pharmacist.reload();
      return pharmacist.getByTestId('moderation-review').filter({ hasText: body }).textContent();
    }).toContain('trả lời');
    await shot(pharmacist, 'console');
  });

  it('the product page shows the real rating, the review with its photo and the pharmacist reply, and AggregateRating', async () => {
    await eventually(async () => {
      await shopper.goto(`${WEB}/san-pham/${product.slug}`);
      return shopper.getByTestId('rating-count').textContent().catch(() => '');
    }).toContain('1 đánh giá');
    expect(await shopper.getByTestId('rating-average').textContent()).toContain('4');
    const review = shopper.getByTestId('review').filter({ hasText: body });
    await expect(review.locator('img').count()).resolves.toBe(1);
    expect(await review.getByTestId('review-reply').textContent()).toMatch(/^Dược sĩ .+ trả lời/);
    expect(await review.getByTestId('review-reply').textContent()).toContain(reply);
    const ld = JSON.parse((await shopper.locator('script[type="application/ld+json"]').first().textContent())!);
    expect(ld.aggregateRating).toMatchObject({ '@type': 'AggregateRating', ratingValue: 4, reviewCount: 1 });
    await shot(shopper, 'product');
    // A product without reviews has no AggregateRating.
    await shopper.goto(`${WEB}/san-pham/${other.slug}`);
    const ld2 = JSON.parse((await shopper.locator('script[type="application/ld+json"]').first().textContent())!);
    expect(ld2.aggregateRating).toBeUndefined();
    expect(csp).toEqual([]);
  });

  it('"Đánh giá của tôi" shows it approved, with the pharmacist reply', async () => {
    await shopper.goto(`${WEB}/tai-khoan`);
    const mine = shopper.getByTestId('my-reviews').getByRole('listitem').filter({ hasText: body });
    await eventually(() => mine.textContent().catch(() => '')).toContain('Đã duyệt');
    const text = await mine.textContent();
    expect(text).not.toContain('Chờ duyệt');
    expect(text).toContain(reply);
    expect(await mine.getByRole('link', { name: product.name }).getAttribute('href')).toBe(`/san-pham/${product.slug}`);
    await shot(shopper, 'mine-approved');
    expect(csp).toEqual([]);
  });
});
