// `npm run bench -- --catalog-backends` (#19, ADR 0047): catalogue read latency on the miss path per origin, in one run:
// D1 (local) vs MongoDB via FerretDB v1.24.2 with a client per request vs through the MongoOrigin Durable Object
// (a warm client). Each phase starts the api Worker alone (`wrangler dev -c wrangler.toml`, port 8797) with its
// catalogue origin in .dev.vars (scripts/lib/dev-vars.mjs `setCatalogVars`), moves the catalogue version on first (so
// every request is a miss: new edge-cache keys), and measures sequentially: GET /health (no origin), listing misses
// (category=thuoc, distinct limits) and product-detail misses (distinct slugs). Reports p50/p95 and the ratios
// mongo/d1, mongo-do/d1, mongo-do/mongo. FerretDB is local (no network), so the ratios show what each path costs on
// this machine, not the colo → Atlas round trips of production (ADR 0047 "Measured").
//
// MONGODB_URI (+ MONGODB_DB) points it at a running server instead of a throwaway FerretDB (e.g. Atlas: then the
// sync writes the local seed catalogue into that database).
import { join } from 'node:path';
import { ensureDevVars, setCatalogVars } from './dev-vars.mjs';
import { startFerretdb } from './ferretdb.mjs';
import { ROOT, run, startGroup, stopGroup, waitForOk } from './proc.mjs';
import { pct } from './percentile.mjs';

const PORT = 8797;
const BASE = `http://127.0.0.1:${PORT}`;
const N = Number(process.env.BENCH_CATALOG_N) || 40;

async function timed(url) {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return { ms: performance.now() - t, cache: res.headers.get('x-cache'), backend: res.headers.get('x-catalog-backend') };
}

async function series(name, urls) {
  const samples = [];
  for (const u of urls) samples.push(await timed(u));
  const ms = samples.map((s) => s.ms);
  return { name, n: samples.length, p50: pct(ms, 50), p95: pct(ms, 95), caches: [...new Set(samples.map((s) => s.cache).filter(Boolean))].join('/'), backends: [...new Set(samples.map((s) => s.backend).filter(Boolean))].join('/') };
}

async function phase(label, mongo, slugs, bump) {
  setCatalogVars(mongo);
  await bump();
  const child = startGroup('npx', ['wrangler', 'dev', '-c', 'wrangler.toml', '--ip', '127.0.0.1', '--port', String(PORT), '--inspector-port', '9398']);
  try {
    if (!(await waitForOk(`${BASE}/health`, 120_000))) throw new Error(`wrangler dev (${label}) did not start`);
    // Warm-up: the Worker compiled, the D1 file open, the Durable Object (if any) created and connected.
    for (let i = 0; i < 10; i++) await timed(`${BASE}/health`);
    for (let i = 0; i < 3; i++) await timed(`${BASE}/v1/products?category=duoc-my-pham&limit=${i + 1}`);
    const out = [];
    out.push(await series('GET /health (no origin)', Array.from({ length: N }, () => `${BASE}/health`)));
    out.push(await series('listing category=thuoc, miss', Array.from({ length: N }, (_, i) => `${BASE}/v1/products?category=thuoc&limit=${i + 1}`)));
    out.push(await series('product detail, miss', slugs.map((s) => `${BASE}/v1/products/${s}`)));
    return { label, out };
  } finally {
    stopGroup(child);
    await new Promise((r) => setTimeout(r, 1500));
  }
}

export async function catalogBackendsBench() {
  const { MongoClient } = await import('mongodb');
  ensureDevVars(['wrangler.toml', 'workers/payment/wrangler.toml', 'workers/recommendation/wrangler.toml', 'workers/hook/wrangler.toml', 'workers/consumer/wrangler.toml']);
  await run('node', ['scripts/seed.mjs', '--if-empty']);
  const ferret = process.env.MONGODB_URI ? null : await startFerretdb();
  const uri = process.env.MONGODB_URI || ferret.uri;
  const db = process.env.MONGODB_DB || 'medicare_bench';
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 15_000 });
  try {
    const t0 = Date.now();
    await run('node', ['scripts/mongo.mjs', 'sync', '--from', 'd1'], { env: { MONGODB_URI: uri, MONGODB_DB: db }, quiet: true });
    console.log(`\nCatalogue origins (#19): synced the local D1 catalogue into ${ferret ? 'a throwaway FerretDB v1.24.2' : 'MONGODB_URI'} (${db}) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const slugRows = JSON.parse((await run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--json', '--command', `SELECT slug FROM products WHERE approval_state = 'approved' AND visible = 1 AND deleted_at IS NULL ORDER BY id LIMIT ${N * 3}`], { quiet: true })).replace(/^[^[]*/, ''))[0].results;
    const slugs = slugRows.map((r) => r.slug);
    if (slugs.length < N * 3) throw new Error(`the local catalogue has ${slugs.length} shop products; the bench needs ${N * 3}`);
    await client.connect();
    const meta = client.db(db).collection('meta');
    const bumpD1 = () => run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--command', "UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'"], { quiet: true });
    // MongoDB's version jumps far past D1's: cache keys carry the version, not the origin, so a MongoDB phase at the
    // version the D1 phase used would read the D1 phase's cached pages (the first full run measured hits that way).
    // Harmless in production, where MongoDB's version is D1's once caught up; the bench database is its own.
    const bumpMongo = () => meta.updateOne({ _id: 'catalog_version' }, { $inc: { value: 1_000_000 } });
    // Distinct product slugs per phase, so no phase reads a page another warmed.
    const phases = [
      await phase('d1', null, slugs.slice(0, N), bumpD1),
      await phase('mongo (per request)', { uri, db, client: 'per-request' }, slugs.slice(N, 2 * N), bumpMongo),
      await phase('mongo-do (Durable Object)', { uri, db, client: 'durable-object' }, slugs.slice(2 * N), bumpMongo),
    ];
    console.log(`Catalogue read latency per origin, miss path (sequential, ${N} requests per series; one run):\n`);
    console.log(`  ${'origin'.padEnd(26)} ${'series'.padEnd(30)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  cache/backend`);
    for (const p of phases) for (const r of p.out) console.log(`  ${p.label.padEnd(26)} ${r.name.padEnd(30)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)}  ${r.caches || '-'}/${r.backends || '-'}`);
    const [d1, pr, dob] = phases.map((p) => p.out);
    console.log('\n  p50 ratios              mongo/d1  mongo-do/d1  mongo-do/mongo');
    for (const i of [1, 2]) console.log(`  ${d1[i].name.padEnd(30)} ${(pr[i].p50 / d1[i].p50).toFixed(2).padStart(6)} ${(dob[i].p50 / d1[i].p50).toFixed(2).padStart(12)} ${(dob[i].p50 / pr[i].p50).toFixed(2).padStart(15)}`);
    const misses = phases.every((p) => p.out.slice(1).every((r) => r.caches === 'MISS'));
    const backends = phases.map((p) => p.out.slice(1).map((r) => r.backends).join(',')).join(' | ');
    console.log(`\n  every catalogue request a miss: ${misses ? 'yes' : 'NO'}; answered by: ${backends}`);
    if (!misses) throw new Error('some catalogue requests were cache hits: the miss path was not measured');
  } finally {
    setCatalogVars(null);
    await client.close();
    await ferret?.stop();
  }
}

if (process.argv[1] && join(ROOT, 'scripts/lib/bench-catalog-backends.mjs') === process.argv[1]) {
  await catalogBackendsBench();
}
