/**
 * #17 alerts (ADR 0040): the guest's confirmation email, the back-in-stock emails (one per active alert of the product,
 * once per alert and round, then the alert is marked notified in the same batch as the effect's completion) and the
 * refill reminder (once per reminder and cycle, never at night: deferred to the next sending hour). A replayed event
 * finds the effects done and sends nothing. More alerts than one delivery may mail go on in a follow-up event.
 * Links are signed with the api Worker's JWT_SECRET (set on this Worker too). Confirm/unsubscribe/pause/stop open
 * storefront pages whose button POSTs the action (a GET changes nothing); the emails carry RFC 8058 one-click headers
 * naming the api POST route. "Đặt lại" goes through the storefront's /v1 gateway, so the cart cookie stays first-party.
 */
import { alertLink, ALERT_CONFIRM_EVENT, ALERTS_PER_EVENT, BACK_IN_STOCK_EVENT } from '@medicare/shared/alerts/stock-alerts';
import { emailActionPage } from '@medicare/shared/alerts/links';
import { reminderLink, REFILL_EVENT, secondsToSendingHour } from '@medicare/shared/alerts/refill';
import { consultationOnly } from '@medicare/shared/checkout/pricing';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { mailerFromEnv, type MailEnv } from '@medicare/shared/mail/config';
import { backInStockEmail, refillReminderEmail, stockAlertConfirmEmail } from '@medicare/shared/mail/alert-templates';
import { once, type Effect } from './once';
import { DeferDelivery } from './process';

export interface AlertMailEnv extends MailEnv {
  DB: D1Database;
  WEB_ORIGIN?: string;
  JWT_SECRET?: string;
  /** To publish a back-in-stock follow-up at once (the api cron publishes it otherwise). */
  EVENTS: Queue;
}

export const stockAlertEffect = (alertId: string, round: number): Effect => ({ key: `mail:stock-alert:${alertId}:${round}`, kind: 'alert-mail' });
export const alertConfirmEffect = (eventId: string): Effect => ({ key: `mail:stock-alert-confirm:${eventId}`, kind: 'alert-mail' });
export const refillEffect = (reminderId: string, cycle: number): Effect => ({ key: `mail:refill:${reminderId}:${cycle}`, kind: 'alert-mail' });

type Handler<B> = (e: EventEnvelope, env: B) => Promise<void>;

function deps(env: AlertMailEnv) {
  const mailer = mailerFromEnv(env, env.DB);
  if (!mailer) throw new Error('MAIL_NOT_CONFIGURED'); // retried, then dead-lettered: never silently dropped
  if (!env.JWT_SECRET) throw new Error('LINK_SECRET_NOT_CONFIGURED'); // the one-click links cannot be made
  return { mailer, secret: env.JWT_SECRET, web: env.WEB_ORIGIN ?? 'http://127.0.0.1:3000' };
}

/**
 * The next slice of a back-in-stock announcement: one outbox event whose id is derived from the first event's id and
 * the hop number, so a redelivered or retried event writes it only once (INSERT OR IGNORE). It is published at once
 * when the queue is bound (else by the api cron). Every slice mails the product's next active alerts (the mailed ones
 * are notified by then), each once per round through its own effect key.
 */
