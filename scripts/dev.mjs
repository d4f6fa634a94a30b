// `npm run dev`: the whole platform locally, one command, no cloud account, no network.
// 1. copies the docs assets and writes local-only secrets (.dev.vars) if missing;
// 2. applies D1 migrations and loads the seed catalogue when the local database is empty;
// 3. starts all five Workers in ONE `wrangler dev` process (queues and service bindings connect), on one origin;
// 4. starts the storefront (`next dev` in web/, on http://127.0.0.1:3000) talking to that origin;
// 5. waits until both answer and prints the URLs. MEDICARE_WEB=off skips the storefront (the e2e runner serves the
//    built web Worker instead). MEDICARE_OPENAI_BASE_URL + MEDICARE_OPENAI_API_KEY give the recommendation Worker (only
//    it) a model for this run (the e2e runner's OpenAI stand-in); without them it has no key and the AI features run
//    their labelled fallback.
// #19 (ADR 0047): CATALOG_BACKEND=mongo serves the catalogue from MongoDB: MONGODB_URI (+ MONGODB_DB, default
// medicare; MONGODB_CLIENT=per-request|durable-object) names the server, e.g. Atlas; without it a local FerretDB v1.24.2
// is started (scripts/lib/ferretdb.mjs, stopped with the stack). After seeding, the D1 catalogue is copied into it
// (`npm run mongo:sync -- --from d1`, which also creates the indexes) and the api and consumer Workers get the
// bindings through their .dev.vars (removed again when the stack stops, and by the next start without it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDevVars, setCatalogVars } from './lib/dev-vars.mjs';
import { ROOT, run, startGroup, stopGroup, waitForOk } from './lib/proc.mjs';

const PORT = Number(process.env.PORT ?? 8787);
const INSPECTOR_PORT = Number(process.env.INSPECTOR_PORT ?? 9329);
const HOST = '127.0.0.1';
const BASE = `http://${HOST}:${PORT}`;
export const WORKER_CONFIGS = [
  'wrangler.toml',
  'workers/payment/wrangler.toml',
  'workers/recommendation/wrangler.toml',
  'workers/hook/wrangler.toml',
  'workers/consumer/wrangler.toml',
];

const DEV_ADMIN_EMAIL = 'admin@medicare.local';
const DEV_PHARMACIST_EMAIL = 'duocsi@medicare.local';
const WEB_PORT = Number(process.env.WEB_PORT ?? 3000);
const WEB = `http://${HOST}:${WEB_PORT}`;

/** The local first admin: created once with a random password kept in .wrangler/dev-admin.txt (local only, not a
 *  Worker binding), printed on every start. */
