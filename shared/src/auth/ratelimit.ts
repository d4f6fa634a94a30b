import { TooManyRequestsError } from '../errors';
import { sha256 } from './crypto';

/** A fixed-window counter. Counting is atomic in D1 (one UPSERT … RETURNING), unlike the eventually-consistent
 *  Rate Limiting binding, so limits on sign-in and codes hold exactly. Subjects are hashed before storage.
 *  `now` is always passed in (the caller's clock), so tests drive windows with an injected time. */
export interface RateLimiter {
  hit(action: string, subject: string, limit: number, windowSeconds: number, now: number): Promise<{ ok: boolean; retryAfter: number }>;
  /** Gives back one hit of the current window (an attempt that turned out not to count, e.g. a correct password). */
  refund(action: string, subject: string, windowSeconds: number, now: number): Promise<void>;
  /** At most one event per `seconds` for this subject: true (and the clock restarts) when the last one is older. */
  cooldown(action: string, subject: string, seconds: number, now: number): Promise<{ ok: boolean; retryAfter: number }>;
}

const windowOf = (now: number, windowSeconds: number) => {
  const windowMs = windowSeconds * 1000;
  return { windowMs, windowStart: now - (now % windowMs) };
};

export class D1RateLimiter implements RateLimiter {
  constructor(private readonly d1: D1Database) {}

  private async key(action: string, subject: string) {
    return `${action}:${await sha256(subject)}`;
  }

  async hit(action: string, subject: string, limit: number, windowSeconds: number, now: number) {
    const { windowMs, windowStart } = windowOf(now, windowSeconds);
    const row = await this.d1
      .prepare(
        `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING count`,
      )
      .bind(await this.key(action, subject), windowStart)
      .first<{ count: number }>();
    const count = row?.count ?? 1;
    return { ok: count <= limit, retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
  }

  async refund(action: string, subject: string, windowSeconds: number, now: number) {
    const { windowStart } = windowOf(now, windowSeconds);
    await this.d1
      .prepare('UPDATE rate_limits SET count = MAX(0, count - 1) WHERE key = ? AND window_start = ?')
      .bind(await this.key(action, subject), windowStart)
      .run();
  }

  async cooldown(action: string, subject: string, seconds: number, now: number) {
    const key = await this.key(action, subject);
    // window_start holds the time of the last accepted event; the upsert only moves it once the cooldown is over.
    const row = await this.d1
      .prepare(
        `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, count = 1
           WHERE rate_limits.window_start <= excluded.window_start - ?
         RETURNING window_start AS at`,
      )
      .bind(key, now, seconds * 1000)
      .first<{ at: number }>();
    if (row) return { ok: true, retryAfter: 0 };
    const last = await this.d1.prepare('SELECT window_start AS at FROM rate_limits WHERE key = ?').bind(key).first<{ at: number }>();
    return { ok: false, retryAfter: Math.max(1, Math.ceil(((last?.at ?? now) + seconds * 1000 - now) / 1000)) };
  }
}

/** Throws 429 with a Retry-After when any of the limits is exceeded (all are counted). */
export async function enforce(limiter: RateLimiter, now: number, checks: Array<[action: string, subject: string, limit: number, windowSeconds: number]>) {
  let retryAfter = 0;
  for (const [action, subject, limit, windowSeconds] of checks) {
    const r = await limiter.hit(action, subject, limit, windowSeconds, now);
    if (!r.ok) retryAfter = Math.max(retryAfter, r.retryAfter);
  }
  if (retryAfter > 0) throw new TooManyRequestsError(retryAfter);
}

/**
 * A fixed-window SUM in the same table (`rate_limits`): adds `amount` to this window's total (a new window starts at
 * 0) and answers the total. Used for token budgets counted from the model's reported usage. Atomic (one UPSERT).
 */
export async function addToWindow(d1: D1Database, action: string, subject: string, amount: number, windowSeconds: number, now: number): Promise<number> {
  const { windowStart } = windowOf(now, windowSeconds);
  const row = await d1
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + excluded.count ELSE excluded.count END,
         window_start = excluded.window_start
       RETURNING count`,
    )
    .bind(`${action}:${await sha256(subject)}`, windowStart, Math.max(0, Math.round(amount)))
    .first<{ count: number }>();
  return row?.count ?? amount;
}

/** This window's total of `addToWindow` (0 in a new window). */
export async function windowTotal(d1: D1Database, action: string, subject: string, windowSeconds: number, now: number): Promise<number> {
  const { windowStart } = windowOf(now, windowSeconds);
  const row = await d1
    .prepare('SELECT count FROM rate_limits WHERE key = ? AND window_start = ?')
    .bind(`${action}:${await sha256(subject)}`, windowStart)
    .first<{ count: number }>();
  return row?.count ?? 0;
}
