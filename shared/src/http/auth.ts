/**
 * The one authorisation helper every route uses. Access tokens are short-lived HS256 JWTs (issued by the accounts
 * routes) carried in `Authorization: Bearer …` or the HttpOnly `mc_at` cookie. `requireRole` states, on each
 * mutating route, who may call it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { sign, verify } from 'hono/jwt';
import { ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '../errors';

export const ROLES = ['customer', 'pharmacist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  role: Role;
}

export const ACCESS_COOKIE = 'mc_at';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AuthBindings {
  JWT_SECRET?: string;
}

export type AuthVariables = { principal: Principal | null };

function secretOf(c: Context): string {
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

async function principalOf(c: Context): Promise<Principal | null> {
  const token = tokenOf(c);
  if (!token) return null;
  let payload: Record<string, unknown>;
  try {
    payload = (await verify(token, secretOf(c), 'HS256')) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ServiceUnavailableError) throw e;
    throw new UnauthorizedError('Phiên đăng nhập không hợp lệ hoặc đã hết hạn.', 'INVALID_TOKEN');
  }
  const { sub, role } = payload;
  if (typeof sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthorizedError('Phiên đăng nhập không hợp lệ hoặc đã hết hạn.', 'INVALID_TOKEN');
  }
  return { userId: sub, role: role as Role };
}

/** Reads the caller if a token is present; anonymous callers pass with `principal = null`. */
export function authenticate(): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    c.set('principal', await principalOf(c));
    await next();
  };
}

/** Only callers holding one of `roles` pass: 401 when anonymous, 403 when signed in with another role. */
export function requireRole(...roles: Role[]): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const principal = await principalOf(c);
    if (!principal) throw new UnauthorizedError();
    if (!roles.includes(principal.role)) throw new ForbiddenError();
    c.set('principal', principal);
    await next();
  };
}

/** Issues an access token (used by the accounts routes, the dev CLI and tests). */
export async function issueAccessToken(secret: string, principal: Principal, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return sign({ sub: principal.userId, role: principal.role, iat: nowSeconds, exp: nowSeconds + ACCESS_TOKEN_TTL_SECONDS }, secret, 'HS256');
}
