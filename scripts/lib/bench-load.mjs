// The load part of `npm run bench` (`-- --load-only` runs only it; #16): closed-loop load with autocannon over the
// full local stack (wrangler dev: the five Workers, local D1, the Cache API), loopback only, bounded (a few seconds
// per series). At c = 1, 10 and 50 concurrent connections, each next to `GET /health` (no D1) as the floor:
//   - misses: listing, product detail and search with DISTINCT URLs (a counter in autocannon's request generator, so
//     each URL is requested once and never found in the edge cache);
//   - hits: a fixed URL set per kind and level, each URL requested once right before its series (so it is cached).
// The load on these shared machines drifts within seconds, so every series is paired with its own floor: SLICES short
// slices of /health and of the series, alternating, and the ratio is the series' p50 over its paired floor's p50.
// Reports req/s, p50 and p99 (from every response's own time, sub-millisecond), those ratios, the share of responses
// that were what the series claims (X-Cache MISS/HIT) and the most D1 round trips one response reported and their mean
// (X-D1-Queries), then the targets of #16 and whether this run meets them. The machine is shared and noisy: compare
// ratios from one run, not absolute numbers across runs.
import autocannon from 'autocannon';
import { pct } from './percentile.mjs';

const CONCURRENCY = [1, 10, 50];
/** Seconds of load per series (and as much for its paired floor), in SLICES alternating slices. */
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 3);
const SLICES = 3;
const HIT_URLS = 20;
/** Realistic shopper queries (brands, ingredients, typos, symptoms without accents, two words). */
const QUERIES = [
  'panadol', 'paracetamol', 'vitamin c', 'omega 3', 'canxi', 'siro ho', 'thuoc ha sot', 'dau da day', 'kem chong nang',
  'sua rua mat', 'men vi sinh', 'nho mat', 'amoxicilin', 'metfomin', 'omeprazon', 'cam cum', 'dau hong', 'huyet ap cao',
  'tieu duong', 'vitamin d3', 'khau trang y te', 'nuoc muoi sinh ly', 'betadine', 'salonpas',
];
/** Targets of #16 on this machine (p50 ratios to /health at the same concurrency; search req/s at c = 10). */
const TARGETS = { hit: 1.2, miss: 3, searchMissRps: 150, searchAt: 10 };

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return { body: await res.json(), cache: res.headers.get('x-cache') };
}

