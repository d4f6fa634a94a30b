/**
 * The order state machine: the ONE owner of every order move (ADR 0019). `decideTransition` decides any move by any
 * actor (customer, staff = admin/pharmacist, payment, carrier, system/cron) over the table `T`; a D1 adapter only
 * applies a decided move, guarded in SQL by `transitionGuardSql` — the same `from` set, generated from the same table,
 * so a race between the decision and the write can never take a move the table does not allow. Nobody retypes a list
 * of states: carriers can only move an order forward along the delivery path because the table says so.
 * Payment state is separate (orders.payment_status, `orders/money.ts`).
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
 * States in which the goods will not reach the shopper (the order was called off, or the parcel came back, and then
 * possibly marked refunded): any money the order holds is owed back (see `orders/money.ts`). `refunded` is reached only
 * from `cancelled` and `returned`, so it belongs here: otherwise moving an order there would re-derive its money as
 * "paid" (money held) or "unpaid" (all refunded).
 */
export const UNFULFILLED: ReadonlySet<OrderStatus> = new Set(['cancelled', 'expired', 'returned', 'refunded']);
/** States in which reserved stock is still held for the order. */
export const HOLDS_STOCK: ReadonlySet<OrderStatus> = new Set(['pending_payment', 'confirmed', 'packing']);

/** Every order status, in the table's order. */
export const ORDER_STATUS_LIST = Object.keys(T) as OrderStatus[];
export const ACTORS: readonly Actor[] = ['customer', 'pharmacist', 'admin', 'system', 'carrier', 'payment'];
/** Staff roles, as actors. */
export const STAFF_ACTORS: ReadonlySet<Actor> = new Set(['admin', 'pharmacist']);

/** Every edge of the table (for the console, the property test, docs). */
export const TRANSITIONS: ReadonlyArray<{ from: OrderStatus; to: OrderStatus; actors: readonly Actor[] }> = ORDER_STATUS_LIST.flatMap((from) =>
  (Object.entries(T[from]) as Array<[OrderStatus, readonly Actor[]]>).map(([to, actors]) => ({ from, to, actors })),
);

export function canTransition(from: OrderStatus, to: OrderStatus, actor: Actor): boolean {
  return T[from][to]?.includes(actor) ?? false;
}

/** Every state from which `actor` may move an order to `to`. */
export function sourcesOf(to: OrderStatus, actor: Actor): OrderStatus[] {
  return (Object.keys(T) as OrderStatus[]).filter((from) => canTransition(from, to, actor));
}

export function assertTransition(from: OrderStatus, to: OrderStatus, actor: Actor): Extract<TransitionDecision, { ok: true }> {
  const d = decideTransition(from, to, actor);
  if (!d.ok) throw new ConflictError(d.message, d.code, { from, to, actor });
  return d;
}

export type TransitionDecision =
  | { ok: true; from: OrderStatus; to: OrderStatus; actor: Actor; /** SQL guard for the write: `status IN (<every allowed from>)`. */ guard: string }
  | { ok: false; from: OrderStatus; to: OrderStatus; actor: Actor; code: 'ILLEGAL_TRANSITION'; message: string };

/**
 * THE decision: may `actor` move an order in `from` to `to`? The answer carries the SQL guard the adapter writes with,
 * so the decision and the database check are one rule.
 */
export function decideTransition(from: OrderStatus, to: OrderStatus, actor: Actor): TransitionDecision {
  if (canTransition(from, to, actor)) return { ok: true, from, to, actor, guard: transitionGuardSql(to, actor) };
  return { ok: false, from, to, actor, code: 'ILLEGAL_TRANSITION', message: `Không thể chuyển đơn hàng từ "${STATUS_LABELS[from]}" sang "${STATUS_LABELS[to]}".` };
}

/** The moves `actor` may make from `from` (the console's action list). */
export function movesFrom(from: OrderStatus, actor: Actor): OrderStatus[] {
  return ORDER_STATUS_LIST.filter((to) => canTransition(from, to, actor));
}

