/**
 * #13: `npm run build` reports first-load JS per page, storefront and staff console apart (scripts/lib/first-load-js.mjs),
 * so a console change that leaks into the shopper's pages shows as a storefront number that moved. Checked on a small
 * synthetic Next build directory.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { firstLoadJs } from '../scripts/lib/first-load-js.mjs';

function fakeBuild(): { dir: string; size: (...f: string[]) => number } {
  const dir = mkdtempSync(join(tmpdir(), 'first-load-'));
  const chunks: Record<string, string> = {
    'static/chunks/main.js': 'framework();'.repeat(50),
    'static/chunks/layout.js': 'segments();'.repeat(20),
    'static/chunks/store.js': 'redux();header();'.repeat(30),
    'static/chunks/console.js': 'console();'.repeat(10),
    'static/chunks/charts.js': 'recharts();'.repeat(200),
  };
  mkdirSync(join(dir, 'static/chunks'), { recursive: true });
  for (const [f, body] of Object.entries(chunks)) writeFileSync(join(dir, f), body);
  writeFileSync(join(dir, 'build-manifest.json'), JSON.stringify({ rootMainFiles: ['static/chunks/main.js'] }));
  writeFileSync(
    join(dir, 'app-path-routes-manifest.json'),
    JSON.stringify({ '/(store)/page': '/', '/(console)/quan-tri/page': '/quan-tri', '/(console)/quan-tri/bao-cao/page': '/quan-tri/bao-cao', '/_not-found/page': '/_not-found' }),
  );
  const manifest = (entry: string, entryJSFiles: Record<string, string[]>) =>
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(entry)}] = ${JSON.stringify({ entryJSFiles })};`;
  const write = (path: string, entry: string, files: Record<string, string[]>) => {
    mkdirSync(join(dir, 'server/app', path), { recursive: true });
    writeFileSync(join(dir, 'server/app', path, 'page_client-reference-manifest.js'), manifest(entry, files));
  };
  write('(store)', '/(store)/page', { layout: ['static/chunks/layout.js'], store: ['static/chunks/layout.js', 'static/chunks/store.js'] });
  write('(console)/quan-tri', '/(console)/quan-tri/page', { layout: ['static/chunks/layout.js'], console: ['static/chunks/console.js'] });
  write('(console)/quan-tri/bao-cao', '/(console)/quan-tri/bao-cao/page', { console: ['static/chunks/console.js'], page: ['static/chunks/charts.js'] });
  write('_not-found', '/_not-found/page', { layout: ['static/chunks/layout.js'] });
  const size = (...files: string[]) => files.reduce((s, f) => s + gzipSync(Buffer.from(chunks[`static/chunks/${f}`]!)).length, 0);
  return { dir, size };
}

describe('first-load JS per page (#13)', () => {
  it('counts the framework and every chunk the page references once, gzip, and groups pages by area', () => {
    const { dir, size } = fakeBuild();
    expect(firstLoadJs(dir)).toEqual([
      { route: '/quan-tri', area: 'console', files: 3, gzip: size('main.js', 'layout.js', 'console.js') },
      { route: '/quan-tri/bao-cao', area: 'console', files: 3, gzip: size('main.js', 'console.js', 'charts.js') },
      { route: '/', area: 'storefront', files: 3, gzip: size('main.js', 'layout.js', 'store.js') },
    ]);
  });
});
