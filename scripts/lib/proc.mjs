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
