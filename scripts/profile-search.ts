/**
 * Profiles the D1 search statement on a synthetic catalogue (dev tool for ADR 0042): builds the catalogue once into a
 * file (PROFILE_DB, reused on later runs), captures the statement the repository runs for each two-word query, and
 * times its parts (MATCH alone, MATCH + rank, hits, base, the whole statement) with EXPLAIN QUERY PLAN.
 * Bundle it like the bench (scripts/lib/bundle.mjs `bundleForNode`) and run the bundle with `npx node … --products 20000`;
 * `PLAN=1` prints the statement and its EXPLAIN QUERY PLAN for "vitamin c". Loads like scripts/bench-search.ts.
 */
import { existsSync } from 'node:fs';
import { buildCatalog } from '../seed/generate.mjs';
import { loadSeed } from '../seed/load.mjs';
import { vietnamDate } from '../shared/src/catalog/availability';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts } from '../shared/src/search/service';
import { SqliteD1 } from '../test/d1-sqlite';
import { synthesize } from './lib/synthetic-catalog';
import { pct } from './lib/percentile.mjs';

const NOW = Date.now();
const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--products') + 1] ?? 20000);
const FILE = process.env.PROFILE_DB ?? `.wrangler/prof/search-${N}.db`;
const TWO_WORD = [
  'vitamin c', 'siro ho', 'paracetamol 500mg', 'đau đầu', 'dau dau', 'omega 3', 'canxi d3', 'sữa rửa', 'sua rua',
  'kem dưỡng', 'thuốc ho', 'viên sủi', 'hạ sốt', 'ha sot', 'kháng sinh', 'khang sinh', 'dầu gió', 'men tiêu',
  'trị mụn', 'tri mun', 'chống nắng', 'nhỏ mắt', 'nho mat', 'tiêu hóa', 'ibuprofen 400mg', 'trẻ em', 'dạ dày', 'da day',
  'huyết áp', 'xịt mũi',
];

let db: SqliteD1;
if (existsSync(FILE)) {
  db = new SqliteD1(FILE);
} else {
  db = new SqliteD1().migrate();
  const catalog = synthesize(buildCatalog({ today: vietnamDate(NOW) }), N);
  db.db.exec('PRAGMA foreign_keys = OFF');
  const ins = db.db.prepare('INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) VALUES (?, ?, ?, ?)');
  db.db.exec('BEGIN');
  for (const pi of catalog.productIngredients) ins.run(pi.productId, pi.ingredientId, pi.strength, pi.position);
  db.db.exec('COMMIT');
  await loadSeed(db.asD1(), { catalog: { ...catalog, productIngredients: [] }, locations: false });
  db.db.exec('PRAGMA foreign_keys = ON');
  db.db.exec(`VACUUM INTO '${FILE}'`);
  console.log('built', FILE);
}
// Capture the statements the repository prepares.
const captured: Array<{ sql: string; params: unknown[] }> = [];
const origPrepare = db.prepare.bind(db);
(db as unknown as { prepare: (s: string) => unknown }).prepare = (s: string) => {
  const st = origPrepare(s) as unknown as { bind: (...a: unknown[]) => unknown };
  return new Proxy(st, { get(t, p, r) { if (p === 'bind') return (...a: unknown[]) => { captured.push({ sql: s, params: a }); return (t as any).bind(...a); }; const v = Reflect.get(t, p, r); return typeof v === 'function' ? v.bind(t) : v; } });
};
const index = new D1SearchIndex(db.asD1());
const time = (fn: () => unknown, rounds = 5) => {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) { const t = performance.now(); fn(); ms.push(performance.now() - t); }
  return pct(ms, 50);
};
const rows: Record<string, number[]> = {};
const add = (k: string, v: number) => (rows[k] ??= []).push(v);
const extra = JSON.parse(process.env.PROFILE_FILTERS ?? '{}');
for (const q of TWO_WORD) {
  captured.length = 0;
  const r = await searchProducts(index, { q, sort: 'relevance', limit: 24, ...extra } as never, NOW);
  const main = captured.find((c) => c.sql.includes('base AS MATERIALIZED'))!;
  const params = main.params as any[];
  const run = (sqlText: string, ps: unknown[] = params) => db.db.prepare(sqlText).all(...(ps as any[]));
  add('whole statement', time(() => run(main.sql)));
  // The MATCH expression chosen (first bound parameter is match.all, then any).
  // Split index (migration 0038): the table the statement reads first (a mixed query reads both; its parts are approximate).
  const fts = /FROM (product_search_fts(?:_x)?) WHERE/.exec(main.sql)?.[1] ?? 'product_search_fts';
  const all = params[0], phrase = main.sql.includes('phrase_hits') ? params[3] : null;
  add('MATCH only (count rowids)', time(() => run(`SELECT count(*) FROM ${fts} WHERE ${fts} MATCH ?`, [all])));
  add('MATCH + bm25 rank', time(() => run(`SELECT count(*), min(rank) FROM ${fts} WHERE ${fts} MATCH ?`, [all])));
  if (phrase) add('phrase MATCH', time(() => run(`SELECT count(*) FROM ${fts} WHERE ${fts} MATCH ?`, [phrase])));
  const withBase = main.sql.replace(/\n\s*SELECT \(SELECT count\(\*\) FROM base[\s\S]*$/, ' SELECT count(*) FROM base');
  add('CTEs to base (count)', time(() => run(withBase, params.slice(0, (withBase.match(/\?/g) ?? []).length))));
  const hitsOnly = main.sql.replace(/, base AS MATERIALIZED[\s\S]*$/, ' SELECT count(*) FROM hits');
  add('CTEs to hits (count)', time(() => run(hitsOnly, params.slice(0, (hitsOnly.match(/\?/g) ?? []).length))));
  add('total', r.total);
  if (q === 'vitamin c' && process.env.PLAN) {
    console.log(main.sql);
    console.log((db.db.prepare(`EXPLAIN QUERY PLAN ${main.sql}`).all(...params) as any[]).map((x) => `${x.id} ${x.parent} ${x.detail}`).join('\n'));
  }
}
console.log(`${N} products, ${TWO_WORD.length} two-word queries, median of 5 per query; p50 / p95 over queries (ms)`);
for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(30)} ${pct(v, 50).toFixed(2).padStart(8)} ${pct(v, 95).toFixed(2).padStart(8)}`);
