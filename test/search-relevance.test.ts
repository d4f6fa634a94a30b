/**
 * Search relevance on the real seed catalogue, in-process (node:sqlite with the repo's migrations and the same SQL
 * the D1 adapter sends). Reports top-1 / top-3 hit rates and fails if quality regresses below the bar.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../seed/load.mjs';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { searchProducts } from '../shared/src/search/service';
import { SqliteD1 } from './d1-sqlite';

interface Case {
  q: string;
  expect: string;
  kind: string;
}
const { queries } = JSON.parse(readFileSync(new URL('./search-relevance.json', import.meta.url), 'utf8')) as { queries: Case[] };

const db = new SqliteD1().migrate();
const index = new D1SearchIndex(db.asD1());
const NOW = Date.parse('2026-11-25T03:00:00Z');

beforeAll(async () => {
  await loadSeed(db.asD1(), { today: '2026-11-25', locations: false });
}, 60_000);

const run = (q: string) =>
  searchProducts(index, { q, sort: 'relevance', limit: 3 } as never, NOW).then((r) => r.items.map((i) => i.name));

describe('search relevance set', () => {
  it('has at least 40 realistic queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
  });

  it('keeps top-1 and top-3 hit rates above the bar', async () => {
    const rows: Array<Case & { top: string[]; hit1: boolean; hit3: boolean }> = [];
    for (const c of queries) {
      const top = await run(c.q);
      const re = new RegExp(c.expect, 'u');
      rows.push({ ...c, top, hit1: top[0] !== undefined && re.test(top[0]), hit3: top.some((n) => re.test(n)) });
    }
    const top1 = rows.filter((r) => r.hit1).length / rows.length;
    const top3 = rows.filter((r) => r.hit3).length / rows.length;
    const misses = rows.filter((r) => !r.hit3).map((r) => `  ${r.q} → ${r.top.join(' | ') || '(nothing)'}`);
    const report = `search relevance: ${rows.length} queries, top-1 ${(top1 * 100).toFixed(1)}%, top-3 ${(top3 * 100).toFixed(1)}%\n${misses.length ? `misses:\n${misses.join('\n')}\n` : ''}`;
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/search-relevance.txt', `${report}\n${rows.map((r) => `${r.hit1 ? '1' : r.hit3 ? '3' : '-'} ${r.q} → ${r.top.join(' | ')}`).join('\n')}\n`);
    console.log(report);
    expect(top3).toBeGreaterThanOrEqual(0.95);
    expect(top1).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
