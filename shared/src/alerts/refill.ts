/**
 * Refill reminders (#17, ADR 0040). A product marked `refill_eligible` with a usual daily use (`daily_use_base`, base
 * units per day) can be reminded after the shopper received it: the pack runs out on
 *   delivered day (Vietnam) + floor(quantity × unit factor ÷ daily use) days,
 * and the reminder is emailed `lead_days` (default 3) days before, by the cron (`queueDueReminders`) through the
 * outbox and the consumer, only at a Vietnam daytime hour, once per cycle (the outbox row's id names the reminder and
 * its cycle; the cycle advances in the same D1 batch). After a send the next cycle starts where the last one ran out
 * (`cadence_days` later: the supply by default, adjustable by the shopper). Prescription-only products are reminded
 * with "hỏi dược sĩ" only: no reorder link, and a reorder is refused by `rxLineProblem` (shared/src/checkout/pricing.ts).
 */
import { z } from '@hono/zod-openapi';
import { signScoped, verifyScoped } from '../auth/signed';
import { consultationOnly } from '../checkout/pricing';
import { DAY_MS, vietnamClock, vietnamDate, vietnamDayStart } from '../catalog/availability';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { newId } from '../ids';
import { GOODS_RECEIVED, statusInSql, type OrderStatus } from '../orders/state';

export const REFILL_STATUSES = ['active', 'paused', 'stopped'] as const;
export type RefillStatus = (typeof REFILL_STATUSES)[number];
export const REFILL_EVENT = 'refill.reminder_due';
export const DEFAULT_LEAD_DAYS = 3;
export const MAX_LEAD_DAYS = 14;
export const MIN_CADENCE_DAYS = 7;
export const MAX_CADENCE_DAYS = 180;
/** Reminders queued per cron run (the rest the next minute). */
export const REMINDERS_PER_RUN = 100;
/**
 * Vietnam hours (UTC+7) in which reminders are queued: from 09:00 up to 20:00 (exclusive), so an email never arrives
 * between 21:00 and 08:00 even when the queue takes a while.
 */
export const SEND_HOURS = { from: 9, to: 20 } as const;
/** The least number of days between two reminders of one product, unless its cadence is shorter. */
export const MIN_REMINDER_GAP_DAYS = 7;
/** Links in a reminder email live 45 days (longer than one cycle's lead time). */
export const REFILL_LINK_TTL_SECONDS = 45 * 86_400;


/** True when `now` is a Vietnam daytime hour in which reminders may be queued. */
export function isSendingHour(now: number): boolean {
  const h = vietnamClock(now).getUTCHours();
  return h >= SEND_HOURS.from && h < SEND_HOURS.to;
}

/**
 * Seconds from `now` to the next moment reminders may be sent (0 in a sending hour): the next 09:00 Vietnam time. The
 * consumer re-checks the hour before sending (a queue retry or backlog may deliver the event at night) and has the
 * message come back then.
 */