/** Every state `actor` may move an order to (e.g. the states a carrier event can land an order in). */
export function targetsOf(actor: Actor): OrderStatus[] {
  return ORDER_STATUS_LIST.filter((to) => sourcesOf(to, actor).length > 0);
}

/** SQL literal list of states, e.g. `'pending_payment', 'confirmed'` (statuses are our own constants, never input). */
export function statusListSql(states: Iterable<OrderStatus>): string {
  const list = [...states];
  for (const x of list) if (!(x in T)) throw new RangeError(`unknown order status ${x}`);
  return list.map((x) => `'${x}'`).join(', ');
}

/** SQL: `column` is one of `states` (`0` — false — for an empty set, which SQLite's `IN ()` would also give). */
export function statusInSql(states: Iterable<OrderStatus>, column = 'status'): string {
  const list = statusListSql(states);
  return list ? `${column} IN (${list})` : '0';
}

/** SQL guard generated from the table: the order's `column` is a state from which `actor` may move it to `to`. */
export function transitionGuardSql(to: OrderStatus, actor: Actor, column = 'status'): string {
  return statusInSql(sourcesOf(to, actor), column);
}

/**
 * The actor a signed-in person acts as on an order: on their own order, a customer (an admin cancelling their own
 * purchase is a shopper); on someone else's, their staff role. Callers check visibility first (`mayViewOrder`).
 */
export function actorFor(principal: { userId: string; role: string }, ownerId: string | null): Actor {
  if (principal.userId === ownerId) return 'customer';
  if (principal.role === 'admin' || principal.role === 'pharmacist') return principal.role;
  return 'customer';
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

/**
 * States a carrier event lands an order in once the parcel has been picked up (every carrier target outside
 * HOLDS_STOCK): entering one takes the goods out of the warehouse (reserved and on-hand drop together, once).
 */
export const CARRIER_OUT: ReadonlySet<OrderStatus> = new Set(ORDER_STATUS_LIST.filter((s) => !HOLDS_STOCK.has(s) && sourcesOf(s, 'carrier').length > 0));

/** Every state an order in `from` can reach through the table, `from` included. */
export function reachableFrom(from: OrderStatus): Set<OrderStatus> {
  const seen = new Set<OrderStatus>([from]);
  for (const s of seen) for (const to of Object.keys(T[s]) as OrderStatus[]) seen.add(to);
  return seen;
}

/**
 * States in which the goods of a returned order are on our side (`returned` and what may follow it: `refunded`): staff
 * may still restock or write off what came back. Per-allocation markers make it safe for an order that reached
 * `refunded` another way (a cancelled order shipped nothing: no allocation has left).
 */
export const GOODS_RETURNED: ReadonlySet<OrderStatus> = reachableFrom('returned');

/** #17: states in which the shopper holds the goods (delivered and what follows it, not a return): refill reminders. */
export const GOODS_RECEIVED: ReadonlySet<OrderStatus> = new Set([...reachableFrom('delivered')].filter((s) => !GOODS_RETURNED.has(s) && s !== 'return_requested'));

/** Order states a waybill can be created in: those a carrier's pickup may take the order from. */
export const SHIPPABLE: ReadonlySet<OrderStatus> = new Set(sourcesOf('shipping', 'carrier'));

/** States in which the order still waits for its transfer: those a payment may confirm it from. */
export const AWAITING_PAYMENT: ReadonlySet<OrderStatus> = new Set(sourcesOf('confirmed', 'payment'));

/**
 * States in which the shopper has received the goods (#17 reviews: a verified purchase): `delivered` and what may
 * follow it, except the states where the parcel came back (GOODS_RETURNED).
 */
export const RECEIVED: ReadonlySet<OrderStatus> = new Set([...reachableFrom('delivered')].filter((s) => !GOODS_RETURNED.has(s)));
