/**
 * A D1-compatible facade over Node's built-in SQLite (node:sqlite), for running the same repositories, migrations
 * and SQL in-process: the search relevance suite and the search benchmark. D1 is SQLite, so the SQL is the same;
 * what this does not model is D1's transport (every D1 call crosses to another process) and its limits
 * (100 bound parameters, 50-byte LIKE patterns), which the workerd tests cover.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

type Value = null | number | bigint | string | Uint8Array;

function toValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return v as Value;
}

class Statement {
  constructor(
    private readonly db: DatabaseSync,
    readonly sql: string,
    private readonly params: Value[] = [],
  ) {}

  bind(...values: unknown[]) {
    return new Statement(this.db, this.sql, values.map(toValue));
  }

  private stmt(): StatementSync {
    return this.db.prepare(this.sql);
  }

  async all<T = Record<string, unknown>>() {
    return this.allSync<T>();
  }

  allSync<T = Record<string, unknown>>() {
    const results = this.stmt().all(...this.params) as T[];
    return { results, success: true as const, meta: { changes: 0, duration: 0 } };
  }

  async first<T = Record<string, unknown>>(column?: string) {
    const row = this.stmt().get(...this.params) as Record<string, unknown> | undefined;
    if (!row) return null;
    return (column ? row[column] : row) as T;
  }

  async run() {
    const r = this.stmt().run(...this.params);
    return { results: [], success: true as const, meta: { changes: Number(r.changes), last_row_id: Number(r.lastInsertRowid), duration: 0 } };
  }

  async raw<T = unknown[]>(options?: { columnNames?: boolean }) {
    const s = this.stmt();
    s.setReturnArrays(true);
    const rows = s.all(...this.params) as unknown as T[];
    if (options?.columnNames) return [s.columns().map((c) => c.name) as unknown as T, ...rows];
    return rows;
  }

  /** What batch() runs: a write statement or a read, with D1's result shape. */
  execForBatch() {
    const s = this.stmt();
    if (s.columns().length > 0) return this.allSync();
    const r = s.run(...this.params);
    return { results: [], success: true as const, meta: { changes: Number(r.changes), last_row_id: Number(r.lastInsertRowid), duration: 0 } };
  }
}

export class SqliteD1 {
  readonly db: DatabaseSync;
  /** Round trips, counted like the api Worker counts D1 calls. */
  calls = 0;

  constructor(path = ':memory:') {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA foreign_keys = ON');
  }

  prepare(sql: string) {
    return new Proxy(new Statement(this.db, sql), this.counter()) as unknown as D1PreparedStatement;
  }

  private counter(): ProxyHandler<Statement> {
    const self = this;
    return {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop === 'bind') return (...args: unknown[]) => new Proxy(target.bind(...args), self.counter());
        if (typeof v === 'function' && ['all', 'first', 'run', 'raw'].includes(String(prop))) {
          return (...args: unknown[]) => {
            self.calls++;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof v === 'function' ? v.bind(target) : v;
      },
    };
  }

  /** Like D1: all statements in one transaction; any failure rolls the whole batch back. */
  async batch(statements: D1PreparedStatement[]) {
    this.calls++;
    this.db.exec('BEGIN');
    try {
      const out = (statements as unknown as Statement[]).map((s) => s.execForBatch());
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  async exec(sql: string) {
    this.calls++;
    this.db.exec(sql);
    return { count: 1, duration: 0 };
  }

  /** Applies the repo's migrations in order, as wrangler does. */
  migrate(dir = join(process.cwd(), 'migrations')) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql')).sort()) this.db.exec(readFileSync(join(dir, f), 'utf8'));
    return this;
  }

  asD1(): D1Database {
    return this as unknown as D1Database;
  }
}
