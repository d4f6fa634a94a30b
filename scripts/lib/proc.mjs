// Process helpers shared by the npm scripts (dev, seed, build, deploy, bench).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Quiet, offline-friendly wrangler: no metrics, no request.cf fetch. */
export function wranglerEnv() {
  return { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
}

/** Runs a command from the repo root; rejects with its output when it fails. */
export function run(cmd, args, { quiet = false, env = {}, cwd = '.' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: join(ROOT, cwd), env: { ...process.env, ...wranglerEnv(), ...env }, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${out}`))));
  });
}

/** Rows of one read against the local dev D1 database (`wrangler d1 execute --local --json`). */
export async function localQuery(sql) {
  const out = await run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--json', '--command', sql], { quiet: true });
  return JSON.parse(out.slice(out.indexOf('[')))[0]?.results ?? [];
}

/** Polls `url` until it answers 2xx (true) or `timeoutMs` passes (false). */
export async function waitForOk(url, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Starts a long-running tool in its own process group (quiet wrangler env), so `stopGroup` ends its whole tree. */
export function startGroup(cmd, args, { stdio = 'ignore', env = {} } = {}) {
  return spawn(cmd, args, { cwd: ROOT, detached: true, stdio, env: { ...process.env, ...wranglerEnv(), ...env } });
}

export function stopGroup(child, signal = 'SIGINT') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** The built storefront Worker (web/.open-next) under `wrangler dev`, bound to the api Worker through the dev registry. */
export function startWebWorker(port, inspectorPort, stdio = 'ignore') {
  return startGroup('npx', ['wrangler', 'dev', '-c', 'web/wrangler.toml', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)], { stdio });
}
