// `npm run deploy`: provisions what the platform needs on your Cloudflare account and deploys every Worker.
// Needs `wrangler login` (or CLOUDFLARE_API_TOKEN + CLOUDFLARE_ACCOUNT_ID). Safe to re-run: existing resources
// are kept. Order matters: resources → remote migrations → satellite Workers → the api Worker (it binds to them).
import { run } from './lib/proc.mjs';

const SATELLITES = ['payment', 'recommendation', 'hook', 'consumer'];

/** Creates a resource, treating "already exists" as success. */
async function ensure(label, args) {
  try {
    await run('npx', ['wrangler', ...args], { quiet: true });
    console.log(`  created ${label}`);
  } catch (e) {
    if (/already exists|already taken|already owned|code: 10025|code: 7502|code: 11009/i.test(String(e))) console.log(`  kept    ${label}`);
    else throw e;
  }
}

async function main() {
  await run('npx', ['wrangler', 'whoami'], { quiet: true }).catch(() => {
    throw new Error('Not authenticated: run `npx wrangler login` or set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID.');
  });
  await run('node', ['scripts/prepare-assets.mjs']);

  console.log('Resources:');
  await ensure('D1 database medicare', ['d1', 'create', 'medicare']);
  await ensure('R2 bucket medicare-images', ['r2', 'bucket', 'create', 'medicare-images']);
  await ensure('R2 bucket medicare-files', ['r2', 'bucket', 'create', 'medicare-files']);
  await ensure('queue medicare-events', ['queues', 'create', 'medicare-events']);
  await ensure('queue medicare-events-dlq', ['queues', 'create', 'medicare-events-dlq']);

  console.log('Remote D1 migrations:');
  await run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--remote', '-c', 'wrangler.toml']);

  for (const w of SATELLITES) {
    console.log(`Deploying ${w}…`);
    await run('npx', ['wrangler', 'deploy', '-c', `workers/${w}/wrangler.toml`]);
  }
  console.log('Deploying api…');
  await run('npx', ['wrangler', 'deploy', '-c', 'wrangler.toml']);
  // The storefront last: it binds to the api Worker.
  console.log('Building and deploying the storefront (web)…');
  await run('npx', ['opennextjs-cloudflare', 'build'], { cwd: 'web', env: { NEXT_TELEMETRY_DISABLED: '1' } });
  await run('npx', ['wrangler', 'deploy', '-c', 'web/wrangler.toml']);

  console.log(
    [
      '',
      'Deployed. Secrets are not deployed by this script; set them once per Worker, e.g.:',
      '  npx wrangler secret put JWT_SECRET -c wrangler.toml',
      '  npx wrangler secret put JWT_SECRET -c workers/consumer/wrangler.toml   (the same value: guest links in consultation emails)',
      '  npx wrangler secret put JWT_SECRET -c workers/recommendation/wrangler.toml   (the same value: "for you" reads shoppers\' tokens)',
      'The other Workers have no public address (workers_dev = false): their /docs pages are served under the api',
      "origin's /v1/<prefix>/docs and load Swagger UI from it.",
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
