/**
 * Search relevance on the real seed catalogue, in-process (node:sqlite with the repo's migrations and the same SQL
 * the D1 adapter sends). Every query must put a product of the expected kind first and keep the next slots (top 5)
 * in the same class; a query marked `known` is reported, not asserted. One regression fails the suite, and so does a
 * category whose top-1 or top-3 rate falls below its measured floor (`D1_RELEVANCE_FLOORS`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../seed/load.mjs';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts } from '../shared/src/search/service';
import { SqliteD1 } from './d1-sqlite';
import { belowFloors, CLASS_SLOTS, D1_RELEVANCE_FLOORS, formatCategoryTable, judgeRow, loadRelevanceSet, RELEVANCE_CATEGORIES, scoreByCategory, type RelevanceRow } from './search-relevance';

const queries = loadRelevanceSet();

const db = new SqliteD1().migrate();
const index = new D1SearchIndex(db.asD1());
const NOW = Date.parse('2026-11-25T03:00:00Z');

beforeAll(async () => {
  await loadSeed(db.asD1(), { today: '2026-11-25', locations: false });
}, 60_000);

const run = (q: string) =>
  searchProducts(index, { q, sort: 'relevance', limit: CLASS_SLOTS } as never, NOW).then((r) => r.items.map((i) => i.name));

describe('search relevance set', () => {
  it('has at least 150 realistic queries, at least 15 in each category', () => {
    expect(queries.length).toBeGreaterThanOrEqual(150);
    for (const cat of RELEVANCE_CATEGORIES) expect(queries.filter((c) => c.category === cat).length, cat).toBeGreaterThanOrEqual(15);
  });

  it('ranks the expected kind of product first and keeps the top 5 in class (every query not marked known), and each category keeps its top-1/top-3 floor', async () => {
    const rows: RelevanceRow[] = [];
    for (const c of queries) rows.push(judgeRow(c, await run(c.q)));
    const scores = scoreByCategory(rows);
    const regressions = rows.filter((r) => !r.known && r.problems.length);
    const known = rows.filter((r) => r.known);
    const floors = belowFloors(scores, D1_RELEVANCE_FLOORS);
    const report = [
      `search relevance (D1 engine, seed catalogue): ${rows.length} queries; rates per category (class: top-1 right and top-${CLASS_SLOTS} in class)`,
      formatCategoryTable([{ engine: 'd1', scores }]),
      ...(floors.length ? ['below floor:', ...floors.map((f) => `  ${f}`)] : []),
      ...(regressions.length ? ['regressions:', ...regressions.map((r) => `  [${r.category}] ${r.q}: ${r.problems.join('; ')}`)] : []),
      ...(known.length ? ['known misses:', ...known.map((r) => `  [${r.category}] ${r.q} (${r.known}) ${r.problems.length ? r.problems.join('; ') : 'passes now: drop `known`'}`)] : []),
    ].join('\n');
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/search-relevance.txt', `${report}\n\n${rows.map((r) => `${r.problems.length ? '-' : '+'} [${r.category}] ${r.q} → ${r.top.join(' | ')}`).join('\n')}\n`);
    console.log(report);
    expect(regressions.map((r) => `${r.q}: ${r.problems.join('; ')}`)).toEqual([]);
    expect(floors).toEqual([]);
  }, 120_000);
});
