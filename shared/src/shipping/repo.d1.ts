import { newId } from '../ids';
import { transitionStatements } from '../orders/transition.d1';
import { SHIPPABLE as ORDER_SHIPPABLE, statusInSql, STAFF_ACTORS, type Actor, type OrderStatus } from '../orders/state';
import { mapCarrierStatus, movesForward, SHIPMENT_LABELS, TERMINAL_SHIPMENT, type ShipmentState } from './carrier-status';
import type { Delivery } from './schemas';

/** Order states a waybill can be created in: those a carrier's pickup may take the order from (orders/state.ts owns it). */
export const SHIPPABLE: ReadonlySet<string> = ORDER_SHIPPABLE;
export type ShipmentRefusal = 'ORDER_NOT_FOUND' | 'ORDER_NOT_SHIPPABLE' | 'TRACKING_CODE_TAKEN' | 'SHIPMENT_ALREADY_OPEN' | 'REPLACED_SHIPMENT_NOT_OPEN';
export interface OpenShipment {
  id: string;
  carrier: 'ghn' | 'ghtk' | 'internal';
  trackingCode: string;
  status: ShipmentState;
}
/** SQL: the shipment row is open (not terminal); the same predicate as the partial unique index `shipments_open_uq`. */
export const OPEN_SQL = `status NOT IN (${[...TERMINAL_SHIPMENT].map((x) => `'${x}'`).join(', ')})`;

export interface CarrierEvent {
  carrier: 'ghn' | 'ghtk';
  trackingCode: string;
  carrierStatus: string;
  occurredAt: number;
  /** Payload as stored (no personal data). */
  raw: string;
}

/**
 * Applies one carrier event in one D1 batch: the raw event (deduplicated per carrier, shipment, status and time),
 * the timeline row, the forward-only shipment state, and the order transition it implies (shipping, delivered — a COD
 * order becomes paid — or returned) with its timeline row and outbox event. Every step is guarded in SQL, so replays
 * and shuffled deliveries converge on the same final state.
 */
export class D1ShipmentRepository {
  constructor(private readonly d1: D1Database) {}

  async apply(e: CarrierEvent, now: number): Promise<{ known: boolean; mapped: ShipmentState | null; moved: boolean }> {
    const d = this.d1;
    const sh = await d
      .prepare('SELECT id, order_id AS orderId, status FROM shipments WHERE carrier = ? AND tracking_code = ?')
      .bind(e.carrier, e.trackingCode)
      .first<{ id: string; orderId: string; status: ShipmentState }>();
    const key = `${e.trackingCode}:${e.carrierStatus}:${e.occurredAt}`;
    const store = d.prepare('INSERT INTO webhook_events (id, provider, provider_event_id, raw, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider, provider_event_id) DO NOTHING').bind(newId(), e.carrier, key, e.raw, now);
    const mapped = mapCarrierStatus(e.carrier, e.carrierStatus);
    if (!sh) {
      await store.run();
      return { known: false, mapped, moved: false };
    }
    const moved = mapped !== null && movesForward(sh.status, mapped);
    // Every event is kept; only one that moved the shipment (the guarded UPDATE just before it changed the row) is a
    // timeline step. A repeat with another time, a late or an unknown status is stored with applied = 0.
    const event = (applied: string) =>
      d
        .prepare(`INSERT INTO shipment_events (id, shipment_id, carrier_status, mapped_status, unknown_status, occurred_at, raw, created_at, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${applied}) ON CONFLICT (shipment_id, carrier_status, occurred_at) DO NOTHING`)
        .bind(newId(), sh.id, e.carrierStatus, mapped, mapped === null ? 1 : 0, e.occurredAt, e.raw, now);
    const s: D1PreparedStatement[] = [store];
    if (!moved) s.push(event('0'));
    if (moved) {
      s.push(d.prepare('UPDATE shipments SET status = ?, updated_at = ? WHERE id = ? AND status = ?').bind(mapped, now, sh.id, sh.status), event('changes() = 1'));
      // Where a carrier may take the order from, and what the move does to stock and money, is the order rules' (ADR
      // 0019): carriers may skip steps they never reported; the move applies only while the shipment is in the mapped state.
      const to: OrderStatus | null =
        mapped === 'picked' || mapped === 'in_transit' || mapped === 'delivering' || mapped === 'delivery_failed' || mapped === 'returning' ? 'shipping'
        : mapped === 'delivered' ? 'delivered'
        // Policy (ADR 0010): a parcel the carrier brings back never reached the shopper, sealed, so it goes back into its
        // original batches (same lot and expiry); the pharmacist can still write it off through a stock adjustment.
        : mapped === 'returned' ? 'returned'
        : null;
      if (to) {
        s.push(
          ...transitionStatements(d, sh.orderId, to, { type: 'carrier', id: null, reason: `${e.carrier.toUpperCase()}: ${e.carrierStatus}` }, now, {
            when: { sql: '(SELECT status FROM shipments WHERE id = ?) = ?', binds: [sh.id, mapped] },
            outbox: { carrier: e.carrier, trackingCode: e.trackingCode },
          }),
        );
      }
    }
    await d.batch(s);
    return { known: true, mapped, moved };
  }

