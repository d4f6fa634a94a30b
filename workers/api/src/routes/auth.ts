import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  EmailOnlySchema,
  LoginSchema,
  MessageSchema,
  RefreshSchema,
  RegisterSchema,
  ResetPasswordSchema,
  SessionResponseSchema,
  VerifyEmailSchema,
} from '@medicare/shared/auth/schemas';
import * as auth from '@medicare/shared/auth/service';
import { UnauthorizedError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { ACCESS_COOKIE, ACCESS_TOKEN_TTL_SECONDS, DEVICE_COOKIE, REFRESH_COOKIE } from '@medicare/shared/http/auth';
import { CartService } from '@medicare/shared/cart/service';
import { authDeps, optionalUser } from '../auth';
import { CART_COOKIE } from './cart';
import type { ApiEnv } from '../env';

const tags = ['Accounts'];
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const TOKEN_MODE = z.object({ 'x-auth-mode': z.enum(['cookie', 'token']).optional().openapi({ description: '`token`: return tokens in the body instead of cookies (API clients)' }) });

/** The device cookie: this browser proved the account (ADR 0013), so sign-in keeps working for it under throttling. */
function setDeviceCookie(c: Context, value: string) {
  setCookie(c, DEVICE_COOKIE, value, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth', maxAge: auth.DEVICE_TTL_SECONDS });
}

/** Browsers get HttpOnly cookies; API clients that send `X-Auth-Mode: token` get the tokens in the body.
 *  A guest cart held by the browser is merged into the account's cart at sign-in. */
async function sessionResponse(c: Context<ApiEnv>, t: auth.Tokens) {
  setDeviceCookie(c, t.deviceToken);
  const guestCart = getCookie(c, CART_COOKIE);
  if (guestCart) {
    await new CartService(c.var.db, Date.now()).mergeGuestInto(t.user.id, guestCart);
    deleteCookie(c, CART_COOKIE, { path: '/', secure: true });
  }
  if (c.req.header('x-auth-mode') === 'token') {
    return { user: t.user, accessToken: t.accessToken, refreshToken: t.refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }
  setCookie(c, ACCESS_COOKIE, t.accessToken, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: ACCESS_TOKEN_TTL_SECONDS });
  setCookie(c, REFRESH_COOKIE, t.refreshToken, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth', maxAge: auth.REFRESH_TTL_MS / 1000 });
  return { user: t.user, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

function clearCookies(c: Context) {
  deleteCookie(c, ACCESS_COOKIE, { path: '/', secure: true });
  deleteCookie(c, REFRESH_COOKIE, { path: '/v1/auth', secure: true });
}

const route = <P extends `/v1/auth/${string}`, B extends z.ZodTypeAny, R extends z.ZodTypeAny>(path: P, summary: string, body: B, res: R, status: 200 | 202, errors: Array<400 | 401 | 403 | 409 | 422 | 429 | 503>) =>
  createRoute({ method: 'post', path, tags, summary, request: { body: jsonBody(body), headers: TOKEN_MODE }, responses: { [status]: ok(res, summary), ...errorResponses(...errors) } as Record<200 | 202, ReturnType<typeof ok<R>>> });

const registerRoute = route('/v1/auth/register', 'Create a customer account (the privacy policy must be accepted: 422 CONSENT_REQUIRED); a 6-digit code is emailed', RegisterSchema, MessageSchema, 202, [400, 422, 429, 503]);
const verifyRoute = route('/v1/auth/verify-email', 'Verify the email with the 6-digit code; signs in', VerifyEmailSchema, SessionResponseSchema, 200, [400, 422, 429]);
const resendRoute = route('/v1/auth/resend-code', 'Send a new verification code (60 s cooldown)', EmailOnlySchema, MessageSchema, 202, [400, 429]);
const loginRoute = route('/v1/auth/login', 'Sign in with email and password', LoginSchema, SessionResponseSchema, 200, [400, 401, 403, 429]);
const refreshRoute = route('/v1/auth/refresh', 'Rotate the refresh token (cookie or body) for a new access token', RefreshSchema, SessionResponseSchema, 200, [400, 401, 429]);
const logoutRoute = route('/v1/auth/logout', 'Sign out: revokes this sign-in and clears the cookies', RefreshSchema, MessageSchema, 200, [400]);
const forgotRoute = route('/v1/auth/password/forgot', 'Email a single-use, expiring reset link', EmailOnlySchema, MessageSchema, 202, [400, 429]);
const resetRoute = route('/v1/auth/password/reset', 'Set a new password with the reset token; ends every session', ResetPasswordSchema, MessageSchema, 200, [400, 422, 429]);

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/auth/logout', optionalUser());
export const authRoutes = base
  .openapi(registerRoute, async (c) => c.json(await auth.register(authDeps(c), c.req.valid('json')), 202))
  .openapi(verifyRoute, async (c) => c.json(await sessionResponse(c, await auth.verifyEmail(authDeps(c), c.req.valid('json'))), 200))
  .openapi(resendRoute, async (c) => c.json(await auth.resendCode(authDeps(c), c.req.valid('json').email), 202))
  .openapi(loginRoute, async (c) => c.json(await sessionResponse(c, await auth.login(authDeps(c), c.req.valid('json'))), 200))
  .openapi(refreshRoute, async (c) => {
    const token = c.req.valid('json').refreshToken ?? getCookie(c, REFRESH_COOKIE);
    if (!token) throw new UnauthorizedError('Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.', 'INVALID_REFRESH_TOKEN');
    return c.json(await sessionResponse(c, await auth.refresh(authDeps(c), token)), 200);
  })
  .openapi(logoutRoute, async (c) => {
    await auth.logout(authDeps(c), c.req.valid('json').refreshToken ?? getCookie(c, REFRESH_COOKIE) ?? null, c.var.principal);
    clearCookies(c);
    return c.json({ message: 'Đã đăng xuất.' }, 200);
  })
  .openapi(forgotRoute, async (c) => c.json(await auth.forgotPassword(authDeps(c), c.req.valid('json').email), 202))
  .openapi(resetRoute, async (c) => {
    const { message, deviceToken } = await auth.resetPassword(authDeps(c), c.req.valid('json'));
    clearCookies(c);
    setDeviceCookie(c, deviceToken);
    return c.json({ message }, 200);
  });
