/**
 * Who may see an order: the ONE rule behind the guest lookup, the order page, payment status and its event stream, the
 * invoice, the customer's cancel and the staff order views (ADR 0019). The owner and staff (admins; pharmacists read
 * the queue, read-only: what they may DO is the state table's decision) always; another customer never; anyone
 * else only for an order placed WITHOUT an account, and only with
 * proof: the phone number used (at the lookup, rate-limited because it is guessable), which is exchanged for a
 * short-lived signed guest pass scoped to that one order (an HttpOnly cookie), so the phone never travels in URLs.
 */
import { normalizeVietnamesePhone } from '../auth/policy';
import type { RateLimiter } from '../auth/ratelimit';
import { TooManyRequestsError } from '../errors';
import { signScoped, verifyScoped } from '../auth/signed';

export interface OrderParties {
  /** The account that placed the order; null for a guest order. */
  userId: string | null;
  /** The phone number given with the order (normalised). */
  phone: string;
}

export interface OrderAsker {
  principal?: { userId: string; role: string } | null;
  /** Holds a valid guest pass for this very order (see readGuestPass). */
  guestPass?: boolean;
  /** The phone number offered as proof (only the guest lookup accepts it). */
  phone?: string | null;
}

/** Staff roles that may read every order. */
export const ORDER_READER_ROLES: ReadonlySet<string> = new Set(['admin', 'pharmacist']);

export function mayViewOrder(o: OrderParties, a: OrderAsker): boolean {
  const p = a.principal;
  if (p && (ORDER_READER_ROLES.has(p.role) || p.userId === o.userId)) return true;
  if (o.userId !== null) return false; // an account's order: the phone proves nothing
  if (a.guestPass) return true;
  const phone = a.phone ? normalizeVietnamesePhone(a.phone) : null;
  return phone !== null && phone === o.phone;
}

/** The guest pass cookie: one per order, sent only to that order's API paths. */
export const GUEST_PASS_COOKIE = 'mc_go';
export const GUEST_PASS_TTL_SECONDS = 2 * 3600;
export const guestPassPath = (code: string) => `/v1/orders/${code}`;

export function issueGuestPass(secret: string, code: string, nowSeconds: number): Promise<string> {
  return signScoped(secret, 'guest-order', code, GUEST_PASS_TTL_SECONDS, nowSeconds);
}

/** Whether `token` is a genuine, unexpired guest pass for order `code`. */
export async function readGuestPass(secret: string, token: string | null | undefined, code: string, nowSeconds: number): Promise<boolean> {
  if (!token) return false;
  const p = await verifyScoped(secret, 'guest-order', token, GUEST_PASS_TTL_SECONDS, nowSeconds);
  return p !== null && p.sub === code;
}

/** Phone proofs per IP (every attempt) and per order code (failed attempts) in a 15-minute window. */
export const PHONE_PROOF_LIMITS = { perIp: 30, perOrderFailures: 10, windowSeconds: 900 } as const;

/**
 * Runs a phone proof under its limits: attempts are counted before the check (parallel guesses cannot overrun it) and
 * a successful proof gives its per-order attempt back, so only wrong phones count against the order.
 */
export async function withPhoneProofLimit<T>(limiter: RateLimiter, ip: string, code: string, now: number, prove: () => Promise<T | null>): Promise<T | null> {
  const { perIp, perOrderFailures, windowSeconds } = PHONE_PROOF_LIMITS;
  const byIp = await limiter.hit('order-proof:ip', ip, perIp, windowSeconds, now);
  const byOrder = await limiter.hit('order-proof:code', code, perOrderFailures, windowSeconds, now);
  if (!byIp.ok || !byOrder.ok) throw new TooManyRequestsError(Math.max(byIp.ok ? 0 : byIp.retryAfter, byOrder.ok ? 0 : byOrder.retryAfter));
  const result = await prove();
  if (result !== null) await limiter.refund('order-proof:code', code, windowSeconds, now);
  return result;
}
