/**
 * In-process search benchmark: the D1 search adapter and its SQL on node:sqlite (same migrations, same queries),
 * over the seeded catalogue and over synthetic catalogues (`--products 20000,100000`; default 20000; built by
 * scripts/lib/synthetic-catalog.ts so that hit counts grow with the catalogue), next to a plain indexed product
 * lookup measured in the same run. `--rounds N` repeats every query set N times (default 3).
 * Bundled and run by `npm run bench` (scripts/bench.mjs), which passes its arguments through:
 * `npm run bench -- --search-only --products 20000,100000`.
 * Each catalogue's built database is kept in .wrangler/bench/db/ and reused while the migrations, the catalogue's rows
 * (which hold the day it was made for) and the loader are the same (`--rebuild` builds it again): loading 100,000
 * products through the triggers costs ~5 min of CPU (15 min of wall time on this shared machine).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../seed/generate.mjs';
import { loadSeed } from '../seed/load.mjs';
import { vietnamDate } from '../shared/src/catalog/availability';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts, suggest } from '../shared/src/search/service';
import { SqliteD1 } from '../test/d1-sqlite';
import relevance from '../test/search-relevance.json';
import { synthesize } from './lib/synthetic-catalog';
import { relevanceBench } from './bench-search-relevance';
import { pct } from './lib/percentile.mjs';

type Catalog = ReturnType<typeof buildCatalog>;
// The real clock: the availability summary's triggers stamp rows with SQLite's clock (ADR 0034), as in production.
const NOW = Date.now();

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
};
const SIZES = (flag('--products') ?? '20000').split(',').map((x) => Number(x.replace(/_/g, ''))).filter((n) => Number.isInteger(n) && n > 0);
const ROUNDS = Math.max(1, Number(flag('--rounds') ?? 3));
const REBUILD = args.includes('--rebuild');

/** Two-word queries as shoppers type them (symptoms, ingredients, forms; with and without marks). */
const TWO_WORD = [
  'vitamin c', 'siro ho', 'paracetamol 500mg', 'đau đầu', 'dau dau', 'omega 3', 'canxi d3', 'sữa rửa', 'sua rua',
  'kem dưỡng', 'thuốc ho', 'viên sủi', 'hạ sốt', 'ha sot', 'kháng sinh', 'khang sinh', 'dầu gió', 'men tiêu',
  'trị mụn', 'tri mun', 'chống nắng', 'nhỏ mắt', 'nho mat', 'tiêu hóa', 'ibuprofen 400mg', 'trẻ em', 'dạ dày', 'da day',
  'huyết áp', 'xịt mũi',
];


async function measure<T>(inputs: T[], fn: (x: T) => Promise<unknown>, rounds = ROUNDS) {
  for (const x of inputs.slice(0, 10)) await fn(x); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const x of inputs) {
      const t = performance.now();
      await fn(x);
      ms.push(performance.now() - t);
    }
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), n: ms.length };
}

/**
 * Loads a catalogue through the catalogue tables and their triggers (the search index is what the triggers write).
 * Bulk order: the ingredient rows go in before their products (foreign keys off while loading), so each product's
 * search row is written once, by the products trigger, instead of once more per ingredient.
 */
async function load(db: SqliteD1, catalog: Catalog) {
  db.db.exec('PRAGMA foreign_keys = OFF');
  const ins = db.db.prepare('INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) VALUES (?, ?, ?, ?)');
  db.db.exec('BEGIN');
  for (const pi of catalog.productIngredients) ins.run(pi.productId, pi.ingredientId, pi.strength, pi.position);
  db.db.exec('COMMIT');
  await loadSeed(db.asD1(), { catalog: { ...catalog, productIngredients: [] }, locations: false });
  db.db.exec('PRAGMA foreign_keys = ON');
}

/** Bump when `load` changes what it writes: the cached databases are rebuilt. */
const LOADER_VERSION = 'triggers-1';
const CACHE_DIR = '.wrangler/bench/db';