async function followUp(env: AlertMailEnv, e: EventEnvelope): Promise<void> {
  const root = typeof e.payload.root === 'string' ? e.payload.root : e.id;
  const hop = (Number(e.payload.hop) || 0) + 1;
  const now = Date.now();
  await env.DB.prepare('INSERT OR IGNORE INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(`${root}-${hop}`, BACK_IN_STOCK_EVENT, 'product', e.aggregateId, JSON.stringify({ productId: e.aggregateId, root, hop }), now)
    .run();
  if (env.EVENTS) await publishOutbox(new D1CheckoutRepository(env.DB), env.EVENTS, now).catch(() => undefined);
}

export function alertMailHandlers<B extends AlertMailEnv>(): Record<string, Handler<B>> {
  return {
    [ALERT_CONFIRM_EVENT]: async (e, env) => {
      const token = typeof e.payload.token === 'string' ? e.payload.token : null;
      const a = await env.DB.prepare("SELECT sa.email, p.name FROM stock_alerts sa JOIN products p ON p.id = sa.product_id WHERE sa.id = ? AND sa.status = 'pending'")
        .bind(e.aggregateId)
        .first<{ email: string | null; name: string }>();
      if (!a?.email || !token) return; // confirmed meanwhile, or unsubscribed
      const { mailer, web } = deps(env);
      await once(env.DB, alertConfirmEffect(e.id), () => mailer.send(stockAlertConfirmEmail({ to: a.email!, productName: a.name, confirmUrl: emailActionPage(web, 'confirm', token) })));
    },

    [BACK_IN_STOCK_EVENT]: async (e, env) => {
      const product = await env.DB.prepare('SELECT p.name, p.slug, p.prescription_required AS rx, p.special_control AS sc, COALESCE(a.in_stock, 0) AS inStock FROM products p LEFT JOIN product_availability a ON a.product_id = p.id WHERE p.id = ?')
        .bind(e.aggregateId)
        .first<{ name: string; slug: string; rx: number; sc: number; inStock: number }>();
      // Sold out again before the event arrived: the alerts stay active for the next flip.
      if (!product?.inStock) return;
      const alerts = (
        await env.DB.prepare(
          `SELECT sa.id, sa.round, COALESCE(u.email, sa.email) AS email FROM stock_alerts sa LEFT JOIN users u ON u.id = sa.user_id
           WHERE sa.product_id = ? AND sa.status = 'active' ORDER BY sa.created_at, sa.id LIMIT ?`,
        )
          .bind(e.aggregateId, ALERTS_PER_EVENT + 1)
          .all<{ id: string; round: number; email: string | null }>()
      ).results;
      if (!alerts.length) return;
      const { mailer, secret, web } = deps(env);
      const nowS = Math.floor(Date.now() / 1000);
      for (const al of alerts.slice(0, ALERTS_PER_EVENT)) {
        const markNotified = (now: number) => [
          env.DB.prepare("UPDATE stock_alerts SET status = 'notified', notified_at = ?, updated_at = ? WHERE id = ? AND round = ? AND status = 'active'").bind(now, now, al.id, al.round),
        ];
        if (!al.email) {
          await env.DB.batch(markNotified(Date.now())); // an account without an address: nothing to send to
          continue;
        }
        const token = await alertLink(secret, al.id, 'unsubscribe', nowS);
        const email = backInStockEmail({
          to: al.email,
          productName: product.name,
          consultationOnly: consultationOnly({ prescriptionRequired: Boolean(product.rx), specialControl: Boolean(product.sc) }),
          productUrl: `${web}/san-pham/${product.slug}`,
          consultUrl: `${web}/tu-van-duoc-si`,
          unsubscribeUrl: emailActionPage(web, 'unsubscribe', token),
          unsubscribePostUrl: `${web}/v1/stock-alerts/unsubscribe?t=${encodeURIComponent(token)}`,
        });
        const ran = await once(env.DB, stockAlertEffect(al.id, al.round), () => mailer.send(email), markNotified);
        // Sent by an earlier delivery whose "notified" mark was lost: mark it now, so the follow-up below moves on.
        if (ran === 'done') await env.DB.batch(markNotified(Date.now()));
      }
      // More alerts than one delivery may mail: the rest go through a follow-up event of the same product.
      if (alerts.length > ALERTS_PER_EVENT) await followUp(env, e);
    },

    [REFILL_EVENT]: async (e, env) => {
      const cycle = Number(e.payload.cycle);
      const r = await env.DB.prepare(
        `SELECT r.id, r.status, r.cycle, u.email, u.name, p.name AS productName, p.prescription_required AS rx, p.special_control AS sc
         FROM refill_reminders r JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id WHERE r.id = ?`,
      )
        .bind(e.aggregateId)
        .first<{ id: string; status: string; cycle: number; email: string | null; name: string; productName: string; rx: number; sc: number }>();
      // Paused or stopped after the cron queued it, or a later cycle already: nothing to send.
      if (!r?.email || r.status !== 'active' || r.cycle !== cycle + 1) return;
      // Never at night: the cron queues in the daytime, but a retry or a backlog may deliver later. The message comes
      // back at the next sending hour (the effect below is keyed by reminder and cycle: never twice). Outside production
      // the hour is judged at the clock the cron ran at (`queuedAt`): a local stack's cron can be run at a moved clock
      // (POST /dev/cron), this Worker's clock cannot, and browser tests must not depend on the hour they run at.
      const queuedAt = Number(e.payload.queuedAt);
      const clock = env.ENVIRONMENT !== 'production' && Number.isFinite(queuedAt) && queuedAt > 0 ? queuedAt : Date.now();
      const wait = secondsToSendingHour(clock);
      if (wait > 0) throw new DeferDelivery(wait);
      const { mailer, secret, web } = deps(env);
      const nowS = Math.floor(Date.now() / 1000);
      const token = (act: 'reorder' | 'pause' | 'stop') => reminderLink(secret, r.id, act, nowS);
      const stop = await token('stop');
      // THE online prescription rule decides (prescription-only or special control): no reorder link, "Hỏi dược sĩ".
      const rx = consultationOnly({ prescriptionRequired: Boolean(r.rx), specialControl: Boolean(r.sc) });
      const email = refillReminderEmail({
        to: r.email,
        name: r.name,
        productName: r.productName,
        runsOutOn: String(e.payload.runsOutOn ?? ''),
        consultationOnly: rx,
        reorderUrl: rx ? null : `${web}/v1/refill/reorder?t=${encodeURIComponent(await token('reorder'))}`,
        consultUrl: `${web}/tu-van-duoc-si`,
        pauseUrl: emailActionPage(web, 'pause', await token('pause')),
        stopUrl: emailActionPage(web, 'stop', stop),
        stopPostUrl: `${web}/v1/refill/manage?t=${encodeURIComponent(stop)}`,
      });
      await once(env.DB, refillEffect(r.id, cycle), () => mailer.send(email));
    },
  };
}
