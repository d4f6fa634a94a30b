/**
 * The order state machine. Every transition is checked here; carriers can only move an order forward along the
 * delivery path. Payment state is separate (orders.payment_status).
 */
import { ConflictError } from '../errors';
import type { ORDER_STATUSES } from '../db/schema';

export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type Actor = 'customer' | 'pharmacist' | 'admin' | 'system' | 'carrier' | 'payment';

const T: Record<OrderStatus, Partial<Record<OrderStatus, readonly Actor[]>>> = {
  pending_payment: { confirmed: ['payment', 'admin'], cancelled: ['customer', 'admin', 'system'], expired: ['system'] },
  // A carrier may report a later step without the earlier ones (a pickup callback that never came), so carriers may
  // jump forward from confirmed or packing straight to delivered or returned.
  confirmed: { packing: ['admin', 'pharmacist'], shipping: ['carrier', 'admin'], delivered: ['carrier'], returned: ['carrier'], cancelled: ['customer', 'admin'] },
  packing: { shipping: ['carrier', 'admin'], delivered: ['carrier'], returned: ['carrier'], cancelled: ['admin'] },
  shipping: { delivered: ['carrier', 'admin'], returned: ['carrier', 'admin'] },
  delivered: { completed: ['system', 'admin'], return_requested: ['customer', 'admin'] },
  return_requested: { returned: ['carrier', 'admin'], completed: ['admin'] },
  returned: { refunded: ['admin', 'payment'] },
  completed: {},
  cancelled: { refunded: ['admin', 'payment'] },
  expired: {},
  refunded: {},
};

export const TERMINAL: ReadonlySet<OrderStatus> = new Set(['completed', 'expired', 'refunded']);
/**
 * States in which the goods will not reach the shopper (the order was called off, or the parcel came back): any money
 * the order holds is owed back (see `orders/money.ts`).
 */
export const UNFULFILLED: ReadonlySet<OrderStatus> = new Set(['cancelled', 'expired', 'returned']);
/** States in which reserved stock is still held for the order. */
export const HOLDS_STOCK: ReadonlySet<OrderStatus> = new Set(['pending_payment', 'confirmed', 'packing']);

export function canTransition(from: OrderStatus, to: OrderStatus, actor: Actor): boolean {
  return T[from][to]?.includes(actor) ?? false;
}

/** Every state from which `actor` may move an order to `to`. */
export function sourcesOf(to: OrderStatus, actor: Actor): OrderStatus[] {
  return (Object.keys(T) as OrderStatus[]).filter((from) => canTransition(from, to, actor));
}

export function assertTransition(from: OrderStatus, to: OrderStatus, actor: Actor): void {
  if (!canTransition(from, to, actor)) {
    throw new ConflictError(`Không thể chuyển đơn hàng từ "${STATUS_LABELS[from]}" sang "${STATUS_LABELS[to]}".`, 'ILLEGAL_TRANSITION', { from, to, actor });
  }
}

/** Customers may cancel before the parcel leaves. */
export function customerMayCancel(status: OrderStatus): boolean {
  return canTransition(status, 'cancelled', 'customer');
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Chờ thanh toán',
  confirmed: 'Đã xác nhận',
  packing: 'Đang đóng gói',
  shipping: 'Đang giao hàng',
  delivered: 'Đã giao hàng',
  completed: 'Hoàn tất',
  cancelled: 'Đã hủy',
  expired: 'Hết hạn thanh toán',
  return_requested: 'Yêu cầu trả hàng',
  returned: 'Đã trả hàng',
  refunded: 'Đã hoàn tiền',
};
