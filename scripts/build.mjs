// `npm run build`: bundles every Worker with `wrangler deploy --dry-run` (a bundling error fails the build) and
// reports each bundle's size, raw and gzip, the storefront (opennext) included. Fails if a Worker exceeds the 3 MiB (gzip) free-plan limit.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { reportFirstLoadJs } from './lib/first-load-js.mjs';
import { ROOT, run } from './lib/proc.mjs';

const WORKERS = [
  ['api', 'wrangler.toml'],
  ['payment', 'workers/payment/wrangler.toml'],
  ['recommendation', 'workers/recommendation/wrangler.toml'],
  ['hook', 'workers/hook/wrangler.toml'],
  ['consumer', 'workers/consumer/wrangler.toml'],
];
const LIMIT_GZIP = 3 * 1024 * 1024;

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

await run('node', ['scripts/prepare-assets.mjs']);
const rows = await Promise.all(
  WORKERS.map(async ([name, config]) => {
    const outdir = join(ROOT, '.wrangler/build', name);
    await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '-c', config], { quiet: true });
    // Code plus the modules bundled beside it (wasm, fonts as Data modules); not source maps or the README.
    const code = files(outdir).filter((f) => /\.(m?js|wasm|ttf|bin|txt)$/.test(f));
    const raw = code.reduce((s, f) => s + statSync(f).size, 0);
    const gz = code.reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0);
    return { name, raw, gz };
  }),
);
// The storefront: Next.js built into a Worker by @opennextjs/cloudflare (web/.open-next), then bundled the same way.
await run('npx', ['opennextjs-cloudflare', 'build'], { quiet: true, env: { NEXT_TELEMETRY_DISABLED: '1' }, cwd: 'web' });
{
  const outdir = join(ROOT, '.wrangler/build', 'web');
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '-c', 'web/wrangler.toml'], { quiet: true });
  const code = files(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
  rows.push({ name: 'web (storefront)', raw: code.reduce((s, f) => s + statSync(f).size, 0), gz: code.reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0) });
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('Worker bundles (wrangler deploy --dry-run):');
for (const r of rows) console.log(`  ${r.name.padEnd(16)} ${kib(r.raw).padStart(11)} raw  ${kib(r.gz).padStart(10)} gzip`);
// First-load JS per page from the same Next build, storefront and staff console apart (the console must not grow the
// shopper's pages: docs/adr/0023-staff-console.md).
reportFirstLoadJs(join(ROOT, 'web/.next'));
const over = rows.filter((r) => r.gz > LIMIT_GZIP);
if (over.length) {
  console.error(`Over the 3 MiB gzip limit: ${over.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
