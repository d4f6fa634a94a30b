/**
 * #17 "Báo khi có hàng" (ADR 0040): subscribe (signed-in: one click; guest: an email confirmed once by a signed link),
 * and the one-click confirm/unsubscribe links of the emails, which answer with a redirect to the storefront's notice
 * page (`/thong-bao-email?kq=…`).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { enforce, D1RateLimiter } from '@medicare/shared/auth/ratelimit';
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
import { clientIp, optionalUser } from '../auth';
import type { ApiEnv } from '../env';

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
const confirmRoute = createRoute({ method: 'get', path: '/v1/stock-alerts/confirm', tags, summary: "One-click confirmation of a guest's alert (signed link)", request: { query: TokenQuery }, responses: { 303: redirect, ...errorResponses(400) } });
const unsubscribeRoute = createRoute({ method: 'get', path: '/v1/stock-alerts/unsubscribe', tags, summary: 'One-click unsubscribe (signed link, no sign-in)', request: { query: TokenQuery }, responses: { 303: redirect, ...errorResponses(400) } });

const web = (c: { env: ApiEnv['Bindings'] }) => c.env.WEB_ORIGIN ?? 'http://127.0.0.1:3000';

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/stock-alerts', optionalUser());
export const stockAlertRoutes = base
  .openapi(createAlert, async (c) => {
    const body = c.req.valid('json');
    const now = Date.now();
    const userId = c.var.principal?.userId ?? null;
    const subject = userId ? `user:${userId}` : `email:${body.email ?? ''}`;
    await enforce(new D1RateLimiter(c.var.db), now, [
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
  .openapi(confirmRoute, async (c) => {
    const now = Date.now();
    const id = await readAlertLink(jwtSecret(c), c.req.valid('query').t, 'confirm', Math.floor(now / 1000));
    const done = id ? await confirmAlert(c.var.db, id, now) : false;
    return c.redirect(`${web(c)}/thong-bao-email?kq=${done ? 'da-xac-nhan' : 'lien-ket-loi'}`, 303) as never;
  })
  .openapi(unsubscribeRoute, async (c) => {
    const now = Date.now();
    const id = await readAlertLink(jwtSecret(c), c.req.valid('query').t, 'unsubscribe', Math.floor(now / 1000));
    const done = id ? await unsubscribeAlert(c.var.db, id, now) : false;
    return c.redirect(`${web(c)}/thong-bao-email?kq=${done ? 'da-huy' : 'lien-ket-loi'}`, 303) as never;
  });
