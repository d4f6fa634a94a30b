/**
 * The one authorisation helper every route uses. Access tokens are 15-minute HS256 JWTs (issued at sign-in; `exp` and
 * `iat` are required, and a longer lifetime is refused even with a good signature) carried in `Authorization: Bearer …`
 * or the HttpOnly `mc_at` cookie. `authGuards(check)` builds the middlewares a Worker uses;
 * `check` confirms on each call that the token's session is still live and the role still current, so logout,
 * password changes, deactivation and role changes take effect at once.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { sign, verify } from 'hono/jwt';
import { withinLifetime } from '../auth/signed';
import { ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '../errors';
import { declared } from './declared';

export const ROLES = ['customer', 'pharmacist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  role: Role;
  /** The sign-in (refresh-token family) this access token belongs to. */
  sessionId?: string;
}

export const ACCESS_COOKIE = 'mc_at';
export const REFRESH_COOKIE = 'mc_rt';
/** Marks a browser its owner signed in from (OWASP device cookie); only sent to /v1/auth. */
export const DEVICE_COOKIE = 'mc_dev';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AuthBindings {
  JWT_SECRET?: string;
}

export type AuthVariables = { principal: Principal | null };
export type SessionCheck = (c: Context, p: Principal) => Promise<boolean>;

export function jwtSecret(c: Context): string {
  const secret = (c.env as AuthBindings | undefined)?.JWT_SECRET;
  if (!secret || secret.length < 32) {
    throw new ServiceUnavailableError('Máy chủ chưa được cấu hình xác thực.', 'AUTH_NOT_CONFIGURED');
  }
  return secret;
}

function tokenOf(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header);
    if (!m) throw new UnauthorizedError('Mã xác thực không hợp lệ.', 'INVALID_TOKEN');
    return m[1] ?? null;
  }
  return getCookie(c, ACCESS_COOKIE) ?? null;
}

async function principalOf(c: Context, check?: SessionCheck): Promise<Principal | null> {
  const token = tokenOf(c);
  if (!token) return null;
  let payload: Record<string, unknown>;
  try {
    payload = (await verify(token, jwtSecret(c), 'HS256')) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ServiceUnavailableError) throw e;
    throw new UnauthorizedError('Phiên đăng nhập không hợp lệ hoặc đã hết hạn.', 'INVALID_TOKEN');
  }
  // A token signed with our key is still refused without `exp`, or with a lifetime longer than an access token's.
  if (!withinLifetime(payload, ACCESS_TOKEN_TTL_SECONDS, Math.floor(Date.now() / 1000))) {
    throw new UnauthorizedError('Phiên đăng nhập không hợp lệ hoặc đã hết hạn.', 'INVALID_TOKEN');
  }
  const { sub, role, sid } = payload;
  if (typeof sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || (sid !== undefined && typeof sid !== 'string')) {
    throw new UnauthorizedError('Phiên đăng nhập không hợp lệ hoặc đã hết hạn.', 'INVALID_TOKEN');
  }
  const principal: Principal = { userId: sub, role: role as Role, sessionId: sid as string | undefined };
  if (check && !(await check(c, principal))) throw new UnauthorizedError('Phiên đăng nhập đã kết thúc, vui lòng đăng nhập lại.', 'SESSION_ENDED');
  return principal;
}

export function authGuards(check?: SessionCheck) {
  /** Only callers holding one of `roles` pass: 401 when anonymous, 403 when signed in with another role. */
  const requireRole = (...roles: Role[]): MiddlewareHandler<{ Variables: AuthVariables }> =>
    declared(
      async (c, next) => {
        const principal = await principalOf(c, check);
        if (!principal) throw new UnauthorizedError();
        if (!roles.includes(principal.role)) throw new ForbiddenError();
        c.set('principal', principal);
        await next();
      },
      { statuses: ROLES.every((r) => roles.includes(r)) ? [401] : [401, 403], auth: 'required' },
    );
  /** Anonymous callers pass with `principal = null`; a presented token must be valid. */
  const optionalUser = (): MiddlewareHandler<{ Variables: AuthVariables }> =>
    declared(
      async (c, next) => {
        c.set('principal', await principalOf(c, check));
        await next();
      },
      { statuses: [401], auth: 'optional' },
    );
  return { requireRole, requireUser: () => requireRole(...ROLES), optionalUser };
}

/** Issues an access token (sign-in, refresh, tests). */
export async function issueAccessToken(secret: string, principal: Principal, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return sign(
    { sub: principal.userId, role: principal.role, ...(principal.sessionId ? { sid: principal.sessionId } : {}), iat: nowSeconds, exp: nowSeconds + ACCESS_TOKEN_TTL_SECONDS },
    secret,
    'HS256',
  );
}