/** Every visible product's slug, through the public listing (so it works against any BENCH_URL). */
async function allSlugs(base) {
  const slugs = [];
  let cursor = null;
  do {
    const { body } = await getJson(`${base}/v1/products?limit=60&sort=newest${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    slugs.push(...body.items.map((p) => p.slug));
    cursor = body.nextCursor;
  } while (cursor);
  return slugs;
}

/**
 * One closed-loop slice: `connections` clients, each sending its next request as soon as the previous one answered,
 * until `amount` requests were sent; it ends when every one of them has been answered, so no request of this slice is
 * still running on the server when the next slice starts. `path()` gives the next request's path.
 */
async function slice(base, name, connections, amount, path) {
  const ms = [];
  const caches = new Map();
  let d1 = 0;
  let d1Sum = 0;
  let bad = 0;
  // From the start to the last answer (autocannon itself only notices the end on its next sampling tick).
  const t0 = performance.now();
  let tLast = t0;
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        pipelining: 1,
        amount,
        timeout: 60,
        sampleInt: 50, // autocannon notices the end on its sampling tick: keep the idle gap between slices short
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, path: path() }),
            onResponse: (status, _body, _ctx, headers) => {
              if (status !== 200) bad++;
              const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
              const cache = h['x-cache'] ?? '-';
              caches.set(cache, (caches.get(cache) ?? 0) + 1);
              d1 = Math.max(d1, Number(h['x-d1-queries'] ?? 0));
              d1Sum += Number(h['x-d1-queries'] ?? 0);
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      ms.push(responseTime);
      tLast = performance.now();
    });
  });
  const elapsed = (tLast - t0) / 1000;
  if (bad || result.errors || result.timeouts) throw new Error(`${name} c=${connections}: ${bad} non-200 answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { ms, elapsed, caches, d1, d1Sum };
}

/**
 * A series and its paired floor: SLICES alternating slices of GET /health and of the series, each sized to last about
 * SECONDS / SLICES from the rate of the previous slice of the same kind (at least one request per connection).
 */
async function paired(base, name, connections, path) {
  const runs = { floor: [], series: [] };
  const size = (prev) => Math.max(connections, prev ? Math.round((prev.ms.length / prev.elapsed) * (SECONDS / SLICES)) : 0);
  for (let k = 0; k < SLICES; k++) {
    runs.floor.push(await slice(base, 'GET /health', connections, size(runs.floor.at(-1)), () => '/health'));
    runs.series.push(await slice(base, name, connections, size(runs.series.at(-1)), path));
  }
  const sum = (xs) => {
    const ms = xs.flatMap((x) => x.ms);
    const caches = new Map();
    for (const x of xs) for (const [k, v] of x.caches) caches.set(k, (caches.get(k) ?? 0) + v);
    const elapsed = xs.reduce((a, x) => a + x.elapsed, 0);
    const d1Mean = xs.reduce((a, x) => a + x.d1Sum, 0) / Math.max(1, ms.length);
    return { n: ms.length, ms, rps: ms.length / elapsed, p50: pct(ms, 50), p99: pct(ms, 99), caches, d1: Math.max(...xs.map((x) => x.d1)), d1Mean };
  };
  return { name, c: connections, ...sum(runs.series), floor: sum(runs.floor) };
}

export async function loadBench(base) {
  // Fixtures: every slug (detail misses use each once), the top-level categories (listing misses rotate over them).
  const slugs = await allSlugs(base);
  const { body: tree } = await getJson(`${base}/v1/categories`);
  const categories = tree.items.map((c) => c.slug);
  if (slugs.length < HIT_URLS * (CONCURRENCY.length + 1) || categories.length < 2) throw new Error(`the catalogue is too small for the load bench (${slugs.length} products)`);

  // Distinct URLs: `minPrice` below every price and `maxPrice` far above them keep the work of one listing/search the
  // same while the counter makes each URL (and so each cache key) new. Detail misses take each product once, then
  // go round again with `?round=k` (a new cache key for the same product).
  let serial = 0;
  const distinct = () => {
    const n = serial++;
    return `minPrice=${n % 500}&maxPrice=${1_000_000_000 - Math.floor(n / 500)}`;
  };
  const counter = () => {
    let n = 0;
    return () => n++;
  };
  const missSlugs = slugs.slice(HIT_URLS * CONCURRENCY.length);
  const listN = counter();
  const detailN = counter();
  const searchN = counter();
  const missPath = {
    list: () => `/v1/products?category=${categories[listN() % categories.length]}&${distinct()}`,
    detail: () => {
      const n = detailN();
      const round = Math.floor(n / missSlugs.length);
      return `/v1/products/${missSlugs[n % missSlugs.length]}${round ? `?round=${round}` : ''}`;
    },
    search: () => `/v1/search?q=${encodeURIComponent(QUERIES[searchN() % QUERIES.length])}&${distinct()}`,
  };
  // Hits: a fixed set per kind and concurrency level (its own URLs, so each set is stored right before its series and
  // stays younger than the edge TTL), requested once before the series: those requests are the misses that store them.
  const hitSet = (level) => ({
    list: Array.from({ length: HIT_URLS }, (_, i) => {
      const m = level * HIT_URLS + i; // (category, page size) pairs, numbered
      return `/v1/products?category=${categories[m % categories.length]}&limit=${20 + Math.floor(m / categories.length)}`;
    }),
    detail: slugs.slice(level * HIT_URLS, (level + 1) * HIT_URLS).map((s) => `/v1/products/${s}`),
    search: Array.from({ length: HIT_URLS }, (_, i) => `/v1/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}&minPrice=${level * HIT_URLS + i}`),
  });
  const warm = async (urls) => {
    for (const u of urls) await getJson(`${base}${u}`);
  };

  // Warm-up: compile every path once (a few misses of each kind) and run the floor briefly.
  for (let i = 0; i < 5; i++) for (const p of Object.values(missPath)) await getJson(`${base}${p()}`);
  await slice(base, 'warm-up', 10, 200, () => '/health');

  const rows = [];
  const t0 = performance.now();
  for (const [level, c] of CONCURRENCY.entries()) {
    const hits = hitSet(level);
    for (const kind of ['list', 'detail', 'search']) {
      rows.push(await paired(base, `${kind} miss`, c, missPath[kind]));
      const urls = hits[kind];
      await warm(urls);
      const next = counter();
      rows.push(await paired(base, `${kind} hit`, c, () => urls[next() % urls.length]));
    }
  }
  const seconds = (performance.now() - t0) / 1000;

  console.log(
    `\nLoad via ${base} (autocannon, closed loop, ${slugs.length} products; one run, ${seconds.toFixed(0)} s): each series ~${SECONDS} s in ${SLICES} slices,\n` +
      `  alternating with as many slices of GET /health (its floor); ratios are to that paired floor. "as labelled" = share of\n` +
      '  answers with the X-Cache the series claims; D1 = most round trips one answer reported, and their mean per answer.\n',
  );
  const f2 = (x) => x.toFixed(2);
  console.log(
    `  ${'series'.padEnd(13)} ${'c'.padStart(3)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   ${'floor req/s'.padStart(11)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}   ${'p50 ×floor'.padStart(10)} ${'req/s ÷'.padStart(7)} ${'labelled'.padStart(8)} ${'D1'.padStart(3)} ${'mean'.padStart(5)}`,
  );
  for (const r of rows) {
    const f = r.floor;
    const want = r.name.endsWith('miss') ? 'MISS' : 'HIT';
    const share = `${(((r.caches.get(want) ?? 0) / r.n) * 100).toFixed(0)}%`;
    console.log(
      `  ${r.name.padEnd(13)} ${String(r.c).padStart(3)} ${r.rps.toFixed(0).padStart(7)} ${f2(r.p50).padStart(8)} ${f2(r.p99).padStart(8)}   ${f.rps.toFixed(0).padStart(11)} ${f2(f.p50).padStart(7)} ${f2(f.p99).padStart(7)}   ${f2(r.p50 / f.p50).padStart(10)} ${f2(f.rps / r.rps).padStart(7)} ${share.padStart(8)} ${String(r.d1).padStart(3)} ${r.d1Mean.toFixed(2).padStart(5)}`,
    );
  }

  // Targets: each kind at each concurrency.
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log('\n  Targets (#16):');
  for (const [label, suffix, limit] of [['hit', 'hit', TARGETS.hit], ['miss', 'miss', TARGETS.miss]]) {
    const checks = rows.filter((r) => r.name.endsWith(suffix)).map((r) => ({ r, ratio: r.p50 / r.floor.p50 }));
    const worst = checks.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const per = CONCURRENCY.map((c) => `c=${c} ${checks.filter((x) => x.r.c === c).map((x) => x.ratio.toFixed(2)).join('/')}`).join(', ');
    console.log(`    a ${label} within ${limit}× of /health (p50; list/detail/search): ${per}; worst ${worst.r.name} c=${worst.r.c} ${worst.ratio.toFixed(2)}× → ${verdict(worst.ratio <= limit)}`);
  }
  const search = rows.find((r) => r.name === 'search miss' && r.c === TARGETS.searchAt);
  console.log(`    search miss ≥ ${TARGETS.searchMissRps} req/s at c = ${TARGETS.searchAt}: ${search.rps.toFixed(0)} req/s → ${verdict(search.rps >= TARGETS.searchMissRps)}`);
  return rows;
}
