// First-load JavaScript per page of the Next.js build (web/.next), as the browser fetches it on a first visit: the
// framework's root main files plus every client chunk the page's segments reference (layouts, page, error and
// not-found boundaries: all are in the page's client reference manifest), counted once, gzip-compressed.
// Pages are grouped by area: the storefront ((store) route group) and the staff console ((console)), so a console
// change that leaked into the shopper's pages shows up as a storefront number that moved.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';

function manifestsUnder(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return manifestsUnder(p);
    return f === 'page_client-reference-manifest.js' ? [p] : [];
  });
}

/** [{ route, area, files, gzip }] for every app page of the build in `nextDir` (web/.next). */
export function firstLoadJs(nextDir) {
  const build = JSON.parse(readFileSync(join(nextDir, 'build-manifest.json'), 'utf8'));
  const routes = JSON.parse(readFileSync(join(nextDir, 'app-path-routes-manifest.json'), 'utf8'));
  const gz = new Map();
  const size = (f) => {
    if (!gz.has(f)) {
      const p = join(nextDir, f.replace(/^\/?_next\//, ''));
      gz.set(f, existsSync(p) ? gzipSync(readFileSync(p)).length : 0);
    }
    return gz.get(f);
  };
  const rows = [];
  for (const file of manifestsUnder(join(nextDir, 'server/app'))) {
    const ctx = { globalThis: {} };
    ctx.self = ctx.globalThis;
    vm.runInNewContext(readFileSync(file, 'utf8'), ctx);
    for (const [entry, m] of Object.entries(ctx.globalThis.__RSC_MANIFEST ?? {})) {
      const route = routes[entry];
      if (!route || route.startsWith('/_')) continue;
      const files = new Set(build.rootMainFiles);
      for (const chunks of Object.values(m.entryJSFiles ?? {})) for (const c of chunks) files.add(c);
      const area = entry.startsWith('/(console)/') ? 'console' : 'storefront';
      rows.push({ route, area, files: files.size, gzip: [...files].reduce((s, f) => s + size(f), 0) });
    }
  }
  return rows.sort((a, b) => a.area.localeCompare(b.area) || a.route.localeCompare(b.route));
}

/** Prints the table `npm run build` shows (and returns the rows). */
export function reportFirstLoadJs(nextDir) {
  const rows = firstLoadJs(nextDir);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  for (const area of ['storefront', 'console']) {
    const mine = rows.filter((r) => r.area === area);
    if (!mine.length) continue;
    console.log(`\nFirst-load JS per page, ${area} (gzip; framework + the page's client chunks):`);
    for (const r of mine) console.log(`  ${r.route.padEnd(32)} ${kib(r.gzip).padStart(10)}  (${r.files} files)`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) reportFirstLoadJs(process.argv[2] ?? 'web/.next');