export function secondsToSendingHour(now: number): number {
  if (isSendingHour(now)) return 0;
  const clock = vietnamClock(now);
  const opens = Date.UTC(clock.getUTCFullYear(), clock.getUTCMonth(), clock.getUTCDate(), SEND_HOURS.from) + (clock.getUTCHours() >= SEND_HOURS.from ? DAY_MS : 0);
  return Math.ceil((opens - clock.getTime()) / 1000);
}

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(vietnamDayStart(date)! + 7 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days one purchase lasts: quantity × unit factor ÷ daily use (whole days, at least 1). */
export function supplyDays(quantity: number, factor: number, dailyUseBase: number): number {
  return Math.max(1, Math.floor((quantity * factor) / dailyUseBase));
}

/**
 * A run-out day already past when a paused or stopped reminder is turned on again moves forward by whole cadences to
 * today or later (the schedule continues; no reminder about a day gone by).
 */
export function rollForward(runsOutOn: string, cadenceDays: number, today: string): string {
  if (runsOutOn >= today) return runsOutOn;
  const behind = Math.round((Date.parse(today) - Date.parse(runsOutOn)) / DAY_MS);
  return addDays(runsOutOn, Math.ceil(behind / cadenceDays) * cadenceDays);
}

/** The day the reminder of a cycle running out on `runsOutOn` is due: `leadDays` before, never before `today`. */
export function remindOn(runsOutOn: string, leadDays: number, today: string): string {
  const d = addDays(runsOutOn, -leadDays);
  return d < today ? today : d;
}

export type ReminderAction = 'reorder' | 'pause' | 'stop';
export const reminderLink = (secret: string, reminderId: string, act: ReminderAction, nowSeconds: number) => signScoped(secret, 'refill-reminder', reminderId, REFILL_LINK_TTL_SECONDS, nowSeconds, { act });
export async function readReminderLink(secret: string, token: string, nowSeconds: number): Promise<{ id: string; act: ReminderAction } | null> {
  const c = await verifyScoped(secret, 'refill-reminder', token, REFILL_LINK_TTL_SECONDS, nowSeconds);
  if (!c || (c.act !== 'reorder' && c.act !== 'pause' && c.act !== 'stop')) return null;
  return { id: c.sub, act: c.act };
}

export const ReminderSchema = z
  .object({
    id: z.string(),
    orderLineId: z.string(),
    orderCode: z.string(),
    productId: z.string(),
    productName: z.string(),
    productSlug: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    quantity: z.number().int(),
    prescriptionRequired: z.boolean().openapi({ description: 'Sold only after a pharmacist consultation (prescription-only or special control): reminded with "hỏi dược sĩ", never reordered' }),
    status: z.enum(REFILL_STATUSES),
    cadenceDays: z.number().int(),
    leadDays: z.number().int(),
    runsOutOn: z.string().openapi({ description: 'Vietnam date the current supply is expected to run out' }),
    nextRemindOn: z.string().openapi({ description: 'Vietnam date of the next reminder email (sent in the daytime)' }),
  })
  .openapi('RefillReminder');
export type Reminder = z.infer<typeof ReminderSchema>;
export const EligibleLineSchema = z
  .object({ orderLineId: z.string(), orderCode: z.string(), productName: z.string(), unitName: z.string(), quantity: z.number().int(), deliveredOn: z.string(), supplyDays: z.number().int() })
  .openapi('RefillEligibleLine');
export const RemindersViewSchema = z.object({ reminders: z.array(ReminderSchema), eligible: z.array(EligibleLineSchema) }).openapi('RefillReminders');
export const CreateReminderSchema = z.object({ orderLineId: z.string().min(10).max(40), leadDays: z.number().int().min(1).max(MAX_LEAD_DAYS).optional() }).strict().openapi('RefillReminderInput');
export const UpdateReminderSchema = z
  .object({
    cadenceDays: z.number().int().min(MIN_CADENCE_DAYS).max(MAX_CADENCE_DAYS).optional(),
    leadDays: z.number().int().min(1).max(MAX_LEAD_DAYS).optional(),
    status: z.enum(REFILL_STATUSES).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Không có thay đổi nào.' })
  .openapi('RefillReminderUpdate');

const RECEIVED_SQL = statusInSql(GOODS_RECEIVED, 'o.status');
/** SQL: the Vietnam date an order was delivered (its first move to `delivered`). */
const deliveredOnSql = (o: string) =>
  `(SELECT date(MIN(e.created_at) / 1000, 'unixepoch', '+7 hours') FROM order_events e WHERE e.order_id = ${o}.id AND e.to_status = 'delivered')`;

const reminderSelect = `SELECT r.id, r.order_line_id AS orderLineId, o.code AS orderCode, r.product_id AS productId, p.name AS productName, p.slug AS productSlug,
    r.unit_id AS unitId, u.name AS unitName, r.quantity, p.prescription_required AS rx, p.special_control AS sc, r.status, r.cadence_days AS cadenceDays,
    r.lead_days AS leadDays, r.runs_out_on AS runsOutOn, r.next_remind_on AS nextRemindOn
  FROM refill_reminders r JOIN order_lines l ON l.id = r.order_line_id JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = r.product_id JOIN product_units u ON u.id = r.unit_id`;
const asReminder = ({ rx, sc, ...r }: Record<string, unknown>): Reminder => ({ ...(r as Omit<Reminder, 'prescriptionRequired'>), prescriptionRequired: consultationOnly({ prescriptionRequired: Boolean(rx), specialControl: Boolean(sc) }) });

/** The shopper's reminders and the received lines that could get one. */
export async function listReminders(db: D1Database, userId: string): Promise<z.infer<typeof RemindersViewSchema>> {
  const [reminders, eligible] = await db.batch([
    // Stopped ones too (last): the shopper can turn them on again.
    db.prepare(`${reminderSelect} WHERE r.user_id = ? ORDER BY r.status = 'stopped', r.next_remind_on, r.id`).bind(userId),
    db
      .prepare(
        `SELECT l.id AS orderLineId, o.code AS orderCode, l.product_name AS productName, l.unit_name AS unitName, l.quantity, ${deliveredOnSql('o')} AS deliveredOn,
           MAX(1, (l.quantity * l.factor) / p.daily_use_base) AS supplyDays
         FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
         WHERE o.user_id = ? AND ${RECEIVED_SQL} AND p.refill_eligible = 1 AND p.daily_use_base > 0
           AND NOT EXISTS (SELECT 1 FROM refill_reminders r WHERE r.order_line_id = l.id)
         ORDER BY o.created_at DESC, l.id LIMIT 20`,
      )
      .bind(userId),
  ]);
  return { reminders: reminders!.results.map((r) => asReminder(r as Record<string, unknown>)), eligible: eligible!.results.filter((e: any) => e.deliveredOn) as never };
}

async function ownReminder(db: D1Database, userId: string, id: string): Promise<Reminder> {
  const r = await db.prepare(`${reminderSelect} WHERE r.id = ? AND r.user_id = ?`).bind(id, userId).first();
  if (!r) throw new NotFoundError('Không tìm thấy lời nhắc.', 'REMINDER_NOT_FOUND');
  return asReminder(r);
}

/** Turns on a reminder for one received line of the shopper's own order. */
export async function createReminder(db: D1Database, userId: string, input: z.infer<typeof CreateReminderSchema>, now: number): Promise<Reminder> {
  const line = await db
    .prepare(
      `SELECT l.id, l.product_id AS productId, l.unit_id AS unitId, l.quantity, l.factor, o.status, ${deliveredOnSql('o')} AS deliveredOn,
         p.refill_eligible AS eligible, p.daily_use_base AS dailyUse
       FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id WHERE l.id = ? AND o.user_id = ?`,
    )
    .bind(input.orderLineId, userId)
    .first<{ id: string; productId: string; unitId: string; quantity: number; factor: number; status: OrderStatus; deliveredOn: string | null; eligible: number; dailyUse: number | null }>();
  if (!line) throw new NotFoundError('Không tìm thấy sản phẩm trong đơn hàng của bạn.', 'ORDER_LINE_NOT_FOUND');
  if (!GOODS_RECEIVED.has(line.status) || !line.deliveredOn) throw new ConflictError('Chỉ bật nhắc mua lại sau khi bạn đã nhận hàng.', 'ORDER_NOT_DELIVERED');
  if (!line.eligible || !line.dailyUse || line.dailyUse <= 0) throw new UnprocessableError('Sản phẩm này không thuộc nhóm dùng thường xuyên để nhắc mua lại.', 'NOT_REFILL_ELIGIBLE');
  const cadence = supplyDays(line.quantity, line.factor, line.dailyUse);
  const lead = input.leadDays ?? DEFAULT_LEAD_DAYS;
  const runsOut = addDays(line.deliveredOn, cadence);
  const next = remindOn(runsOut, lead, vietnamDate(now));
  const id = newId();
  const r = await db
    .prepare(
      `INSERT INTO refill_reminders (id, user_id, order_line_id, product_id, unit_id, quantity, cadence_days, lead_days, runs_out_on, next_remind_on, cycle, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'active', ?, ?) ON CONFLICT (order_line_id) DO NOTHING RETURNING id`,
    )
    .bind(id, userId, line.id, line.productId, line.unitId, line.quantity, cadence, lead, runsOut, next, now, now)
    .first();
  if (r) return ownReminder(db, userId, id);
  // The line has a reminder already: a stopped one is turned on again (from the order line, as from the account).
  const existing = await db.prepare('SELECT id, status FROM refill_reminders WHERE order_line_id = ? AND user_id = ?').bind(line.id, userId).first<{ id: string; status: RefillStatus }>();
  if (existing?.status === 'stopped') return updateReminder(db, userId, existing.id, { status: 'active', ...(input.leadDays ? { leadDays: input.leadDays } : {}) }, now);
  throw new ConflictError('Lời nhắc cho sản phẩm này đã được bật.', 'REMINDER_EXISTS');
}

/**
 * Changes cadence, lead time or status (a stopped reminder may be turned on again). A new cadence moves the current
 * cycle's run-out day (counted from the day the cycle started: run-out − old cadence); turning a paused or stopped
 * reminder on rolls a run-out day already past forward by whole cadences; the next reminder is recomputed from it,
 * never before today.
 */
export async function updateReminder(db: D1Database, userId: string, id: string, patch: z.infer<typeof UpdateReminderSchema>, now: number): Promise<Reminder> {
  const cur = await ownReminder(db, userId, id);
  const today = vietnamDate(now);
  const cadence = patch.cadenceDays ?? cur.cadenceDays;
  const lead = patch.leadDays ?? cur.leadDays;
  const moved = addDays(cur.runsOutOn, cadence - cur.cadenceDays);
  const runsOut = patch.status === 'active' && cur.status !== 'active' ? rollForward(moved, cadence, today) : moved;
  const next = remindOn(runsOut, lead, today);
  await db
    .prepare('UPDATE refill_reminders SET cadence_days = ?, lead_days = ?, runs_out_on = ?, next_remind_on = ?, status = ?, updated_at = ? WHERE id = ? AND user_id = ?')
    .bind(cadence, lead, runsOut, next, patch.status ?? cur.status, now, id, userId)
    .run();
  return ownReminder(db, userId, id);
}

/** Pause or stop from an email link (no sign-in: the signed link names the reminder). */
export async function setReminderStatus(db: D1Database, id: string, status: 'paused' | 'stopped', now: number): Promise<boolean> {
  const r = await db.prepare("UPDATE refill_reminders SET status = CASE WHEN status = 'stopped' THEN status ELSE ? END, updated_at = ? WHERE id = ? RETURNING id").bind(status, now, id).first();
  return r !== null;
}

/** What the reorder link needs: the reminder's line and its owner. */
export async function reminderForReorder(db: D1Database, id: string) {
  return db
    .prepare('SELECT r.id, r.user_id AS userId, r.unit_id AS unitId, r.product_id AS productId, r.quantity, r.status FROM refill_reminders r WHERE r.id = ?')
    .bind(id)
    .first<{ id: string; userId: string; unitId: string; productId: string; quantity: number; status: RefillStatus }>();
}

/**
 * The cron step: at a Vietnam daytime hour, queues the due reminders (at most `REMINDERS_PER_RUN`) as outbox events
 * and advances each to its next cycle, in ONE D1 batch (one transaction). The event id is `rr-<reminder>-<cycle>`, so
 * a concurrent or replayed run can never queue the same cycle twice (INSERT OR IGNORE), and the cycle advances only
 * for reminders whose event of the current cycle exists. Returns how many were queued.
 */
export async function queueDueReminders(db: D1Database, now: number): Promise<number> {
  if (!isSendingHour(now)) return 0;
  const today = vietnamDate(now);
  const due = `r.status = 'active' AND r.next_remind_on <= ?1`;
  const eventId = (r: string) => `'rr-' || ${r}.id || '-' || ${r}.cycle`;
  // Next run-out: one cadence after this one, but the next reminder at least MIN(cadence, MIN_REMINDER_GAP_DAYS) days
  // from today: a reminder overdue for more than a cadence (turned on long after delivery, or the cron was down) is not
  // followed by another the next morning (nor on the morning its deferred email goes out).
  const nextRunsOut = `MAX(date(runs_out_on, '+' || cadence_days || ' days'), date(?1, '+' || (lead_days + MIN(cadence_days, ${MIN_REMINDER_GAP_DAYS})) || ' days'))`;
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
         SELECT ${eventId('r')}, '${REFILL_EVENT}', 'refill_reminder', r.id, json_object('cycle', r.cycle, 'runsOutOn', r.runs_out_on, 'queuedAt', ?2), ?2
         FROM refill_reminders r WHERE ${due} ORDER BY r.next_remind_on, r.id LIMIT ?3`,
      )
      .bind(today, now, REMINDERS_PER_RUN),
    db
      .prepare(
        `UPDATE refill_reminders AS r SET cycle = cycle + 1, last_sent_at = ?2, updated_at = ?2, runs_out_on = ${nextRunsOut},
           next_remind_on = date(${nextRunsOut}, '-' || lead_days || ' days')
         WHERE ${due} AND EXISTS (SELECT 1 FROM outbox_events e WHERE e.id = ${eventId('r')})`,
      )
      .bind(today, now),
  ]);
  return inserted!.meta.changes ?? 0;
}
