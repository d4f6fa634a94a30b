/**
 * Counts D1 round trips per request. A `batch()` is one round trip (one call to the database), whatever the number
 * of statements in it; every `first/all/run/raw` outside a batch is one more. The api Worker reports the count in a
 * `Server-Timing: d1;desc=…` header and the tests hold each catalogue endpoint to its budget.
 */
export interface D1Stats {
  /** Round trips to the database. */
  queries: number;
  /** SQL statements executed (a batch of 5 counts 5 here and 1 above). */
  statements: number;
}

const RAW = Symbol('raw-statement');

function bindMethod<T extends object>(target: T, prop: string | symbol): unknown {
  const v = Reflect.get(target, prop, target) as unknown;
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
}

export function instrumentD1(inner: D1Database): { db: D1Database; stats: D1Stats } {
  const stats: D1Stats = { queries: 0, statements: 0 };
  const terminal = new Set(['first', 'all', 'run', 'raw']);

  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === RAW) return target;
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args));
        if (typeof prop === 'string' && terminal.has(prop)) {
          const fn = bindMethod(target, prop) as (...a: unknown[]) => unknown;
          return (...args: unknown[]) => {
            stats.queries++;
            stats.statements++;
            return fn(...args);
          };
        }
        return bindMethod(target, prop);
      },
    });

  const db = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'prepare') return (query: string) => wrapStatement(target.prepare(query));
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          stats.queries++;
          stats.statements += statements.length;
          const raw = statements.map((s) => ((s as unknown as Record<symbol, D1PreparedStatement>)[RAW] ?? s));
          return target.batch(raw);
        };
      }
      if (prop === 'exec') {
        return (query: string) => {
          stats.queries++;
          stats.statements++;
          return target.exec(query);
        };
      }
      return bindMethod(target, prop);
    },
  });
  return { db, stats };
}
