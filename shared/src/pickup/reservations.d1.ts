/**
 * Pickup reservations in D1 (issue 15, ADR 0030): prescription items a pharmacist advised are held at a pharmacy
 * location until the shopper brings the original prescription to the counter.
 * - reserve (`reserveStatements`, inside the advice batch): FEFO allocations, `stock_batches.reserved += n` exactly like
 *   order allocations (the `reserved <= quantity` CHECK fails the whole batch when the stock is gone; a batch that expired
 *   since the plan is made to fail the same CHECK);
 * - dispense (`dispenseStatements`): the guarded move `reserved → dispensed`, then, only if that move happened, the
 *   reservation is dropped and one `sale` movement of the stock ledger per allocation takes the goods out
 *   (`heldMovementsStatement`, unique per allocation and kind);
 * - cancel / expire (`closeStatements`): the guarded move, then, only if it happened, the reserved stock goes back once
 *   (`released_at`).
 * "Only if it happened" is the audit row of the move (written with `changes() = 1` right after the guarded UPDATE,
 * with a known id): every later statement of the batch is conditioned on it, so a replayed or concurrent batch (two
 * crons, a dispense racing the expiry) changes nothing twice.
 */
import { z } from '@hono/zod-openapi';
import { auditReadBack, auditStatement, auditWritten } from '../audit/write.d1';
import { PICKUP_PAYMENT_METHODS, PICKUP_STATUSES } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import { CROCKFORD, newId } from '../ids';
import { heldMovementsStatement } from '../stock/ledger.d1';
import { intQuery } from '../http/query';
import { containsText } from '../db/text-match';
import { PharmacyLocationSchema, presentLocation } from './locations';
import { pickupGuardSql, PICKUP_STATUS_LABELS, type PickupStatus } from './state';

export const DEFAULT_PICKUP_VALID_HOURS = 48;

/** Customer-facing pickup code: `GT` (giữ thuốc) + 8 Crockford base32 characters (40 random bits). */
export function newPickupCode(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `GT${[...bytes].map((b) => CROCKFORD[b & 31]).join('')}`;
}

type Actor = { id: string | null; role: string };

/** An outbox row written only while `cond` holds (the move's audit row exists). */
export function outboxWhen(d: D1Database, type: string, aggregateType: string, aggregateId: string, payload: Record<string, string>, now: number, cond: { sql: string; binds: readonly unknown[] }) {
  return d
    .prepare(`INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) SELECT ?, ?, ?, ?, ?, ? WHERE ${cond.sql}`)
    .bind(newId(), type, aggregateType, aggregateId, JSON.stringify(payload), now, ...cond.binds);
}

/** SQL condition: the audit row `id` exists (the guarded move of this batch happened). */
export const happened = (auditId: string) => ({ sql: 'EXISTS (SELECT 1 FROM audit_log WHERE id = ?)', binds: [auditId] as readonly unknown[] });

export interface ReservationPlan {
  id: string;
  code: string;
  consultationId: string;
  locationId: string;
  customerName: string;
  phone: string;
  expiresAt: number;
  /** Per advice item, its FEFO allocations (base units). */
  allocations: Array<{ adviceItemId: string; batchId: string; quantity: number }>;
}

/**
 * The reservation row (first) and its allocations, each conditioned on `cond`; the advice items must be inserted
 * between `reservationRow` and `allocationStatements` (they reference the reservation, the allocations reference them).
 */
export function reservationRowStatement(d: D1Database, p: ReservationPlan, now: number, cond: { sql: string; binds: readonly unknown[] }): D1PreparedStatement {
  return d
    .prepare(
      `INSERT INTO pickup_reservations (id, code, consultation_id, location_id, customer_name, phone, status, expires_at, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ? WHERE ${cond.sql}`,
    )
    .bind(p.id, p.code, p.consultationId, p.locationId, p.customerName, p.phone, p.expiresAt, now, now, ...cond.binds);
}

export function allocationStatements(d: D1Database, p: ReservationPlan, today: string, now: number, cond: { sql: string; binds: readonly unknown[] }): D1PreparedStatement[] {
  return p.allocations.flatMap((a) => [
    // As order allocations (checkout/repo.d1.ts place): a batch expired since the plan violates the CHECK on purpose.
    d
      .prepare(`UPDATE stock_batches SET reserved = reserved + CASE WHEN expiry_date > ? THEN ? ELSE quantity + 1 END, updated_at = ? WHERE id = ? AND ${cond.sql}`)
      .bind(today, a.quantity, now, a.batchId, ...cond.binds),
    d
      .prepare(`INSERT INTO pickup_allocations (id, reservation_id, advice_item_id, batch_id, quantity) SELECT ?, ?, ?, ?, ? WHERE ${cond.sql}`)
      .bind(newId(), p.id, a.adviceItemId, a.batchId, a.quantity, ...cond.binds),
  ]);
}

