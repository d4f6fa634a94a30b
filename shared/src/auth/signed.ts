/**
 * Short signed tokens for one purpose each (device cookies, guest order access), HS256 with a key derived per purpose
 * so a token made for one purpose never verifies as another (or as an access token). Every token must carry `exp`, and
 * a lifetime longer than the purpose allows is refused even when the signature is good.
 */
import { sign, verify } from 'hono/jwt';

export type TokenPurpose =
  | 'device'
  | 'guest-order'
  // #15 consultations (shared/src/consultations/access.ts): the guest identity cookie, the emailed guest link, a file link.
  | 'consultation-guest'
  | 'consultation-link'
  | 'consultation-file'
  // #15 chat: the guest chat identity cookie (shared/src/chat/access.ts).
  | 'guest-chat'
  // #17 alerts: a back-in-stock alert's confirm/unsubscribe link, a refill reminder's reorder/pause/stop link (ADR 0040).
  | 'stock-alert'
  | 'refill-reminder'
  // #18 assistant: the "hỏi dược sĩ" hand-off link that attaches a conversation's transcript to a consultation.
  | 'assistant-handoff';

const keyFor = (secret: string, purpose: TokenPurpose) => `${secret}:${purpose}`;

export async function signScoped(secret: string, purpose: TokenPurpose, sub: string, ttlSeconds: number, nowSeconds: number, extra: Record<string, string> = {}): Promise<string> {
  return sign({ ...extra, sub, typ: purpose, iat: nowSeconds, exp: nowSeconds + ttlSeconds }, keyFor(secret, purpose), 'HS256');
}

/** The token's claims when it is genuine, made for `purpose`, unexpired and not longer-lived than `maxTtlSeconds`. */
export async function verifyScoped(secret: string, purpose: TokenPurpose, token: string, maxTtlSeconds: number, nowSeconds: number): Promise<Record<string, unknown> & { sub: string } | null> {
  let p: Record<string, unknown>;
  try {
    p = (await verify(token, keyFor(secret, purpose), 'HS256')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (p.typ !== purpose || typeof p.sub !== 'string' || !withinLifetime(p, maxTtlSeconds, nowSeconds)) return null;
  return p as Record<string, unknown> & { sub: string };
}

/** Clock skew tolerated between Workers when checking `iat`/`exp`. */
export const CLOCK_SKEW_SECONDS = 60;

/** `exp` and `iat` present, not expired, issued no later than now, and `exp` no further than `maxTtlSeconds` away. */
export function withinLifetime(p: Record<string, unknown>, maxTtlSeconds: number, nowSeconds: number): boolean {
  const { exp, iat } = p;
  if (typeof exp !== 'number' || typeof iat !== 'number' || !Number.isFinite(exp) || !Number.isFinite(iat)) return false;
  if (exp <= nowSeconds || iat > nowSeconds + CLOCK_SKEW_SECONDS) return false;
  return exp - iat <= maxTtlSeconds && exp <= nowSeconds + maxTtlSeconds + CLOCK_SKEW_SECONDS;
}

/**
 * As `verifyScoped`, but tells an expired genuine token apart from a forged or foreign one (a link that timed out gets
 * its own answer, e.g. 403 FILE_LINK_EXPIRED, while anything else is a 404).
 */
export async function verifyScopedOrExpired(secret: string, purpose: TokenPurpose, token: string, maxTtlSeconds: number, nowSeconds: number): Promise<{ ok: true; claims: Record<string, unknown> & { sub: string } } | { ok: false; expired: boolean }> {
  const claims = await verifyScoped(secret, purpose, token, maxTtlSeconds, nowSeconds);
  if (claims) return { ok: true, claims };
  // Genuine at the time it was issued (signature, purpose, lifetime), but that time is over?
  let p: Record<string, unknown>;
  try {
    p = (await verify(token, keyFor(secret, purpose), { alg: 'HS256', exp: false })) as Record<string, unknown>;
  } catch {
    return { ok: false, expired: false };
  }
  const genuine = p.typ === purpose && typeof p.sub === 'string' && typeof p.iat === 'number' && withinLifetime(p, maxTtlSeconds, p.iat);
  return { ok: false, expired: genuine && typeof p.exp === 'number' && p.exp <= nowSeconds };
}
