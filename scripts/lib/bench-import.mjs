// The import part of `npm run bench` (`-- --import-only` runs only it; #14, ADR 0028): a 10,000-row products .xlsx
// uploaded as a signed-in admin through the real stack, validated (dry run) and committed by the consumer Worker through
// the queue. Reports rows/s of each phase and the peak resident memory (VmRSS) of the workerd processes, sampled every
// 100 ms from /proc while the import runs. The bench's products (slugs bench-import-*) are removed before each run, so
// every run measures creating 10,000 products (they wait for pharmacist approval: never shown in the shop).
import { readFileSync, readdirSync } from 'node:fs';
import { read as _read, utils, write } from '@e965/xlsx';
import { localQuery } from './proc.mjs';
import { benchAdmin } from './bench-dashboard.mjs';

export const IMPORT_ROWS = 10_000;

function rows(n, brand, cat) {
  const out = [['product_name', 'prices', 'ingredients', 'slug', 'description', 'full_descriptions', 'origin', 'uses', 'dosage_form', 'brand', 'prescription_required', 'registration_number', 'main_category_name', 'sub_category_name', 'child_category_name', 'pack_spec', 'base_unit']];
  for (let i = 0; i < n; i++) {
    out.push([
      `Sản phẩm đo tải nhập ${i}`,
      JSON.stringify([{ unit: 'Hộp', factor: 10, price: 50_000 + i, weight: 100, default: true }, { unit: 'Viên', factor: 1, price: 6_000, weight: 10, default: false }]),
      JSON.stringify([{ name: 'Paracetamol', strength: '500mg' }]),
      `bench-import-${i}`,
      'Chỉ dùng cho npm run bench.',
      '## Đo tải\n\nSản phẩm của bài đo nhập dữ liệu.',
      'Việt Nam',
      'Đo tải.',
      'Viên nén',
      brand,
      'Không',
      'VD-12345-18',
      ...cat,
      'Hộp 1 vỉ x 10 viên',
      'viên',
    ]);
  }
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet(out), 'San pham');
  return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx', compression: true }));
}

/** Descendant processes of `root` whose command is workerd. */
function workerdPids(root) {
  const parent = new Map();
  const comm = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      comm.set(+d, stat.slice(stat.indexOf('(') + 1, close));
      parent.set(+d, +stat.slice(close + 2).split(' ')[1]);
    } catch {
      /* gone */
    }
  }
  const under = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 50; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  return [...comm].filter(([pid, c]) => c.startsWith('workerd') && (root === null || under(pid))).map(([pid]) => pid);
}

