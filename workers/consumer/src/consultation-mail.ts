/**
 * Emails of a consultation's steps (consultation.*) and of its pickup reservation (pickup.*), #15. One email per
 * consultation (or reservation) and event type: a redelivered event, or a second event announcing the same step (a
 * consultation released and claimed again), finds the email claimed or done and sends nothing (`once`).
 * The address is the account's email, else the guest's; a guest's link carries the signed guest link (7 days) that
 * restores their guest identity on the site. A chat guest handed over without an email gets no email.
 */
import { issueGuestLink } from '@medicare/shared/consultations/access';
import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { mailerFromEnv, type MailEnv } from '@medicare/shared/mail/config';
import {
  CONSULTATION_EMAIL_EVENTS,
  PICKUP_EMAIL_EVENTS,
  consultationEmail,
  pickupEmail,
  type ConsultationEmailEvent,
  type ConsultationEmailFacts,
  type PickupEmailEvent,
  type PickupFacts,
} from '@medicare/shared/mail/consultation-templates';
import { once, type Effect } from './once';

export interface ConsultationMailEnv extends MailEnv {
  DB: D1Database;
  WEB_ORIGIN?: string;
  /** Signs the guest link of emails to guests (the api Worker's secret); without it the link is the plain page. */
  JWT_SECRET?: string;
}

export const consultationEmailEffect = (consultationId: string, type: string): Effect => ({ key: `mail:consultation:${consultationId}:${type}`, kind: 'consultation-mail' });
export const pickupEmailEffect = (reservationId: string, type: string): Effect => ({ key: `mail:pickup:${reservationId}:${type}`, kind: 'consultation-mail' });

/** Tables written by the advice step (migration 0023); absent before it, when there is simply nothing to show. */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (/no such (table|column)/i.test(String(e))) return null;
    throw e;
  }
}

async function consultationFacts(env: ConsultationMailEnv, consultationId: string): Promise<(ConsultationEmailFacts & { id: string }) | null> {
  const c = await env.DB.prepare(
    `SELECT c.id, c.code, c.user_id AS userId, COALESCE(u.name, c.guest_name) AS name, COALESCE(u.email, c.guest_email) AS email, ph.name AS pharmacistName
     FROM consultations c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN users ph ON ph.id = c.pharmacist_id WHERE c.id = ?`,
  )
    .bind(consultationId)
    .first<{ id: string; code: string; userId: string | null; name: string | null; email: string | null; pharmacistName: string | null }>();
  if (!c?.email) return null;
  const web = env.WEB_ORIGIN ?? 'http://127.0.0.1:3000';
  let url = `${web}/tai-khoan/don-thuoc/${c.code}`;
  if (c.userId === null && env.JWT_SECRET) url += `?t=${encodeURIComponent(await issueGuestLink(env.JWT_SECRET, c.code, Math.floor(Date.now() / 1000)))}`;
  const quote = await optional(() =>
    env.DB.prepare('SELECT q.expires_at AS expiresAt, (SELECT COALESCE(SUM(a.quantity * a.unit_price), 0) FROM advice_items a WHERE a.quote_id = q.id) AS total FROM quotes q WHERE q.consultation_id = ?')
      .bind(c.id)
      .first<{ expiresAt: number; total: number }>(),
  );
  const reservation = await optional(() => reservationFacts(env.DB, 'r.consultation_id = ?', c.id));
  return { id: c.id, code: c.code, name: c.name ?? '', email: c.email, url, pharmacistName: c.pharmacistName, quote: quote ?? null, reservation: reservation ?? null };
}

function reservationFacts(db: D1Database, where: string, bind: string) {
  return db
    .prepare(
      `SELECT r.consultation_id AS consultationId, r.code, r.status, r.expires_at AS expiresAt, l.name AS locationName, l.address AS locationAddress, l.phone AS locationPhone
       FROM pickup_reservations r JOIN pharmacy_locations l ON l.id = r.location_id WHERE ${where}`,
    )
    .bind(bind)
    .first<PickupFacts & { consultationId: string }>();
}

type Handler<B> = (e: EventEnvelope, env: B) => Promise<void>;

export function consultationMailHandlers<B extends ConsultationMailEnv>(): Record<ConsultationEmailEvent | PickupEmailEvent, Handler<B>> {
  const mailerOf = (env: B) => {
    const mailer = mailerFromEnv(env, env.DB);
    if (!mailer) throw new Error('MAIL_NOT_CONFIGURED'); // retried, then dead-lettered: never silently dropped
    return mailer;
  };
  const consultation = (type: ConsultationEmailEvent): Handler<B> => async (e, env) => {
    const id = typeof e.payload.consultationId === 'string' ? e.payload.consultationId : e.aggregateId;
    const f = await consultationFacts(env, id);
    if (f) await once(env.DB, consultationEmailEffect(id, type), () => mailerOf(env).send(consultationEmail(type, f)));
  };
  const pickup = (type: PickupEmailEvent): Handler<B> => async (e, env) => {
    const id = typeof e.payload.reservationId === 'string' ? e.payload.reservationId : e.aggregateId;
    const r = await optional(() => reservationFacts(env.DB, 'r.id = ?', id));
    const f = r ? await consultationFacts(env, r.consultationId) : null;
    if (r && f) await once(env.DB, pickupEmailEffect(id, type), () => mailerOf(env).send(pickupEmail(type, { ...f, reservation: r })));
  };
  return {
    ...Object.fromEntries(CONSULTATION_EMAIL_EVENTS.map((t) => [t, consultation(t)])),
    ...Object.fromEntries(PICKUP_EMAIL_EVENTS.map((t) => [t, pickup(t)])),
  } as Record<ConsultationEmailEvent | PickupEmailEvent, Handler<B>>;
}
