/**
 * D1 refuses LIKE patterns over 50 bytes (a 500 on a long search), so user-typed text is matched with `containsText`
 * (shared/src/db/text-match.ts, the one owner) and no query under shared/src or the Workers builds a LIKE pattern.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containsText } from '../shared/src/db/text-match';

const root = join(import.meta.dirname, '..');
const sources = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f: string) => f.endsWith('.ts') && !f.includes('node_modules'))
    .map((f: string) => join(dir, f));

describe('text matching (#13 review 6)', () => {
  it('no query in shared/src or workers/*/src uses LIKE (comments aside): containsText owns text matching', () => {
    const files = [...sources('shared/src'), ...['api', 'payment', 'hook', 'consumer', 'recommendation'].flatMap((w) => sources(`workers/${w}/src`))];
    expect(files).toContain(join('shared/src', 'payments', 'admin.ts'));
    const offenders = files.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /\bLIKE\b/.test(line))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('matches every column with instr over the ASCII-folded term', () => {
    expect(containsText(['a', 'b'], 'Đơn MC12')).toEqual({ sql: '(instr(lower(a), ?) > 0 OR instr(lower(b), ?) > 0)', params: ['Đơn mc12', 'Đơn mc12'] });
  });
});
