/**
 * #17 "Báo khi có hàng" (ADR 0040): subscribe (signed-in: one click; guest: an email confirmed once by a signed link),
 * and the email links: a GET only opens the storefront page (`/thong-bao-email/<action>?t=`) whose button POSTs the
 * action here (then the notice page `/thong-bao-email?kq=…`); mail clients POST the RFC 8058 one-click unsubscribe.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { enforce } from '@medicare/shared/auth/ratelimit';
import { jwtSecret } from '@medicare/shared/http/auth';
import { errorResponses } from '@medicare/shared/http/app';
import {
  alertLink,
  confirmAlert,
  confirmRequestStatement,
  readAlertLink,
  STOCK_ALERT_RATE,
  StockAlertBodySchema,
  StockAlertResultSchema,
  subscribe,
  unsubscribeAlert,
} from '@medicare/shared/alerts/stock-alerts';
import { ActionDoneSchema, ActionPostBodySchema, emailActionPage, ONE_CLICK } from '@medicare/shared/alerts/links';
import { ValidationError } from '@medicare/shared/errors';
import { clientIp, optionalUser } from '../auth';
import type { ApiEnv } from '../env';
import { rateLimiter } from '../adapters';

const tags = ['Stock alerts'];
const TokenQuery = z.object({ t: z.string().min(20).max(2000).openapi({ param: { name: 't', in: 'query' }, description: 'The signed link token from the email' }) });
const redirect = { description: 'Done (or the link is invalid/expired): redirect to the storefront notice page `/thong-bao-email?kq=…`', headers: z.object({ location: z.string() }) };

const createAlert = createRoute({
  method: 'post',
  path: '/v1/stock-alerts',
  tags,
  summary: 'Email me when this out-of-stock product is back (guests give an email and confirm it once)',
  description: `Rate-limited (${STOCK_ALERT_RATE.perIp}/hour per IP, ${STOCK_ALERT_RATE.perSubject}/hour per account or address). Prescription-only products are allowed: their email says to consult a pharmacist and has no buy link.`,
  request: { body: { required: true, content: { 'application/json': { schema: StockAlertBodySchema } } } },
  responses: {
    201: { description: 'Subscribed (active) or waiting for the guest to confirm (pending)', content: { 'application/json': { schema: StockAlertResultSchema } } },
    ...errorResponses(400, 404, 409, 429),
  },
});
const pageRedirect = { description: 'Opens the storefront page whose button POSTs the action (a GET changes nothing: mail scanners prefetch links)', headers: z.object({ location: z.string() }) };
export const actionBody = {
  required: false,
  content: { 'application/x-www-form-urlencoded': { schema: ActionPostBodySchema }, 'multipart/form-data': { schema: ActionPostBodySchema } },
};
const oneClickDone = { description: 'Done (RFC 8058 one-click POST from a mail client)', content: { 'application/json': { schema: ActionDoneSchema } } };
const confirmRoute = createRoute({ method: 'get', path: '/v1/stock-alerts/confirm', tags, summary: "A guest's confirmation link: opens the storefront page with the \"Xác nhận\" button", request: { query: TokenQuery }, responses: { 303: pageRedirect, ...errorResponses(400) } });
const confirmPostRoute = createRoute({
  method: 'post',
  path: '/v1/stock-alerts/confirm',
  tags,
  summary: "Confirms a guest's alert (signed token in the URL; the storefront page's button)",
  request: { query: TokenQuery, body: actionBody },
  responses: { 303: redirect, ...errorResponses(400) },
});
const unsubscribeRoute = createRoute({ method: 'get', path: '/v1/stock-alerts/unsubscribe', tags, summary: 'The unsubscribe link: opens the storefront page with the "Hủy nhận thông báo" button', request: { query: TokenQuery }, responses: { 303: pageRedirect, ...errorResponses(400) } });
const unsubscribePostRoute = createRoute({
  method: 'post',
  path: '/v1/stock-alerts/unsubscribe',
  tags,
  summary: 'Unsubscribes (signed token in the URL, no sign-in): the storefront page\'s button, or a mail client\'s RFC 8058 one-click POST',
  description: 'Body `List-Unsubscribe=One-Click` → 200 (400 LINK_INVALID for a bad or expired token); otherwise 303 to the notice page.',
  request: { query: TokenQuery, body: actionBody },
  responses: { 200: oneClickDone, 303: redirect, ...errorResponses(400) },
});

const web = (c: { env: ApiEnv['Bindings'] }) => c.env.WEB_ORIGIN ?? 'http://127.0.0.1:3000';

/**
 * True for a mail client's RFC 8058 POST (body `List-Unsubscribe=One-Click`, as `multipart/form-data` — what the RFC
 * recommends — or urlencoded); false for the storefront page's button.
 */
