// `npm run search:reindex` (#16, ADR 0035): rebuilds the Elasticsearch index from D1 into `<alias>-<timestamp>`, swaps
// the alias atomically (no downtime), deletes the old index and replays what changed meanwhile: the same job steps
// as the queue-driven reindex (shared/src/search/reindex.elastic.ts), run one after another in this process.
//
//   ELASTIC_URL=https://<deployment>.es.<region>.cloud.es.io ELASTIC_API_KEY=… [ELASTIC_INDEX=medicare-products] \
//     npm run search:reindex                       from the LOCAL D1 (.wrangler/state, what `npm run dev` uses)
//   MEDICARE_ADMIN_TOKEN=… npm run search:reindex -- --api https://api.example.vn
//                                                  a deployed api Worker starts the job (POST /v1/admin/search/reindex,
//                                                  202), its consumer Worker runs it from its own D1 with its own
//                                                  ELASTIC_* settings (Elastic Cloud); progress is polled here
import { join } from 'node:path';
import { bundleForNode } from './lib/bundle.mjs';
import { ROOT, wranglerEnv } from './lib/proc.mjs';

const argv = process.argv.slice(2);
const apiAt = argv.indexOf('--api');
if (apiAt >= 0) {
  const origin = argv[apiAt + 1];
  const token = process.env.MEDICARE_ADMIN_TOKEN;
  if (!origin || !token) {
    console.error('Usage: MEDICARE_ADMIN_TOKEN=<admin access token> npm run search:reindex -- --api <api origin>');
    process.exit(1);
  }
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(new URL('/v1/admin/search/reindex', origin), { method: 'POST', headers });
  const body = await res.json().catch(() => null);
  if (res.status !== 202) {
    console.error(res.status, JSON.stringify(body));
    process.exit(1);
  }
  // A queue-driven job (the consumer Worker runs it): follow its progress on the status route.
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const job = (await (await fetch(new URL('/v1/admin/search', origin), { headers })).json()).reindex;
    if (!job || job.id !== body.id) continue;
    process.stdout.write(`\r${job.phase} ${job.indexed}/${job.total} replayed ${job.replayed}   `);
    if (job.status !== 'running') {
      console.log(`\n${job.status}${job.failure ? `: ${job.failure}` : ''}`);
      process.exit(job.status === 'done' ? 0 : 1);
    }
  }
}

const url = process.env.ELASTIC_URL;
if (!url) {
  console.error('Set ELASTIC_URL (and ELASTIC_API_KEY for Elastic Cloud; ELASTIC_INDEX, default medicare-products).');
  process.exit(1);
}
// The reindex code is TypeScript shared with the Workers: bundled for Node, then run against the local D1.
const outfile = join(ROOT, '.wrangler/scripts/search-reindex.mjs');
await bundleForNode(join(ROOT, 'shared/src/search/reindex.elastic.ts'), outfile);
const { elasticClient, reindexAll, DEFAULT_ALIAS } = await import(outfile);
const { getPlatformProxy } = await import('wrangler');
Object.assign(process.env, wranglerEnv());
const proxy = await getPlatformProxy({ configPath: join(ROOT, 'wrangler.toml'), persist: true });
try {
  const es = elasticClient({ url, apiKey: process.env.ELASTIC_API_KEY, timeoutMs: 60_000 });
  const alias = process.env.ELASTIC_INDEX || DEFAULT_ALIAS;
  const t0 = Date.now();
  const res = await reindexAll(proxy.env.DB, es, alias, Date.now(), (m) => process.stdout.write(`\r${m}`));
  console.log(`\nReindexed ${res.count} products into ${res.index} (alias ${alias}; replayed ${res.replayed}; removed ${res.previous.join(', ') || 'nothing'}) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
} finally {
  await proxy.dispose();
}
