/**
 * #18 prescription reading and "Tìm bằng hình ảnh" in Chromium against the running platform (scripts/e2e.mjs), ADR 0045.
 * A customer's consultation with a prescription photo (made through the API), claimed by the pharmacist; the console
 * consultation screen shows the draft beside the photo. With the OpenAI stand-in wired into the e2e stack
 * (`MEDICARE_OPENAI_STANDIN_URL`, the stand-in's base URL, set by scripts/e2e.mjs), the
 * pharmacist clicks "Đọc đơn thuốc bằng AI" and the scripted reading arrives matched to a product; without it the
 * reader is labelled off and the pharmacist types the draft by hand, then saves and discards it. The storefront's
 * photo search page sends a photo and shows either the products read from it or the labelled fallback.
 * Screenshots: test-artifacts/e2e/rx-*.png.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, gradientPng, launch, MODEL_STANDIN, scriptModel, signInAt, verifiedCustomer, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const password = () => readFileSync('.wrangler/dev-admin.txt', 'utf8').trim();
const PHARMACIST = { email: 'duocsi@medicare.local', get password() { return password(); } };
const STANDIN = MODEL_STANDIN;

let browser: Browser;
const visitor = visitors(() => browser);
let consultation = { id: '', code: '' };
let photo: Buffer;

/** What the recommendation Worker names an image by in its prompt (the stand-in's scripts match on it). */
const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);
const script = (match: string, content: unknown) => scriptModel(match, [{ content: JSON.stringify(content) }]);

async function token(who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${API}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify({ email: who.email, password: who.password }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  browser = await launch();
  photo = gradientPng(80, 60, Date.now());
  const customer = await verifiedCustomer('rx');
  const form = new FormData();
  form.set('payload', JSON.stringify({ productIds: [], contactPhone: '0903123456', note: 'Đơn thuốc của tôi (e2e).' }));
  form.append('files', new Blob([photo], { type: 'image/png' }), 'don-thuoc.png');
  const created = await fetch(`${API}/v1/consultations`, { method: 'POST', headers: { authorization: `Bearer ${await token(customer)}` }, body: form });
  expect(created.status, await created.clone().text()).toBe(201);
  const code = ((await created.json()) as { code: string }).code;
  const pharmacistToken = await token(PHARMACIST);
  const queue = (await (await fetch(`${API}/v1/pharmacist/consultations?status=waiting&q=${code}`, { headers: { authorization: `Bearer ${pharmacistToken}` } })).json()) as { items: Array<{ id: string; code: string }> };
  consultation = { id: queue.items.find((i) => i.code === code)!.id, code };
  const claimed = await fetch(`${API}/v1/pharmacist/consultations/${consultation.id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${pharmacistToken}` } });
  expect(claimed.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
});

describe('prescription draft in the console consultation screen', () => {
  it('shows the draft beside the photo: AI reading (stand-in) or, without a key, the labelled off state and the hand-typed form', async () => {
    const page: Page = await visitor();
    await signInAt(page, PHARMACIST, `/quan-tri/tu-van/${consultation.id}`);
    const panel = page.getByTestId('consultation-rx-draft');
    await expect.poll(() => panel.isVisible()).toBe(true);
    if (STANDIN) {
      await script(digest(photo), { readable: true, drugs: [{ name: 'Paracetamol', strength: '500mg', form: 'viên nén', quantity: '10 viên', instructions: 'Uống khi sốt' }], prescriber: 'BS. E2E', date: '30/11/2026' });
      await panel.getByTestId('rx-read').click();
      await eventually(() => panel.getByTestId('rx-row').count()).toBe(1);
      await eventually(() => panel.getByTestId('rx-draft-source').textContent()).toContain('AI đọc từ ảnh');
    } else {
      await expect.poll(() => panel.getByTestId('rx-reader-off').textContent()).toContain('Trình đọc AI đang tắt');
      expect(await panel.getByTestId('rx-read').isDisabled()).toBe(true);
      await panel.getByRole('button', { name: '+ Thêm dòng thuốc' }).click();
      await panel.getByLabel('Tên thuốc dòng 1').fill('Paracetamol');
      await panel.getByLabel('Hàm lượng dòng 1').fill('500mg');
      await panel.getByLabel('Dạng bào chế dòng 1').fill('viên nén');
      await panel.getByTestId('rx-save').click();
      await eventually(() => panel.getByTestId('rx-draft-source').textContent()).toContain('Dược sĩ nhập tay');
    }
    // The row is matched to one of our products (the seeded catalogue carries paracetamol 500 mg tablets).
    await eventually(() => panel.getByTestId('rx-product').first().inputValue()).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'rx-draft.png'), fullPage: false });
    // Reload: the draft is stored; then discard it.
    await page.reload();
    await eventually(() => page.getByTestId('rx-row').count()).toBe(1);
    await page.getByTestId('rx-discard').click();
    await eventually(() => page.getByTestId('rx-row').count()).toBe(0);
    await page.close();
  });
});

describe('"Tìm bằng hình ảnh" on the storefront', () => {
  it('the search page links to it; a photo gives the products read from it, or the labelled fallback without a key', async () => {
    const page: Page = await visitor();
    await page.goto(`${WEB}/tim-kiem?q=paracetamol`);
    await page.getByTestId('photo-search-link').click();
    await page.waitForURL((u) => u.pathname === '/tim-kiem/hinh-anh');
    const box = gradientPng(80, 60, Date.now() + 7);
    if (STANDIN) await script(digest(box), { readable: true, name: 'Paracetamol', strength: '500mg', form: 'viên nén' });
    await page.getByTestId('photo-input').setInputFiles({ name: 'hop-thuoc.png', mimeType: 'image/png', buffer: box });
    const result = page.getByTestId('photo-result');
    if (STANDIN) {
      await eventually(() => result.getByTestId('photo-item').count()).toBeGreaterThan(0);
    } else {
      await eventually(() => result.textContent()).toContain('Tìm bằng hình ảnh đang tắt');
      expect(await result.textContent()).toContain('gõ tên thuốc');
    }
    await page.screenshot({ path: join(SHOTS, 'rx-photo-search.png'), fullPage: false });
    await page.close();
  });
});
