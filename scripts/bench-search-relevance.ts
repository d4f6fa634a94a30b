/**
 * Search relevance per category and per engine, for the in-process search bench (scripts/bench-search.ts): every
 * engine behind the `SearchIndex` port answers the relevance set (test/search-relevance.json) on the same catalogue
 * through the same use case (`searchProducts`), and is judged by the same rules (test/search-relevance.ts). Reports
 * top-1 / top-3 / in-class rates per category, one column group per engine, then the queries each engine misses in
 * its top 3. No ports are bound by the D1 engine (node:sqlite).
 */
import { loadSeed } from '../seed/load.mjs';
import type { SeedCatalog } from '../seed/generate.mjs';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { ElasticSearchIndex } from '../shared/src/search/index.elastic';
import { elasticClient } from '../shared/src/search/sync.elastic';
import { reindexAll } from '../shared/src/search/reindex.elastic';
import { startElasticsearch } from '../test/elasticsearch-server';
import type { SearchIndex } from '../shared/src/search/ports';
import { searchProducts } from '../shared/src/search/service';
import { SqliteD1 } from '../test/d1-sqlite';
import { CLASS_SLOTS, formatCategoryTable, judgeRow, loadRelevanceSet, scoreByCategory, type RelevanceRow } from '../test/search-relevance';

/** One search engine to judge: a name for the report and its `SearchIndex` adapter. */
export interface RelevanceEngine {
  engine: string;
  index: SearchIndex;
}

/** Runs the relevance set on each engine and returns the judged rows per engine (same query order). */
export async function judgeEngines(engines: RelevanceEngine[], now: number): Promise<Array<{ engine: string; rows: RelevanceRow[] }>> {
  const queries = loadRelevanceSet();
  const out: Array<{ engine: string; rows: RelevanceRow[] }> = [];
  for (const { engine, index } of engines) {
    const rows: RelevanceRow[] = [];
    for (const c of queries) {
      const res = await searchProducts(index, { q: c.q, sort: 'relevance', limit: CLASS_SLOTS } as never, now);
      rows.push(judgeRow(c, res.items.map((i) => i.name)));
    }
    out.push({ engine, rows });
  }
  return out;
}

/** The per-category table for every engine, then each engine's top-3 misses. */
export async function relevanceReport(engines: RelevanceEngine[], now: number): Promise<string> {
  const judged = await judgeEngines(engines, now);
  const table = formatCategoryTable(judged.map((j) => ({ engine: j.engine, scores: scoreByCategory(j.rows) })));
  const misses = judged.flatMap((j) => {
    const m = j.rows.filter((r) => !r.top3);
    return m.length ? [`  ${j.engine} misses in the top 3 (${m.length}):`, ...m.map((r) => `    [${r.category}] ${r.q} → ${r.top.slice(0, 3).join(' | ') || '(nothing)'}`)] : [];
  });
  return [`  ${judged[0]?.rows.length ?? 0} queries; class = top-1 right and the top ${CLASS_SLOTS} in class`, table, ...misses].join('\n');
}

/**
 * The relevance section of the search bench: loads `catalog` into an in-process D1 (node:sqlite, same migrations and
 * SQL), judges every engine on it, prints the report.
 */
export async function relevanceBench(catalog: SeedCatalog, now: number): Promise<void> {
  const db = new SqliteD1().migrate();
  await loadSeed(db.asD1(), { catalog, locations: false });
  const engines: RelevanceEngine[] = [{ engine: 'd1', index: new D1SearchIndex(db.asD1()) }];
  const cleanup: Array<() => Promise<void>> = [];
  try {
    // The Elasticsearch engine (#16, ADR 0035): a real server (test/elasticsearch-server.ts: loopback, random port,
    // 512 MB, unprivileged user), this same catalogue indexed from `db` by the full reindex (alias swap), then the same
    // use case. `-- --no-elastic` leaves it out (no Java 21+ here, or a quick D1-only run).
    if (!process.argv.includes('--no-elastic')) {
      const es = await startElasticsearch();
      cleanup.push(() => es.stop());
      const client = elasticClient({ url: es.url });
      const alias = 'medicare-products-bench';
      const { count } = await reindexAll(db.asD1(), client, alias, now);
      console.log(`\nElasticsearch ${es.url}: ${count} products indexed (full reindex, alias ${alias})`);
      engines.push({ engine: 'elastic', index: new ElasticSearchIndex(client, db.asD1(), { index: alias }) });
    }
    console.log(`\nSearch relevance per category (${catalog.products.length} products; same set, judge and use case for every engine)`);
    console.log(await relevanceReport(engines, now));
  } finally {
    for (const stop of cleanup.reverse()) await stop();
  }
}
