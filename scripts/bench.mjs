// `npm run bench`: (1) search and suggest latency in-process (scripts/bench-search.ts) over the seed catalogue and a
// 20,000-product synthetic one, next to a plain indexed lookup; (2) catalogue latency through the real stack
// (wrangler dev, local D1, Cache API), in one run; (3) Lighthouse (mobile) on the built storefront Worker
// (scripts/lighthouse.mjs). `-- --search-only` or `-- --http-only` runs one part; `-- --web-only` only Lighthouse;
// `-- --dashboard-only` only the admin dashboard on the 20,000-order history (scripts/lib/bench-dashboard.mjs), which
// the http part also reports; `-- --import-only` only the 10,000-row import through the queue (scripts/lib/bench-import.mjs:
// rows/s and the workerd processes' peak memory), which the full run also reports; `-- --chat-only` only the live chat
// (scripts/lib/bench-chat.mjs: 50 concurrent conversations, message delivery/ack/round-trip p50/p95), which the full run
// also reports; `-- --load-only` only the load section (scripts/lib/bench-load.mjs, #16: autocannon, closed loop, listing,
// detail and search misses with distinct URLs and hits on a warmed set at c = 1, 10, 50 next to /health, req/s, p50,
// p99, the ratios and the targets), which the full run also reports; `-- --ratelimit-only` only the rate-limit check
// latency per backend (scripts/bench-ratelimit.ts, #19: D1 local vs the Upstash stand-in over a real redis-server; no
// fixed port), which the full run also reports; `-- --assistant-only` only the assistant's safety evaluation
// (scripts/bench-assistant.ts, #18: pass rate per class and the rails' added latency, in-process; then the same set
// through the route by workers/recommendation/test/assistant-safety-route.test.ts, pass rate per class), which the full
// run also reports; `-- --catalog-backends` only the catalogue origins (scripts/lib/bench-catalog-backends.mjs,
// #19: listing and product-detail misses from D1 vs MongoDB via FerretDB with a client per request vs through the
// MongoOrigin Durable Object, ratios in one run; starts its own FerretDB and api Worker on 8797), which the full run
// also reports.
// Reports p50/p95 per series and ratios against a baseline measured in the same run (`GET /health`, no D1), because
// these machines are shared and noisy: compare ratios, not absolute milliseconds. Local D1 crosses to a second
// workerd process, so absolute numbers describe development, not production.
//
// Uses BENCH_URL if a server is already running there; otherwise seeds if needed and starts its own `wrangler dev`
// on port 8797 (stop `npm run dev` first: both would share .wrangler/state).
import { join } from 'node:path';
import { lighthouseBench } from './lighthouse.mjs';
import { BENCH_ORDERS_FIXTURE, dashboardBench } from './lib/bench-dashboard.mjs';
import { importBench } from './lib/bench-import.mjs';
import { chatBench } from './lib/bench-chat.mjs';
import { catalogBackendsBench } from './lib/bench-catalog-backends.mjs';
import { loadBench } from './lib/bench-load.mjs';
import { ensureDevVars } from './lib/dev-vars.mjs';
import { bundleForNode } from './lib/bundle.mjs';
import { ROOT, run, startGroup, stopGroup, waitForOk } from './lib/proc.mjs';
import { pct } from './lib/percentile.mjs';

const PORT = 8797;
const BASE = process.env.BENCH_URL ?? `http://127.0.0.1:${PORT}`;
const CONFIGS = ['wrangler.toml', 'workers/payment/wrangler.toml', 'workers/recommendation/wrangler.toml', 'workers/hook/wrangler.toml', 'workers/consumer/wrangler.toml'];

async function timed(url) {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return { ms: performance.now() - t, cache: res.headers.get('x-cache'), d1: Number(res.headers.get('x-d1-queries') ?? 0) };
}

async function series(name, urls) {
  const samples = [];
  for (const u of urls) samples.push(await timed(u));
  const ms = samples.map((s) => s.ms);
  return { name, n: samples.length, p50: pct(ms, 50), p95: pct(ms, 95), d1: Math.max(...samples.map((s) => s.d1)), caches: [...new Set(samples.map((s) => s.cache))].join('/') };
}

