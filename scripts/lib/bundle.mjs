import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry (code shared with the Workers: search, reindex, benchmarks) into one ESM file that Node 22
 * runs; CommonJS dependencies get a `require` through the banner; `external` packages are imported from node_modules at
 * run time instead. Returns `outfile`.
 */
export async function bundleForNode(entry, outfile, external = []) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'error',
    // Packages that must load from node_modules as they are (e.g. miniflare, which finds its workerd binary there).
    external,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}
