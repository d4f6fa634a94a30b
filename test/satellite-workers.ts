// Builds the payment, recommendation, hook and consumer Workers with esbuild so the api Worker's tests can run
// them as real auxiliary Workers behind its service bindings (the same wiring as `wrangler dev -c … -c …`).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

export const SATELLITES = ['payment', 'recommendation', 'hook', 'consumer'] as const;

/** esbuild settings wrangler bundles a Worker with (ESM for workerd, its export conditions); every test bundle uses them. */
export const WORKERD_BUILD = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
} as const satisfies Parameters<typeof build>[0];

/** One esbuild run per Worker and output file per config load: several Worker projects take the same satellites. */
const built = new Map<string, Promise<unknown>>();

export async function bundleSatellites(root: string, compatibilityDate: string, d1Id = 'DB') {
  const outDir = join(root, '.wrangler/test-bundles');
  mkdirSync(outDir, { recursive: true });
  return Promise.all(
    SATELLITES.map(async (name) => {
      const outfile = join(outDir, `${name}.mjs`);
      if (!built.has(outfile)) {
        built.set(
          outfile,
          build({
            entryPoints: [join(root, `workers/${name}/src/index.ts`)],
            outfile,
            ...WORKERD_BUILD,
            // SendGrid's client (CommonJS) requires Node built-ins; nodejs_compat provides them, as under wrangler.
            // #16: so does @elastic/elasticsearch (util, http, tty…), which also reads __filename (wrangler.toml [define]).
            // #19: not `punycode` (deprecated in Node, absent from workerd): the mongodb driver the consumer now carries
            // (its connection-string parser) gets the npm package instead, as wrangler's bundle does.
            external: ['fs', 'path', 'node:*', ...builtinModules.filter((m) => m !== 'punycode')],
            define: { __filename: '"/bundle/index.js"' },
            alias: { undici: join(root, 'shared/src/search/undici-stub.ts') },
            // The consumer's invoice fonts, as wrangler's `Data` module rule bundles them.
            loader: { '.ttf': 'binary' },
            banner: { js: "import { createRequire as __mcCreateRequire } from 'node:module'; const require = __mcCreateRequire('/');" },
            logLevel: 'error',
          }),
        );
      }
      await built.get(outfile);
      return {
        name: `medicare-${name}`,
        modules: true,
        scriptPath: outfile,
        compatibilityDate,
        compatibilityFlags: ['nodejs_compat'],
        // The same D1 database as the api Worker under test: without a database_id, wrangler's config gives it the binding
        // name as its id, as `wrangler dev` does when all Workers run in one process.
        d1Databases: { DB: d1Id },
        // The consumer takes the events queue the api and payment Workers produce to, as in `wrangler dev`.
        ...(name === 'consumer'
          ? { queueConsumers: { 'medicare-events': { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 2, deadLetterQueue: 'medicare-events-dlq' }, 'medicare-events-dlq': { maxBatchSize: 10, maxBatchTimeout: 0.05 } } }
          : {}),
        ...(name === 'payment' || name === 'hook' || name === 'consumer' ? { queueProducers: { EVENTS: 'medicare-events' } } : {}),
        // The consumer writes invoices into the same private bucket the api Worker serves them from.
        ...(name === 'consumer' ? { r2Buckets: { FILES_BUCKET: 'medicare-files' } } : {}),
        bindings: { ENVIRONMENT: 'test', JWT_SECRET: 'test-secret-0123456789abcdef0123456789abcdef', SEPAY_AUTH_MODE: 'hmac', SEPAY_WEBHOOK_SECRET: 'whsec_test_secret', BANK_NAME: 'Vietcombank', BANK_BIN: '970436', BANK_ACCOUNT: '1023456789', BANK_HOLDER: 'CONG TY CO PHAN MEDICARE', HOOK_SECRET_GHN: 'ghn-hook-secret-0123456789', HOOK_SECRET_GHTK: 'ghtk-hook-secret-0123456789' },
      };
    }),
  );
}
