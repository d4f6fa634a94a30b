/**
 * The pickup reservation state machine (issue 15, ADR 0030): the ONE owner of every move of a reservation. A reservation
 * holds FEFO stock for prescription items until the shopper shows the original prescription at the counter:
 * `reserved` → `dispensed` (a pharmacist sells it), `cancelled` (a pharmacist calls it off) or `expired` (the cron, after
 * `expires_at`). The D1 writes are guarded by `pickupGuardSql`, generated from the same table.
 */
import type { PICKUP_STATUSES } from '../db/schema';

export type PickupStatus = (typeof PICKUP_STATUSES)[number];
export type PickupActor = 'pharmacist' | 'system';

const T: Record<PickupStatus, Partial<Record<PickupStatus, readonly PickupActor[]>>> = {
  reserved: { dispensed: ['pharmacist'], cancelled: ['pharmacist'], expired: ['system'] },
  dispensed: {},
  expired: {},
  cancelled: {},
};

export const PICKUP_STATUS_LABELS: Record<PickupStatus, string> = {
  reserved: 'Đang giữ thuốc',
  dispensed: 'Đã nhận thuốc',
  expired: 'Hết hạn giữ thuốc',
  cancelled: 'Đã hủy giữ thuốc',
};

export const PICKUP_PAYMENT_LABELS = { cash: 'Tiền mặt', card: 'Thẻ', transfer: 'Chuyển khoản' } as const;

export function canMovePickup(from: PickupStatus, to: PickupStatus, actor: PickupActor): boolean {
  return T[from][to]?.includes(actor) ?? false;
}

/** Every state from which `actor` may move a reservation to `to`. */
export function pickupSources(to: PickupStatus, actor: PickupActor): PickupStatus[] {
  return (Object.keys(T) as PickupStatus[]).filter((from) => canMovePickup(from, to, actor));
}

/** SQL guard of a move to `to` by `actor` over the status column `col`: `col IN (<every allowed from>)` (never empty). */
export function pickupGuardSql(to: PickupStatus, actor: PickupActor, col = 'status'): string {
  const from = pickupSources(to, actor);
  return from.length ? `${col} IN (${from.map((s) => `'${s}'`).join(', ')})` : '0';
}

/** States that still hold stock on the shelf for the shopper. */
export const PICKUP_HOLDS_STOCK: ReadonlySet<PickupStatus> = new Set(['reserved']);
