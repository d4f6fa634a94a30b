/**
 * In-process search benchmark: the D1 search adapter and its SQL on node:sqlite (same migrations, same queries),
 * over the seeded catalogue and over a 20,000-product synthetic catalogue, next to a plain indexed product lookup
 * measured in the same run. Bundled and run by `npm run bench` (scripts/bench.mjs).
 */
import { buildCatalog } from '../seed/generate.mjs';
import { loadSeed } from '../seed/load.mjs';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts, suggest } from '../shared/src/search/service';
import { SqliteD1 } from '../test/d1-sqlite';
import relevance from '../test/search-relevance.json';
import { relevanceBench } from './bench-search-relevance';

type Catalog = ReturnType<typeof buildCatalog>;
const NOW = Date.parse('2026-11-25T03:00:00Z');

/** A bigger catalogue: copies of the seed products with new ids, slugs and name variants. */
function synthesize(base: Catalog, target: number): Catalog {
  const copies = Math.ceil(target / base.products.length);
  const out: Catalog = { ...base, products: [], units: [], images: [], batches: [], productIngredients: [] };
  const variants = ['', ' Plus', ' Forte', ' Max', ' Extra', ' Kids', ' 2X', ' Gold', ' Pro', ' Lite', ' Duo', ' New'];
  for (let k = 0; k < copies; k++) {
    const sfx = k === 0 ? '' : `-s${k}`;
    const idOf = (id: string) => (k === 0 ? id : `${id.slice(0, 22)}S${String(k).padStart(3, '0')}`);
    for (const p of base.products) {
      if (out.products.length >= target) break;
      out.products.push({ ...p, id: idOf(p.id), slug: `${p.slug}${sfx}`, name: `${p.name}${variants[k % variants.length]}` });
    }
    const kept = new Set(out.products.map((p) => p.id));
    for (const u of base.units) if (kept.has(idOf(u.productId))) out.units.push({ ...u, id: idOf(u.id), productId: idOf(u.productId), barcode: null } as never);
    for (const i of base.images) if (kept.has(idOf(i.productId))) out.images.push({ ...i, id: idOf(i.id), productId: idOf(i.productId) });
    for (const b of base.batches) if (kept.has(idOf(b.productId))) out.batches.push({ ...b, id: idOf(b.id), productId: idOf(b.productId) });
    for (const pi of base.productIngredients) if (kept.has(idOf(pi.productId))) out.productIngredients.push({ ...pi, productId: idOf(pi.productId) });
  }
  return out;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure<T>(inputs: T[], fn: (x: T) => Promise<unknown>, rounds = 3) {
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

async function benchCatalog(label: string, catalog: Catalog) {
  const db = new SqliteD1().migrate();
  const t0 = performance.now();
  await loadSeed(db.asD1(), { catalog, locations: false });
  const loadMs = performance.now() - t0;
  const index = new D1SearchIndex(db.asD1());
  const queries = (relevance as { queries: Array<{ q: string }> }).queries.map((x) => x.q);
  const prefixes = queries.map((q) => q.slice(0, Math.max(3, Math.ceil(q.length / 2))));
  const slugs = catalog.products.filter((_, i) => i % Math.ceil(catalog.products.length / 60) === 0).map((p) => p.slug);
  const lookup = db.asD1().prepare('SELECT id, name FROM products WHERE slug = ?');

  const rows = [
    ['plain indexed lookup (products.slug)', await measure(slugs, (s) => lookup.bind(s).first())],
    ['search (relevance, 24 per page, facets)', await measure(queries, (q) => searchProducts(index, { q, sort: 'relevance', limit: 24 } as never, NOW))],
    ['search + filters (in stock, OTC, price)', await measure(queries, (q) => searchProducts(index, { q, sort: 'relevance', limit: 24, inStock: true, rx: false, maxPrice: 500_000 } as never, NOW))],
    ['suggest (as you type)', await measure(prefixes, (q) => suggest(index, q, 6, NOW))],
  ] as const;
  const base = rows[0][1].p50;
  console.log(`\n${label}: ${catalog.products.length} products (loaded with triggers in ${(loadMs / 1000).toFixed(1)} s)`);
  console.log(`  ${'operation'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p50/lookup'.padStart(11)}  n`);
  for (const [name, r] of rows) console.log(`  ${name.padEnd(42)} ${r.p50.toFixed(3).padStart(8)} ${r.p95.toFixed(3).padStart(8)} ${(r.p50 / base).toFixed(1).padStart(11)}  ${r.n}`);
}

const seed = buildCatalog({ today: '2026-11-25' });
console.log('Search benchmark, in-process (node:sqlite, same migrations and SQL as D1; no D1 transport). One run: compare ratios.');
await benchCatalog('Seed catalogue', seed);
await benchCatalog('Synthetic catalogue', synthesize(seed, 20_000));

// Relevance per category and per engine (scripts/bench-search-relevance.ts; the Elasticsearch engine is wired there).
await relevanceBench(seed, NOW);
