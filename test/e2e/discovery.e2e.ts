/**
 * #17 discovery in Chromium against the running platform (started by scripts/e2e.mjs): the home shelves come from the
 * server's collections, a collection page pages, a branded OTC product (Tylenol 500mg, seed) offers a cheaper generic
 * alternative with the same ingredient and strength, "recently viewed" shows the product just visited, and (#18) "Dành
 * cho bạn" recommends products related to those views, with reasons.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, launch, visitors, WEB } from './support';

let browser: Browser;
const cspViolations: string[] = [];

const visitor = visitors(() => browser, { csp: cspViolations });

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const cardSlugs = (page: Page, shelf: string) =>
  page.locator(`[data-testid="shelf-${shelf}"] [data-testid="product-card"] a`).evaluateAll((as) => as.map((a) => (a.getAttribute('href') ?? '').replace('/san-pham/', '')));

describe('#17 discovery', () => {
  it('home shelves render the server collections', async () => {
    const best = (await (await fetch(`${API}/v1/collections/best-sellers?limit=8`)).json()) as { items: Array<{ slug: string }> };
    const fresh = (await (await fetch(`${API}/v1/collections/new-arrivals?limit=4`)).json()) as { items: Array<{ slug: string }> };
    expect(best.items.length).toBeGreaterThan(0);
    const page = await visitor();
    await page.goto(`${WEB}/`);
    expect(await cardSlugs(page, 'best-sellers')).toEqual(best.items.map((i) => i.slug));
    expect(await cardSlugs(page, 'new-arrivals')).toEqual(fresh.items.map((i) => i.slug));
  });

  it('a collection page pages with its cursor, without repeating a product', async () => {
    const page = await visitor();
    await page.goto(`${WEB}/bo-suu-tap/ban-chay`);
    await expect(page.getByRole('heading', { level: 1, name: 'Bán chạy' }).isVisible()).resolves.toBe(true);
    const first = await page.locator('[data-testid="product-card"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(first).toHaveLength(24);
    await page.getByRole('link', { name: 'Xem thêm sản phẩm' }).click();
    await page.waitForURL(/cursor=/);
    const second = await page.locator('[data-testid="product-card"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((h) => first.includes(h))).toEqual([]);
  });

  it('a branded OTC product offers a cheaper generic alternative (same ingredient and strength), and recently viewed shows the product just visited', async () => {
    const page = await visitor();
    // The view is recorded by the browser once the page is interactive (per shopper: never part of a cached page).
    const recorded = page.waitForResponse((r) => r.url().includes('/v1/recently-viewed') && r.request().method() === 'POST');
    await page.goto(`${WEB}/san-pham/tylenol-500mg`);
    expect((await recorded).status()).toBe(200);
    const shelf = page.getByTestId('shelf-alternatives');
    await shelf.waitFor();
    const names = await shelf.locator('h3').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /paracetamol|efferalgan|hapacol|panadol/i.test(n))).toBe(true);
    const tylenol = (await (await fetch(`${API}/v1/products/tylenol-500mg`)).json()) as { units: Array<{ isDefault: boolean; price: number }> };
    const alt = (await (await fetch(`${API}/v1/related/tylenol-500mg`)).json()) as { alternatives: Array<{ defaultUnit: { price: number }; inStock: boolean }> };
    expect(alt.alternatives.some((a) => a.defaultUnit.price < tylenol.units.find((u) => u.isDefault)!.price)).toBe(true);

    // Visit a second product: "recently viewed" on its page lists Tylenol; the home page lists both, newest first.
    const next = (await shelf.locator('[data-testid="product-card"] a').first().getAttribute('href'))!;
    await page.goto(`${WEB}${next}`);
    await eventually(() => cardSlugs(page, 'recently-viewed')).toEqual(['tylenol-500mg']);
    await page.goto(`${WEB}/`);
    await eventually(() => cardSlugs(page, 'recently-viewed')).toEqual([next.replace('/san-pham/', ''), 'tylenol-500mg']);

    // #18 "Dành cho bạn": picks related to the two products viewed (never those two), each with the server's reason,
    // exactly the recommendation Worker's answer for this visitor's cookies.
    const forYou = page.getByTestId('shelf-for-you');
    await forYou.waitFor();
    await expect(forYou.getByRole('heading', { name: 'Dành cho bạn' }).isVisible()).resolves.toBe(true);
    const expected = (await page.evaluate(() => fetch('/v1/recommendations/for-you?limit=8').then((r) => r.json()))) as { basis: string; items: Array<{ slug: string; reason: string }> };
    expect(expected.basis).toBe('history');
    expect(await cardSlugs(page, 'for-you')).toEqual(expected.items.map((i) => i.slug));
    expect(expected.items.map((i) => i.slug)).not.toContain('tylenol-500mg');
    expect(await forYou.locator('[data-testid="product-card"]').first().textContent()).toContain(expected.items[0]!.reason);
    expect(expected.items[0]!.reason).toMatch(/bạn đã xem$/);

    // A first-time visitor has no history: the shelf is what sells now.
    const stranger = await visitor();
    await stranger.goto(`${WEB}/`);
    await stranger.getByTestId('shelf-for-you').getByRole('heading', { name: 'Đang được quan tâm' }).waitFor();
    expect(cspViolations).toEqual([]);
  });
});