/** The cache key of a catalogue's database: the migrations, every row of the catalogue, the loader. */
function cacheKey(catalog: Catalog): string {
  const h = createHash('sha256').update(LOADER_VERSION);
  for (const f of readdirSync('migrations').filter((x) => x.endsWith('.sql')).sort()) h.update(f).update(readFileSync(join('migrations', f)));
  for (const [k, v] of Object.entries(catalog)) {
    h.update(k);
    if (Array.isArray(v)) for (const row of v) h.update(JSON.stringify(row));
    else h.update(JSON.stringify(v) ?? '');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The catalogue's database, from the cache or built (through the triggers) into it. Every run reads the file the same
 * way (memory-mapped, a 64 MB page cache), whether it was built now or before.
 */
async function openCatalog(catalog: Catalog): Promise<{ db: SqliteD1; loadMs: number | null }> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const stem = `search-${catalog.products.length}-`;
  const file = join(CACHE_DIR, `${stem}${cacheKey(catalog)}.db`);
  let loadMs: number | null = null;
  if (REBUILD || !existsSync(file)) {
    const mem = new SqliteD1().migrate();
    const t0 = performance.now();
    await load(mem, catalog);
    loadMs = performance.now() - t0;
    // Older builds of the same size are dropped (100,000 products take 800 MB).
    for (const f of readdirSync(CACHE_DIR)) if (f.startsWith(stem)) rmSync(join(CACHE_DIR, f));
    mem.db.exec(`VACUUM INTO '${file}.tmp'`);
    mem.db.close();
    renameSync(`${file}.tmp`, file);
  }
  const db = new SqliteD1(file);
  db.db.exec('PRAGMA mmap_size = 2000000000; PRAGMA cache_size = -65536');
  return { db, loadMs };
}

async function benchCatalog(label: string, catalog: Catalog) {
  const { db, loadMs } = await openCatalog(catalog);
  const index = new D1SearchIndex(db.asD1());
  const queries = (relevance as { queries: Array<{ q: string }> }).queries.map((x) => x.q);
  const prefixes = queries.map((q) => q.slice(0, Math.max(3, Math.ceil(q.length / 2))));
  const slugs = catalog.products.filter((_, i) => i % Math.ceil(catalog.products.length / 60) === 0).map((p) => p.slug);
  const lookup = db.asD1().prepare('SELECT id, name FROM products WHERE slug = ?');
  const search = (q: string, extra: Record<string, unknown> = {}) => searchProducts(index, { q, sort: 'relevance', limit: 24, ...extra } as never, NOW);

  // How many products the two-word queries hit (the facets count them all).
  const totals: number[] = [];
  for (const q of TWO_WORD) totals.push((await search(q)).total);

  const rows = [
    ['plain indexed lookup (products.slug)', await measure(slugs, (s) => lookup.bind(s).first())],
    ['two-word query (24 per page, facets)', await measure(TWO_WORD, (q) => search(q))],
    ['relevance set (24 per page, facets)', await measure(queries, (q) => search(q))],
    ['search + filters (in stock, OTC, price)', await measure(queries, (q) => search(q, { inStock: true, rx: false, maxPrice: 500_000 }))],
    ['suggest (as you type)', await measure(prefixes, (q) => suggest(index, q, 6, NOW))],
  ] as const;
  const base = rows[0][1].p50;
  const loaded = loadMs === null ? 'built earlier, read from .wrangler/bench/db' : `loaded with triggers in ${(loadMs / 1000).toFixed(1)} s`;
  console.log(`\n${label}: ${catalog.products.length} products (${loaded}); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`  two-word queries hit: median ${pct(totals, 50)}, max ${Math.max(...totals)} products (${TWO_WORD.length} queries)`);
  console.log(`  ${'operation'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p50/lookup'.padStart(11)}  n`);
  for (const [name, r] of rows) console.log(`  ${name.padEnd(42)} ${r.p50.toFixed(3).padStart(8)} ${r.p95.toFixed(3).padStart(8)} ${(r.p50 / base).toFixed(1).padStart(11)}  ${r.n}`);
  db.db.close();
}

const seed = buildCatalog({ today: vietnamDate(NOW) });
console.log(`Search benchmark, in-process (node:sqlite, same migrations and SQL as D1; no D1 transport). ${ROUNDS} round(s) per query set. One run: compare ratios.`);
await benchCatalog('Seed catalogue', seed);
for (const n of SIZES) await benchCatalog('Synthetic catalogue (scripts/lib/synthetic-catalog.ts)', synthesize(seed, n));

// Relevance per category and per engine (scripts/bench-search-relevance.ts; the Elasticsearch engine is wired there).
await relevanceBench(seed, NOW);
