// `npm run test:e2e`: browser tests against the whole platform as it ships.
// 1. starts the OpenAI stand-in (test/standins/openai-standin.ts) as the "model", then the api Worker and its satellites
//    with the seeded local data (scripts/dev.mjs, storefront off), the recommendation Worker alone given the stand-in's
//    base URL and key; tests script its answers through its control endpoint (MEDICARE_OPENAI_STANDIN_URL);
// 2. serves the BUILT storefront Worker (web/.open-next, from `npm run build`) with `wrangler dev` on :3000, bound to
//    the api Worker through its service binding, as in production;
// 3. runs the `e2e` vitest project (test/e2e, Chromium through playwright-core), then stops everything.
// Logs and screenshots: test-artifacts/e2e/.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { resolveChrome } from './lib/chrome.mjs';
import { setModelVars } from './lib/dev-vars.mjs';
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

// The stand-in is plain node:http TypeScript: Node 22 (the project's, through npm) strips its types on import.
const { startOpenAIStandin } = await import('../test/standins/openai-standin.ts');
const modelKey = `sk-e2e-${randomBytes(12).toString('hex')}`;
const model = await startOpenAIStandin(modelKey);
const platform = startGroup('node', ['scripts/dev.mjs'], { stdio: log('platform'), env: { MEDICARE_WEB: 'off', MEDICARE_OPENAI_BASE_URL: model.url, MEDICARE_OPENAI_API_KEY: modelKey } });
const web = startWebWorker(3000, 9330, log('web'));
let code = 1;
try {
  if (!(await waitForOk(`${API}/v1/products?category=thuoc&limit=1`, 240_000))) throw new Error(`the api did not answer on ${API} (see test-artifacts/e2e/platform.log)`);
  if (!(await waitForOk(`${WEB}/`, 120_000))) throw new Error(`the storefront did not answer on ${WEB} (see test-artifacts/e2e/web.log)`);
  code = await new Promise((resolve) => {
    const t = spawn('npx', ['vitest', 'run', '--project', 'e2e', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, MEDICARE_E2E: '1', MEDICARE_WEB_URL: WEB, CHROME_PATH: chrome.path, MEDICARE_OPENAI_STANDIN_URL: model.url.replace(/\/v1$/, '') } });
    t.on('exit', (c) => resolve(c ?? 1));
  });
} catch (e) {
  console.error(`e2e: ${e.message}`);
} finally {
  stopGroup(web, 'SIGTERM');
  stopGroup(platform, 'SIGTERM');
  await model.close();
  setModelVars(null); // the next `npm run dev` would remove them too; don't leave a dead URL and a test key behind
}
process.exit(code);
