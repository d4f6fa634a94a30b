/**
 * Guest one-time codes (ADR 0029). No SMS provider is contracted (Vietnamese brand-name SMS needs a registered sender),
 * so the 6-digit code goes to the guest's email through the Mailer port; the phone is the number the pharmacist calls.
 * The sending is a port (`OneTimeCodeSender`) so an SMS adapter can replace the email one.
 *
 * One live code per phone, stored hashed (keyed with the server secret), valid 10 minutes, 5 wrong attempts and it is
 * locked (429 OTP_LOCKED until a new code is asked for); asking again is limited (one per minute, 5 an hour per phone,
 * 20 an hour per IP: `auth/ratelimit.ts`). Attempts are counted atomically in the UPDATE that reads the hash, so
 * parallel guesses cannot overrun the cap.
 */
import { sha256, sixDigitCode, timingSafeEqual } from '../auth/crypto';
import type { RateLimiter } from '../auth/ratelimit';
import { TooManyRequestsError, ValidationError } from '../errors';
import type { Mailer } from '../mail/mailer';
import { escapeHtml, layout } from '../mail/templates';
import type { GuestIdentity } from './access';

export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_SECONDS = 60;
export const OTP_LIMITS = { perPhonePerHour: 5, perIpPerHour: 20, verifyPerIpPer15Min: 30 } as const;

/** Sends a one-time code to a guest. Email today (EmailCodeSender); an SMS adapter can implement the same port. */
export interface OneTimeCodeSender {
  send(to: GuestIdentity, code: string, minutes: number): Promise<void>;
}

export class EmailCodeSender implements OneTimeCodeSender {
  constructor(private readonly mailer: Mailer) {}

  async send(to: GuestIdentity, code: string, minutes: number): Promise<void> {
    const subject = `Mã xác nhận gửi yêu cầu tư vấn Medicare: ${code}`;
    const lines = [`Mã xác nhận của bạn là ${code}. Mã có hiệu lực trong ${minutes} phút.`, 'Dược sĩ Medicare sẽ liên hệ với bạn qua số điện thoại bạn đã cung cấp.', 'Nếu bạn không yêu cầu mã này, hãy bỏ qua email.'];
    await this.mailer.send({
      to: to.email,
      subject,
      text: [`Xin chào ${to.name},`, '', ...lines].join('\n'),
      html: layout('Mã xác nhận yêu cầu tư vấn', [`Xin chào ${escapeHtml(to.name)},`, `Mã xác nhận của bạn là <strong style="font-size:20px">${escapeHtml(code)}</strong>. Mã có hiệu lực trong ${minutes} phút.`, ...lines.slice(1).map(escapeHtml)]),
    });
  }
}

export interface OtpDeps {
  db: D1Database;
  limiter: RateLimiter;
  secret: string;
  now: number;
  ip: string;
}

const hashCode = (secret: string, phone: string, code: string) => sha256(`${secret}:consultation-otp:${phone}:${code}`);

export class OtpLockedError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds, 'Bạn đã nhập sai quá số lần cho phép. Vui lòng yêu cầu mã mới.', 'OTP_LOCKED');
  }
}

/** Makes and sends a new code for `guest` (replacing any earlier one). */
export async function requestCode(deps: OtpDeps & { sender: OneTimeCodeSender }, guest: GuestIdentity): Promise<{ expiresAt: number; resendAfterSeconds: number }> {
  const { db, limiter, now } = deps;
  const cool = await limiter.cooldown('consult-otp:cooldown', guest.phone, OTP_RESEND_SECONDS, now);
  if (!cool.ok) throw new TooManyRequestsError(cool.retryAfter, 'Vui lòng đợi trước khi yêu cầu mã mới.', 'OTP_RESEND_TOO_SOON');
  const byPhone = await limiter.hit('consult-otp:phone', guest.phone, OTP_LIMITS.perPhonePerHour, 3600, now);
  const byIp = await limiter.hit('consult-otp:ip', deps.ip, OTP_LIMITS.perIpPerHour, 3600, now);
  if (!byPhone.ok || !byIp.ok) throw new TooManyRequestsError(Math.max(byPhone.ok ? 0 : byPhone.retryAfter, byIp.ok ? 0 : byIp.retryAfter), 'Bạn đã yêu cầu quá nhiều mã. Vui lòng thử lại sau.', 'OTP_RATE_LIMITED');
  const code = sixDigitCode();
  const expiresAt = now + OTP_TTL_MS;
  await db
    .prepare(
      `INSERT INTO consultation_otps (phone, name, email, code_hash, attempts, expires_at, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (phone) DO UPDATE SET name = excluded.name, email = excluded.email, code_hash = excluded.code_hash, attempts = 0,
         expires_at = excluded.expires_at, created_at = excluded.created_at`,
    )
    .bind(guest.phone, guest.name, guest.email, await hashCode(deps.secret, guest.phone, code), expiresAt, now)
    .run();
  await deps.sender.send(guest, code, OTP_TTL_MS / 60_000);
  return { expiresAt, resendAfterSeconds: OTP_RESEND_SECONDS };
}

const invalid = (details?: Record<string, unknown>) => new ValidationError('Mã xác nhận không đúng hoặc đã hết hạn.', details, 'OTP_INVALID');

/** Checks a code: the guest identity it was sent for, or OTP_INVALID (400) / OTP_LOCKED (429). The code is single-use. */
export async function verifyCode(deps: OtpDeps, phone: string, code: string): Promise<GuestIdentity> {
  const { db, now } = deps;
  const byIp = await deps.limiter.hit('consult-otp:verify-ip', deps.ip, OTP_LIMITS.verifyPerIpPer15Min, 900, now);
  if (!byIp.ok) throw new TooManyRequestsError(byIp.retryAfter);
  // Count the attempt and read the hash in one statement: a locked or expired code is never compared.
  const row = await db
    .prepare(
      `UPDATE consultation_otps SET attempts = attempts + 1 WHERE phone = ? AND attempts < ? AND expires_at > ?
       RETURNING name, email, code_hash AS codeHash, attempts`,
    )
    .bind(phone, OTP_MAX_ATTEMPTS, now)
    .first<{ name: string; email: string; codeHash: string; attempts: number }>();
  if (!row) {
    const locked = await db.prepare('SELECT expires_at AS expiresAt FROM consultation_otps WHERE phone = ? AND attempts >= ? AND expires_at > ?').bind(phone, OTP_MAX_ATTEMPTS, now).first<{ expiresAt: number }>();
    if (locked) throw new OtpLockedError(Math.max(1, Math.ceil((locked.expiresAt - now) / 1000)));
    throw invalid();
  }
  const enc = new TextEncoder();
  if (!timingSafeEqual(enc.encode(await hashCode(deps.secret, phone, code)), enc.encode(row.codeHash))) {
    if (row.attempts >= OTP_MAX_ATTEMPTS) throw new OtpLockedError(OTP_TTL_MS / 1000);
    throw invalid({ attemptsLeft: OTP_MAX_ATTEMPTS - row.attempts });
  }
  // Single use: the code is gone once it has been accepted (a parallel correct guess finds no row).
  const used = await db.prepare('DELETE FROM consultation_otps WHERE phone = ? AND code_hash = ? RETURNING phone').bind(phone, row.codeHash).first();
  if (!used) throw invalid();
  return { name: row.name, phone, email: row.email };
}
