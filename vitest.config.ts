import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { bundleSatellites } from './test/satellite-workers.ts';
import { bundleMongodbForWorkerd } from './test/mongodb-workerd.ts';

const COMPATIBILITY_DATE = '2026-11-01';

// Test secret for HS256 access tokens inside workerd tests (never used outside tests).
const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/**
 * TrueType fonts as bytes inside workerd tests, as wrangler's `Data` module rule gives them to the deployed Worker
 * (the invoice renderer embeds them). Runs before Vite's own asset handling, which would turn them into URLs.
 */
const fontsAsBytes = {
  name: 'medicare-fonts-as-bytes',
  enforce: 'pre' as const,
  load(id: string) {
    if (!id.endsWith('.ttf')) return null;
    const b64 = readFileSync(id).toString('base64');
    return `const s = atob(${JSON.stringify(b64)}); const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); export default b;`;
  },
};

/** #16: the Elasticsearch suites (a real server, started only when one of their files is selected; ADR 0035). */
const ELASTIC_NODE_TESTS = ['test/search-contract.test.ts'];
const ELASTIC_WORKER_TESTS = ['workers/api/test/search-elastic.test.ts'];
/** #19: the Redis suites (a real redis-server behind the Upstash REST stand-in, started only when selected; ADR 0046). */
const UPSTASH_NODE_TESTS = ['test/ratelimit-contract.test.ts'];
const UPSTASH_WORKER_TESTS = ['workers/api/test/upstash.test.ts'];
/** #19: the catalogue contract over D1 and MongoDB (a real FerretDB v1.24.2, started only when selected; ADR 0047). */
const MONGO_NODE_TESTS = ['test/catalog-contract.test.ts', 'test/catalog-import.test.ts'];
const MONGO_WORKER_TESTS = ['workers/api/test/catalog-mongo.test.ts'];
/** #19: the consumer Worker applying catalogue events to a real FerretDB inside workerd (ADR 0047). */
const MONGO_CONSUMER_TESTS = ['workers/consumer/test/catalog-sync.mongo.test.ts'];

async function workerProject(name: string, configPath: string, include: string[], workers: Array<Record<string, unknown>> = [], extra: { exclude?: string[]; globalSetup?: string[]; testTimeout?: number; hookTimeout?: number } = {}) {
  const migrations = await readD1Migrations('migrations');
  // #19: the api Worker imports the mongodb driver (CATALOG_BACKEND=mongo); the pool's module loader cannot load it as
  // published, so every Worker project gets it bundled as wrangler bundles it (test/mongodb-workerd.ts, built once).
  const mongodb = { mongodb: await bundleMongodbForWorkerd(process.cwd()) };
  return {
    // @elastic/elasticsearch reads __filename at load time, which workerd does not define (wrangler.toml [define] too).
    define: { __filename: '"/bundle/index.js"' },
    // Its default connection (undici) cannot run in workerd; HttpConnection is used and undici stubbed (as in wrangler.toml).
    resolve: { alias: { undici: new URL('./shared/src/search/undici-stub.ts', import.meta.url).pathname, ...mongodb } },
    plugins: [
      fontsAsBytes,
      cloudflareTest({
        wrangler: { configPath },
        miniflare: {
          // #19: CATALOG_BACKEND pinned to D1: the pool also reads the root .dev.vars, where `CATALOG_BACKEND=mongo npm run
          // dev` leaves a MongoDB origin (a FerretDB that is gone) until the next plain start. The mongo-worker tests set
          // CATALOG_BACKEND/MONGODB_URI per request.
          bindings: { CATALOG_BACKEND: 'd1', ENVIRONMENT: 'test', JWT_SECRET: TEST_JWT_SECRET, SEPAY_WEBHOOK_SECRET: 'whsec_test_secret', HOOK_SECRET_GHN: 'ghn-hook-secret-0123456789', HOOK_SECRET_GHTK: 'ghtk-hook-secret-0123456789', TEST_MIGRATIONS: migrations },
          workers: workers as never,
          // #19: workerd loads the pre-bundled driver itself (as the deployed bundle), not through vite's transform and
          // the pool's WebSocket (its 2.3 MB, sent again with every warm module of the next file, exceeds the message limit).
          modulesRules: [{ type: 'ESModule', include: ['**/mongodb-workerd.mjs'] }],
        },
      }),
    ],
    // Some Worker tests drive hundreds of requests through local D1; on a busy 2-core machine 5 s is not enough.
    test: { name, include, exclude: [...configDefaults.exclude, ...(extra.exclude ?? [])], setupFiles: ['test/apply-migrations.ts'], globalSetup: ['test/global-setup.ts', ...(extra.globalSetup ?? [])], testTimeout: extra.testTimeout ?? 30_000, ...(extra.hookTimeout ? { hookTimeout: extra.hookTimeout } : {}) },
  };
}