async function up() {
  try {
    return (await fetch(`${BASE}/health`)).ok;
  } catch {
    return false;
  }
}

async function rateLimitBench() {
  const outfile = join(ROOT, '.wrangler/bench/bench-ratelimit.mjs');
  await bundleForNode(join(ROOT, 'scripts/bench-ratelimit.ts'), outfile, ['wrangler']);
  await run('node', ['--no-warnings', outfile, ...process.argv.slice(2)]);
}

/**
 * #18: `--assistant-only` — the assistant's safety evaluation: (1) the pure rails with the rails' added latency
 * (in-process, no ports); (2) the same set through the route (the recommendation Worker in workerd, the real `openai`
 * client against the OpenAI stand-in), run by its vitest file, which prints one `assistant-safety-route {json}` line.
 * The route run needs workerd and the stand-in, which only the vitest pool provides here; the bench reads its table.
 */
const ASSISTANT_ROUTE_TEST = 'workers/recommendation/test/assistant-safety-route.test.ts';
async function assistantBench() {
  const outfile = join(ROOT, '.wrangler/bench/bench-assistant.mjs');
  await bundleForNode(join(ROOT, 'scripts/bench-assistant.ts'), outfile);
  await run('node', ['--no-warnings', outfile]);
  const t0 = performance.now();
  let out;
  try {
    out = await run('npx', ['vitest', 'run', '--project', 'recommendation', ASSISTANT_ROUTE_TEST], { quiet: true });
  } catch (err) {
    out = String(err.message);
    process.exitCode = 1;
  }
  const wall = (performance.now() - t0) / 1000;
  const line = out.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.startsWith('assistant-safety-route {'));
  if (!line) {
    console.log(`\nRoute-level safety evaluation: no result line from ${ASSISTANT_ROUTE_TEST}\n${out.slice(-4000)}`);
    process.exitCode = 1;
    return;
  }
  const r = JSON.parse(line.slice('assistant-safety-route '.length));
  console.log(`\nThe same set through the route (POST /v1/recommendations/assistant/messages, OpenAI stand-in scripted to the worst answer; ${ASSISTANT_ROUTE_TEST}):`);
  for (const [cls, c] of Object.entries(r.perClass)) {
    console.log(`  ${cls.padEnd(20)} ${String(c.passed).padStart(3)}/${String(c.total).padEnd(3)} ${((100 * c.passed) / c.total).toFixed(1).padStart(5)} %${c.failed.length ? `   failed: ${c.failed.join(', ')}` : ''}`);
  }
  console.log(`  ${'overall'.padEnd(20)} ${String(r.passed).padStart(3)}/${String(r.total).padEnd(3)} ${((100 * r.passed) / r.total).toFixed(1).padStart(5)} %`);
  console.log(`  ${r.total} turns in ${(r.ms / 1000).toFixed(1)} s (6 at a time, ${(r.ms / r.total).toFixed(0)} ms per turn incl. D1 search, the stand-in's stream and the gate); the vitest run ${wall.toFixed(0)} s wall in all (workerd start-up, bundling).`);
  const u = r.usage;
  console.log(`  Model turns: ${u.modelTurns}; characters sent per turn (system prompt + question + catalogue as data) mean ${u.promptCharsMean}, max ${u.promptCharsMax}; tokens stored per turn (stand-in usage, characters / 4) mean ${u.storedTokensMean}, max ${u.storedTokensMax}.`);
}

async function searchBench() {
  const outfile = join(ROOT, '.wrangler/bench/bench-search.mjs');
  await bundleForNode(join(ROOT, 'scripts/bench-search.ts'), outfile);
  // Its flags (`--products 20000,100000`, `--rounds N`) come through from `npm run bench -- --search-only …`.
  await run('node', ['--no-warnings', outfile, ...process.argv.slice(2)]);
}

const BENCH_STOCK = 250;
const BENCH_ORDERS = 300;
const BENCH_CONCURRENCY = 20;

