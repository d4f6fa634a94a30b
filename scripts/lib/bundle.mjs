import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry (code shared with the Workers: search, reindex, benchmarks) into one ESM file that Node 22
 * runs; CommonJS dependencies get a `require` through the banner. Returns `outfile`.
 */
export async function bundleForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}