export default defineConfig(async () => ({
  test: {
    projects: [
      {
        test: {
          name: 'domain',
          environment: 'node',
          include: ['shared/test/**/*.test.ts', 'seed/**/*.test.ts', 'test/*.test.ts', 'web/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ELASTIC_NODE_TESTS, ...UPSTASH_NODE_TESTS, ...MONGO_NODE_TESTS],
        },
      },
      // #19: the catalogue read port on D1 (node:sqlite) and MongoDB (FerretDB for real), one contract suite.
      { test: { name: 'catalog', environment: 'node', include: MONGO_NODE_TESTS, globalSetup: ['test/ferretdb-setup.ts'], testTimeout: 60_000, hookTimeout: 300_000 } },
      // #16: both search engines on the seed catalogue (D1 through node:sqlite, Elasticsearch for real).
      { test: { name: 'search', environment: 'node', include: ELASTIC_NODE_TESTS, globalSetup: ['test/elasticsearch-setup.ts'], testTimeout: 60_000, hookTimeout: 240_000 } },
      // #19: the rate-limit/cache-version contract over D1 and Redis (through the Upstash stand-in and the real client).
      { test: { name: 'upstash', environment: 'node', include: UPSTASH_NODE_TESTS, globalSetup: ['test/upstash-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      await workerProject('api', './wrangler.toml', ['workers/api/test/**/*.test.ts'], await bundleSatellites(process.cwd(), COMPATIBILITY_DATE), { exclude: [...ELASTIC_WORKER_TESTS, ...UPSTASH_WORKER_TESTS, ...MONGO_WORKER_TESTS] }),
      // #16: the api Worker with SEARCH_BACKEND=elastic: header, sync through the admin routes and the consumer, fallback.
      await workerProject('search-worker', './wrangler.toml', ELASTIC_WORKER_TESTS, await bundleSatellites(process.cwd(), COMPATIBILITY_DATE), { globalSetup: ['test/elasticsearch-setup.ts'], testTimeout: 60_000 }),
      // #19: the api Worker with RATE_LIMIT_BACKEND/CACHE_BACKEND=upstash against the stand-in over a real redis-server.
      await workerProject('upstash-worker', './wrangler.toml', UPSTASH_WORKER_TESTS, await bundleSatellites(process.cwd(), COMPATIBILITY_DATE), { globalSetup: ['test/upstash-setup.ts'], testTimeout: 60_000 }),
      // #19: the api Worker with CATALOG_BACKEND=mongo reading a real FerretDB (per request and through the Durable Object).
      await workerProject('mongo-worker', './wrangler.toml', MONGO_WORKER_TESTS, await bundleSatellites(process.cwd(), COMPATIBILITY_DATE), { globalSetup: ['test/ferretdb-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 }),
      await workerProject('payment', './workers/payment/wrangler.toml', ['workers/payment/test/**/*.test.ts']),
      await workerProject('recommendation', './workers/recommendation/wrangler.toml', ['workers/recommendation/test/**/*.test.ts']),
      await workerProject('hook', './workers/hook/wrangler.toml', ['workers/hook/test/**/*.test.ts']),
      await workerProject('consumer', './workers/consumer/wrangler.toml', ['workers/consumer/test/**/*.test.ts'], [], { exclude: MONGO_CONSUMER_TESTS }),
      // #19: the consumer with CATALOG_BACKEND=mongo: catalogue events → the documents in a real FerretDB.
      await workerProject('consumer-mongo', './workers/consumer/wrangler.toml', MONGO_CONSUMER_TESTS, [], { globalSetup: ['test/ferretdb-setup.ts'], testTimeout: 120_000 }),
      // Browser tests need the whole platform running (polls wait up to 15 s: a busy machine answers slowly, never wrongly): `npm run test:e2e` (scripts/e2e.mjs) starts it and sets this.
      ...(process.env.MEDICARE_E2E === '1' ? [{ test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.e2e.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false, expect: { poll: { timeout: 15_000 } } } }] : []),
    ],
  },
}));