export async function isOneClick(c: { req: { header(name: string): string | undefined; parseBody(): Promise<Record<string, unknown>> } }): Promise<boolean> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return false;
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return body[ONE_CLICK.key] === ONE_CLICK.value;
}

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/stock-alerts', optionalUser());
export const stockAlertRoutes = base
  .openapi(createAlert, async (c) => {
    const body = c.req.valid('json');
    const now = Date.now();
    const userId = c.var.principal?.userId ?? null;
    const subject = userId ? `user:${userId}` : `email:${body.email ?? ''}`;
    await enforce(rateLimiter(c), now, [
      [STOCK_ALERT_RATE.action, `ip:${clientIp(c)}`, STOCK_ALERT_RATE.perIp, STOCK_ALERT_RATE.windowSeconds],
      [STOCK_ALERT_RATE.action, subject, STOCK_ALERT_RATE.perSubject, STOCK_ALERT_RATE.windowSeconds],
    ]);
    const r = await subscribe(c.var.db, { productId: body.productId, userId, email: body.email }, now);
    if (r.confirmNeeded) {
      const token = await alertLink(jwtSecret(c), r.id, 'confirm', Math.floor(now / 1000));
      await confirmRequestStatement(c.var.db, r.id, token, now).run();
    }
    // A guest always reads "pending": whether an address already follows a product is not for whoever typed it.
    return c.json({ status: userId ? r.status : ('pending' as const) }, 201);
  })
  // Old links (emails sent before the landing pages) and new ones alike: a GET only opens the page.
  .openapi(confirmRoute, async (c) => c.redirect(emailActionPage(web(c), 'confirm', c.req.valid('query').t), 303) as never)
  .openapi(unsubscribeRoute, async (c) => c.redirect(emailActionPage(web(c), 'unsubscribe', c.req.valid('query').t), 303) as never)
  .openapi(confirmPostRoute, async (c) => {
    const now = Date.now();
    const id = await readAlertLink(jwtSecret(c), c.req.valid('query').t, 'confirm', Math.floor(now / 1000));
    const done = id ? await confirmAlert(c.var.db, id, now) : false;
    return c.redirect(`${web(c)}/thong-bao-email?kq=${done ? 'da-xac-nhan' : 'lien-ket-loi'}`, 303) as never;
  })
  .openapi(unsubscribePostRoute, async (c) => {
    const now = Date.now();
    const id = await readAlertLink(jwtSecret(c), c.req.valid('query').t, 'unsubscribe', Math.floor(now / 1000));
    const done = id ? await unsubscribeAlert(c.var.db, id, now) : false;
    if (await isOneClick(c)) {
      if (!done) throw new ValidationError('Liên kết không hợp lệ hoặc đã hết hạn.', undefined, 'LINK_INVALID');
      return c.json({ done: true as const }, 200);
    }
    return c.redirect(`${web(c)}/thong-bao-email?kq=${done ? 'da-huy' : 'lien-ket-loi'}`, 303) as never;
  });
