import { mailerFromEnv } from '@medicare/shared/mail/config';
import type { Context } from 'hono';
import { D1AuthRepository } from '@medicare/shared/auth/repo.d1';
import type { AuthDeps } from '@medicare/shared/auth/service';
import { DEVICE_COOKIE, jwtSecret } from '@medicare/shared/http/auth';
import { sessionGuards } from '@medicare/shared/auth/session-guards';
import { getCookie } from 'hono/cookie';
import { ServiceUnavailableError } from '@medicare/shared/errors';
import type { Mailer } from '@medicare/shared/mail/mailer';
import type { ApiEnv } from './env';
import { rateLimiter } from './adapters';

/** Every authorised call confirms that its sign-in is live and its role current (`sessionGuards`). */
export const { requireRole, requireUser, optionalUser } = sessionGuards((c) => (c as Context<ApiEnv>).var.db);

/**
 * The caller's address for per-IP limits: only CF-Connecting-IP, which Cloudflare's edge sets (and overwrites) on every
 * request. Headers a client can set itself (X-Real-IP, X-Forwarded-For) are never trusted. Local dev has none.
 */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'local';
}

/** SendGrid when it is configured (production), otherwise the D1 dev mailbox (local development and tests). */
export function mailer(c: Context<ApiEnv>): Mailer {
  const m = mailerFromEnv(c.env, c.var.db);
  if (!m) throw new ServiceUnavailableError('Máy chủ chưa được cấu hình gửi email.', 'MAIL_NOT_CONFIGURED');
  return m;
}

export function authDeps(c: Context<ApiEnv>): AuthDeps {
  return {
    repo: new D1AuthRepository(c.var.db),
    mailer: mailer(c),
    limiter: rateLimiter(c),
    secret: jwtSecret(c),
    webOrigin: c.env.WEB_ORIGIN ?? 'http://127.0.0.1:3000',
    now: Date.now(),
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    device: getCookie(c, DEVICE_COOKIE) ?? null,
  };
}

/** The signed-in staff member as audit rows and guarded writes record them; only behind `requireRole`. */
export const staffActor = (c: { var: ApiEnv['Variables'] }) => ({ id: c.var.principal!.userId, role: c.var.principal!.role });
