/**
 * #18 "Trợ lý Medicare" in Chromium against the running platform (scripts/e2e.mjs: the BUILT storefront Worker; the
 * recommendation Worker talks to the OpenAI stand-in, which this test scripts through its control endpoint). A guest
 * opens the assistant from its launcher (keyboard), asks for a vitamin: the scripted model answer streams in (the text
 * grows in steps, as the rails release it sentence by sentence) with a link to a seeded OTC product, its price from our
 * data; the link opens the product's page and the conversation is still there on that page. A red-flag message gets the
 * fixed emergency answer (red, 115) without the model being asked; "Hỏi dược sĩ" opens the consultation form prefilled
 * with the transcript. Screenshots: test-artifacts/e2e/assistant-*.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restrictedClassOf } from '../../shared/src/assistant/ingredient-classes';
import { EMERGENCY_TEXT } from '../../shared/src/assistant/red-flags';
import { formatVnd } from '../../shared/src/text';
import { API, eventually, expectNoSeriousA11y, launch, MODEL_STANDIN, PHONE, scriptModel, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const STANDIN = MODEL_STANDIN;

let browser: Browser;
const cspViolations: string[] = [];
const visitor = visitors(() => browser, { csp: cspViolations });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `assistant-${name}.png`) });

// Run in the page (a string: this project's tsconfig has no DOM types). Records each distinct text the last answer
// bubble shows while it streams, so the test can tell a progressive render from one that appears all at once.
const WATCH_STREAM = `(() => {
  window.__answerTexts = [];
  new MutationObserver(() => {
    const all = document.querySelectorAll('[data-testid="assistant-text"]');
    const t = all.length ? all[all.length - 1].textContent : '';
    if (t && window.__answerTexts.at(-1) !== t) window.__answerTexts.push(t);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

beforeAll(async () => {
  if (!STANDIN) throw new Error('MEDICARE_OPENAI_STANDIN_URL is not set: run this through `npm run test:e2e` (scripts/e2e.mjs starts the stand-in).');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('Trợ lý Medicare (#18)', () => {
  it('streams an answer with catalogue links, gives red flags the fixed emergency answer, and hands over to a pharmacist with the transcript', async () => {
    // The product the scripted model picks: the first over-the-counter one our own search finds for the question's
    // words (the assistant retrieves its candidates through the same search).
    const question = 'Tôi muốn mua vitamin';
    const found = (await (await fetch(`${API}/v1/search?q=vitamin&limit=8`)).json()) as { items: Array<{ slug: string; name: string; purchaseMode: string; defaultUnit: { price: number } }> };
    const product = found.items.find((p) => p.purchaseMode !== 'consultation' && restrictedClassOf(p.name) === null);
    expect(product, 'a seeded OTC vitamin').toBeDefined();
    const sentences = ['Vitamin giúp bổ sung vi chất và hỗ trợ sức đề kháng của cơ thể.', 'Bạn hãy dùng theo hướng dẫn in trên nhãn sản phẩm.'];
    await scriptModel(question, [{ content: JSON.stringify({ answer: sentences.join(' '), products: [product!.slug] }), chunkDelayMs: 60 }]);

    // Keyboard: the launcher opens the panel and puts the caret in the question box; Escape gives focus back.
    const page = await visitor(PHONE);
    await page.goto(`${WEB}/`);
    const launcher = page.getByTestId('assistant-button');
    await launcher.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('assistant-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('assistant-disclaimer').textContent()).toContain('không phải dược sĩ');
    await eventually(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('assistant-input');
    await page.keyboard.press('Escape');
    await eventually(() => panel.isHidden()).toBe(true);
    await eventually(() => page.evaluate('document.activeElement && document.activeElement.dataset.testid')).toBe('assistant-button');
    await page.keyboard.press('Enter');
    await panel.waitFor();
    // The two launchers share the corner without overlapping.
    const [a, c] = [await launcher.boundingBox(), await page.getByTestId('chat-button').boundingBox()];
    expect(a && c && (a.x + a.width <= c.x || c.x + c.width <= a.x)).toBe(true);

    // The answer streams in (several renders, growing) and ends with the product, linked, priced from our data.
    await page.evaluate(WATCH_STREAM);
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
    const answer = panel.getByTestId('assistant-answer').last();
    // (polled with the answer's error text, so a failure says why)
    await eventually(async () => `${await answer.getAttribute('data-status')} ${(await answer.getByTestId('assistant-error').allTextContents()).join(' ')}`.trim()).toBe('done');
    const text = (await answer.getByTestId('assistant-text').textContent()) ?? '';
    for (const s of sentences) expect(text).toContain(s);
    expect(text).toContain('không phải dược sĩ');
    const seen = (await page.evaluate('window.__answerTexts')) as string[];
    expect(seen.length, JSON.stringify(seen)).toBeGreaterThan(1);
    expect(seen.some((t) => t.includes(sentences[0]!) && !t.includes(sentences[1]!)), 'the first sentence showed before the second arrived').toBe(true);
    expect(await answer.getByTestId('assistant-fallback').count()).toBe(0);
    const link = answer.getByTestId('assistant-product');
    await eventually(() => link.count()).toBe(1);
    expect(await link.textContent()).toBe(product!.name);
    expect(await answer.locator('li').textContent()).toContain(formatVnd(product!.defaultUnit.price));
    expect(await answer.getByTestId('assistant-handoff').textContent()).toBe('Hỏi dược sĩ');
    await expectNoSeriousA11y(page);
    await shot(page, 'answer');

    // The link opens the product's page (the panel steps aside); the conversation follows the shopper, page load included.
    await link.click();
    await page.waitForURL((u) => u.pathname === `/san-pham/${product!.slug}`);
    await eventually(() => panel.isHidden()).toBe(true);
    await page.reload();
    await page.getByTestId('assistant-button').click();
    await panel.waitFor();
    expect(await panel.getByTestId('assistant-question').allTextContents()).toEqual([`Bạn: ${question}`]);

    // A red flag: the fixed emergency answer, prominent, with 115; the model was not asked.
    const redFlag = 'Bố tôi đau ngực dữ dội, khó thở';
    await page.getByLabel('Câu hỏi cho trợ lý').fill(redFlag);
    await page.getByLabel('Câu hỏi cho trợ lý').press('Enter');
    const emergency = panel.getByTestId('assistant-emergency');
    await emergency.waitFor();
    expect(await emergency.getAttribute('role')).toBe('alert');
    expect(await emergency.textContent()).toContain(EMERGENCY_TEXT);
    expect(await emergency.getByRole('link', { name: /115/ }).getAttribute('href')).toBe('tel:115');
    expect(await emergency.getByRole('link', { name: /Gọi dược sĩ/ }).getAttribute('href')).toMatch(/^tel:/);
    const asked = (await (await fetch(`${STANDIN}/__standin/requests?match=${encodeURIComponent('đau ngực')}`)).json()) as unknown[];
    expect(asked).toEqual([]);
    await shot(page, 'emergency');

    // "Hỏi dược sĩ": the consultation form, carrying this conversation, its symptoms prefilled with the transcript.
    const handoff = panel.getByTestId('assistant-answer').last().getByTestId('assistant-handoff');
    expect(await handoff.getAttribute('href')).toMatch(/^\/tu-van-duoc-si\?tro-ly=[^&]+&token=/);
    await handoff.click();
    await page.waitForURL((u) => u.pathname === '/tu-van-duoc-si' && u.searchParams.has('tro-ly'));
    await page.getByTestId('assistant-transcript-note').waitFor();
    const symptoms = await page.getByRole('textbox', { name: 'Triệu chứng' }).inputValue();
    expect(symptoms).toContain(`Tôi: ${question}`);
    expect(symptoms).toContain(`Trợ lý Medicare: ${sentences[0]}`);
    expect(symptoms).toContain(`Tôi: ${redFlag}`);
    await shot(page, 'handoff');
    expect(cspViolations).toEqual([]);
  });
});
