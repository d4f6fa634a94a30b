// Loads the seed catalogue, the 2025 address reference data and the placeholder images into the LOCAL D1 and R2
// (the same persisted state `npm run dev` uses, under .wrangler/state).
//
//   npm run seed                 apply migrations, then seed (fails if the catalogue is not empty)
//   npm run seed -- --if-empty   seed only when there are no products yet (what `npm run dev` runs)
//   npm run seed -- --reset      wipe the local D1/R2/cache state, re-apply migrations and seed again
//   npm run seed -- --today=2026-11-25   pin the date expiries are computed from (default: today in Vietnam)
//   npm run seed -- --orders 20000       also a synthetic order history of that many orders over 13 months, for the
//                                        dashboard (scripts/lib/seed-orders.mjs); seeds the catalogue first if empty,
//                                        and keeps an order history seeded before
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeed } from '../seed/load.mjs';
import { placeholderPng } from '../seed/png.mjs';
import { ROOT, run, wranglerEnv } from './lib/proc.mjs';
import { seededOrderCount, seedOrders } from './lib/seed-orders.mjs';

const argv = process.argv.slice(2);
const args = new Set(argv.filter((a) => !a.startsWith('--today=')));
const todayArg = argv.find((a) => a.startsWith('--today='))?.slice('--today='.length);
const ordersArg = argv.find((a) => a.startsWith('--orders='))?.slice('--orders='.length) ?? (argv.includes('--orders') ? argv[argv.indexOf('--orders') + 1] : undefined);
const ordersWanted = ordersArg === undefined ? 0 : Number(ordersArg);
if (ordersArg !== undefined && !(Number.isInteger(ordersWanted) && ordersWanted > 0 && ordersWanted <= 1_000_000)) {
  console.error(`--orders wants a whole number of orders (1 to 1,000,000), not "${ordersArg}"`);
  process.exit(1);
}

/** The synthetic order history, unless one is there already. */
async function ensureOrders(db) {
  if (!ordersWanted) return;
  const existing = await seededOrderCount(db);
  if (existing > 0) {
    console.log(`Local database already holds ${existing} seeded orders; keeping them. Rebuild with: npm run seed -- --reset --orders ${ordersWanted}`);
    return;
  }
  const t0 = Date.now();
  const counts = await seedOrders(db, { count: ordersWanted });
  console.log(`Seeded an order history in ${((Date.now() - t0) / 1000).toFixed(1)}s:`);
  for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(22)} ${v}`);
}

const removeLocalState = () => {
  for (const d of ['d1', 'r2', 'cache', 'kv']) rmSync(join(ROOT, '.wrangler/state/v3', d), { recursive: true, force: true });
  console.log('Local D1, R2 and cache state removed.');
};

async function main(attempt = 1) {
  await run('node', ['scripts/prepare-assets.mjs']);
  if (args.has('--reset')) removeLocalState();
  await run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local'], { quiet: true });

  const { getPlatformProxy } = await import('wrangler');
  Object.assign(process.env, wranglerEnv());
  const proxy = await getPlatformProxy({ configPath: join(ROOT, 'wrangler.toml'), persist: true });
  let incomplete = false;
  try {
    const db = proxy.env.DB;
    const existing = await db.prepare('SELECT (SELECT COUNT(*) FROM products) AS products, (SELECT COUNT(*) FROM provinces) AS provinces').first();
    // Addresses are loaded first and products last: addresses without products are a seed that stopped half-way
    // (e.g. the local D1 proxy dropped a request on a busy machine). Keeping it would serve an empty shop.
    incomplete = existing.provinces > 0 && existing.products === 0 && !args.has('--reset');
    if (incomplete) {
      console.log('The local database holds an unfinished seed (addresses, no products); rebuilding it.');
      return;
    }
    if (existing.products > 0 || existing.provinces > 0) {
      if (args.has('--if-empty') || ordersWanted) {
        console.log(`Local database already seeded (${existing.products} products); keeping it. Rebuild with: npm run seed -- --reset`);
        return await ensureOrders(db);
      }
      throw new Error(`The local database already has data (${existing.products} products). Use: npm run seed -- --reset`);
    }
    const t0 = Date.now();
    const { catalog, counts } = await loadSeed(db, { today: todayArg });

    const bucket = proxy.env.IMAGES_BUCKET;
    for (const ph of catalog.placeholders) {
      await bucket.put(ph.key, placeholderPng(ph.shape, ph.color), { httpMetadata: { contentType: 'image/png', cacheControl: 'public, max-age=31536000, immutable' } });
    }
    counts.r2_images = catalog.placeholders.length;
    console.log(`Seeded in ${((Date.now() - t0) / 1000).toFixed(1)}s (expiries relative to ${catalog.today}):`);
    for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(22)} ${v}`);
    await ensureOrders(db);
  } finally {
    await proxy.dispose();
    if (incomplete && attempt === 1) {
      removeLocalState();
      await main(2);
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  if (e instanceof Error && e.cause) console.error("cause:", e.cause);
  process.exit(1);
});
