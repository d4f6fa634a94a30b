// Loads the seed catalogue, the 2025 address reference data and the placeholder images into the LOCAL D1 and R2
// (the same persisted state `npm run dev` uses, under .wrangler/state).
//
//   npm run seed                 apply migrations, then seed (fails if the catalogue is not empty)
//   npm run seed -- --if-empty   seed only when there are no products yet (what `npm run dev` runs)
//   npm run seed -- --reset      wipe the local D1/R2/cache state, re-apply migrations and seed again
//   npm run seed -- --today=2026-11-25   pin the date expiries are computed from (default: today in Vietnam)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, buildLocations } from '../seed/generate.mjs';
import { placeholderPng } from '../seed/png.mjs';
import { ROOT, run, wranglerEnv } from './lib/proc.mjs';

const args = new Set(process.argv.slice(2).filter((a) => !a.startsWith('--today=')));
const todayArg = process.argv.find((a) => a.startsWith('--today='))?.slice('--today='.length);

const TABLES = {
  provinces: ['code', 'name', 'place_type', 'region', 'name_folded'],
  wards: ['code', 'province_code', 'name', 'name_folded'],
  ward_legacy_mappings: ['old_ward_code', 'old_ward_name', 'old_district_name', 'old_province_name', 'new_ward_code'],
  categories: ['id', 'parent_id', 'level', 'slug', 'name', 'description', 'path', 'position', 'created_at', 'updated_at'],
  brands: ['id', 'slug', 'name', 'country', 'description', 'created_at', 'updated_at'],
  manufacturers: ['id', 'slug', 'name', 'country', 'address', 'created_at', 'updated_at'],
  ingredients: ['id', 'slug', 'name', 'created_at'],
  products: [
    'id', 'slug', 'name', 'short_description', 'description', 'dosage_form', 'pack_spec', 'base_unit', 'indications', 'dosage',
    'side_effects', 'contraindications', 'precautions', 'storage', 'registration_number', 'country_of_origin', 'manufacturer_id',
    'brand_id', 'category_id', 'prescription_required', 'special_control', 'approval_state', 'visible', 'sold_count',
    'rating_avg_x100', 'rating_count', 'created_at', 'updated_at',
  ],
  product_ingredients: ['product_id', 'ingredient_id', 'strength', 'position'],
  product_units: ['id', 'product_id', 'name', 'factor', 'price', 'sale_price', 'sale_starts_at', 'sale_ends_at', 'weight_grams', 'barcode', 'is_default', 'position', 'created_at', 'updated_at'],
  product_images: ['id', 'product_id', 'r2_key', 'alt', 'width', 'height', 'content_type', 'position', 'created_at'],
  stock_batches: ['id', 'product_id', 'lot_number', 'expiry_date', 'quantity', 'reserved', 'received_at', 'created_at', 'updated_at'],
};

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const FIELD = { rating_avg_x100: 'ratingAvg' };

function toValue(v) {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** Multi-row INSERTs with bound parameters (at most 100 per statement), sent in D1 batches. */
async function insertAll(db, table, rows, now) {
  const cols = TABLES[table];
  const perStmt = Math.max(1, Math.floor(100 / cols.length));
  const stmts = [];
  for (let i = 0; i < rows.length; i += perStmt) {
    const chunk = rows.slice(i, i + perStmt);
    const placeholders = chunk.map(() => `(${cols.map(() => '?').join(',')})`).join(',');
    const values = chunk.flatMap((r) =>
      cols.map((c) => {
        const key = FIELD[c] ?? camel(c);
        if ((c === 'created_at' || c === 'updated_at') && r[key] === undefined) return now;
        return toValue(r[key]);
      }),
    );
    stmts.push(db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${placeholders}`).bind(...values));
  }
  for (let i = 0; i < stmts.length; i += 200) await db.batch(stmts.slice(i, i + 200));
  return rows.length;
}

async function main() {
  await run('node', ['scripts/prepare-assets.mjs']);
  if (args.has('--reset')) {
    for (const d of ['d1', 'r2', 'cache', 'kv']) rmSync(join(ROOT, '.wrangler/state/v3', d), { recursive: true, force: true });
    console.log('Local D1, R2 and cache state removed.');
  }
  await run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local'], { quiet: true });

  const { getPlatformProxy } = await import('wrangler');
  Object.assign(process.env, wranglerEnv());
  const proxy = await getPlatformProxy({ configPath: join(ROOT, 'wrangler.toml'), persist: true });
  try {
    const db = proxy.env.DB;
    const existing = await db.prepare('SELECT (SELECT COUNT(*) FROM products) AS products, (SELECT COUNT(*) FROM provinces) AS provinces').first();
    if (existing.products > 0 || existing.provinces > 0) {
      if (args.has('--if-empty')) {
        console.log(`Local database already seeded (${existing.products} products); keeping it. Rebuild with: npm run seed -- --reset`);
        return;
      }
      throw new Error(`The local database already has data (${existing.products} products). Use: npm run seed -- --reset`);
    }
    const t0 = Date.now();
    const catalog = buildCatalog(todayArg ? { today: todayArg } : {});
    const loc = buildLocations();
    const now = Date.now();
    // Parents before children (categories are ordered main → sub → leaf by construction).
    const plan = [
      ['provinces', loc.provinces],
      ['wards', loc.wards],
      ['ward_legacy_mappings', loc.mappings],
      ['categories', catalog.categories],
      ['brands', catalog.brands],
      ['manufacturers', catalog.manufacturers],
      ['ingredients', catalog.ingredients],
      ['products', catalog.products],
      ['product_ingredients', catalog.productIngredients],
      ['product_units', catalog.units],
      ['product_images', catalog.images],
      ['stock_batches', catalog.batches],
    ];
    const counts = {};
    for (const [table, rows] of plan) counts[table] = await insertAll(db, table, rows, now);

    const bucket = proxy.env.IMAGES_BUCKET;
    for (const ph of catalog.placeholders) {
      await bucket.put(ph.key, placeholderPng(ph.shape, ph.color), { httpMetadata: { contentType: 'image/png', cacheControl: 'public, max-age=31536000, immutable' } });
    }
    counts.r2_images = catalog.placeholders.length;
    console.log(`Seeded in ${((Date.now() - t0) / 1000).toFixed(1)}s (expiries relative to ${catalog.today}):`);
    for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(22)} ${v}`);
  } finally {
    await proxy.dispose();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
