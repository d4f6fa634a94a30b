/**
 * Carrier statuses → our shipment states, as data (tested row by row). Unknown statuses are kept and flagged, never
 * rejected. A shipment only moves forward: an event whose state ranks at or below the current one is recorded in the
 * timeline but does not move it back. Failures and re-deliveries share a rank, so they can alternate.
 */
export const SHIPMENT_STATES = ['created', 'picking', 'picked', 'in_transit', 'delivering', 'delivery_failed', 'returning', 'delivered', 'returned', 'cancelled', 'exception', 'lost', 'damaged'] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

export const RANK: Record<ShipmentState, number> = {
  created: 0,
  picking: 1,
  picked: 2,
  in_transit: 3,
  delivering: 4,
  delivery_failed: 4,
  exception: 4,
  returning: 5,
  delivered: 9,
  returned: 9,
  cancelled: 9,
  lost: 9,
  damaged: 9,
};

export const TERMINAL_SHIPMENT: ReadonlySet<ShipmentState> = new Set(['delivered', 'returned', 'cancelled', 'lost', 'damaged']);

/** GHN `Status` values (integrations.md §2.1). */
export const GHN_STATUS: Record<string, ShipmentState> = {
  ready_to_pick: 'created',
  picking: 'picking',
  money_collect_picking: 'picking',
  picked: 'picked',
  storing: 'in_transit',
  transporting: 'in_transit',
  sorting: 'in_transit',
  delivering: 'delivering',
  money_collect_delivering: 'delivering',
  delivered: 'delivered',
  delivery_fail: 'delivery_failed',
  waiting_to_return: 'returning',
  return: 'returning',
  return_transporting: 'returning',
  return_sorting: 'returning',
  returning: 'returning',
  return_fail: 'returning',
  returned: 'returned',
  cancel: 'cancelled',
  exception: 'exception',
  damage: 'damaged',
  lost: 'lost',
};

/** GHTK `status_id` values (integrations.md §2.2). */
export const GHTK_STATUS: Record<string, ShipmentState> = {
  '-1': 'cancelled',
  '1': 'created',
  '2': 'created',
  '3': 'picked',
  '4': 'delivering',
  '5': 'delivered',
  '6': 'delivered',
  '7': 'exception',
  '8': 'picking',
  '9': 'delivery_failed',
  '10': 'delivering',
  '11': 'returned',
  '12': 'picking',
  '13': 'exception',
  '20': 'returning',
  '21': 'returned',
};

export function mapCarrierStatus(carrier: 'ghn' | 'ghtk', status: string): ShipmentState | null {
  return (carrier === 'ghn' ? GHN_STATUS : GHTK_STATUS)[status] ?? null;
}

/** Whether an event in state `next` moves a shipment currently in `current`. */
export function movesForward(current: ShipmentState, next: ShipmentState): boolean {
  if (TERMINAL_SHIPMENT.has(current)) return false;
  if (next === 'cancelled') return RANK[current] <= RANK.picking; // a carrier cancels only before pickup
  if (RANK[next] === RANK[current]) return next !== current && RANK[next] === RANK.delivering; // fail ↔ re-delivery
  return RANK[next] > RANK[current];
}

export const SHIPMENT_LABELS: Record<ShipmentState, string> = {
  created: 'Đã tạo vận đơn',
  picking: 'Đang lấy hàng',
  picked: 'Đã lấy hàng',
  in_transit: 'Đang trung chuyển',
  delivering: 'Đang giao hàng',
  delivery_failed: 'Giao hàng không thành công',
  returning: 'Đang hoàn hàng',
  delivered: 'Giao hàng thành công',
  returned: 'Đã hoàn hàng',
  cancelled: 'Đã hủy vận đơn',
  exception: 'Đơn vận chuyển gặp sự cố',
  lost: 'Thất lạc',
  damaged: 'Hư hỏng',
};
