/**
 * Counts D1 round trips per request. A `batch()` is one round trip (one call to the database), whatever the number
 * of statements in it; every `first/all/run/raw` outside a batch is one more. The api Worker reports the count in a
 * `Server-Timing: d1;desc=…` header and the tests hold each catalogue endpoint to its budget.
 *
 * The handle can be a D1 session (read replication, ADR 0033): `instrumentD1(db, { session })` opens
 * `db.withSession(session)` and every query of the request goes through it, so its reads are sequentially consistent
 * and `bookmarkOf(handle)` tells how far the request has seen (the bookmark a shopper carries to read their writes).
 */
export interface D1Stats {
  /** Round trips to the database. */
  queries: number;
  /** SQL statements executed (a batch of 5 counts 5 here and 1 above). */
  statements: number;
  /** Statements executed that write (INSERT/UPDATE/DELETE/REPLACE, also inside a `WITH`): the request changed data. */
  writes: number;
  /**
   * The tables those statements write (`sqlWrittenTables`; `*` for a write whose table could not be read): what the
   * api Worker's write hook asks before publishing the catalogue version (#19, ADR 0046). Triggers' writes are not
   * listed: `mayBumpCatalogVersion` (catalog/version.ts) covers them.
   */
  writtenTables: Set<string>;
}

/** Where a session starts: a constraint, or the bookmark of an earlier session (read at least that fresh). */
export type D1SessionStart = D1SessionConstraint | D1SessionBookmark;

const RAW = Symbol('raw-statement');
const WRITES = Symbol('statement-writes');

/** Whether a statement's SQL writes. Reads start with SELECT (or WITH … SELECT); a CTE can also front a write. */
export function sqlWrites(query: string): boolean {
  const head = /^\s*(\w+)/.exec(query)?.[1]?.toUpperCase();
  if (head === 'WITH') return /\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(query);
  return head === 'INSERT' || head === 'UPDATE' || head === 'DELETE' || head === 'REPLACE';
}