const OPEN = 'a.released_at IS NULL AND a.sold_at IS NULL';
const openAllocations = `SELECT a.id, a.batch_id, a.quantity FROM pickup_allocations a WHERE a.reservation_id = ? AND ${OPEN}`;

/** Drops the stock a reservation still holds, once (only while `cond` holds), and marks its allocations `column`. */
function dropHeldStatements(d: D1Database, reservationId: string, now: number, cond: { sql: string; binds: readonly unknown[] }): D1PreparedStatement[] {
  return [
    d
      .prepare(
        `UPDATE stock_batches SET reserved = reserved - (SELECT COALESCE(SUM(x.quantity), 0) FROM (${openAllocations}) x WHERE x.batch_id = stock_batches.id), updated_at = ?
         WHERE id IN (SELECT batch_id FROM (${openAllocations})) AND ${cond.sql}`,
      )
      .bind(reservationId, now, reservationId, ...cond.binds),
  ];
}

function markAllocations(d: D1Database, reservationId: string, column: 'released_at' | 'sold_at', now: number, cond: { sql: string; binds: readonly unknown[] }) {
  return d.prepare(`UPDATE pickup_allocations SET ${column} = ? WHERE reservation_id = ? AND released_at IS NULL AND sold_at IS NULL AND ${cond.sql}`).bind(now, reservationId, ...cond.binds);
}

export const DispenseBodySchema = z
  .object({
    prescriptionSeen: z.literal(true, { message: 'Dược sĩ phải xác nhận đã xem đơn thuốc gốc.' }),
    paymentMethod: z.enum(PICKUP_PAYMENT_METHODS),
    amountPaid: z.number().int().min(0).max(1_000_000_000),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .openapi('PickupDispenseBody');
export type DispenseInput = z.infer<typeof DispenseBodySchema>;

export const CancelBodySchema = z.object({ reason: z.string().trim().min(3, 'Cần ghi lý do hủy (ít nhất 3 ký tự).').max(1000) }).strict().openapi('PickupCancelBody');

/**
 * Dispense at the counter, for ONE batch: the guarded move (`reserved → dispensed` by a pharmacist, before `expires_at`),
 * its audit row, then the reservation dropped, one `sale` movement per allocation and the outbox event — all only if the
 * move happened. Read the result with `auditWritten(results.at(-1))`.
 */
export function dispenseStatements(d: D1Database, reservationId: string, input: DispenseInput, actor: Actor, now: number): D1PreparedStatement[] {
  const auditId = newId();
  const cond = happened(auditId);
  return [
    d
      .prepare(
        `UPDATE pickup_reservations SET status = 'dispensed', dispensed_by = ?, dispensed_at = ?, payment_method = ?, amount_paid = ?, note = ?, updated_at = ?
         WHERE id = ? AND ${pickupGuardSql('dispensed', 'pharmacist')} AND expires_at > ?`,
      )
      .bind(actor.id, now, input.paymentMethod, input.amountPaid, input.note ?? null, now, reservationId, now),
    auditStatement(
      d,
      { id: auditId, actor, action: 'pickup.dispense', entityType: 'pickup_reservation', entityId: reservationId, data: { paymentMethod: input.paymentMethod, amountPaid: input.amountPaid, prescriptionSeen: true } },
      now,
      'changed',
    ),
    // Reserved first, so `reserved <= quantity` holds after each statement (as orders' shipStatements).
    ...dropHeldStatements(d, reservationId, now, cond),
    heldMovementsStatement(d, 'sale', { sql: '(SELECT code FROM pickup_reservations WHERE id = ?)', binds: [reservationId] }, { sql: openAllocations, binds: [reservationId] }, cond, actor.id, now, 'Bán tại quầy (giữ thuốc)'),
    markAllocations(d, reservationId, 'sold_at', now, cond),
    outboxWhen(d, 'pickup.dispensed', 'pickup_reservation', reservationId, { reservationId }, now, cond),
    auditReadBack(d, auditId),
  ];
}

/**
 * Cancel (a pharmacist) or expire (the cron, once `expires_at` has passed), for ONE batch: the guarded move, its audit row,
 * then the reserved stock released once and (expiry) the outbox event — only if the move happened.
 */
export function closeStatements(d: D1Database, reservationId: string, to: 'cancelled' | 'expired', actor: Actor, now: number, reason: string): D1PreparedStatement[] {
  const auditId = newId();
  const cond = happened(auditId);
  const who = to === 'expired' ? 'system' : 'pharmacist';
  const due = to === 'expired' ? ' AND expires_at <= ?' : '';
  return [
    d
      .prepare(`UPDATE pickup_reservations SET status = ?, note = ?, closed_by = ?, closed_at = ?, updated_at = ? WHERE id = ? AND ${pickupGuardSql(to, who)}${due}`)
      .bind(to, reason, actor.id, now, now, reservationId, ...(due ? [now] : [])),
    auditStatement(d, { id: auditId, actor, action: to === 'expired' ? 'pickup.expire' : 'pickup.cancel', entityType: 'pickup_reservation', entityId: reservationId, data: { reason } }, now, 'changed'),
    ...dropHeldStatements(d, reservationId, now, cond),
    markAllocations(d, reservationId, 'released_at', now, cond),
    // The shopper is told of an expiry by email (consumer); a cancellation is the pharmacist's, agreed with them at the counter.
    ...(to === 'expired' ? [outboxWhen(d, 'pickup.expired', 'pickup_reservation', reservationId, { reservationId }, now, cond)] : []),
    auditReadBack(d, auditId),
  ];
}

export const PickupItemSchema = z.object({ productName: z.string(), unitName: z.string(), quantity: z.number().int(), instructions: z.string() });

export const PickupSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    status: z.enum(PICKUP_STATUSES),
    statusLabel: z.string(),
    customerName: z.string(),
    phone: z.string(),
    consultationCode: z.string().nullable(),
    location: PharmacyLocationSchema,
    locationName: z.string(),
    expiresAt: z.number().int(),
    createdAt: z.number().int(),
    items: z.array(PickupItemSchema),
    dispensedAt: z.number().int().nullable(),
    dispensedByName: z.string().nullable(),
    paymentMethod: z.enum(PICKUP_PAYMENT_METHODS).nullable(),
    amountPaid: z.number().int().nullable(),
    note: z.string().nullable(),
  })
  .openapi('Pickup');
