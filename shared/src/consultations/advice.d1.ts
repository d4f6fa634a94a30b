/**
 * The pharmacist's decision on a consultation, in D1 (issue 15, ADR 0030). One D1 batch per decision:
 * - consult's `moveStatements`: the guarded move `in_review → advised | rejected` by the pharmacist holding it
 *   (state table + holder guard), its timeline row, the `consultation.advised|rejected` outbox event and audit row;
 * - only if that move happened (every later statement is conditioned on the timeline row): the decision, the quote and
 *   its items, the pickup reservation with its FEFO allocations (`stock_batches.reserved += n`, the
 *   `reserved <= quantity` CHECK fails the whole batch when the stock is gone: 409 INSUFFICIENT_STOCK) and the
 *   reservation's audit row.
 */
import { auditStatement } from '../audit/write.d1';
import { allocateFefo, vietnamDate, type Batch } from '../catalog/availability';
import { effectivePrice } from '../catalog/pricing';
import { D1CheckoutRepository } from '../checkout/repo.d1';
import type { UnitRecord } from '../checkout/pricing';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import { getLocation } from '../pickup/locations';
import { allocationStatements, DEFAULT_PICKUP_VALID_HOURS, newPickupCode, reservationRowStatement, type ReservationPlan } from '../pickup/reservations.d1';
import { advicePlace, type AdviceBody, type RejectBody, type RejectReason } from './advice';
import { moveApplied, moveStatements } from './repo.d1';
import { refusal } from './state';

const HOUR_MS = 3_600_000;

type Actor = { id: string; role: string };
type Cond = { sql: string; binds: readonly unknown[] };

/**
 * The guarded move of consultation `id` to `to` by the pharmacist holding it: consult's `moveStatements` (state table
 * and holder guards, timeline row, `consultation.<to>` outbox event, audit entry), with the read-back of whether it
 * happened kept apart so that the caller's statements go between; they are conditioned on `cond` (the timeline row).
 */
function decisionMove(d: D1Database, id: string, to: 'advised' | 'rejected', actor: Actor, now: number, auditData: Record<string, unknown>) {
  const { statements, eventId } = moveStatements(d, {
    id,
    to,
    actor: { kind: 'pharmacist', id: actor.id, role: actor.role },
    now,
    audit: { action: to === 'advised' ? 'consultation.advise' : 'consultation.reject', data: auditData },
  });
  const readBack = statements.pop()!;
  return { statements, readBack, cond: { sql: 'EXISTS (SELECT 1 FROM consultation_events WHERE id = ?)', binds: [eventId] as readonly unknown[] } };
}

const decisionStatement = (d: D1Database, id: string, decision: 'advised' | 'rejected', actor: Actor, note: string, reason: RejectReason | null, now: number, cond: Cond) =>
  d
    .prepare(`INSERT INTO consultation_decisions (consultation_id, decision, pharmacist_id, note, reject_reason, decided_at) SELECT ?, ?, ?, ?, ?, ? WHERE ${cond.sql}`)
    .bind(id, decision, actor.id, note, reason, now, ...cond.binds);

interface Target {
  id: string;
  code: string;
  status: string;
  holderId: string | null;
  customerName: string;
  phone: string;
}

async function target(d: D1Database, id: string): Promise<Target> {
  const c = await d
    .prepare(
      `SELECT c.id, c.code, c.status, c.pharmacist_id AS holderId, COALESCE(u.name, c.guest_name, '') AS customerName, c.contact_phone AS phone
       FROM consultations c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ?`,
    )
    .bind(id)
    .first<Target>();
  if (!c) throw new NotFoundError('Không tìm thấy yêu cầu tư vấn.', 'CONSULTATION_NOT_FOUND');
  return c;
}

/** 409 CONSULTATION_NOT_CLAIMED_BY_YOU unless `actor` holds the consultation in review (checked again by the guard). */
function assertHolder(c: Target, to: 'advised' | 'rejected', actor: Actor) {
  if (c.status !== 'in_review' || c.holderId !== actor.id) throw refusal(to, { status: c.status });
}

