/**
 * Every storefront page loads the (store) layout's modules: none of them may import zod (`zod`, `@hono/zod-openapi`).
 * shared/src/text.ts (`formatVnd`, in every page's header) imported zod for its form-field helpers, which put zod and
 * all its locales into the first-load JavaScript of every storefront page (+94 KiB gzip); those helpers now live in
 * shared/src/text-input.ts. Type-only imports are erased and do not count.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveModule(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((c) => /\.tsx?$/.test(c) && existsSync(c)) ?? null;
}

/** Each module reachable from `entry` by value imports, with the bare packages it imports. */
function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    const bare: string[] = [];
    seen.set(file, bare);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (spec!.startsWith('.')) {
        const next = resolveModule(file, spec!);
        if (next) walk(next);
      } else bare.push(spec!);
    }
  };
  walk(resolve(entry));
  return seen;
}

describe('storefront layout module graph', () => {
  it('imports no zod (it would be in every storefront page’s first-load JavaScript)', () => {
    const g = graph('web/src/app/(store)/layout.tsx');
    expect(g.size).toBeGreaterThan(10); // the walk follows the layout's imports (header, store, sagas, api client…)
    const withZod = [...g].filter(([, bare]) => bare.some((b) => b === 'zod' || b.startsWith('zod/') || b === '@hono/zod-openapi')).map(([f]) => f);
    expect(withZod).toEqual([]);
  });
});
