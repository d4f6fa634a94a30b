import { TooManyRequestsError } from '../errors';
import { sha256 } from './crypto';

/** A fixed-window counter. Counting is atomic in D1 (one UPSERT … RETURNING), unlike the eventually-consistent
 *  Rate Limiting binding, so limits on sign-in and codes hold exactly. Subjects are hashed before storage. */
export interface RateLimiter {
  hit(action: string, subject: string, limit: number, windowSeconds: number, now: number): Promise<{ ok: boolean; retryAfter: number }>;
}

export class D1RateLimiter implements RateLimiter {
  constructor(private readonly d1: D1Database) {}

  async hit(action: string, subject: string, limit: number, windowSeconds: number, now: number) {
    const windowMs = windowSeconds * 1000;
    const windowStart = now - (now % windowMs);
    const key = `${action}:${await sha256(subject)}`;
    const row = await this.d1
      .prepare(
        `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING count`,
      )
      .bind(key, windowStart)
      .first<{ count: number }>();
    const count = row?.count ?? 1;
    return { ok: count <= limit, retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
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