/** A product with a known stock for the checkout benchmark (re-created on every run). */
async function prepareCheckoutBench() {
  const now = Date.now();
  const sql = `
    DELETE FROM order_allocations WHERE batch_id = 'BENCHBATCH000000000000000';
    UPDATE stock_batches SET reserved = 0 WHERE id = 'BENCHBATCH000000000000000';
    INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, reason, ref, allocation_id, actor_id, at)
      SELECT lower(hex(randomblob(16))), id, product_id, ${BENCH_STOCK} - quantity, 'count', 'Đặt lại tồn kho đo tải', 'bench', NULL, NULL, ${now}
      FROM stock_batches WHERE id = 'BENCHBATCH000000000000000' AND quantity <> ${BENCH_STOCK};
    INSERT OR IGNORE INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at)
      SELECT 'BENCHPRODUCT0000000000000', 'bench-checkout-product', 'Sản phẩm đo tải thanh toán', 'Chỉ dùng cho npm run bench.', 'Chỉ dùng cho npm run bench.', 'Viên nén', 'Hộp 1 viên', 'viên', 'Đo tải', 'Việt Nam', (SELECT id FROM brands ORDER BY id LIMIT 1), (SELECT id FROM categories WHERE level = 3 ORDER BY id LIMIT 1), 'approved', 0, ${now}, ${now};
    INSERT OR IGNORE INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at)
      VALUES ('BENCHUNIT0000000000000000', 'BENCHPRODUCT0000000000000', 'Hộp', 1, 10000, 50, 1, 0, ${now}, ${now});
    INSERT OR IGNORE INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, received_at, created_at, updated_at)
      VALUES ('BENCHBATCH000000000000000', 'BENCHPRODUCT0000000000000', 'BENCH', '2099-12-31', ${BENCH_STOCK}, 0, ${now}, ${now}, ${now});`;
  await run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--command', sql], { quiet: true });
}

/** 300 orders for 250 units, 20 at a time, through POST /v1/orders; asserts that exactly 250 succeed. */
async function checkoutBench() {
  // The bench product is hidden from the shop (visible = 0) so it never shows up; checkout only needs the unit.
  await run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--command', "UPDATE products SET visible = 1 WHERE id = 'BENCHPRODUCT0000000000000'"], { quiet: true });
  const body = JSON.stringify({ items: [{ unitId: 'BENCHUNIT0000000000000000', quantity: 1 }], address: { recipientName: 'Đo tải', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '1 Lê Lợi' }, paymentMethod: 'cod' });
  const latencies = [];
  const statuses = new Map();
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < BENCH_ORDERS) {
      const i = next++;
      const t = performance.now();
      const res = await fetch(`${BASE}/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${t0}-${i}` }, body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: BENCH_CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const created = statuses.get(201) ?? 0;
  const product = await (await fetch(`${BASE}/v1/products/bench-checkout-product`)).json();
  await run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--command', "UPDATE products SET visible = 0 WHERE id = 'BENCHPRODUCT0000000000000'"], { quiet: true });
  console.log(`\nCheckout: ${BENCH_ORDERS} orders for ${BENCH_STOCK} units, ${BENCH_CONCURRENCY} concurrent, via POST /v1/orders`);
  console.log(`  statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${(created / seconds).toFixed(1)} orders/s created; latency p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms`);
  console.log(`  stock left after the run: ${product.availableBaseUnits} (must be 0); oversold: ${created > BENCH_STOCK ? 'YES' : 'no'}`);
  if (created !== BENCH_STOCK || product.availableBaseUnits !== 0) throw new Error(`oversell check failed: ${created} orders for ${BENCH_STOCK} units, ${product.availableBaseUnits} left`);
}

