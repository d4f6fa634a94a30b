// The storefront reads the api through hono/client, whose types come from the routes' zod schemas (#13): a cast hides a
// drift between the two instead of failing the type check. `webCasts()` lists every `as never` / `as unknown as` in
// web/src; `npm run lint` fails on any (scripts/check-web-casts.mjs), and so does test/web-casts.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CAST = /\bas\s+never\b|\bas\s+unknown\s+as\b/;

/** The forbidden casts in one file's text. */
export function forbiddenCasts(source) {
  const hits = [];
  source.split('\n').forEach((text, i) => {
    if (CAST.test(text)) hits.push({ line: i + 1, text: text.trim() });
  });
  return hits;
}

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|tsx|mts|cts)$/.test(e.name)) yield p;
  }
}

/** Every forbidden cast under `dir` (default web/src), as `path:line: text` relative to the repository. */
export function webCasts(dir = join(root, 'web/src')) {
  const found = [];
  for (const file of sources(dir)) for (const h of forbiddenCasts(readFileSync(file, 'utf8'))) found.push(`${relative(root, file)}:${h.line}: ${h.text}`);
  return found;
}
