// `npm run test:e2e`: browser tests against the whole platform as it ships.
// 1. starts the api Worker and its satellites with the seeded local data (scripts/dev.mjs, storefront off);
// 2. serves the BUILT storefront Worker (web/.open-next, from `npm run build`) with `wrangler dev` on :3000, bound to
//    the api Worker through its service binding, as in production;
// 3. runs the `e2e` vitest project (test/e2e, Chromium through playwright-core), then stops everything.
// Logs and screenshots: test-artifacts/e2e/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { resolveChrome } from './lib/chrome.mjs';
import { ROOT, startGroup, startWebWorker, stopGroup, waitForOk } from './lib/proc.mjs';

const API = 'http://127.0.0.1:8787';
const WEB = 'http://127.0.0.1:3000';
const ARTIFACTS = join(ROOT, 'test-artifacts/e2e');

// A system Chromium when there is one, else the one inside the npm package @sparticuz/chromium (scripts/lib/chrome.mjs).
const chrome = await resolveChrome();
console.log(`e2e: Chromium from ${chrome.source} (${chrome.path})`);
if (!existsSync(join(ROOT, 'web/.open-next/worker.js'))) {
  console.error('The storefront Worker is not built: run `npm run build` first.');
  process.exit(1);
}
mkdirSync(ARTIFACTS, { recursive: true });

/** Output of a started tool goes to test-artifacts/e2e/<name>.log. */
const log = (name) => {
  const fd = openSync(join(ARTIFACTS, `${name}.log`), 'w');
  return ['ignore', fd, fd];
};

const platform = startGroup('node', ['scripts/dev.mjs'], { stdio: log('platform'), env: { MEDICARE_WEB: 'off' } });
const web = startWebWorker(3000, 9330, log('web'));
let code = 1;
try {
  if (!(await waitForOk(`${API}/v1/products?category=thuoc&limit=1`, 240_000))) throw new Error(`the api did not answer on ${API} (see test-artifacts/e2e/platform.log)`);
  if (!(await waitForOk(`${WEB}/`, 120_000))) throw new Error(`the storefront did not answer on ${WEB} (see test-artifacts/e2e/web.log)`);
  code = await new Promise((resolve) => {
    const t = spawn('npx', ['vitest', 'run', '--project', 'e2e', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, MEDICARE_E2E: '1', MEDICARE_WEB_URL: WEB, CHROME_PATH: chrome.path } });
    t.on('exit', (c) => resolve(c ?? 1));
  });
} catch (e) {
  console.error(`e2e: ${e.message}`);
} finally {
  stopGroup(web, 'SIGTERM');
  stopGroup(platform, 'SIGTERM');
}
process.exit(code);
