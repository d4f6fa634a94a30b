import { describe, expect, it } from 'vitest';
import { instrumentD1, isBookmark, laterBookmark, sqlWrites, sqlWrittenTables } from '../src/db/instrument';

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
    expect(stats).toEqual({ queries: 3, statements: 5, writes: 3, writtenTables: new Set(['t']) });
    expect((handle as unknown as D1DatabaseSession).getBookmark()).toBe('b');
  });
});

describe('instrumentD1 with a bookmark D1 refuses (R16-X6)', () => {
  const FORGED = 'ffffffff-ffffffff-ffffffff-ffffffff';
  /** A database whose sessions are named by where they started; `refuse` says how a forged bookmark fails. */
  function fakeDb(refuse: 'open' | 'query', sqlError = false) {
    const opened: string[] = [];
    const ran: string[] = [];
    const session = (start: string) => {
      const fail = () => {
        if (sqlError) throw new Error('D1_ERROR: no such table: nope');
        if (start === FORGED && refuse === 'query') throw new Error('D1_ERROR: invalid bookmark');
      };
      const stmt = (sql: string, args: unknown[] = []): D1PreparedStatement =>
        ({
          bind: (...a: unknown[]) => stmt(sql, a),
          first: async () => (fail(), ran.push(`${start}:${sql}:${args.join(',')}`), { start }),
          all: async () => (fail(), ran.push(`${start}:${sql}`), { results: [] }),
          run: async () => (fail(), ran.push(`${start}:${sql}`), {}),
          raw: async () => (fail(), []),
        }) as unknown as D1PreparedStatement;
      return {
        prepare: (sql: string) => stmt(sql),
        batch: async (s: D1PreparedStatement[]) => (fail(), ran.push(`${start}:batch`), Promise.all(s.map((x) => x.first()))),
        getBookmark: () => `bookmark-of-${start}`,
      };
    };
    const db = {
      withSession: (start: string) => {
        opened.push(start);
        if (start === FORGED && refuse === 'open') throw new Error('D1_ERROR: invalid bookmark');
        return session(start);
      },
    } as unknown as D1Database;
    return { db, opened, ran };
  }

  it('reopens on first-unconstrained when withSession refuses the bookmark', async () => {
    const { db, opened } = fakeDb('open');
    const { db: handle } = instrumentD1(db, { session: FORGED });
    expect(await handle.prepare('SELECT 1').first()).toEqual({ start: 'first-unconstrained' });
    expect(opened).toEqual([FORGED, 'first-unconstrained']);
  });

  it('retries the first round trip on first-unconstrained when it fails on the bookmark, and stays there', async () => {
    const { db, opened, ran } = fakeDb('query');
    const { db: handle, stats } = instrumentD1(db, { session: FORGED });
    const stmt = handle.prepare('SELECT ?').bind(7);
    expect(await stmt.first()).toEqual({ start: 'first-unconstrained' });
    expect(await handle.prepare('SELECT 2').first()).toEqual({ start: 'first-unconstrained' });
    expect(ran).toEqual(['first-unconstrained:SELECT ?:7', 'first-unconstrained:SELECT 2:']);
    expect(opened).toEqual([FORGED, 'first-unconstrained']);
    expect(stats.queries).toBe(2);
    expect((handle as unknown as D1DatabaseSession).getBookmark()).toBe('bookmark-of-first-unconstrained');
  });

  it('retries a first batch too', async () => {
    const { db } = fakeDb('query');
    const { db: handle } = instrumentD1(db, { session: FORGED });
    expect(await handle.batch([handle.prepare('SELECT 1'), handle.prepare('SELECT 2')])).toEqual([{ start: 'first-unconstrained' }, { start: 'first-unconstrained' }]);
  });

  it('still surfaces a genuine SQL error, and never retries a constraint session', async () => {
    const bad = fakeDb('query', true);
    await expect(instrumentD1(bad.db, { session: FORGED }).db.prepare('SELECT * FROM nope').first()).rejects.toThrow(/no such table/);
    const primary = fakeDb('query', true);
    await expect(instrumentD1(primary.db, { session: 'first-primary' }).db.prepare('SELECT * FROM nope').first()).rejects.toThrow(/no such table/);
    expect(primary.opened).toEqual(['first-primary']);
  });
});

describe('sqlWrittenTables (#19: which writes may move the catalogue version)', () => {
  it('reads the target of plain writes, upserts and CTE-fronted writes; reads write nothing', () => {
    expect(sqlWrittenTables('SELECT * FROM products')).toEqual([]);
    expect(sqlWrittenTables('insert into "cart_items" ("id") values (?) on conflict ("id") do update set "quantity" = excluded.quantity')).toEqual(['cart_items']);
    expect(sqlWrittenTables('UPDATE stock_batches SET reserved = reserved + 1 WHERE id = ?')).toEqual(['stock_batches']);
    expect(sqlWrittenTables('INSERT OR IGNORE INTO outbox_events (id) VALUES (?)')).toEqual(['outbox_events']);
    expect(sqlWrittenTables('WITH x AS (SELECT 1) DELETE FROM `sessions` WHERE id IN (SELECT * FROM x)')).toEqual(['sessions']);
    expect(sqlWrittenTables("REPLACE INTO meta (key, value) VALUES ('k', 1)")).toEqual(['meta']);
  });
});
