import { Hono } from 'hono';
import { D1DevMailbox } from '@medicare/shared/mail/mailer';
import { errorEnvelope } from '@medicare/shared/http/app';
import type { ApiEnv } from '../env';

/**
 * Development-only routes. In production (ENVIRONMENT=production, the committed default) they answer exactly like a
 * route that does not exist, and they are left out of the OpenAPI document.
 */
export const devRoutes = new Hono<ApiEnv>();
devRoutes.use('/dev/*', async (c, next) => {
  if (c.env.ENVIRONMENT === 'production') return c.json(errorEnvelope('ROUTE_NOT_FOUND', 'Không tìm thấy đường dẫn yêu cầu.'), 404);
  await next();
});
/** The local mailbox: what the Mailer would have sent. `?to=` filters by recipient. */
devRoutes.get('/dev/mailbox', async (c) => {
  const to = c.req.query('to')?.trim().toLowerCase();
  return c.json({ items: await new D1DevMailbox(c.var.db).list(to || undefined) });
});