async function ensureDevAdmin() {
  const file = join(ROOT, '.wrangler/dev-admin.txt');
  let password = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!password) {
    password = randomBytes(9).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${password}\n`);
  }
  const { createAdmin } = await import('./create-admin.mjs');
  await createAdmin({ email: DEV_ADMIN_EMAIL, name: 'Quản trị viên (dev)', password });
  // A local pharmacist on duty (same password): product pages show the pharmacist on duty, as the law requires. The
  // certificate number is fictitious; in production admins create pharmacists with their real practising certificate.
  await createAdmin({ email: DEV_PHARMACIST_EMAIL, name: 'DS. Trần Minh Anh (dev)', password, role: 'pharmacist', practisingCertificate: '000123/HCM-CCHND' });
  return { email: DEV_ADMIN_EMAIL, password };
}

/**
 * #19: with CATALOG_BACKEND=mongo, the MongoDB origin of this run (a local FerretDB unless MONGODB_URI names one), the
 * D1 catalogue copied into it, and the Workers' bindings written; without it, the bindings are removed (D1 serves).
 */
async function catalogOrigin() {
  const consumerVars = join(ROOT, 'workers/consumer/.dev.vars');
  if (process.env.CATALOG_BACKEND !== 'mongo') {
    setCatalogVars(null);
    setCatalogVars(null, consumerVars);
    return null;
  }
  let ferret = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const { startFerretdb } = await import('./lib/ferretdb.mjs');
    const server = await startFerretdb();
    const stopNow = () => {
      try {
        process.kill(-Number(readFileSync(server.pidFile, 'utf8')), 'SIGTERM');
      } catch {
        /* gone */
      }
    };
    ferret = { stop: server.stop, stopNow };
    uri = server.uri;
  }
  const db = process.env.MONGODB_DB || 'medicare';
  const client = process.env.MONGODB_CLIENT === 'durable-object' ? 'durable-object' : 'per-request';
  try {
    await run('node', ['scripts/mongo.mjs', 'sync', '--from', 'd1'], { env: { MONGODB_URI: uri, MONGODB_DB: db } });
  } catch (e) {
    await ferret?.stop();
    throw e;
  }
  setCatalogVars({ uri, db, client });
  setCatalogVars({ uri, db, client }, consumerVars);
  // Removed again when the stack stops: a later `wrangler dev` or Worker test run must not read a FerretDB that is gone.
  const forget = () => {
    setCatalogVars(null);
    setCatalogVars(null, consumerVars);
  };
  return { ferret, forget, db, client, label: ferret ? `(local FerretDB v1.24.2 at ${uri}, stopped with the stack)` : '(MONGODB_URI)' };
}

async function main() {
  const t0 = Date.now();
  const model = process.env.MEDICARE_OPENAI_BASE_URL && process.env.MEDICARE_OPENAI_API_KEY ? { baseUrl: process.env.MEDICARE_OPENAI_BASE_URL, apiKey: process.env.MEDICARE_OPENAI_API_KEY } : null;
  ensureDevVars(WORKER_CONFIGS, { model });
  await run('node', ['scripts/seed.mjs', '--if-empty']);
  const admin = await ensureDevAdmin();
  const origin = await catalogOrigin();

  const args = ['wrangler', 'dev', ...WORKER_CONFIGS.flatMap((c) => ['-c', c]), '--ip', HOST, '--port', String(PORT), '--inspector-port', String(INSPECTOR_PORT)];
  // Each child in its own process group, stopped as a group: a signal to `npx` alone does not reach wrangler or Next
  // (Ctrl-C in a terminal reaches the whole foreground group, a `kill` or a supervisor's SIGTERM reaches this process).
  const child = startGroup('npx', args, { stdio: 'inherit' });
  let web = null;
  const stop = () => {
    if (web) stopGroup(web);
    stopGroup(child);
  };
  process.on('exit', () => {
    origin?.ferret?.stopNow();
    origin?.forget();
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code) => {
    if (web) stopGroup(web);
    await origin?.ferret?.stop();
    process.exit(code ?? 0);
  });

  if (!(await waitForOk(`${BASE}/health`, 120_000))) {
    console.error(`The API did not answer on ${BASE}/health within 120 s.`);
    stop();
    return;
  }
  const first = await fetch(`${BASE}/v1/products?category=thuoc&limit=1`);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  let webLine = '  Storefront          (not started: MEDICARE_WEB=off)';
  if (process.env.MEDICARE_WEB !== 'off') {
    // The storefront in development mode: server components and the /v1 gateway reach the api Worker at BASE.
    web = spawn('npx', ['next', 'dev', '--port', String(WEB_PORT), '--hostname', HOST], {
      cwd: join(ROOT, 'web'),
      detached: true,
      env: { ...process.env, API_ORIGIN: BASE, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'inherit',
    });
    const webUp = await waitForOk(`${WEB}/`, 180_000);
    webLine = webUp ? `  Storefront          ${WEB}   (Next.js dev server; the first visit to each page compiles it)` : `  Storefront          ${WEB} did not answer within 180 s; see its log above`;
  }
  const lines = [
    '',
    `Medicare is running (first catalogue request answered ${first.status} after ${seconds}s).`,
    '',
    webLine,
    `  API base            ${BASE}`,
    origin
      ? `  Catalogue origin    MongoDB ${origin.label}, database ${origin.db} (${origin.client}; X-Catalog-Backend says which answered)`
      : '  Catalogue origin    D1 (CATALOG_BACKEND=mongo npm run dev serves it from MongoDB)',
    `  Catalogue example   ${BASE}/v1/products?category=thuoc`,
    `  API docs            ${BASE}/docs`,
    `  Payment docs        ${BASE}/v1/payments/docs`,
    `  Recommendation docs ${BASE}/v1/recommendations/docs`,
    `  Hook docs           ${BASE}/v1/hooks/docs`,
    `  Consumer docs       ${BASE}/v1/consumer/docs`,
    `  Dev mailbox         ${BASE}/dev/mailbox   (sign-up codes and reset links land here)`,
    '',
    ...(webLine.includes(`${WEB}   (`) ? [`  Staff console       ${WEB}/quan-tri   (admin and pharmacist accounts)`] : []),
    `  Admin sign-in       ${admin.email} / ${admin.password}   (local only, kept in .wrangler/dev-admin.txt)`,
    `  Pharmacist sign-in  ${DEV_PHARMACIST_EMAIL} / the same password`,
    '',
    '  Rebuild the local data: stop this, then npm run seed -- --reset',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