/**
 * Advise: every item goes into the online quote or the pickup reservation (`advicePlace`), priced at the unit's current
 * price; the reservation takes FEFO stock. Answers 404 (unknown), 409 CONSULTATION_NOT_CLAIMED_BY_YOU, 409
 * INSUFFICIENT_STOCK { productId, available } (whole advised units still free), 400 for items that do not fit.
 */
export async function adviseConsultation(d: D1Database, id: string, body: AdviceBody, actor: Actor, now: number): Promise<void> {
  const c = await target(d, id);
  assertHolder(c, 'advised', actor);
  const unitIds = body.items.map((i) => i.unitId);
  if (new Set(unitIds).size !== unitIds.length) throw new ValidationError('Mỗi đơn vị sản phẩm chỉ được tư vấn một dòng.', { field: 'items' }, 'DUPLICATE_ADVICE_ITEM');
  const { units, batches, pricing } = await new D1CheckoutRepository(d).load(unitIds, [], null);
  const resolved = body.items.map((it, position) => {
    const u = units.get(it.unitId);
    if (!u || u.productId !== it.productId) throw new ValidationError('Đơn vị không thuộc sản phẩm đã chọn.', { field: `items.${position}.unitId` }, 'UNIT_NOT_FOUND');
    return { ...it, position, id: newId(), unit: u, place: advicePlace(u, pricing.rxOnlineException), unitPrice: effectivePrice(u, now).price };
  });
  const quoted = resolved.filter((r) => r.place === 'quote');
  const reserved = resolved.filter((r) => r.place === 'pickup');

  let reservation: ReservationPlan | null = null;
  const today = vietnamDate(now);
  if (reserved.length) {
    if (!body.locationId) throw new ValidationError('Cần chọn nhà thuốc nhận thuốc cho thuốc kê đơn.', { field: 'locationId' }, 'LOCATION_REQUIRED');
    const location = await getLocation(d, body.locationId);
    if (!location || !location.active) throw new ValidationError('Nhà thuốc không tồn tại hoặc đã ngừng hoạt động.', { field: 'locationId' }, 'LOCATION_NOT_FOUND');
    reservation = {
      id: newId(),
      code: newPickupCode(),
      consultationId: id,
      locationId: location.id,
      customerName: c.customerName,
      phone: c.phone,
      expiresAt: now + (body.pickupValidHours ?? DEFAULT_PICKUP_VALID_HOURS) * HOUR_MS,
      allocations: planAllocations(reserved, batches, today),
    };
  }

  const move = decisionMove(d, id, 'advised', actor, now, { code: c.code, quoteItems: quoted.length, pickupItems: reserved.length, reservationCode: reservation?.code ?? null });
  const cond = move.cond;
  const quoteId = quoted.length ? newId() : null;
  const s: D1PreparedStatement[] = [...move.statements, decisionStatement(d, id, 'advised', actor, body.note, null, now, cond)];
  if (quoteId) s.push(d.prepare(`INSERT INTO quotes (id, consultation_id, expires_at, created_at) SELECT ?, ?, ?, ? WHERE ${cond.sql}`).bind(quoteId, id, now + body.quoteValidHours * HOUR_MS, now, ...cond.binds));
  if (reservation) s.push(reservationRowStatement(d, reservation, now, cond));
  for (const r of resolved) {
    s.push(
      d
        .prepare(
          `INSERT INTO advice_items (id, consultation_id, position, kind, product_id, unit_id, product_name, unit_name, factor, quantity, instructions, unit_price, quote_id, reservation_id)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${cond.sql}`,
        )
        .bind(
          r.id, id, r.position, r.unit.prescriptionRequired || r.unit.specialControl ? 'rx' : 'otc', r.unit.productId, r.unit.unitId, r.unit.productName, r.unit.unitName,
          r.unit.factor, r.quantity, r.instructions, r.unitPrice, r.place === 'quote' ? quoteId : null, r.place === 'pickup' ? reservation!.id : null, ...cond.binds,
        ),
    );
  }
  if (reservation) {
    s.push(
      ...allocationStatements(d, reservation, today, now, cond),
      auditStatement(
        d,
        { actor, action: 'pickup.reserve', entityType: 'pickup_reservation', entityId: reservation.id, data: { code: reservation.code, locationId: reservation.locationId, expiresAt: reservation.expiresAt, allocations: reservation.allocations.map(({ batchId, quantity }) => ({ batchId, quantity })) } },
        now,
        { sql: cond.sql, binds: [...cond.binds] },
      ),
    );
  }
  s.push(move.readBack);

  let res: D1Result[];
  try {
    res = await d.batch(s);
  } catch (e) {
    // The reservation's guard: a batch sold or reserved meanwhile (or expired since the plan) fails its CHECK.
    if (reservation && /stock_batches_reserved_ck|stock_batches/.test(e instanceof Error ? e.message : String(e))) {
      const fresh = await new D1CheckoutRepository(d).load(reserved.map((r) => r.unitId), [], null);
      planAllocations(reserved, fresh.batches, today);
      throw new ConflictError('Tồn kho vừa thay đổi, vui lòng thử lại.', 'INSUFFICIENT_STOCK');
    }
    throw e;
  }
  if (!moveApplied(res)) throw refusal('advised', { status: (await target(d, id)).status });
}

