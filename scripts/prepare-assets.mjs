// Copies the Swagger UI files the /docs pages need from swagger-ui-dist into the api Worker's static assets,
// so the docs work offline and no page loads anything from a CDN; and writes the storefront's web fonts: Be Vietnam Pro
// (from npm) subset to Latin + Vietnamese as WOFF2 (≈ 34 KB instead of a 131 KB TrueType per weight), into
// web/src/fonts/ (generated, not in git). Idempotent; run before dev, test, build and deploy.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('swagger-ui-dist/package.json'));
const out = join(root, 'workers/api/public/docs-assets');
mkdirSync(out, { recursive: true });
for (const f of ['swagger-ui.css', 'swagger-ui-bundle.js']) copyFileSync(join(dist, f), join(out, f));

const FONT_SRC = dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
const FONT_OUT = join(root, 'web/src/fonts');
// Basic Latin, Latin-1, Latin Extended-A, the Vietnamese ơ/ư block, combining marks, Latin Extended Additional (ạ…ỹ),
// general punctuation, the đồng sign and the minus sign.
const RANGES = [[0x20, 0x7e], [0xa0, 0xff], [0x100, 0x17f], [0x1a0, 0x1b0], [0x300, 0x323], [0x1ea0, 0x1ef9], [0x2000, 0x206f], [0x20ab, 0x20ac], [0x2212, 0x2212]];
const weights = { 400: '400Regular/BeVietnamPro_400Regular.ttf', 600: '600SemiBold/BeVietnamPro_600SemiBold.ttf' };
const pending = Object.entries(weights).filter(([w]) => !existsSync(join(FONT_OUT, `be-vietnam-pro-${w}.woff2`)));
if (pending.length) {
  const { default: subsetFont } = await import('subset-font');
  const text = RANGES.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i))).join('');
  mkdirSync(FONT_OUT, { recursive: true });
  for (const [w, file] of pending) {
    writeFileSync(join(FONT_OUT, `be-vietnam-pro-${w}.woff2`), await subsetFont(readFileSync(join(FONT_SRC, file)), text, { targetFormat: 'woff2' }));
  }
}
