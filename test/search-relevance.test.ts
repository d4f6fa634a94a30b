/**
 * Search relevance on the real seed catalogue, in-process (node:sqlite with the repo's migrations and the same SQL
 * the D1 adapter sends). Every query must put a product of the expected kind first and keep the next slots (top 5)
 * in the same class; a query marked `known` is reported, not asserted. One regression fails the suite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../seed/load.mjs';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts } from '../shared/src/search/service';
import { SqliteD1 } from './d1-sqlite';
import { CLASS_SLOTS, judgeRow, loadRelevanceSet, type RelevanceRow } from './search-relevance';

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
  it('has at least 80 realistic queries, each with a class for the next slots', () => {
    expect(queries.length).toBeGreaterThanOrEqual(80);
    expect(new Set(queries.map((c) => c.q)).size).toBe(queries.length);
  });

  it('ranks the expected kind of product first and keeps the top 5 in class, for every query not marked known', async () => {
    const rows: RelevanceRow[] = [];
    for (const c of queries) rows.push(judgeRow(c, await run(c.q)));
    const pct = (n: number) => `${((n / rows.length) * 100).toFixed(1)}%`;
    const top1 = rows.filter((r) => r.top1).length;
    const top3 = rows.filter((r) => r.top3).length;
    const clean = rows.filter((r) => r.clean).length;
    const regressions = rows.filter((r) => !r.known && r.problems.length);
    const known = rows.filter((r) => r.known);
    const report = [
      `search relevance: ${rows.length} queries, top-1 ${pct(top1)}, top-3 ${pct(top3)}, top-1 and top-${CLASS_SLOTS} in class ${pct(clean)}`,
      ...(regressions.length ? ['regressions:', ...regressions.map((r) => `  ${r.q}: ${r.problems.join('; ')}`)] : []),
      ...(known.length ? ['known misses:', ...known.map((r) => `  ${r.q} (${r.known}) ${r.problems.length ? r.problems.join('; ') : 'passes now: drop `known`'}`)] : []),
    ].join('\n');
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/search-relevance.txt', `${report}\n\n${rows.map((r) => `${r.problems.length ? '-' : '+'} ${r.q} → ${r.top.join(' | ')}`).join('\n')}\n`);
    console.log(report);
    expect(regressions.map((r) => `${r.q}: ${r.problems.join('; ')}`)).toEqual([]);
  }, 60_000);
});
