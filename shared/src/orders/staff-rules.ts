/**
 * The "needs action" rules of the staff order queue (#13, ADR 0020): each rule is ONE SQL predicate over an order row
 * (alias `o`), defined here only, and used for the `view=needs_action` filter, the `needs_action` tab count and each
 * row's `needsAction` reasons alike. `now` is inlined as an integer (never user text).
 */
import { REFUNDABLE } from './money';
import { SHIPPABLE, statusInSql } from './state';
import { TERMINAL_SHIPMENT } from '../shipping/carrier-status';

/** A bank-transfer order paid this long ago and not yet handed to a carrier needs a nudge. */
export const PAID_NOT_SHIPPED_MS = 24 * 3_600_000;
/** A parcel with the carrier for longer than this is late (domestic delivery takes 1–5 days, see checkout tariff). */
export const LATE_DELIVERY_DAYS = 7;
export const LATE_DELIVERY_MS = LATE_DELIVERY_DAYS * 86_400_000;

const list = (s: Iterable<string>) => [...s].map((x) => `'${x}'`).join(', ');
/** SQL: when order `o` last entered `status` (its timeline), or NULL. */
const enteredAt = (o: string, status: string) => `(SELECT MAX(e.created_at) FROM order_events e WHERE e.order_id = ${o}.id AND e.to_status = '${status}')`;

export interface NeedsActionRule {
  key: 'not_packed' | 'paid_not_shipped' | 'refund_pending' | 'unknown_carrier_status' | 'late_delivery';
  /** Vietnamese reason shown on the row. */
  label: string;
  sql: (o: string, now: number) => string;
}

export const NEEDS_ACTION_RULES: readonly NeedsActionRule[] = [
  { key: 'not_packed', label: 'Đã xác nhận, chưa đóng gói', sql: (o) => `${o}.status = 'confirmed'` },
  {
    key: 'paid_not_shipped',
    label: 'Đã thanh toán hơn 24 giờ nhưng chưa giao cho đơn vị vận chuyển',
    sql: (o, now) =>
      `(${statusInSql(SHIPPABLE, `${o}.status`)} AND ${o}.payment_status IN ('paid', 'overpaid') AND COALESCE(${enteredAt(o, 'confirmed')}, ${o}.created_at) < ${Math.trunc(now - PAID_NOT_SHIPPED_MS)})`,
  },
  { key: 'refund_pending', label: 'Chờ hoàn tiền', sql: (o) => `${o}.payment_status IN (${list(REFUNDABLE)})` },
  {
    key: 'unknown_carrier_status',
    label: 'Trạng thái vận chuyển không xác định',
    sql: (o) =>
      `EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = ${o}.id AND s.status NOT IN (${list(TERMINAL_SHIPMENT)})
         AND (SELECT e.unknown_status FROM shipment_events e WHERE e.shipment_id = s.id ORDER BY e.occurred_at DESC, e.rowid DESC LIMIT 1) = 1)`,
  },
  {
    key: 'late_delivery',
    label: `Giao hàng quá ${LATE_DELIVERY_DAYS} ngày`,
    sql: (o, now) => `(${o}.status = 'shipping' AND COALESCE(${enteredAt(o, 'shipping')}, ${o}.updated_at) < ${Math.trunc(now - LATE_DELIVERY_MS)})`,
  },
];

/** SQL: order `o` needs action by any rule. */
export const needsActionSql = (o: string, now: number) => `(${NEEDS_ACTION_RULES.map((r) => r.sql(o, now)).join(' OR ')})`;

/** SQL select-list columns `na_<key>` (0/1) for each rule; `needsActionReasons` turns a row's columns into labels. */
export const needsActionColumns = (o: string, now: number) => NEEDS_ACTION_RULES.map((r) => `(CASE WHEN ${r.sql(o, now)} THEN 1 ELSE 0 END) AS na_${r.key}`).join(', ');
export function needsActionReasons(row: Record<string, unknown>): string[] {
  return NEEDS_ACTION_RULES.filter((r) => row[`na_${r.key}`] === 1).map((r) => r.label);
}
