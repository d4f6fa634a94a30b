// The dashboard part of `npm run bench` (`-- --dashboard-only` runs only it; #13, ADR 0022): GET /v1/admin/dashboard
// as a signed-in admin through the real stack, on the synthetic order history (`npm run seed -- --orders 20000`, which
// the benchmark seeds when it starts its own server). Reports p50/p95, the ratio to the `/health` baseline of the same
// run and the D1 round trips the api reports (X-D1-Queries: the admin's session check + the dashboard's one batch).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ROOT, localQuery } from './proc.mjs';
import { pct } from './percentile.mjs';

export const BENCH_ORDERS_FIXTURE = 20_000;
const BENCH_ADMIN_EMAIL = 'bench-admin@medicare.local';

/** A local admin for the benchmark: created once with a random password kept in .wrangler/bench-admin.txt. */
export async function benchAdmin() {
  const file = join(ROOT, '.wrangler/bench-admin.txt');
  let password = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!password) {
    password = randomBytes(12).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${password}\n`);
  }
  const { createAdmin } = await import('../create-admin.mjs');
  await createAdmin({ email: BENCH_ADMIN_EMAIL, name: 'Quản trị (đo tải)', password });
  return { email: BENCH_ADMIN_EMAIL, password };
}

async function series(name, url, n, headers = {}) {
  const ms = [];
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    ms.push(performance.now() - t);
    d1 = Math.max(d1, Number(res.headers.get('x-d1-queries') ?? 0));
  }
  return { name, n, p50: pct(ms, 50), p95: pct(ms, 95), d1 };
}

/** `local`: the server runs on this checkout's local D1 (so the fixture and the admin can be written). */
export async function dashboardBench(base, { local = true } = {}) {
  let orders = null;
  if (local) orders = (await localQuery("SELECT COUNT(*) AS n FROM orders WHERE idempotency_key LIKE 'seed-order-%'"))[0]?.n ?? 0;
  const admin = local ? await benchAdmin() : { email: process.env.BENCH_ADMIN_EMAIL, password: process.env.BENCH_ADMIN_PASSWORD };
  if (!admin.email || !admin.password) throw new Error('Against BENCH_URL the dashboard bench needs BENCH_ADMIN_EMAIL and BENCH_ADMIN_PASSWORD');
  const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify(admin) });
  if (!login.ok) throw new Error(`admin sign-in → ${login.status} ${await login.text()}`);
  const { accessToken } = await login.json();
  if (!accessToken) throw new Error('admin sign-in answered no access token');
  const auth = { authorization: `Bearer ${accessToken}` };

  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() + 7 * 3_600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
  const N = 30;
  await series('warm-up', `${base}/v1/admin/dashboard`, 5, auth); // also fails early on a refused call
  for (let i = 0; i < 20; i++) await fetch(`${base}/health`).then((r) => r.arrayBuffer());
  const results = [
    await series('baseline GET /health (no D1)', `${base}/health`, 60),
    await series('dashboard, default period (30 days)', `${base}/v1/admin/dashboard`, N, auth),
    await series('dashboard, period of 1 year', `${base}/v1/admin/dashboard?from=${yearAgo}&to=${today}`, N, auth),
  ];
  const sample = await (await fetch(`${base}/v1/admin/dashboard?from=${yearAgo}&to=${today}`, { headers: auth })).json();
  const baseP50 = results[0].p50;
  console.log(`\nDashboard via ${base} (sequential, ${N} requests per series; ${orders === null ? 'unknown number of' : orders} seeded orders; one run):\n`);
  console.log(`  ${'series'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p50/base'.padStart(9)} ${'D1 trips'.padStart(9)}`);
  for (const r of results) console.log(`  ${r.name.padEnd(38)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.p50 / baseP50).toFixed(2).padStart(9)} ${String(r.d1).padStart(9)}`);
  console.log(`  (D1 trips: 1 for the admin's session check + 1 batch of every widget; the 1-year period covered ${sample.periodTotals.orders} orders)`);
  if (orders !== null && orders < BENCH_ORDERS_FIXTURE) console.log(`  note: fewer than ${BENCH_ORDERS_FIXTURE} seeded orders; seed them with npm run seed -- --orders ${BENCH_ORDERS_FIXTURE}`);
}
