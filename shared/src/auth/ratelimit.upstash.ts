/**
 * The rate-limit port (`RateLimiter`, ./ratelimit.ts) over Upstash Redis (#19, ADR 0046), with the SAME fixed-window
 * contract as `D1RateLimiter` (test/ratelimit-contract.test.ts runs one suite over both):
 * - `hit`: one EVAL per hit (INCR of the window's counter + PEXPIRE when it is new), atomic in Redis, so N parallel
 *   hits give exactly `limit` ok answers. The window's start is part of the key, computed from the caller's `now`
 *   (as D1's `window_start`), so windows follow the injected clock; the expiry only collects old counters.
 * - `refund`: one EVAL (DECR of the current window's counter, never below 0).
 * - `cooldown`: one EVAL (the last accepted time, replaced only once `seconds` have passed since it).
 * Subjects are hashed before they reach Redis, as in D1. Keys: `rl:<action>:<sha256(subject)>[:<windowStart>]`.
 *
 * `FallbackRateLimiter` puts D1 behind it: an Upstash error or timeout answers that call from D1, and the isolate's
 * breaker sends the next calls straight to D1 for `BREAKER_OPEN_MS` (limits never fail open; see the ADR).
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { SearchBreaker } from '../search/fallback';
import { sha256 } from './crypto';
import type { RateLimiter } from './ratelimit';

const HIT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return c`;

const REFUND = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

/** ARGV: now, cooldown ms. Returns {1, 0} when accepted, {0, last accepted time} otherwise. */
const COOLDOWN = `local last = tonumber(redis.call('GET', KEYS[1]) or '')
local now = tonumber(ARGV[1])
if last == nil or last <= now - tonumber(ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1, 0}
end
return {0, last}`;

/** Extra life of a counter past its window's end (ms), so a caller whose clock is a little behind Redis's still finds it. */
const EXPIRY_SLACK_MS = 60_000;

export class UpstashRateLimiter implements RateLimiter {
  readonly backend = 'upstash';

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'rl',
  ) {}

  private async key(action: string, subject: string) {
    return `${this.prefix}:${action}:${await sha256(subject)}`;
  }

  async hit(action: string, subject: string, limit: number, windowSeconds: number, now: number) {
    const windowMs = windowSeconds * 1000;
    const windowStart = now - (now % windowMs);
    const ttl = windowStart + windowMs - now + EXPIRY_SLACK_MS;
    const count = Number(await this.redis.eval(HIT, [`${await this.key(action, subject)}:${windowStart}`], [String(ttl)]));
    return { ok: count <= limit, retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
  }

  async refund(action: string, subject: string, windowSeconds: number, now: number) {
    const windowMs = windowSeconds * 1000;
    const windowStart = now - (now % windowMs);
    await this.redis.eval(REFUND, [`${await this.key(action, subject)}:${windowStart}`], []);
  }

  async cooldown(action: string, subject: string, seconds: number, now: number) {
    const ms = seconds * 1000;
    const [accepted, last] = (await this.redis.eval(COOLDOWN, [await this.key(action, subject)], [String(now), String(ms)])) as [number, number];
    if (Number(accepted) === 1) return { ok: true, retryAfter: 0 };
    return { ok: false, retryAfter: Math.max(1, Math.ceil((Number(last) + ms - now) / 1000)) };
  }
}

/** This isolate's Upstash breaker for rate limits: open for `BREAKER_OPEN_MS` after a failed call. Exported for tests. */
export const rateLimitBreaker = new SearchBreaker();

/**
 * Upstash first, D1 when Upstash fails (error, 4xx/5xx, timeout) or failed less than `BREAKER_OPEN_MS` ago: every
 * action keeps being limited (fail closed onto D1, never open), and a sign-in never waits on a dead Upstash for more
 * than one time bound per isolate and window. `onFallback` is told each time D1 answers instead (a header, a log).
 */
export class FallbackRateLimiter implements RateLimiter {
  constructor(
    private readonly primary: RateLimiter,
    private readonly secondary: RateLimiter,
    private readonly breaker: SearchBreaker = rateLimitBreaker,
    private readonly onFallback: (err: unknown) => void = () => {},
  ) {}

  private async run<T>(call: (l: RateLimiter) => Promise<T>): Promise<T> {
    if (!this.breaker.isOpen()) {
      try {
        return await call(this.primary);
      } catch (err) {
        this.breaker.trip();
        this.onFallback(err);
        return call(this.secondary);
      }
    }
    this.onFallback(null);
    return call(this.secondary);
  }

  hit(...args: Parameters<RateLimiter['hit']>) {
    return this.run((l) => l.hit(...args));
  }

  refund(...args: Parameters<RateLimiter['refund']>) {
    return this.run((l) => l.refund(...args));
  }

  cooldown(...args: Parameters<RateLimiter['cooldown']>) {
    return this.run((l) => l.cooldown(...args));
  }
}
