import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { mailerFromEnv, type MailEnv } from '@medicare/shared/mail/config';
import { ORDER_EMAIL_EVENTS, orderEmail, type OrderEmailEvent, type OrderEmailFacts } from '@medicare/shared/mail/order-templates';
import { ORDER_EMAIL_RESEND } from '@medicare/shared/orders/staff-actions.d1';
import { once, type Effect } from './once';

export interface OrderMailEnv extends MailEnv {
  DB: D1Database;
  WEB_ORIGIN?: string;
}

/** Loads what the email needs. The address is the order's contact email, else the account's. */
async function facts(db: D1Database, orderId: string, webOrigin: string): Promise<OrderEmailFacts | null> {
  const o = await db
    .prepare(
      `SELECT o.code, o.recipient_name AS recipientName, COALESCE(o.email, u.email) AS email, o.payment_method AS paymentMethod, o.status, o.total,
         o.paid_amount AS paidAmount, o.refunded_amount AS refundedAmount, s.carrier, s.tracking_code AS trackingCode
       FROM orders o LEFT JOIN users u ON u.id = o.user_id
       LEFT JOIN shipments s ON s.id = (SELECT id FROM shipments WHERE order_id = o.id ORDER BY created_at DESC LIMIT 1)
       WHERE o.id = ?`,
    )
    .bind(orderId)
    .first<Omit<OrderEmailFacts, 'shipment' | 'orderUrl'> & { email: string | null; carrier: string | null; trackingCode: string | null }>();
  if (!o?.email) return null;
  const { carrier, trackingCode, ...rest } = o;
  return { ...rest, email: o.email, shipment: carrier && trackingCode ? { carrier, trackingCode } : null, orderUrl: `${webOrigin}/don-hang/${o.code}` };
}

/**
 * Refund emails announce an episode, not a state an order reaches once: `settlePayment` writes these events only when
 * the order ENTERS the state, and an order can enter it again (a refunded order that receives another transfer).
 */
const EPISODE_EMAILS: ReadonlySet<OrderEmailEvent> = new Set(['order.refund_pending', 'order.refunded']);

/**
 * One email per order and state it announces, not per event: a second event announcing the same state (a second
 * transfer to a paid order, a replay) finds the email claimed or done and sends nothing. Refund episodes are keyed by
 * their event, which is written once per episode (a replay of it still sends nothing).
 */
export const orderEmailEffect = (orderId: string, email: OrderEmailEvent, eventId: string): Effect => ({
  key: EPISODE_EMAILS.has(email) ? `mail:${orderId}:${email}:${eventId}` : `mail:${orderId}:${email}`,
  kind: 'order-mail',
});

/**
 * A staff resend (`POST /v1/admin/orders/{code}/emails`, #13) is its own outbox event, one per request: its email is
 * keyed by that event, so each request sends once (a redelivery of the same event sends nothing), and the once-guard
 * of the original email (`orderEmailEffect`) never swallows it.
 */
export const resendEffect = (orderId: string, eventId: string): Effect => ({ key: `mail:${orderId}:resend:${eventId}`, kind: 'order-mail' });

/** One handler per order event that warrants an email (see `orderEmailEffect`), plus the staff resend. */
export function orderMailHandlers<B extends OrderMailEnv>(): Record<OrderEmailEvent | typeof ORDER_EMAIL_RESEND, (e: EventEnvelope, env: B) => Promise<void>> {
  const handle = (type: OrderEmailEvent) => async (e: EventEnvelope, env: B) => {
    const mailer = mailerFromEnv(env, env.DB);
    if (!mailer) throw new Error('MAIL_NOT_CONFIGURED'); // retried, then dead-lettered: never silently dropped
    const f = await facts(env.DB, e.aggregateId, env.WEB_ORIGIN ?? 'http://127.0.0.1:3000');
    if (f) await once(env.DB, orderEmailEffect(e.aggregateId, type, e.id), () => mailer.send(orderEmail(type, f)));
  };
  const resend = async (e: EventEnvelope, env: B) => {
    const kind = e.payload.kind;
    if (!(ORDER_EMAIL_EVENTS as readonly unknown[]).includes(kind)) return; // not an email we have: nothing to send
    const mailer = mailerFromEnv(env, env.DB);
    if (!mailer) throw new Error('MAIL_NOT_CONFIGURED');
    const f = await facts(env.DB, e.aggregateId, env.WEB_ORIGIN ?? 'http://127.0.0.1:3000');
    if (f) await once(env.DB, resendEffect(e.aggregateId, e.id), () => mailer.send(orderEmail(kind as OrderEmailEvent, f)));
  };
  return { ...Object.fromEntries(ORDER_EMAIL_EVENTS.map((t) => [t, handle(t)])), [ORDER_EMAIL_RESEND]: resend } as Record<OrderEmailEvent | typeof ORDER_EMAIL_RESEND, (e: EventEnvelope, env: B) => Promise<void>>;
}
