/**
 * Issue 17's "A question gets answered", in Chromium against the running platform (scripts/e2e.mjs): a signed-in
 * shopper asks on a product page (a guest sees a sign-in link instead); a pharmacist in a second browser context finds
 * it in /quan-tri/hoi-dap with its waiting time and answers; the answer shows on the product page, and the asker gets
 * the email with the link to the question. Screenshots: test-artifacts/e2e/questions-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { questionAnchor } from '../../shared/src/questions/anchor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, describeViolations, eventually, launch, PHONE, seriousA11yViolations, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const PHARMACIST = { email: 'duocsi@medicare.local', get password() { return readFileSync('.wrangler/dev-admin.txt', 'utf8').trim(); } };
const STAMP = Date.now().toString(36);
const QUESTION = `Sản phẩm này dùng cho người cao tuổi được không ạ? (${STAMP})`;
const ANSWER = `Dùng được, người cao tuổi nên uống sau bữa ăn sáng (${STAMP}).`;

let browser: Browser;
const cspViolations: string[] = [];
let product = { slug: '', name: '' };
let customer: { email: string; password: string; name: string };

const visitor = visitors(() => browser, { csp: cspViolations });


beforeAll(async () => {
  browser = await launch();
  const list = (await (await fetch(`${API}/v1/products?limit=1`)).json()) as { items: Array<{ slug: string; name: string }> };
  product = list.items[0]!;
  customer = await verifiedCustomer('hoi-dap');
});

afterAll(async () => {
  await browser?.close();
});

describe('product questions', () => {
  it('a guest sees a sign-in link instead of the form', async () => {
    const page = await visitor();
    await page.goto(`${WEB}/san-pham/${product.slug}`);
    const section = page.getByTestId('product-questions');
    await expect.poll(() => section.getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
    expect(await section.getByRole('button', { name: 'Đặt câu hỏi' }).count()).toBe(0);
  });

  it('a shopper asks, a pharmacist answers in the console, the answer shows on the product page and the asker is emailed', async () => {
    const shopper = await visitor();
    await signInAt(shopper, customer, `/san-pham/${product.slug}`);
    const section = shopper.getByTestId('product-questions');
    await section.getByRole('button', { name: 'Đặt câu hỏi' }).click();
    await shopper.getByLabel('Câu hỏi của bạn').fill(QUESTION);
    await shopper.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await eventually(() => shopper.getByTestId('question-sent').count()).toBe(1);
    // Not public before an answer.
    await shopper.reload();
    expect(await shopper.getByText(QUESTION).count()).toBe(0);

    const pharmacist = await visitor();
    await signInAt(pharmacist, PHARMACIST, '/quan-tri/hoi-dap');
    const card = pharmacist.getByTestId('queue-question').filter({ hasText: QUESTION });
    await eventually(() => card.count()).toBe(1);
    expect(await card.getByTestId('waiting-time').textContent()).toMatch(/^chờ \d+ (phút|giờ|ngày)$/);
    expect(await card.getByRole('link', { name: product.name }).count()).toBe(1);
    const a11y = await seriousA11yViolations(pharmacist);
    expect(a11y, describeViolations(a11y).join('\n')).toEqual([]);
    await pharmacist.screenshot({ path: join(SHOTS, 'questions-console.png') });
    await card.getByLabel('Câu trả lời của dược sĩ').fill(ANSWER);
    await card.getByRole('button', { name: 'Trả lời' }).click();
    await eventually(() => pharmacist.locator('[data-toast="success"]').count()).toBeGreaterThan(0);
    await eventually(() => pharmacist.getByTestId('queue-question').filter({ hasText: QUESTION }).count()).toBe(0);

    await shopper.reload();
    const answered = shopper.getByTestId('answered-question').filter({ hasText: QUESTION });
    await eventually(() => answered.count()).toBe(1);
    expect(await answered.textContent()).toContain(ANSWER);
    expect(await answered.textContent()).toMatch(/Dược sĩ .+ trả lời ngày \d{2}\/\d{2}\/\d{4}/);
    const a11yShop = await seriousA11yViolations(shopper);
    expect(a11yShop, describeViolations(a11yShop).join('\n')).toEqual([]);
    await answered.scrollIntoViewIfNeeded();
    await shopper.screenshot({ path: join(SHOTS, 'questions-product.png') });

    await eventually(async () => {
      const { items } = (await (await fetch(`${API}/dev/mailbox?to=${encodeURIComponent(customer.email)}`)).json()) as { items: Array<{ subject: string; text: string }> };
      const mail = items.find((m) => m.subject.startsWith('Dược sĩ đã trả lời câu hỏi của bạn'));
      return mail ? /\/san-pham\/[^#\s]+#cau-hoi-[0-9A-Z]+/.test(mail.text) : false;
    }).toBe(true);

    // "Câu hỏi của tôi" on the account page shows it answered.
    await shopper.goto(`${WEB}/tai-khoan`);
    await eventually(() => shopper.getByTestId('my-questions').filter({ hasText: QUESTION }).getByText('Đã được trả lời').count()).toBe(1);
    expect(cspViolations).toEqual([]);
  });
});

describe('"Xem thêm câu hỏi" and links to a question', () => {
  /** The storefront's page of answered questions (web/src/lib/questions.ts QUESTIONS_PAGE_SIZE). */
  const PAGE = 10;
  let busy = { id: '', slug: '', name: '' };
  /** Asked and answered in this order: the first is the oldest answer, on the second page. */
  const asked: Array<{ id: string; body: string }> = [];
  const token = async (who: { email: string; password: string }) => {
    const res = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: who.email, password: who.password }) });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  /** The top of the question's item lies inside the page's viewport. */
  const inViewport = async (page: Page, id: string) => {
    const box = await page.locator(`#${questionAnchor(id)}`).boundingBox();
    return box !== null && box.y >= 0 && box.y < page.viewportSize()!.height;
  };

  beforeAll(async () => {
    const list = (await (await fetch(`${API}/v1/products?limit=2`)).json()) as { items: Array<{ id: string; slug: string; name: string }> };
    busy = list.items[1]!;
    // PAGE + 1 answered questions: an account may ask 10 an hour (QUESTION_RATE_LIMIT), so a second account asks too.
    const second = await verifiedCustomer('hoi-dap-nhieu');
    const askers = [await token(second), await token(customer)];
    const pharmacist = await token(PHARMACIST);
    for (let i = 0; i <= PAGE; i++) {
      const body = `Câu hỏi số ${i + 1} về cách dùng sản phẩm (${STAMP})?`;
      const q = await fetch(`${API}/v1/questions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${askers[i < 10 ? 0 : 1]}` },
        body: JSON.stringify({ productId: busy.id, body }),
      });
      expect(q.status, await q.clone().text()).toBe(201);
      const { id } = (await q.json()) as { id: string };
      const a = await fetch(`${API}/v1/pharmacist/questions/${id}/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pharmacist}` },
        body: JSON.stringify({ body: `Trả lời câu hỏi số ${i + 1}: dùng theo hướng dẫn trên nhãn (${STAMP}).` }),
      });
      expect(a.status, await a.clone().text()).toBeLessThan(300);
      asked.push({ id, body });
    }
  }, 120_000);

  it('the product page shows one page of answers; "Xem thêm câu hỏi" appends the older ones', async () => {
    const page = await visitor();
    await page.goto(`${WEB}/san-pham/${busy.slug}`);
    const section = page.getByTestId('product-questions');
    const items = section.getByTestId('answered-question');
    expect(await items.count()).toBe(PAGE);
    // Newest answer first: the last asked is on the first page, the first asked is not.
    expect(await items.filter({ hasText: asked[PAGE]!.body }).count()).toBe(1);
    expect(await items.filter({ hasText: asked[0]!.body }).count()).toBe(0);
    // The section is a streamed Suspense boundary: React reveals it a moment after the load event (counting the items
    // by test id above sees them while still hidden; a role query does not).
    const more = section.getByRole('button', { name: 'Xem thêm câu hỏi' });
    await more.waitFor();
    await more.click();
    await eventually(() => items.filter({ hasText: asked[0]!.body }).count()).toBe(1);
    expect(await items.count()).toBeGreaterThan(PAGE);
    // Appended after the first page, not instead of it.
    expect(await items.nth(0).textContent()).toContain(asked[PAGE]!.body);
    const texts = await items.allTextContents();
    expect(texts.findIndex((t) => t.includes(asked[0]!.body))).toBeGreaterThanOrEqual(PAGE);
    await items.filter({ hasText: asked[0]!.body }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'questions-more.png') });
    const a11y = await seriousA11yViolations(page);
    expect(a11y, describeViolations(a11y).join('\n')).toEqual([]);
  });

  it('a link to an answer on the first page (#cau-hoi-<id>) opens the page scrolled to it', async () => {
    const page = await visitor(PHONE);
    const target = asked[PAGE - 3]!; // on the first page, below the fold
    await page.goto(`${WEB}/san-pham/${busy.slug}#${questionAnchor(target.id)}`);
    await page.locator(`#${questionAnchor(target.id)}`).waitFor();
    await eventually(() => inViewport(page, target.id)).toBe(true);
  });

  it('a link to an older answer (second page) loads on until it and scrolls to it', async () => {
    const page = await visitor(PHONE);
    const target = asked[0]!;
    await page.goto(`${WEB}/san-pham/${busy.slug}#${questionAnchor(target.id)}`);
    await eventually(() => page.locator(`#${questionAnchor(target.id)}`).count()).toBe(1);
    await eventually(() => inViewport(page, target.id)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'questions-deep-link.png') });
    expect(cspViolations).toEqual([]);
  });
});
