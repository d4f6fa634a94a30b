// #19: the `mongodb` driver for Worker tests. Inside the vitest pool's module loader, the driver's CommonJS
// `require("bson")` resolves to the driver's own lib/bson.js (endless getter recursion: "Maximum call stack size
// exceeded"), and vite's dependency optimizer cannot bundle it (node built-ins are not external there). So it is
// bundled here with esbuild, as wrangler bundles it for `wrangler dev`/deploy: node built-ins become `node:` imports.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

export async function bundleMongodbForWorkerd(root: string): Promise<string> {
  const outfile = join(root, '.wrangler/test/mongodb-workerd.mjs');
  const builtins = new RegExp(`^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
  await build({
    stdin: { contents: "export * from 'mongodb';", resolveDir: root, loader: 'js' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    logLevel: 'error',
    plugins: [
      {
        name: 'node-builtins-as-imports',
        setup(b) {
          b.onResolve({ filter: builtins }, (a) => ({ path: a.path.replace(/^node:/, ''), namespace: 'node-builtin' }));
          // The driver `require`s them (CommonJS): the shim names each export (as Node's own module has them), so the
          // required namespace carries them (`export *` from an external module does not survive the interop).
          b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, async (a) => {
            const names = Object.keys(await import(`node:${a.path}`)).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
            return {
              contents: `import * as m from 'node:${a.path}'; const d = m.default ?? m; export default d; ${names.map((k) => `export const ${k} = m.${k} ?? d.${k};`).join(' ')}`,
              loader: 'js',
              resolveDir: root,
            };
          });
        },
      },
    ],
    external: builtinModules.map((m) => `node:${m}`),
  });
  return outfile;
}
