// #19 (ADR 0047): the MongoDB catalogue origin's commands.
//
//   MONGODB_URI=mongodb+srv://…/?retryWrites=true [MONGODB_DB=medicare] npm run mongo:migrate
//       creates the indexes the catalogue reads use (idempotent)
//   MONGODB_URI=… npm run mongo:sync -- --from d1 [--sqlite <file>]
//       copies the D1 catalogue (categories, brands, product documents, version) into MongoDB: from the LOCAL D1
//       (.wrangler/state, what `npm run dev` uses) or from a given SQLite file (e.g. a `wrangler d1 export` loaded
//       into sqlite3). Idempotent; documents of products gone from D1 are removed.
//   MONGODB_URI=… npm run mongo:sync -- --from mongo [--sqlite <file>] [--no-stock]
//       imports a catalogue kept in MongoDB documents of our model (what --from d1 writes; teams migrating in) into D1:
//       categories, brands, manufacturers, ingredients, products, units, images, old slugs, and each batch on hand as
//       an opening movement of the stock ledger (--no-stock: none). Keeps the documents' ids. Idempotent (a second
//       run writes nothing). Bad documents are refused and listed (collection, id, problem), the rest is imported;
//       the command then exits 1. Into the LOCAL D1 (.wrangler/state; stop `npm run dev` first) or a SQLite file.
//   node scripts/mongo.mjs feed-off [--sqlite <file>]
//       a deployment going back to D1 alone: turns the catalogue change feed off and empties it (D1 only, no MongoDB;
//       the next `--from d1` sync turns it on again). Remote D1: run `disableCatalogFeed`'s three statements with
//       `wrangler d1 execute`.
//
// Without MONGODB_URI, both commands start a throwaway local FerretDB (scripts/lib/ferretdb.mjs) only when
// --ferretdb is given, print what they did and stop it (a smoke run); otherwise they refuse.
import { join } from 'node:path';
import { bundleForNode } from './lib/bundle.mjs';
import { ROOT, wranglerEnv } from './lib/proc.mjs';

const [cmd, ...argv] = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? (argv[i + 1] ?? '') : undefined;
};
if (cmd !== 'migrate' && cmd !== 'sync' && cmd !== 'feed-off') {
  console.error('usage: node scripts/mongo.mjs migrate | sync --from d1|mongo [--sqlite <file>] [--no-stock] | feed-off [--sqlite <file>]');
  process.exit(2);
}

/** The D1 the commands read or write: a SQLite file (--sqlite) or the LOCAL D1 of `npm run dev` (.wrangler/state). */
async function openD1() {
  const file = flag('--sqlite');
  if (file) {
    const shim = join(ROOT, '.wrangler/scripts/d1-sqlite.mjs');
    await bundleForNode(join(ROOT, 'test/d1-sqlite.ts'), shim);
    const { SqliteD1 } = await import(shim);
    return { d1: new SqliteD1(file).asD1(), dispose: async () => {} };
  }
  const { getPlatformProxy } = await import('wrangler');
  Object.assign(process.env, wranglerEnv());
  const proxy = await getPlatformProxy({ configPath: join(ROOT, 'wrangler.toml'), persist: true });
  return { d1: proxy.env.DB, dispose: () => proxy.dispose() };
}

if (cmd === 'feed-off') {
  const feedFile = join(ROOT, '.wrangler/scripts/catalog-feed.mjs');
  await bundleForNode(join(ROOT, 'shared/src/catalog/feed.ts'), feedFile);
  const { disableCatalogFeed } = await import(feedFile);
  const { d1, dispose } = await openD1();
  try {
    await disableCatalogFeed(d1);
    console.log('catalogue change feed turned off and emptied (a `mongo:sync -- --from d1` turns it on again)');
  } finally {
    await dispose();
  }
  process.exit(0);
}
const from = flag('--from');
if (cmd === 'sync' && from !== 'd1' && from !== 'mongo') {
  console.error('usage: npm run mongo:sync -- --from d1 [--sqlite <file>]   (D1 → MongoDB)\n       npm run mongo:sync -- --from mongo [--sqlite <file>] [--no-stock]   (MongoDB → D1)');
  process.exit(2);
}

let uri = process.env.MONGODB_URI;
let ferret = null;
if (!uri && argv.includes('--ferretdb')) {
  const { startFerretdb } = await import('./lib/ferretdb.mjs');
  ferret = await startFerretdb();
  uri = ferret.uri;
  console.log(`started a throwaway FerretDB at ${uri}`);
}
if (!uri) {
  console.error('Set MONGODB_URI (and MONGODB_DB, default medicare), or pass --ferretdb for a throwaway local FerretDB.');
  process.exit(1);
}

// The sync code is TypeScript shared with the Workers: bundled for Node, then run here.
const outfile = join(ROOT, '.wrangler/scripts/mongo-sync.mjs');
await bundleForNode(join(ROOT, 'shared/src/catalog/sync.mongo.ts'), outfile);
const { ensureMongoIndexes, syncCatalogToMongo } = await import(outfile);
const importFile = join(ROOT, '.wrangler/scripts/mongo-import.mjs');
if (from === 'mongo') await bundleForNode(join(ROOT, 'shared/src/catalog/import.mongo.ts'), importFile);
const { MongoClient } = await import('mongodb');
const client = new MongoClient(uri, { serverSelectionTimeoutMS: 15_000, maxPoolSize: 4 });
let dispose = async () => {};
try {
  await client.connect();
  const mdb = client.db(process.env.MONGODB_DB || 'medicare');
  if (from !== 'mongo') {
    const indexes = await ensureMongoIndexes(mdb);
    console.log(`indexes: ${indexes.join(', ')}`);
  }
  if (cmd === 'sync') {
    const opened = await openD1();
    const d1 = opened.d1;
    dispose = opened.dispose;
    const t0 = Date.now();
    if (from === 'mongo') {
      const { importCatalogFromMongo } = await import(importFile);
      const res = await importCatalogFromMongo(mdb, d1, { stock: !argv.includes('--no-stock'), onProgress: (m) => console.log(m) });
      console.log(`imported into D1: ${res.categories} categories, ${res.brands} brands, ${res.products} products written (${res.unchanged} unchanged), ${res.batches} stock batches in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      if (res.refused.length) {
        console.error(`${res.refused.length} document(s) refused (not imported):`);
        for (const r of res.refused) console.error(`  ${r.collection} ${r.id}: ${r.problem}`);
        process.exitCode = 1;
      }
    } else {
      const res = await syncCatalogToMongo(d1, mdb, (m) => console.log(m));
      console.log(`synced ${res.products} products, ${res.categories} categories, ${res.brands} brands (removed ${res.removed}) at catalogue version ${res.version} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
  }
} finally {
  await client.close();
  await dispose();
  await ferret?.stop();
}