function rssKb(pid) {
  try {
    return +(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export async function importBench(base, { rootPid = null, local = true } = {}) {
  if (local) {
    await localQuery("UPDATE imports SET status = 'cancelled', phase = 'none' WHERE status IN ('queued', 'validating', 'committing')");
    await localQuery("DELETE FROM products WHERE slug LIKE 'bench-import-%'");
  }
  const [cat] = local ? await localQuery('SELECT c3.name AS c3, c2.name AS c2, c1.name AS c1 FROM categories c3 JOIN categories c2 ON c2.id = c3.parent_id JOIN categories c1 ON c1.id = c2.parent_id WHERE c3.level = 3 ORDER BY c3.id LIMIT 1') : [];
  const [brand] = local ? await localQuery('SELECT name FROM brands ORDER BY id LIMIT 1') : [];
  if (!cat || !brand) throw new Error('the import bench needs the seeded catalogue (categories and brands)');
  const admin = await benchAdmin();
  const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify(admin) });
  if (!login.ok) throw new Error(`admin sign-in → ${login.status}`);
  const auth = { authorization: `Bearer ${(await login.json()).accessToken}` };

  const file = rows(IMPORT_ROWS, brand.name, [cat.c1, cat.c2, cat.c3]);
  // Resident memory before the upload: the processes' baseline (five Workers in one dev process), for comparison.
  const baseline = workerdPids(rootPid).map(rssKb).sort((a, b) => b - a);
  const peak = new Map();
  // The largest process's peak per phase of the import (the status the console last showed): where the memory goes.
  let phase = 'queued';
  const phasePeak = new Map();
  const sampler = setInterval(() => {
    for (const pid of workerdPids(rootPid)) {
      const kb = rssKb(pid);
      peak.set(pid, Math.max(peak.get(pid) ?? 0, kb));
      phasePeak.set(phase, Math.max(phasePeak.get(phase) ?? 0, kb));
    }
  }, 100);
  const poll = async (id, states) => {
    for (;;) {
      const s = await (await fetch(`${base}/v1/admin/imports/${id}`, { headers: auth })).json();
      phase = s.status;
      if (states.includes(s.status)) return s;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  try {
    const form = new FormData();
    form.set('file', new Blob([file]), 'bench.xlsx');
    form.set('kind', 'products');
    const t0 = performance.now();
    const up = await fetch(`${base}/v1/admin/imports`, { method: 'POST', headers: auth, body: form });
    if (up.status !== 202) throw new Error(`upload → ${up.status} ${await up.text()}`);
    const { id } = await up.json();
    const checked = await poll(id, ['validated', 'failed']);
    const t1 = performance.now();
    if (checked.status !== 'validated' || checked.errorRows) throw new Error(`dry run: ${checked.status}, ${checked.errorRows} rows with errors ${JSON.stringify(checked.errors?.slice(0, 3))} ${checked.failure ?? ''}`);
    const commit = await fetch(`${base}/v1/admin/imports/${id}/commit`, { method: 'POST', headers: auth });
    if (commit.status !== 202) throw new Error(`commit → ${commit.status} ${await commit.text()}`);
    const done = await poll(id, ['done', 'failed']);
    const t2 = performance.now();
    if (done.status !== 'done' || done.createdCount !== IMPORT_ROWS) throw new Error(`commit: ${done.status}, created ${done.createdCount}`);
    const mb = (kb) => (kb / 1024).toFixed(0);
    const peaks = [...peak.values()].sort((a, b) => b - a);
    console.log(`\nImport via ${base}: ${IMPORT_ROWS} product rows (.xlsx, ${(file.length / 1024).toFixed(0)} KiB) through the queue and the consumer Worker (one run):\n`);
    console.log(`  dry run (upload → validated)   ${((t1 - t0) / 1000).toFixed(1).padStart(7)} s   ${(IMPORT_ROWS / ((t1 - t0) / 1000)).toFixed(0).padStart(6)} rows/s`);
    console.log(`  commit (→ done, ${done.createdCount} created)  ${((t2 - t1) / 1000).toFixed(1).padStart(7)} s   ${(IMPORT_ROWS / ((t2 - t1) / 1000)).toFixed(0).padStart(6)} rows/s`);
    console.log(`  whole import                   ${((t2 - t0) / 1000).toFixed(1).padStart(7)} s   ${(IMPORT_ROWS / ((t2 - t0) / 1000)).toFixed(0).padStart(6)} rows/s`);
    console.log(`  peak RSS of the workerd processes: ${peaks.length ? peaks.map((kb) => `${mb(kb)} MiB`).join(', ') : 'not measured (server not started by the bench)'}${peaks.length > 1 ? ` (largest first; the Workers' process and local D1's)` : ''}`);
    console.log(`  peak RSS by phase (queued = upload + parse): ${[...phasePeak].map(([p, kb]) => `${p} ${mb(kb)} MiB`).join(', ')}`);
    if (baseline.length) console.log(`  their RSS before the upload: ${baseline.map((kb) => `${mb(kb)} MiB`).join(', ')} (all five Workers share one dev process: the difference is the import's)`);
  } finally {
    clearInterval(sampler);
  }
}
