/**
 * #13: the storefront uses the api's hono/client types as they are. `as never` / `as unknown as` in web/src would hide
 * a drift between a route's zod schema and the page reading it; `npm run lint` refuses them (scripts/check-web-casts.mjs).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forbiddenCasts, webCasts } from '../scripts/lib/web-casts.mjs';

describe('no casts of the api types in web/src (#13)', () => {
  it('finds none in web/src', () => {
    expect(webCasts()).toEqual([]);
  });

  it('finds `as never` and `as unknown as`, with their line, and nothing else', () => {
    const src = ["const a = x as never;", 'const b = (await res.json()) as unknown as Order;', "const c = x as const;", 'const d = y as Quote;', '// never as unknown'].join('\n');
    expect(forbiddenCasts(src)).toEqual([
      { line: 1, text: 'const a = x as never;' },
      { line: 2, text: 'const b = (await res.json()) as unknown as Order;' },
    ]);
  });

  it('walks nested folders and .tsx files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-casts-'));
    mkdirSync(join(dir, 'app', '(store)'), { recursive: true });
    writeFileSync(join(dir, 'app', '(store)', 'page.tsx'), "api.v1.products.$get({ query: {} as never });\n");
    writeFileSync(join(dir, 'ok.ts'), 'export const x = 1;\n');
    expect(webCasts(dir)).toHaveLength(1);
    expect(webCasts(dir)[0]).toMatch(/page\.tsx:1: api\.v1\.products/);
  });
});