export type Pickup = z.infer<typeof PickupSchema>;

export const PickupListSchema = z.object({ items: z.array(PickupSchema), nextCursor: z.string().nullable() }).openapi('PickupList');

export const PickupQuerySchema = z.object({
  status: z.enum([...PICKUP_STATUSES, 'all']).default('reserved'),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(40).optional(),
  limit: intQuery(1, 100, 30),
});

interface Row {
  id: string;
  code: string;
  status: PickupStatus;
  customerName: string;
  phone: string;
  consultationCode: string | null;
  expiresAt: number;
  createdAt: number;
  dispensedAt: number | null;
  dispensedByName: string | null;
  paymentMethod: Pickup['paymentMethod'];
  amountPaid: number | null;
  note: string | null;
  l_id: string;
  [k: string]: unknown;
}

const SELECT = `SELECT r.id, r.code, r.status, r.customer_name AS customerName, r.phone, c.code AS consultationCode, r.expires_at AS expiresAt,
    r.created_at AS createdAt, r.dispensed_at AS dispensedAt, du.name AS dispensedByName, r.payment_method AS paymentMethod, r.amount_paid AS amountPaid, r.note,
    l.id AS l_id, l.name AS l_name, l.address AS l_address, l.phone AS l_phone, l.hours AS l_hours, l.licence_number AS l_licenceNumber,
    l.gpp_certificate AS l_gppCertificate, l.responsible_pharmacist AS l_responsiblePharmacist, l.active AS l_active
  FROM pickup_reservations r JOIN pharmacy_locations l ON l.id = r.location_id LEFT JOIN consultations c ON c.id = r.consultation_id LEFT JOIN users du ON du.id = r.dispensed_by`;

async function present(d: D1Database, rows: Row[]): Promise<Pickup[]> {
  if (!rows.length) return [];
  const items = await d
    .prepare(
      `SELECT reservation_id AS reservationId, product_name AS productName, unit_name AS unitName, quantity, instructions FROM advice_items
       WHERE reservation_id IN (${rows.map(() => '?').join(', ')}) ORDER BY position`,
    )
    .bind(...rows.map((r) => r.id))
    .all<{ reservationId: string; productName: string; unitName: string; quantity: number; instructions: string }>();
  return rows.map((r) => {
    const location = presentLocation({
      id: r.l_id,
      name: r.l_name as string,
      address: r.l_address as string,
      phone: r.l_phone as string,
      hours: r.l_hours as string,
      licenceNumber: r.l_licenceNumber as string,
      gppCertificate: r.l_gppCertificate as string,
      responsiblePharmacist: r.l_responsiblePharmacist as string,
      active: r.l_active as number,
    });
    return {
      id: r.id,
      code: r.code,
      status: r.status,
      statusLabel: PICKUP_STATUS_LABELS[r.status],
      customerName: r.customerName,
      phone: r.phone,
      consultationCode: r.consultationCode,
      location,
      locationName: location.name,
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
      items: items.results.filter((i) => i.reservationId === r.id).map(({ reservationId: _, ...i }) => i),
      dispensedAt: r.dispensedAt,
      dispensedByName: r.dispensedByName,
      paymentMethod: r.paymentMethod,
      amountPaid: r.amountPaid,
      note: r.note,
    };
  });
}

