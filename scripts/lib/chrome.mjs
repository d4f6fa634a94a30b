// Which Chromium the browser tests and Lighthouse drive. One place decides, in this order:
// 1. CHROME_PATH, when set (it must exist: a wrong path is an error, not a silent fallback);
// 2. a system Chromium/Chrome (Debian's `chromium` package and the usual Chrome paths);
// 3. the Chromium that comes inside the npm package @sparticuz/chromium (the binary ships in the package, so a fresh
//    machine with only the npm registry gets a browser from `npm ci`; unpacked to the temp directory on first use).
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags for a headless run on a machine with no route to Google's services (and as root, hence no sandbox). */
export const CHROME_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** @returns {Promise<{ path: string, source: 'CHROME_PATH' | 'system' | 'npm' }>} */
export async function resolveChrome({ env = process.env, candidates = SYSTEM_CHROMES } = {}) {
  if (env.CHROME_PATH) {
    if (!existsSync(env.CHROME_PATH)) throw new Error(`CHROME_PATH=${env.CHROME_PATH} does not exist`);
    return { path: env.CHROME_PATH, source: 'CHROME_PATH' };
  }
  const system = candidates.find((p) => existsSync(p));
  if (system) return { path: system, source: 'system' };
  const { default: chromium } = await import('@sparticuz/chromium');
  chromium.setGraphicsMode = false; // no WebGL needed: skips unpacking SwiftShader
  return { path: await chromium.executablePath(), source: 'npm' };
}
