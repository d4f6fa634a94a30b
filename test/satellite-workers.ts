// Builds the payment, recommendation, hook and consumer Workers with esbuild so the api Worker's tests can run
// them as real auxiliary Workers behind its service bindings (the same wiring as `wrangler dev -c … -c …`).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SATELLITES = ['payment', 'recommendation', 'hook', 'consumer'] as const;

export async function bundleSatellites(root: string, compatibilityDate: string) {
  const outDir = join(root, '.wrangler/test-bundles');
  mkdirSync(outDir, { recursive: true });
  return Promise.all(
    SATELLITES.map(async (name) => {
      const outfile = join(outDir, `${name}.mjs`);
      await build({
        entryPoints: [join(root, `workers/${name}/src/index.ts`)],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        conditions: ['workerd', 'worker', 'browser'],
        mainFields: ['module', 'main'],
        logLevel: 'error',
      });
      return {
        name: `medicare-${name}`,
        modules: true,
        scriptPath: outfile,
        compatibilityDate,
        compatibilityFlags: ['nodejs_compat'],
        d1Databases: { DB: 'medicare-test-db' },
        bindings: { ENVIRONMENT: 'test' },
      };
    }),
  );
}