export async function pickupById(d: D1Database, id: string): Promise<Pickup | null> {
  const r = await d.prepare(`${SELECT} WHERE r.id = ?`).bind(id).first<Row>();
  return r ? ((await present(d, [r]))[0] ?? null) : null;
}

export async function pickupOfConsultation(d: D1Database, consultationId: string): Promise<Pickup | null> {
  const r = await d.prepare(`${SELECT} WHERE r.consultation_id = ?`).bind(consultationId).first<Row>();
  return r ? ((await present(d, [r]))[0] ?? null) : null;
}

/** Staff list: newest first (keyset on id), filtered by status and a search on the code, name or phone. */
export async function listPickups(d: D1Database, query: z.infer<typeof PickupQuerySchema>): Promise<{ items: Pickup[]; nextCursor: string | null }> {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (query.status !== 'all') {
    where.push('r.status = ?');
    binds.push(query.status);
  }
  if (query.q) {
    const q = query.q.trim();
    const digits = q.replace(/\D/g, '');
    const name = containsText(['r.customer_name'], q);
    const phone = digits.length >= 4 ? containsText(['r.phone'], digits) : null;
    where.push(`(r.code = ? OR c.code = ? OR ${name.sql}${phone ? ` OR ${phone.sql}` : ''})`);
    binds.push(q.toUpperCase(), q.toUpperCase(), ...name.params, ...(phone?.params ?? []));
  }
  if (query.cursor) {
    where.push('r.id < ?');
    binds.push(query.cursor);
  }
  const res = await d
    .prepare(`${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ?`)
    .bind(...binds, query.limit + 1)
    .all<Row>();
  const rows = res.results.slice(0, query.limit);
  return { items: await present(d, rows), nextCursor: res.results.length > query.limit ? rows.at(-1)!.id : null };
}

const notReserved = (p: Pickup) =>
  new ConflictError(`Phiếu giữ thuốc đang ở trạng thái "${p.statusLabel}".`, 'PICKUP_NOT_RESERVED', { status: p.status });

/** The dispense use case (route: a pharmacist). 404 unknown, 409 PICKUP_NOT_RESERVED / PICKUP_EXPIRED. */
export async function dispensePickup(d: D1Database, id: string, input: DispenseInput, actor: Actor, now: number): Promise<Pickup> {
  const before = await pickupById(d, id);
  if (!before) throw new NotFoundError('Không tìm thấy phiếu giữ thuốc.', 'PICKUP_NOT_FOUND');
  if (before.status !== 'reserved') throw notReserved(before);
  if (before.expiresAt <= now) throw new ConflictError('Phiếu giữ thuốc đã quá hạn nhận.', 'PICKUP_EXPIRED', { expiresAt: before.expiresAt });
  const res = await d.batch(dispenseStatements(d, id, input, actor, now));
  if (!auditWritten(res.at(-1))) throw notReserved((await pickupById(d, id))!);
  return (await pickupById(d, id))!;
}

export async function cancelPickup(d: D1Database, id: string, reason: string, actor: Actor, now: number): Promise<Pickup> {
  const before = await pickupById(d, id);
  if (!before) throw new NotFoundError('Không tìm thấy phiếu giữ thuốc.', 'PICKUP_NOT_FOUND');
  if (before.status !== 'reserved') throw notReserved(before);
  const res = await d.batch(closeStatements(d, id, 'cancelled', actor, now, reason));
  if (!auditWritten(res.at(-1))) throw notReserved((await pickupById(d, id))!);
  return (await pickupById(d, id))!;
}

/** Cron: reservations past their expiry release their stock (once each). Returns how many expired in this run. */
export async function expireDuePickups(d: D1Database, now: number, limit = 100): Promise<number> {
  const due = await d
    .prepare(`SELECT id FROM pickup_reservations WHERE ${pickupGuardSql('expired', 'system')} AND expires_at <= ? ORDER BY expires_at LIMIT ?`)
    .bind(now, limit)
    .all<{ id: string }>();
  let expired = 0;
  for (const r of due.results) {
    const res = await d.batch(closeStatements(d, r.id, 'expired', { id: null, role: 'system' }, now, 'Quá hạn nhận thuốc'));
    if (auditWritten(res.at(-1))) expired++;
  }
  return expired;
}