const WRITE_TARGET = /\b(?:(?:insert|replace)(?:\s+or\s+\w+)?\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+[`"[]?(\w+)/gi;
const NOT_TABLES = new Set(['set', 'of', 'on']);

/**
 * The tables a writing statement (or a trigger's body) writes, lower case: the target of every INSERT/REPLACE INTO,
 * UPDATE and DELETE FROM in it (so a CTE-fronted write and an upsert's `DO UPDATE SET` are read right). A write
 * whose target cannot be read answers `['*']` (unknown: callers treat it as any table). A read answers `[]`.
 */
export function sqlWrittenTables(query: string): string[] {
  if (!sqlWrites(query)) return [];
  const tables = new Set<string>();
  for (const m of query.matchAll(WRITE_TARGET)) {
    const t = m[1]!.toLowerCase();
    if (!NOT_TABLES.has(t)) tables.add(t);
  }
  return tables.size ? [...tables] : ['*'];
}

/**
 * A D1 bookmark is well formed when it is hex groups joined by dashes (`00000000-0000001b-…`); anything else a
 * client sends (cookie, header) is ignored rather than handed to D1.
 */
export function isBookmark(value: unknown): value is D1SessionBookmark {
  return typeof value === 'string' && value.length <= 128 && /^[0-9a-f]{8}(?:-[0-9a-f]{8,64}){1,6}$/i.test(value);
}

/** The later of two bookmarks (D1 bookmarks are fixed-width hex, so later is greater as a string). */
export function laterBookmark(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

/** The bookmark of a handle opened by `instrumentD1(…, { session })` (null before its first query or without a session). */
export function bookmarkOf(db: D1Database): D1SessionBookmark | null {
  const get = (db as unknown as Partial<D1DatabaseSession>).getBookmark;
  return typeof get === 'function' ? (get.call(db) ?? null) : null;
}

function bindMethod<T extends object>(target: T, prop: string | symbol): unknown {
  const v = Reflect.get(target, prop, target) as unknown;
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
}

/**
 * A session started from a bookmark the client carried (cookie, header) may be one D1 refuses: well formed but never
 * issued, or from another database (R16-X6). Such a bookmark must never turn into a 500: if `withSession(bookmark)`
 * throws, or the session's first round trip fails, the handle reopens on `first-unconstrained` (the request then
 * reads as if it carried no bookmark) and runs that round trip once more. A genuine SQL error fails again on the
 * retry and surfaces as before; only the first round trip is retried (later ones ran on a session D1 accepted).
 */
export const BOOKMARK_RECOVERY: D1SessionConstraint = 'first-unconstrained';

export function instrumentD1(
  inner: D1Database,
  options: { session?: D1SessionStart; stats?: D1Stats } = {},
): { db: D1Database; stats: D1Stats } {
  const stats: D1Stats = options.stats ?? { queries: 0, statements: 0, writes: 0, writtenTables: new Set() };
  const noteWrites = (tables: readonly string[] | undefined) => {
    if (!tables?.length) return;
    stats.writes++;
    for (const t of tables) stats.writtenTables.add(t);
  };
  const terminal = new Set(['first', 'all', 'run', 'raw']);
  const withSession = options.session !== undefined && typeof inner.withSession === 'function';
  const fromBookmark = withSession && isBookmark(options.session);
  const open = (start: D1SessionStart) => inner.withSession(start) as unknown as D1Database;
  // A session has `prepare/batch/getBookmark`; `exec` (migrations, scripts) and `withSession` stay on the database.
  let target: D1Database = inner;
  if (withSession) {
    try {
      target = open(options.session!);
    } catch (err) {
      if (!fromBookmark) throw err;
      target = open(BOOKMARK_RECOVERY);
    }
  }
  /** Whether a round trip on this session has answered (or the bookmark was given up): no more retries. */
  let settled = !fromBookmark;
  const roundTrip = async <T>(run: (db: D1Database) => Promise<T>): Promise<T> => {
    if (settled) return run(target);
    const first = target;
    try {
      const result = await run(first);
      settled = true;
      return result;
    } catch (err) {
      if (settled && target === first) throw err; // another round trip already showed the session works
      settled = true;
      if (target === first) target = open(BOOKMARK_RECOVERY);
      return run(target);
    }
  };

  /** A statement is kept as its SQL and bindings so it can be prepared again on the recovery session. */
  type Recipe = (db: D1Database) => D1PreparedStatement;
  const wrapStatement = (recipe: Recipe, writes: readonly string[]): D1PreparedStatement => {
    const made = target;
    const stmt = recipe(made);
    return new Proxy(stmt, {
      get(t, prop) {
        if (prop === RAW) return recipe;
        if (prop === WRITES) return writes;
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement((db) => recipe(db).bind(...args), writes);
        if (typeof prop === 'string' && terminal.has(prop)) {
          return (...args: unknown[]) => {
            stats.queries++;
            stats.statements++;
            noteWrites(writes);
            return roundTrip((db) => {
              const s = db === made ? t : recipe(db);
              return (s[prop as 'first'] as (...a: unknown[]) => Promise<unknown>).apply(s, args);
            });
          };
        }
        return bindMethod(t, prop);
      },
    });
  };

  const db = new Proxy(target, {
    get(_t, prop) {
      if (prop === 'prepare') return (query: string) => wrapStatement((d) => d.prepare(query), sqlWrittenTables(query));
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          stats.queries++;
          stats.statements += statements.length;
          const tagged = statements as unknown as Array<Record<symbol, unknown>>;
          for (const s of tagged) noteWrites(s[WRITES] as readonly string[] | undefined);
          return roundTrip((d) =>
            d.batch(tagged.map((s) => (s[RAW] as Recipe | undefined)?.(d) ?? (s as unknown as D1PreparedStatement))),
          );
        };
      }
      if (prop === 'exec') {
        return (query: string) => {
          stats.queries++;
          stats.statements++;
          noteWrites(['*']);
          return inner.exec(query);
        };
      }
      if (prop === 'withSession' || prop === 'dump') return bindMethod(inner, prop);
      return bindMethod(target, prop);
    },
  });
  return { db, stats };
}
