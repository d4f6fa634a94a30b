import { openSync } from 'node:fs';
import { ensureDevVars } from './scripts/lib/dev-vars.mjs';
import { startGroup, stopGroup, waitForOk } from './scripts/lib/proc.mjs';
import { importBench } from './scripts/lib/bench-import.mjs';
const CONFIGS = ['wrangler.toml', 'workers/payment/wrangler.toml', 'workers/recommendation/wrangler.toml', 'workers/hook/wrangler.toml', 'workers/consumer/wrangler.toml'];
ensureDevVars(CONFIGS);
const out = openSync('/tmp/io-wrangler.log', 'w');
const child = startGroup('npx', ['wrangler', 'dev', ...CONFIGS.flatMap((c) => ['-c', c]), '--ip', '127.0.0.1', '--port', '8797', '--inspector-port', '9397'], { stdio: ['ignore', out, out] });
try {
  if (!(await waitForOk('http://127.0.0.1:8797/health', 90_000))) throw new Error('no start');
  await importBench('http://127.0.0.1:8797', { rootPid: child.pid, local: true });
} catch (e) {
  console.error('FAILED', e, e?.cause);
} finally {
  stopGroup(child);
}
