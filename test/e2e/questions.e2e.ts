/**
 * Issue 17's "A question gets answered", in Chromium against the running platform (scripts/e2e.mjs): a signed-in
 * shopper asks on a product page (a guest sees a sign-in link instead); a pharmacist in a second browser context finds
 * it in /quan-tri/hoi-dap with its waiting time and answers; the answer shows on the product page, and the asker gets
 * the email with the link to the question. Screenshots: test-artifacts/e2e/questions-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, describeViolations, eventually, launch, seriousA11yViolations, signInAt, verifiedCustomer, visitors, WEB } from './support';

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
