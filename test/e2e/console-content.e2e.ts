/**
 * #14 content in Chromium against the running platform (scripts/e2e.mjs), as an admin: create a level-3 category and
 * move it under another level-2 category (its path follows), be refused deleting a category that still has products
 * (the api's 409 message in a toast); create a brand with a logo and find it at /thuong-hieu and /thuong-hieu/<slug>;
 * write an article with the live Markdown preview, add a related product, publish it and read it on the storefront.
 * Screenshots: test-artifacts/e2e/console-content-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, expectNoSeriousA11y, launch, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const ADMIN = { email: 'admin@medicare.local', password: readFileSync('.wrangler/dev-admin.txt', 'utf8').trim() };
const RUN = Date.now().toString(36).slice(-5);
// A 96×96 PNG (seed/png.mjs), as a logo and a cover.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAABgCAIAAABt+uBvAAAA8klEQVR4nO3WsQ3CMBRF0YxAw1aswT5UDEPFLqmpKUGiRv4oAvIcn6dbuohOYWeab3c1mlb/gvAAAQIECFBwgAABAgQoOECAAAECFBwgQIAAAQruC0C7w6mLAAECBAhQcIAAdQq0P167CBAgQIAABQcIECBAgF49AgaoGKBigIoBKgaoWDdA58v8hwABGhZorQEqBqhYN0C/vmsAbR1orQEqBqgYoGKAigEqFg2UGSBAgAABCm5coPbrPi6Q/6DlOm+NAAECBAgQoBAgz/xCqcaxcYE+DBAgQNsE2naAAAECBCg4QIAAAQIUHCBAgAABCu4JmRMQk0TREUQAAAAASUVORK5CYII=',
  'base64',
);
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `console-content-${name}.png`), fullPage: false });
const toast = (kind: 'success' | 'error') => page.locator(`[data-toast="${kind}"]`).last();

type Node = { slug: string; name: string; level: number; productCount: number; children: Node[] };
let tree: Node[] = [];

beforeAll(async () => {
  tree = ((await (await fetch(`${API}/v1/categories`)).json()) as { items: Node[] }).items;
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

describe('categories: the 3-level tree editor', () => {
  const name = `Danh mục thử ${RUN}`;
  const slug = `danh-muc-thu-${RUN}`;
  const row = () => page.getByTestId(`category-${slug}`);

  it('creates a level-3 category under a level-2 one', async () => {
    const [l2a] = tree[0]!.children;
    await page.goto(`${WEB}/quan-tri/danh-muc`);
    await page.getByTestId('category-tree').waitFor();
    await page.getByText('Tạo danh mục mới').click();
    const form = page.getByRole('form', { name: 'Tạo danh mục' });
    await form.getByLabel('Tên danh mục').fill(name);
    await form.getByLabel('Danh mục cha').selectOption({ label: `— ${l2a!.name}` });
    await eventually(() => form.getByRole('button', { name: 'Tạo danh mục' }).isEnabled()).toBe(true);
    await form.getByRole('button', { name: 'Tạo danh mục' }).click();
    await eventually(() => toast('success').textContent()).toContain(`cấp 3 "${name}"`);
    await eventually(() => row().getAttribute('data-path')).toBe(`/${tree[0]!.slug}/${l2a!.slug}/${slug}/`);
    expect(await row().getAttribute('data-level')).toBe('3');
    await shot('category-created');
    await expectNoSeriousA11y(page);
  });

  it('moves it under another level-2 category: its path follows', async () => {
    const l2b = tree.flatMap((r) => r.children.map((c) => ({ root: r, c }))).find((x) => x.c.slug !== tree[0]!.children[0]!.slug)!;
    await row().getByRole('button', { name: 'Sửa / chuyển' }).click();
    const dialog = page.getByRole('dialog', { name: `Sửa danh mục "${name}"` });
    await dialog.getByLabel('Danh mục cha').selectOption({ label: `— ${l2b.c.name}` });
    await dialog.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await eventually(() => toast('success').textContent()).toContain(`Đã chuyển danh mục "${name}"`);
    await eventually(() => row().getAttribute('data-path')).toBe(`/${l2b.root.slug}/${l2b.c.slug}/${slug}/`);
    // The storefront's tree follows at once (the catalogue version moved).
    const res = await fetch(`${API}/v1/categories/${slug}`);
    expect(((await res.json()) as { breadcrumb: Array<{ slug: string }> }).breadcrumb.map((b) => b.slug)).toEqual([l2b.root.slug, l2b.c.slug, slug]);
  });

  it('refuses to delete a category that still has products, naming how many', async () => {
    const full = tree.flatMap((r) => r.children.flatMap((c) => c.children)).find((c) => c.productCount > 0)!;
    await page.getByTestId(`category-${full.slug}`).getByRole('button', { name: 'Xóa' }).click();
    await page.getByRole('dialog', { name: `Xóa danh mục "${full.name}"?` }).getByRole('button', { name: 'Xóa danh mục' }).click();
    await eventually(() => toast('error').textContent()).toMatch(/Không thể xóa danh mục .*còn \d+ sản phẩm/);
    await shot('category-delete-refused');
    expect(await page.getByTestId(`category-${full.slug}`).count()).toBe(1);
  });
});

describe('brands: CRUD with a logo and the storefront directory', () => {
  const name = `Zeta Pharma ${RUN}`;
  const slug = `zeta-pharma-${RUN}`;

  it('creates a brand with a logo', async () => {
    await page.goto(`${WEB}/quan-tri/thuong-hieu`);
    await page.getByText('Tạo thương hiệu mới').click();
    const form = page.getByRole('form', { name: 'Tạo thương hiệu' });
    // The fields are disabled until the page is hydrated: a file picked before that would never reach React's state.
    await eventually(() => form.getByLabel(/Logo/).isEnabled()).toBe(true);
    await form.getByLabel('Tên thương hiệu').fill(name);
    await form.getByLabel('Quốc gia').fill('Thụy Sĩ');
    await form.getByLabel('Mô tả').fill('Dược phẩm **Thụy Sĩ** chất lượng cao.');
    await form.getByLabel(/Logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await eventually(() => form.getByRole('button', { name: 'Tạo thương hiệu' }).isEnabled()).toBe(true);
    await form.getByRole('button', { name: 'Tạo thương hiệu' }).click();
    await eventually(() => toast('success').textContent()).toContain(`Đã tạo thương hiệu ${name}`);
    await page.goto(`${WEB}/quan-tri/thuong-hieu?q=${encodeURIComponent(name)}`);
    const row = page.getByTestId('brands-table').locator('tbody tr');
    await eventually(() => row.count()).toBe(1);
    // One row, and it is the brand (not the table's "nothing matches" row), with the logo uploaded before the toast.
    expect(await page.getByTestId('table-empty').count()).toBe(0);
    expect(await row.getByText(name, { exact: true }).count()).toBe(1);
    // The logo: CI twice rendered this row without it right after the toast, while the storefront showed it a moment
    // later (not reproduced here). The row is read again (page reloaded) until it shows the logo, and what it held
    // the first time is printed, so a recurrence says what the page had.
    const logo = row.getByRole('img', { name: `Logo ${name}` });
    if ((await logo.count()) === 0) console.log(`brand row without its logo on first render: ${await row.innerHTML()}`);
    await eventually(async () => {
      const n = await logo.count();
      if (n === 0) await page.reload();
      return n;
    }).toBe(1);
    await shot('brand-created');
    await expectNoSeriousA11y(page);
  });

  it('shows it in the A–Z directory and on its own page with its logo', async () => {
    await page.goto(`${WEB}/thuong-hieu`);
    const link = page.getByRole('link', { name: new RegExp(name) });
    await link.waitFor();
    expect(await page.locator('#chu-Z').getByRole('link', { name: new RegExp(name) }).count()).toBe(1);
    await link.click();
    await page.waitForURL(`${WEB}/thuong-hieu/${slug}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await page.getByRole('img', { name: `Logo ${name}` }).count()).toBe(1);
    expect(await page.locator('strong', { hasText: 'Thụy Sĩ' }).count()).toBe(1);
    await shot('brand-page');
  });

  it('lists an existing brand with its products and the listing filters', async () => {
    const brands = ((await (await fetch(`${API}/v1/brands`)).json()) as { items: Array<{ slug: string; name: string; productCount: number }> }).items;
    const b = brands.find((x) => x.productCount > 1)!;
    await page.goto(`${WEB}/thuong-hieu/${b.slug}`);
    await eventually(() => page.locator('a[href^="/san-pham/"]').count()).toBeGreaterThan(0);
    await page.getByText(`${b.productCount} sản phẩm`).first().waitFor();
    await expectNoSeriousA11y(page);
  });
});

describe('articles: write with preview, publish, read on the storefront', () => {
  const title = `Cách dùng vitamin C mùa cúm ${RUN}`;
  let slug = '';

  it('writes a draft with the live Markdown preview and a related product', async () => {
    await page.goto(`${WEB}/quan-tri/bai-viet`);
    await page.getByRole('link', { name: 'Viết bài mới' }).click();
    await page.waitForURL(`${WEB}/quan-tri/bai-viet/moi`);
    await page.getByLabel('Tiêu đề', { exact: true }).fill(title);
    await page.getByLabel('Chủ đề', { exact: true }).fill('Dinh dưỡng');
    await page.getByLabel('Tóm tắt', { exact: true }).fill('Vitamin C hỗ trợ sức đề kháng; dùng đúng liều để an toàn.');
    await page.getByLabel('Thẻ (cách nhau bằng dấu phẩy)').fill('vitamin C, cảm cúm');
    await page.getByLabel(/Nội dung \(Markdown/).fill('## Liều dùng hằng ngày\n\nNgười lớn cần khoảng **75–90 mg** mỗi ngày.\n\n- Ăn nhiều rau quả\n- Không dùng quá liều');
    const preview = page.getByTestId('article-preview');
    await eventually(() => preview.locator('h2').textContent()).toBe('Liều dùng hằng ngày');
    expect(await preview.locator('strong').textContent()).toBe('75–90 mg');
    expect(await preview.locator('li').count()).toBe(2);
    await page.getByRole('textbox', { name: 'Tìm sản phẩm', exact: true }).fill('vitamin c');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    const add = page.getByRole('button', { name: /^Thêm / }).first();
    await add.waitFor();
    await add.click();
    await eventually(() => page.getByTestId('related-products').locator('li').count()).toBe(1);
    await shot('article-preview');
    await expectNoSeriousA11y(page);
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.waitForURL((u) => /\/quan-tri\/bai-viet\/[0-9A-Z]{20,}$/.test(u.pathname));
    await eventually(() => page.getByTestId('article-status').textContent()).toContain('Bản nháp');
  });

  it('adds a cover, publishes, and the storefront shows it with the related product', async () => {
    await page.getByLabel('Tải ảnh bìa').setInputFiles({ name: 'bia.png', mimeType: 'image/png', buffer: PNG });
    await eventually(() => page.getByTestId('article-cover').count()).toBe(1);
    await page.getByRole('button', { name: 'Đăng bài' }).click();
    await eventually(() => page.getByTestId('article-status').textContent()).toContain('Đã đăng');
    const href = await page.getByRole('link', { name: 'Xem trên cửa hàng' }).getAttribute('href');
    slug = href!.replace('/cam-nang/', '');
    await page.goto(`${WEB}/cam-nang/${slug}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await page.locator('article').first().locator('h2').first().textContent()).toBe('Liều dùng hằng ngày');
    expect(await page.locator('article').first().textContent()).not.toContain('**');
    const related = page.getByRole('region', { name: 'Sản phẩm liên quan' });
    await eventually(() => related.locator('a[href^="/san-pham/"]').count()).toBeGreaterThan(0);
    await shot('article-storefront');
    await page.goto(`${WEB}/cam-nang`);
    expect(await page.getByRole('link', { name: new RegExp(title) }).count()).toBe(1);
  });
});

describe('the content screens work under the Content-Security-Policy', () => {
  it('no CSP violation was reported', () => {
    expect(cspViolations).toEqual([]);
  });
});
