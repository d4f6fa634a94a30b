/**
 * Paired search measurement (#16, ADR 0042): the D1 search adapter of another revision and of the working tree,
 * alternated per query in ONE process over the SAME catalogue database, so a change is compared at the same machine
 * load (this machine's load swings 1–20 within minutes; unpaired runs say nothing about a change).
 *
 *   npx tsx scripts/pair-search.ts --base HEAD --db .wrangler/bench/db/search-20000-….db [--set two|rel|sug] [--rounds 2] [--filters]
 *
 * `--base` is checked out with `git archive` (shared/ and test/d1-sqlite.ts) into .wrangler/pair/<rev>/ and imported
 * from there; the databases are the bench's cached catalogues (`npm run bench -- --search-only --products 20000,100000`
 * builds them). Prints CPU time per call (process.cpuUsage; wall time is several times CPU on a loaded machine) p50 /
 * p95 for each side, the median wall ratio and how many answers differ (first round; same data, same instant).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts, suggest } from '../shared/src/search/service';
import { SqliteD1 } from '../test/d1-sqlite';
import { pct } from './lib/percentile.mjs';

const args = process.argv.slice(2);
const flag = (name: string, dflt?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const base = flag('--base', 'HEAD')!;
const file = flag('--db');
const set = flag('--set', 'two')!;
const rounds = Math.max(1, Number(flag('--rounds', '2')));
const filters = args.includes('--filters') ? { inStock: true, rx: false, maxPrice: 500_000 } : {};
if (!file || !existsSync(file)) throw new Error('--db <a catalogue database built by the bench> is required');

const rev = execFileSync('git', ['rev-parse', '--short', base], { encoding: 'utf8' }).trim();
const dir = resolve('.wrangler/pair', rev);
if (!existsSync(dir)) {
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${rev} shared test/d1-sqlite.ts | tar -x -C ${dir}`]);
}
const old = {
  index: (await import(pathToFileURL(join(dir, 'shared/src/search/index.d1.ts')).href)) as { D1SearchIndex: typeof D1SearchIndex },
  service: (await import(pathToFileURL(join(dir, 'shared/src/search/service.ts')).href)) as { searchProducts: typeof searchProducts; suggest: typeof suggest },
};

// The bench's query sets (scripts/bench-search.ts).
const TWO_WORD = [
  'vitamin c', 'siro ho', 'paracetamol 500mg', 'đau đầu', 'dau dau', 'omega 3', 'canxi d3', 'sữa rửa', 'sua rua',
  'kem dưỡng', 'thuốc ho', 'viên sủi', 'hạ sốt', 'ha sot', 'kháng sinh', 'khang sinh', 'dầu gió', 'men tiêu',
  'trị mụn', 'tri mun', 'chống nắng', 'nhỏ mắt', 'nho mat', 'tiêu hóa', 'ibuprofen 400mg', 'trẻ em', 'dạ dày', 'da day',
  'huyết áp', 'xịt mũi',
];
const relevance = (JSON.parse(readFileSync('test/search-relevance.json', 'utf8')) as { queries: Array<{ q: string }> }).queries.map((x) => x.q);
const queries = set === 'rel' ? relevance : set === 'sug' ? relevance.map((q) => q.slice(0, Math.max(3, Math.ceil(q.length / 2)))) : TWO_WORD;

const db = new SqliteD1(file);
db.db.exec('PRAGMA mmap_size = 2000000000; PRAGMA cache_size = -65536');
const NOW = Date.now();
type Side = { name: 'base' | 'work'; run: (q: string) => Promise<unknown> };
const side = (name: Side['name'], Index: typeof D1SearchIndex, svc: { searchProducts: typeof searchProducts; suggest: typeof suggest }): Side => {
  const index = new Index(db.asD1());
  return { name, run: (q) => (set === 'sug' ? svc.suggest(index, q, 6, NOW) : svc.searchProducts(index, { q, sort: 'relevance', limit: 24, ...filters } as never, NOW)) };
};
const sides = [side('base', old.index.D1SearchIndex, old.service), side('work', D1SearchIndex, { searchProducts, suggest })];

for (const q of queries.slice(0, 5)) for (const s of sides) await s.run(q); // warm-up
const cpu: Record<Side['name'], number[]> = { base: [], work: [] };
const ratio: number[] = [];
const differ: string[] = [];
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    const wall: Record<string, number> = {};
    const answers: Record<string, string> = {};
    for (const s of r % 2 === 0 ? sides : [...sides].reverse()) {
      const c = process.cpuUsage();
      const t = performance.now();
      const out = await s.run(q);
      wall[s.name] = performance.now() - t;
      const d = process.cpuUsage(c);
      cpu[s.name].push((d.user + d.system) / 1000);
      if (r === 0) answers[s.name] = JSON.stringify(out);
    }
    ratio.push(wall.work! / wall.base!);
    if (r === 0 && answers.base !== answers.work) differ.push(q);
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} / p95 ${pct(xs, 95).toFixed(2)}`;
console.log(`${set}${args.includes('--filters') ? ' + filters' : ''}, ${queries.length} × ${rounds}, ${file}, load average ${load}`);
console.log(`  base ${rev}: ${f(cpu.base)} CPU ms`);
console.log(`  working tree: ${f(cpu.work)} CPU ms`);
console.log(`  median wall work/base ${pct(ratio, 50).toFixed(2)}; answers differ: ${differ.length}${differ.length ? ` (${differ.slice(0, 12).join(', ')})` : ''}`);
