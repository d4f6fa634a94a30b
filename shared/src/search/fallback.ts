/**
 * Search with a fallback (ADR 0035): every call goes to the primary index (Elasticsearch) with a time bound; on an
 * error or a timeout this request switches to the secondary (D1) for good, re-expanding the query with it, and
 * `onFallback` is told once (response header, metric).
 */
import type { Cursor } from '../catalog/cursor';
import type { ProductListQuery } from '../catalog/schemas';
import type { QueryExpansion, SearchIndex } from './ports';

export class SearchTimeoutError extends Error {
  constructor(ms: number) {
    super(`search backend did not answer within ${ms} ms`);
    this.name = 'SearchTimeoutError';
  }
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SearchTimeoutError(ms)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** A short, data-free reason for logs and the metric: the error's class and HTTP status, never the query. */
export function fallbackReason(err: unknown): string {
  const e = err as { name?: string; meta?: { statusCode?: number } };
  return `${e?.name ?? 'Error'}${e?.meta?.statusCode ? ` ${e.meta.statusCode}` : ''}`.slice(0, 80);
}

/** How long an isolate skips Elasticsearch after it failed (ms): searches go straight to D1 meanwhile. */
export const BREAKER_OPEN_MS = 10_000;

/** Raised (never thrown to the caller) when the breaker is open: the fallback's reason, without calling ES. */
export class SearchCircuitOpenError extends Error {
  constructor() {
    super('search backend skipped: it failed less than BREAKER_OPEN_MS ago');
    this.name = 'SearchCircuitOpenError';
  }
}

/**
 * Per-isolate circuit breaker for the search fallback (R16-X3). After a primary failure it stays open for `openMs`:
 * requests skip Elasticsearch (no timeout to wait) and answer from D1 at once. It also batches the fallback metric:
 * fallbacks are counted in memory and handed out for writing at most once per `openMs`, so an outage costs one D1
 * write per isolate per window, not one per request (counts after the last flush wait for the next fallback; an
 * isolate that ends drops at most one window's count). The clock is injectable for tests.
 */
export class SearchBreaker {
  private openUntil = -Infinity;
  private pending = 0;
  private flushedAt = -Infinity;

  constructor(
    public now: () => number = () => Date.now(),
    readonly openMs = BREAKER_OPEN_MS,
  ) {}

  isOpen(): boolean {
    return this.now() < this.openUntil;
  }

  trip(): void {
    this.openUntil = this.now() + this.openMs;
  }

  /** Counts one fallback; returns how many to write now (flush), or 0 while this window was flushed already. */
  count(): number {
    this.pending++;
    const t = this.now();
    if (t - this.flushedAt < this.openMs) return 0;
    this.flushedAt = t;
    const n = this.pending;
    this.pending = 0;
    return n;
  }

  reset(): void {
    this.openUntil = -Infinity;
    this.pending = 0;
    this.flushedAt = -Infinity;
  }
}

export class FallbackSearchIndex implements SearchIndex {
  private failed = false;
  private expandedBy: 'primary' | 'secondary' | null = null;
  private lastExact: readonly string[] | null = null;

  constructor(
    private readonly primary: SearchIndex,
    private readonly secondary: SearchIndex,
    private readonly opts: { timeoutMs: number; onFallback(err: unknown): void; breaker?: SearchBreaker },
  ) {}

  get fellBack(): boolean {
    return this.failed;
  }

  /** The engine answering now: the primary's until it fails, then the secondary's (search cursors record it). */
  get engine() {
    return this.failed ? this.secondary.engine : this.primary.engine;
  }

  private async guard<T>(run: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.failed) return fallback();
    if (this.opts.breaker?.isOpen()) {
      this.failed = true;
      this.opts.onFallback(new SearchCircuitOpenError());
      return fallback();
    }
    try {
      return await within(run(), this.opts.timeoutMs);
    } catch (err) {
      this.failed = true;
      this.opts.breaker?.trip();
      this.opts.onFallback(err);
      return fallback();
    }
  }

  async expand(tokens: readonly string[], exact: readonly string[] | null = null): Promise<QueryExpansion> {
    this.lastExact = exact;
    let by: 'primary' | 'secondary' = 'primary';
    const res = await this.guard(
      () => this.primary.expand(tokens, exact),
      () => {
        by = 'secondary';
        return this.secondary.expand(tokens, exact);
      },
    );
    this.expandedBy = by;
    return res;
  }

  search(tokens: readonly string[], expansion: QueryExpansion, filters: ProductListQuery, cursor: Cursor | null, now: number) {
    return this.guard(
      () => this.primary.search(tokens, expansion, filters, cursor, now),
      async () => this.secondary.search(tokens, this.expandedBy === 'secondary' ? expansion : await this.secondary.expand(tokens, this.lastExact), filters, cursor, now),
    );
  }

  suggest(tokens: readonly string[], limit: number, exact: readonly string[] | null = null, now?: number) {
    return this.guard(
      () => this.primary.suggest(tokens, limit, exact, now),
      () => this.secondary.suggest(tokens, limit, exact, now),
    );
  }
}

/** The fallback metric: one counter row per Vietnam day in D1 (search_fallbacks), shown to admins. */
export function recordSearchFallback(d1: D1Database, reason: string, now: number, day: string, count = 1): Promise<unknown> {
  return d1
    .prepare('INSERT INTO search_fallbacks (day, count, last_error, last_at) VALUES (?1, ?4, ?2, ?3) ON CONFLICT (day) DO UPDATE SET count = count + ?4, last_error = excluded.last_error, last_at = excluded.last_at')
    .bind(day, reason, now, count)
    .run();
}
