// The browser tests and Lighthouse must find a Chromium on a fresh machine after `npm ci` alone (issue 12, item 30):
// the resolver prefers CHROME_PATH, then a system Chromium, then the binary inside the npm package @sparticuz/chromium.
// The last case is exercised for real here (unpacked and launched), even on machines that have a system Chromium.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROME_FLAGS, resolveChrome } from '../scripts/lib/chrome.mjs';

describe('Chromium resolution', () => {
  const fake = join(mkdtempSync(join(tmpdir(), 'chrome-')), 'chromium');
  writeFileSync(fake, '');

  it('uses CHROME_PATH when set, and refuses a CHROME_PATH that does not exist', async () => {
    expect(await resolveChrome({ env: { CHROME_PATH: fake }, candidates: [] })).toEqual({ path: fake, source: 'CHROME_PATH' });
    await expect(resolveChrome({ env: { CHROME_PATH: `${fake}-missing` }, candidates: [fake] })).rejects.toThrow(/does not exist/);
  });

  it('prefers a system Chromium over the npm one', async () => {
    expect(await resolveChrome({ env: {}, candidates: ['/nonexistent/chromium', fake] })).toEqual({ path: fake, source: 'system' });
  });

  it('falls back to the Chromium inside @sparticuz/chromium, which launches and renders Vietnamese', { timeout: 120_000 }, async () => {
    const resolved = await resolveChrome({ env: {}, candidates: [] });
    expect(resolved.source).toBe('npm');
    const browser = await chromium.launch({ executablePath: resolved.path, args: ['--headless', ...CHROME_FLAGS] });
    try {
      const page = await browser.newPage();
      await page.setContent('<html lang="vi"><h1>Thuốc hạ sốt cho trẻ em</h1></html>');
      expect(await page.textContent('h1')).toBe('Thuốc hạ sốt cho trẻ em');
      const box = await page.locator('h1').boundingBox();
      expect(box?.width).toBeGreaterThan(100); // laid out with a real font, not an empty box
    } finally {
      await browser.close();
    }
  });
});