/**
 * FEFO allocations for the reserved items, demand summed per product over its items (a box and a strip share batches).
 * 409 INSUFFICIENT_STOCK { productId, available } names the first product short of stock, with the whole advised units
 * still free for it.
 */
function planAllocations(items: ReadonlyArray<{ id: string; quantity: number; unit: UnitRecord }>, batches: ReadonlyMap<string, Batch[]>, today: string): ReservationPlan['allocations'] {
  const taken = new Map<string, number>();
  const out: ReservationPlan['allocations'] = [];
  for (const it of items) {
    const bs = (batches.get(it.unit.productId) ?? []).map((b) => ({ ...b, reserved: b.reserved + (taken.get(b.id) ?? 0) }));
    const plan = allocateFefo(bs, it.quantity * it.unit.factor, today);
    if (!plan) {
      const free = bs.filter((b) => b.expiryDate > today).reduce((n, b) => n + Math.max(0, b.quantity - b.reserved), 0);
      throw new ConflictError(`Không đủ tồn kho để giữ ${it.unit.productName}.`, 'INSUFFICIENT_STOCK', { productId: it.unit.productId, available: Math.floor(free / it.unit.factor) });
    }
    for (const a of plan) {
      taken.set(a.batchId, (taken.get(a.batchId) ?? 0) + a.quantity);
      out.push({ adviceItemId: it.id, batchId: a.batchId, quantity: a.quantity });
    }
  }
  return out;
}

/** Reject with a reason from the list and a note. 404 / 409 CONSULTATION_NOT_CLAIMED_BY_YOU as `adviseConsultation`. */
export async function rejectConsultation(d: D1Database, id: string, body: RejectBody, actor: Actor, now: number): Promise<void> {
  const c = await target(d, id);
  assertHolder(c, 'rejected', actor);
  const move = decisionMove(d, id, 'rejected', actor, now, { code: c.code, reason: body.reason });
  const res = await d.batch([...move.statements, decisionStatement(d, id, 'rejected', actor, body.note, body.reason, now, move.cond), move.readBack]);
  if (!moveApplied(res)) throw refusal('rejected', { status: (await target(d, id)).status });
}

/** The quote items of an advised consultation for the quote-to-cart route; 409 QUOTE_EXPIRED / 404 QUOTE_NOT_FOUND. */
export async function quoteForCart(d: D1Database, consultationId: string, now: number) {
  const q = await d
    .prepare(`SELECT q.id, q.expires_at AS expiresAt FROM quotes q JOIN consultation_decisions cd ON cd.consultation_id = q.consultation_id AND cd.decision = 'advised' WHERE q.consultation_id = ?`)
    .bind(consultationId)
    .first<{ id: string; expiresAt: number }>();
  if (!q) throw new NotFoundError('Yêu cầu tư vấn này không có báo giá.', 'QUOTE_NOT_FOUND');
  if (now >= q.expiresAt) throw new ConflictError('Báo giá đã hết hạn. Vui lòng gửi yêu cầu tư vấn mới.', 'QUOTE_EXPIRED', { expiresAt: q.expiresAt });
  const items = await d
    .prepare('SELECT id, unit_id AS unitId, product_id AS productId, quantity FROM advice_items WHERE quote_id = ? ORDER BY position')
    .bind(q.id)
    .all<{ id: string; unitId: string; productId: string; quantity: number }>();
  return items.results;
}
