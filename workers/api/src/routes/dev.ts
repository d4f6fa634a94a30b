import { Hono } from 'hono';
import { z } from '@hono/zod-openapi';
import { queueDueReminders } from '@medicare/shared/alerts/refill';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { D1DevMailbox } from '@medicare/shared/mail/mailer';
import { errorEnvelope, parseJsonField } from '@medicare/shared/http/app';
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

const CronInput = z.object({ now: z.number().int().positive().optional() }).strict();
/**
 * #17: `wrangler dev` fires no cron, so browser tests let "the next minute" (or a later day) come through this route:
 * the cron's refill-reminder step (`queueDueReminders`: Vietnam daytime only, once per cycle) and its outbox publish
 * (back-in-stock alerts, reminders), both as `runScheduled` runs them, at `now` (epoch ms; default: the real clock).
 * The cron's other steps (unpaid orders, pickups, availability) are left out: at a moved clock they would expire
 * every local order and batch.
 */
devRoutes.post('/dev/cron', async (c) => {
  const now = parseJsonField((await c.req.text()) || '{}', CronInput).now ?? Date.now();
  const remindersQueued = await queueDueReminders(c.env.DB, now);
  const published = await publishOutbox(new D1CheckoutRepository(c.env.DB), c.env.EVENTS, now);
  return c.json({ now, remindersQueued, published });
});
