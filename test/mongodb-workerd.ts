// #19: the `mongodb` driver for Worker tests, bundled as wrangler bundles it for `wrangler dev`/deploy.
// Inside the vitest pool's module loader the driver cannot load as it is published: its CommonJS `require("bson")`
// resolves to the driver's own lib/bson.js (endless getter recursion: "Maximum call stack size exceeded"), and vite's
// dependency optimizer does not keep node built-ins external. So it is pre-bundled here with esbuild and the same
// settings wrangler uses (conditions workerd/worker/browser, neutral platform, node built-ins left to nodejs_compat),
// and every Worker project aliases `mongodb` to the bundle (vitest.config.ts).
//
// A `require("events")` inside the driver is answered like wrangler's hybrid nodejs_compat plugin does
// (handleRequireCallsToNodeJSBuiltins): a small CommonJS module `import libDefault from 'node:events';
// module.exports = libDefault;`, whose import stays external and is served by workerd's own node:events.
import { build } from 'esbuild';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { WORKERD_BUILD } from './satellite-workers.ts';

const NODE_BUILTIN = new RegExp(`^(node:.+|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
const REQUIRED_BUILTIN = 'medicare-required-node-builtin';

let bundled: Promise<string> | undefined;

/** Builds .wrangler/test/mongodb-workerd.mjs once per vitest config load and gives its path. */
export function bundleMongodbForWorkerd(root: string): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(root, '.wrangler/test/mongodb-workerd.mjs');
    // The driver is CommonJS: esbuild cannot see its export names (`export *` from it exports nothing), so the entry
    // names each one, as Node's CommonJS interop gives them to `import { MongoClient } from 'mongodb'`.
    const names = Object.keys(createRequire(join(root, 'package.json'))('mongodb')).filter((k) => k !== 'default' && k !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(k));
    const entry = `import * as driver from 'mongodb';\nexport const { ${names.join(', ')} } = driver;\nexport default driver;\n`;
    await build({
      stdin: { contents: entry, resolveDir: root, loader: 'js' },
      outfile,
      ...WORKERD_BUILD,
      // Only `node:` specifiers are external: a bare built-in name is prefixed below, and a package named like a
      // built-in with a path (`punycode/`, required by whatwg-url's tr46) is bundled from node_modules, as wrangler does.
      external: ['node:*'],
      logLevel: 'error',
      plugins: [
        {
          name: 'require-node-builtins',
          setup(b) {
            b.onResolve({ filter: NODE_BUILTIN }, (a) => {
              const path = a.path.startsWith('node:') ? a.path : `node:${a.path}`;
              return a.kind === 'require-call' ? { path, namespace: REQUIRED_BUILTIN } : { path, external: true };
            });
            b.onLoad({ filter: /.*/, namespace: REQUIRED_BUILTIN }, (a) => ({ contents: `import libDefault from '${a.path}';\nmodule.exports = libDefault;`, loader: 'js' }));
          },
        },
      ],
    });
    return outfile;
  })();
  return bundled;
}
