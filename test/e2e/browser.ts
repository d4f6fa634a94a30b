/** The one way browser tests start Chromium: the binary `scripts/e2e.mjs` resolved (CHROME_PATH), headless, offline flags. */
import { chromium, type Browser } from 'playwright-core';
import { CHROME_FLAGS, resolveChrome } from '../../scripts/lib/chrome.mjs';

export async function launchBrowser(): Promise<Browser> {
  const { path } = await resolveChrome();
  return chromium.launch({ executablePath: path, args: ['--headless', ...CHROME_FLAGS] });
}
