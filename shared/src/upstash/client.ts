/**
 * The one place an `@upstash/redis` client is made (#19, ADR 0046): REST over `fetch`, so it runs in workerd as is.
 * Every call is time-bounded (`signal` as a function: a fresh `AbortSignal.timeout` per request, which the client then
 * rethrows as an error; a plain signal would be turned into a fake `{ result }`), with no retries (the caller falls back
 * to D1 instead of waiting through the client's 5 exponential retries), no telemetry headers, and no JSON parsing of
 * string results (a D1 bookmark or a counter comes back as the string Redis holds).
 */
import { Redis } from '@upstash/redis/cloudflare';

export interface UpstashConfig {
  url: string;
  token: string;
  /** Time bound of one REST call (ms). */
  timeoutMs?: number;
}

/** Default time bound of one Upstash call (ms): a sign-in waits at most this long before D1 takes over. */
export const UPSTASH_TIMEOUT_MS = 500;

export function upstashClient(cfg: UpstashConfig): Redis {
  const ms = cfg.timeoutMs ?? UPSTASH_TIMEOUT_MS;
  return new Redis({ url: cfg.url, token: cfg.token, retry: false, enableTelemetry: false, automaticDeserialization: false, signal: () => AbortSignal.timeout(ms) });
}