  /**
   * Admin: the waybill of a confirmed or packing order (the order moves to packing). COD collects only what is still
   * due. An order has at most ONE open waybill (ADR 0014; the partial unique index `shipments_open_uq`): registering a
   * replacement must name the open one in `replaces`, which is closed (`cancelled`, with a timeline row) in the same
   * batch, so its late callbacks are stored but never move the order again.
   */
  async create(
    orderCode: string,
    input: { carrier: 'ghn' | 'ghtk' | 'internal'; trackingCode: string; fee: number; replaces?: string },
    actor: { id: string; role: string },
    now: number,
  ): Promise<{ error: ShipmentRefusal; open?: OpenShipment } | { error?: undefined; id: string; codAmount: number; replaced: OpenShipment | null }> {
    const d = this.d1;
    const o = await d.prepare('SELECT id, status, payment_method AS method, total, paid_amount AS paid FROM orders WHERE code = ?').bind(orderCode).first<{ id: string; status: string; method: string; total: number; paid: number }>();
    if (!o) return { error: 'ORDER_NOT_FOUND' };
    if (!SHIPPABLE.has(o.status)) return { error: 'ORDER_NOT_SHIPPABLE' };
    const open = await this.openWaybill(o.id);
    if (open && open.trackingCode !== input.replaces) return { error: 'SHIPMENT_ALREADY_OPEN', open };
    if (!open && input.replaces) return { error: 'REPLACED_SHIPMENT_NOT_OPEN' };
    const id = newId();
    const cod = o.method === 'cod' ? Math.max(0, o.total - o.paid) : 0;
    const shippable = (column: string) => statusInSql(SHIPPABLE as ReadonlySet<OrderStatus>, column);
    // Creating the waybill starts packing: the staff member's move, guarded by the state table (confirmed → packing).
    const staff = actor.role as Actor;
    if (!STAFF_ACTORS.has(staff)) throw new RangeError('only staff create waybills');
    const s: D1PreparedStatement[] = [];
    if (open) {
      s.push(
        d.prepare(`UPDATE shipments SET status = 'cancelled', updated_at = ? WHERE id = ? AND ${OPEN_SQL} AND ${shippable('(SELECT status FROM orders WHERE id = ?)')}`).bind(now, open.id, o.id),
        d
          .prepare("INSERT INTO shipment_events (id, shipment_id, carrier_status, mapped_status, unknown_status, occurred_at, raw, created_at, applied) SELECT ?, ?, 'replaced_by_shop', 'cancelled', 0, ?, ?, ?, 1 WHERE changes() = 1")
          .bind(newId(), open.id, now, JSON.stringify({ replacedBy: input.trackingCode }), now),
      );
    }
    s.push(
      // Guarded in SQL too: the order is still shippable when the batch runs (a pickup may have moved it meanwhile).
      d
        .prepare(
          `INSERT INTO shipments (id, order_id, carrier, tracking_code, status, fee, cod_amount, created_at, updated_at)
           SELECT ?, id, ?, ?, 'created', ?, ?, ?, ? FROM orders WHERE id = ? AND ${shippable('status')}`,
        )
        .bind(id, input.carrier, input.trackingCode, input.fee, cod, now, now, o.id),
      // The staff move confirmed → packing through the one transition adapter (ADR 0019): the table's guard, the timeline
      // row, the `order.packing` event, the payment status re-derived — as a staff "start packing" writes them. Only
      // with the waybill just inserted.
      ...transitionStatements(d, o.id, 'packing', { type: staff, id: actor.id, reason: 'Đã tạo vận đơn' }, now, { when: { sql: 'EXISTS (SELECT 1 FROM shipments WHERE id = ?)', binds: [id] } }),
      d
        .prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) SELECT ?, ?, ?, 'shipment.create', 'order', ?, ?, ? WHERE EXISTS (SELECT 1 FROM shipments WHERE id = ?)")
        .bind(newId(), actor.id, actor.role, o.id, JSON.stringify({ carrier: input.carrier, trackingCode: input.trackingCode, replaces: open?.trackingCode ?? null }), now, id),
    );
    let res: D1Result[];
    try {
      res = await d.batch(s);
    } catch (e) {
      if (/shipments_tracking_uq|shipments\.carrier/.test(String(e))) return { error: 'TRACKING_CODE_TAKEN' };
      if (/shipments_open_uq|shipments\.order_id/.test(String(e))) return { error: 'SHIPMENT_ALREADY_OPEN' }; // a concurrent registration won
      throw e;
    }
    // The order left confirmed/packing between the read and the batch: nothing was written.
    if (res[open ? 2 : 0]!.meta.changes !== 1) return { error: 'ORDER_NOT_SHIPPABLE' };
    return { id, codAmount: cod, replaced: open };
  }

  /** The order's open waybill (not in a terminal state), if any: there is at most one. */
  openWaybill(orderId: string) {
    return this.d1.prepare(`SELECT id, carrier, tracking_code AS trackingCode, status FROM shipments WHERE order_id = ? AND ${OPEN_SQL}`).bind(orderId).first<OpenShipment>();
  }

  /** Open waybills of an order (not yet in a terminal state), for asking the carrier to cancel them. */
  async openShipments(orderCode: string) {
    const rows = await this.d1
      .prepare("SELECT s.id, s.carrier, s.tracking_code AS trackingCode FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.code = ? AND s.status IN ('created', 'picking')")
      .bind(orderCode)
      .all<{ id: string; carrier: string; trackingCode: string }>();
    return rows.results;
  }

  /** The carrier confirmed the cancellation: the shipment ends, with a timeline row. */
  async markCancelled(shipmentId: string, now: number) {
    await this.d1.batch([
      this.d1.prepare("UPDATE shipments SET status = 'cancelled', updated_at = ? WHERE id = ? AND status IN ('created', 'picking')").bind(now, shipmentId),
      this.d1
        .prepare("INSERT INTO shipment_events (id, shipment_id, carrier_status, mapped_status, unknown_status, occurred_at, raw, created_at, applied) SELECT ?, ?, 'cancelled_by_shop', 'cancelled', 0, ?, '{}', ?, 1 WHERE changes() = 1")
        .bind(newId(), shipmentId, now, now),
    ]);
  }

  /** What a carrier needs to create the waybill of an order (recipient, COD still due, items, weight). */
  async waybillFacts(orderCode: string) {
    const [order, lines] = await this.d1.batch<Record<string, unknown>>([
      this.d1
        .prepare(
          `SELECT id, code, status, recipient_name AS recipientName, phone, street, ward_code AS wardCode, total, subtotal,
             CASE WHEN payment_method = 'cod' THEN MAX(0, total - paid_amount) ELSE 0 END AS codAmount FROM orders WHERE code = ?`,
        )
        .bind(orderCode),
      this.d1
        .prepare('SELECT l.product_name AS name, l.unit_name AS unit, l.quantity, l.unit_price AS price, u.weight_grams AS weight FROM order_lines l JOIN product_units u ON u.id = l.unit_id WHERE l.order_id = (SELECT id FROM orders WHERE code = ?) ORDER BY l.rowid')
        .bind(orderCode),
    ]);
    const o = order!.results[0] as { id: string; code: string; status: string; recipientName: string; phone: string; street: string; wardCode: string; total: number; subtotal: number; codAmount: number } | undefined;
    if (!o) return null;
    const items = lines!.results as Array<{ name: string; unit: string; quantity: number; price: number; weight: number }>;
    return {
      ...o,
      value: o.subtotal,
      weightGrams: items.reduce((s, l) => s + l.weight * l.quantity, 0),
      items: items.map((l) => ({ name: `${l.name} (${l.unit})`, quantity: l.quantity, price: l.price })),
    };
  }

  /** Shipments of an order (by id or code) with their timelines (the events that moved a shipment), labelled in Vietnamese. */
  async forOrder(orderIdOrCode: string): Promise<Delivery> {
    const of = 'IN (SELECT id FROM orders WHERE id = ?1 OR code = ?1)';
    const [shipments, events] = await this.d1.batch<Record<string, unknown>>([
      this.d1.prepare(`SELECT id, carrier, tracking_code AS trackingCode, status, cod_amount AS codAmount, created_at AS createdAt FROM shipments WHERE order_id ${of} ORDER BY created_at`).bind(orderIdOrCode),
      this.d1
        .prepare(`SELECT e.shipment_id AS shipmentId, e.carrier_status AS carrierStatus, e.mapped_status AS status, e.unknown_status AS unknown, e.occurred_at AS at FROM shipment_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.order_id ${of} AND e.applied = 1 ORDER BY e.occurred_at, e.rowid`)
        .bind(orderIdOrCode),
    ]);
    const label = (s: ShipmentState | null) => (s ? SHIPMENT_LABELS[s] : 'Cập nhật từ đơn vị vận chuyển');
    return {
      shipments: (shipments!.results as Array<Omit<Delivery['shipments'][number], 'label'>>).map((s) => ({ ...s, label: label(s.status) })),
      events: (events!.results as Array<Omit<Delivery['events'][number], 'label' | 'unknown'> & { unknown: number }>).map((e) => ({ ...e, unknown: e.unknown === 1, label: label(e.status) })),
    };
  }
}