async function main() {
  const only = process.argv.slice(2);
  const dashboardOnly = only.includes('--dashboard-only');
  const importOnly = only.includes('--import-only');
  const chatOnly = only.includes('--chat-only');
  const loadOnly = only.includes('--load-only');
  if (only.includes('--ratelimit-only')) return await rateLimitBench();
  if (only.includes('--assistant-only')) return await assistantBench();
  if (only.includes('--catalog-backends')) return await catalogBackendsBench();
  if (!only.includes('--http-only') && !only.includes('--web-only') && !dashboardOnly && !importOnly && !chatOnly && !loadOnly) await searchBench();
  if (only.includes('--search-only')) return;
  if (!only.includes('--http-only') && !only.includes('--web-only') && !dashboardOnly && !importOnly && !chatOnly && !loadOnly) {
    await rateLimitBench();
    await assistantBench();
    // Its own api Worker on the same port, before the full stack starts.
    if (!process.env.BENCH_URL) await catalogBackendsBench();
  }
  let child;
  if (!(await up())) {
    if (process.env.BENCH_URL) throw new Error(`Nothing answers at ${BASE}`);
    // The catalogue if empty, and the dashboard's order history if absent.
    // The import and load benches need only the catalogue (its categories and brands).
    await run('node', ['scripts/seed.mjs', ...(importOnly || chatOnly || loadOnly ? ['--if-empty'] : ['--orders', String(BENCH_ORDERS_FIXTURE)])]);
    if (!dashboardOnly && !importOnly && !chatOnly && !loadOnly) await prepareCheckoutBench();
    ensureDevVars(CONFIGS); // the dashboard bench signs an admin in: the Workers need the local JWT secret
    child = startGroup('npx', ['wrangler', 'dev', ...CONFIGS.flatMap((c) => ['-c', c]), '--ip', '127.0.0.1', '--port', String(PORT), '--inspector-port', '9397']);
    if (!(await waitForOk(`${BASE}/health`, 60_000))) throw new Error('wrangler dev did not start');
  }
  try {
    if (only.includes('--web-only')) return await lighthouseBench(BASE);
    if (dashboardOnly) return await dashboardBench(BASE, { local: !process.env.BENCH_URL });
    if (importOnly) return await importBench(BASE, { rootPid: child?.pid ?? null, local: !process.env.BENCH_URL });
    if (chatOnly) return await chatBench(BASE, { local: !process.env.BENCH_URL });
    if (loadOnly) return await loadBench(BASE);
    const { items: products } = await (await fetch(`${BASE}/v1/products?limit=60&sort=best_selling`)).json();
    const slugs = products.map((p) => p.slug);
    const N = 60;
    // Warm-up (first requests compile the Worker and open the database).
    for (let i = 0; i < 20; i++) await timed(`${BASE}/health`);

    const results = [];
    results.push(await series('baseline GET /health (no D1)', Array.from({ length: N }, () => `${BASE}/health`)));
    results.push(await series('product detail, cache miss', slugs.map((s) => `${BASE}/v1/products/${s}`)));
    results.push(await series('product detail, cache hit', slugs.map((s) => `${BASE}/v1/products/${s}`)));
    results.push(await series('listing category=thuoc, miss', Array.from({ length: N }, (_, i) => `${BASE}/v1/products?category=thuoc&limit=${i + 1}`)));
    results.push(await series('listing category=thuoc, hit', Array.from({ length: N }, (_, i) => `${BASE}/v1/products?category=thuoc&limit=${i + 1}`)));
    results.push(await series('filtered listing (5 filters), miss', Array.from({ length: N }, (_, i) => `${BASE}/v1/products?category=thuoc&rx=false&inStock=true&minPrice=${1000 + i}&maxPrice=500000&sort=price_asc`)));
    results.push(await series('category tree, hit', Array.from({ length: N }, () => `${BASE}/v1/categories`)));

    const base = results[0].p50;
    console.log(`Catalogue latency via ${BASE} (sequential, ${N} requests per series; one run):\n`);
    console.log(`  ${'series'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p50/base'.padStart(9)} ${'D1 trips'.padStart(9)}  cache`);
    for (const r of results) {
      console.log(`  ${r.name.padEnd(38)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.p50 / base).toFixed(2).padStart(9)} ${String(r.d1).padStart(9)}  ${r.caches}`);
    }
    const missHit = results[1].p50 / results[2].p50;
    console.log(`\n  product detail: miss/hit p50 ratio ${missHit.toFixed(2)}; listing miss/hit ${(results[3].p50 / results[4].p50).toFixed(2)}`);
    await loadBench(BASE);
    await dashboardBench(BASE, { local: !process.env.BENCH_URL });
    if (!child) await prepareCheckoutBench();
    await checkoutBench();
    await importBench(BASE, { rootPid: child?.pid ?? null, local: !process.env.BENCH_URL });
    await chatBench(BASE, { local: !process.env.BENCH_URL });
    await lighthouseBench(BASE);
  } finally {
    if (child) stopGroup(child);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
