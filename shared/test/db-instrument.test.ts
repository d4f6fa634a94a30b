import { describe, expect, it } from 'vitest';
import { instrumentD1, isBookmark, laterBookmark, sqlWrites } from '../src/db/instrument';

describe('instrumentD1 (round trips, writes, sessions)', () => {
  it('tells writing statements from reads, CTEs included', () => {
    expect(sqlWrites('SELECT * FROM products')).toBe(false);
    expect(sqlWrites('  select updated_at from products')).toBe(false);
    expect(sqlWrites('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(false);
    expect(sqlWrites('insert into carts (id) values (?)')).toBe(true);
    expect(sqlWrites('UPDATE product_units SET price = ?')).toBe(true);
    expect(sqlWrites('DELETE FROM cart_items')).toBe(true);
    expect(sqlWrites('REPLACE INTO meta VALUES (?, ?)')).toBe(true);
    expect(sqlWrites('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x')).toBe(true);
  });

  it('accepts only well-formed bookmarks and keeps the later of two', () => {
    expect(isBookmark('00000000-0000001b-00000000-00000000000000000000000000000000')).toBe(true);
    for (const bad of [undefined, '', 'first-primary', "x'; DROP TABLE carts", '0000-1', `${'0'.repeat(8)}-${'a'.repeat(200)}`]) expect(isBookmark(bad)).toBe(false);
    const a = '00000000-0000001b-00000000-00000000000000000000000000000000';
    const b = '00000000-0000001c-00000000-00000000000000000000000000000000';
    expect(laterBookmark(a, b)).toBe(b);
    expect(laterBookmark(b, a)).toBe(b);
    expect(laterBookmark(null, a)).toBe(a);
    expect(laterBookmark(a, undefined)).toBe(a);
    expect(laterBookmark(null, null)).toBeNull();
  });

  it('counts one round trip per call or batch, and the writing statements, through a session', async () => {
    const calls: string[] = [];
    const stmt = (sql: string): D1PreparedStatement =>
      ({ bind: () => stmt(sql), first: async () => null, all: async () => ({ results: [] }), run: async () => ({}), raw: async () => [] }) as unknown as D1PreparedStatement;
    const session = { prepare: stmt, batch: async (s: D1PreparedStatement[]) => s.map(() => ({})), getBookmark: () => 'b' };
    const db = {
      prepare: stmt,
      batch: async () => [],
      exec: async () => ({ count: 1, duration: 0 }),
      withSession: (start: string) => (calls.push(start), session),
    } as unknown as D1Database;
    const { db: handle, stats } = instrumentD1(db, { session: 'first-primary' });
    expect(calls).toEqual(['first-primary']);
    await handle.prepare('SELECT 1').first();
    await handle.prepare('UPDATE t SET a = ?').bind(1).run();
    await handle.batch([handle.prepare('INSERT INTO t VALUES (1)'), handle.prepare('SELECT 2'), handle.prepare('DELETE FROM t')]);
    expect(stats).toEqual({ queries: 3, statements: 5, writes: 3 });
    expect((handle as unknown as D1DatabaseSession).getBookmark()).toBe('b');
  });
});
