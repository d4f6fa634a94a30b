/**
 * The staff order queue (#13, ADR 0020): filters, counts per status as tabs (plus "needs action"), keyset paging that
 * is stable under ties (the sort key, then the order id), search by code / phone / email / name. The tab counts and the
 * page are read in ONE D1 batch.
 */
import { z } from '@hono/zod-openapi';
import { normalizeVietnamesePhone } from '../auth/policy';
import { vietnamDayRange } from '../catalog/availability';
import { containsText } from '../db/text-match';
import { ORDER_STATUSES } from '../db/schema';
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { vietnamDayQuery } from '../http/query';
import { PAYMENT_STATUS_LABELS, type PaymentStatus } from '../payments/labels';
import { needsActionColumns, needsActionReasons, needsActionSql } from './staff-rules';
import { STATUS_LABELS, type OrderStatus } from './state';

export const PAYMENT_STATUSES = Object.keys(PAYMENT_STATUS_LABELS) as [PaymentStatus, ...PaymentStatus[]];

export const QueueQuerySchema = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
  paymentMethod: z.enum(['cod', 'bank_transfer']).optional(),
  carrier: z.enum(['ghn', 'ghtk', 'internal', 'none']).optional().openapi({ description: 'Carrier of the latest waybill; `none`: no waybill yet' }),
  from: vietnamDayQuery('First Vietnam day (UTC+7) the order was placed, inclusive'),
  to: vietnamDayQuery('Last Vietnam day (UTC+7) the order was placed, inclusive'),
  hasRx: z.enum(['true', 'false']).optional().openapi({ description: 'Has a line whose product is prescription-only' }),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Order code, phone, email or name (account or recipient)' }),
  view: z.enum(['all', 'needs_action']).default('all'),
  sort: z.enum(['newest', 'oldest', 'total_desc', 'total_asc']).default('newest'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

export const OrderQueueRowSchema = z
  .object({
    code: z.string(),
    status: z.enum(ORDER_STATUSES),
    statusLabel: z.string(),
    paymentMethod: z.enum(['cod', 'bank_transfer']),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    paymentStatusLabel: z.string(),
    total: z.number().int(),
    paidAmount: z.number().int(),
    recipientName: z.string(),
    phone: z.string(),
    email: z.string().nullable().openapi({ description: "The order's contact email, else the account's" }),
    itemCount: z.number().int().openapi({ description: 'Units ordered (sum of line quantities)' }),
    hasRx: z.boolean(),
    carrier: z.enum(['ghn', 'ghtk', 'internal']).nullable(),
    trackingCode: z.string().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    needsAction: z.array(z.string()).openapi({ description: 'Vietnamese reasons (empty when nothing is due)' }),
  })
  .openapi('OrderQueueRow');

export const OrderQueueSchema = z
  .object({
    items: z.array(OrderQueueRowSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({ all: z.number().int(), needs_action: z.number().int(), ...Object.fromEntries(ORDER_STATUSES.map((s) => [s, z.number().int()])) } as Record<'all' | 'needs_action' | OrderStatus, z.ZodNumber>),
  })
  .openapi('OrderQueue');
export type OrderQueue = z.infer<typeof OrderQueueSchema>;

const SORTS = {
  newest: { col: 'o.created_at', dir: 'DESC' },
  oldest: { col: 'o.created_at', dir: 'ASC' },
  total_desc: { col: 'o.total', dir: 'DESC' },
  total_asc: { col: 'o.total', dir: 'ASC' },
} as const;

/** The keyset cursor's sort name (catalog/cursor.ts, the one codec): a cursor of another list or sort is refused. */
const cursorSort = (sort: QueueQuery['sort']) => `orders:${sort}`;

/** SQL: the carrier / tracking code of the order's latest waybill. */
const latestShipment = (col: string) => `(SELECT s.${col} FROM shipments s WHERE s.order_id = o.id ORDER BY s.created_at DESC, s.rowid DESC LIMIT 1)`;
/** SQL: the order has a line whose product is prescription-only. */
const HAS_RX = 'EXISTS (SELECT 1 FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = o.id AND p.prescription_required = 1)';

interface Where {
  sql: string[];
  params: unknown[];
}

/** The filters every tab shares (everything but the status tab, the view and the cursor). */
function sharedFilters(q: QueueQuery): Where {
  const w: Where = { sql: [], params: [] };
  if (q.paymentStatus) w.sql.push('o.payment_status = ?'), w.params.push(q.paymentStatus);
  if (q.paymentMethod) w.sql.push('o.payment_method = ?'), w.params.push(q.paymentMethod);
  if (q.carrier === 'none') w.sql.push('NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)');
  else if (q.carrier) w.sql.push(`${latestShipment('carrier')} = ?`), w.params.push(q.carrier);
  const days = vietnamDayRange(q.from, q.to);
  if (days.start !== null) w.sql.push('o.created_at >= ?'), w.params.push(days.start);
  if (days.end !== null) w.sql.push('o.created_at < ?'), w.params.push(days.end);
  if (q.hasRx) w.sql.push(q.hasRx === 'true' ? HAS_RX : `NOT ${HAS_RX}`);
  if (q.q) {
    const term = q.q.normalize('NFC');
    const text = containsText(['o.code', 'o.recipient_name', 'o.email', 'u.email', 'u.name'], term);
    const parts = [text.sql];
    const params: unknown[] = [...text.params];
    const phone = normalizeVietnamesePhone(term);
    if (phone) parts.push('o.phone = ?'), params.push(phone);
    // A partial phone number as typed ("0903 123", "+84 903"): digits only, the country code written as 0.
    const digits = term.replace(/[\s.\-()]/g, '').replace(/^\+?84(?=\d{3})/, '0');
    if (/^\d{3,}$/.test(digits)) {
      const p = containsText(['o.phone'], digits);
      parts.push(p.sql), params.push(...p.params);
    }
    w.sql.push(`(${parts.join(' OR ')})`), w.params.push(...params);
  }
  return w;
}

const clause = (w: Where) => (w.sql.length ? `WHERE ${w.sql.join(' AND ')}` : '');

export async function orderQueue(d: D1Database, q: QueueQuery, now: number): Promise<OrderQueue> {
  const shared = sharedFilters(q);
  const page: Where = { sql: [...shared.sql], params: [...shared.params] };
  if (q.status) page.sql.push('o.status = ?'), page.params.push(q.status);
  if (q.view === 'needs_action') page.sql.push(needsActionSql('o', now));
  const sort = SORTS[q.sort];
  if (q.cursor) {
    const c = decodeCursor(q.cursor, cursorSort(q.sort), 1);
    const op = sort.dir === 'DESC' ? '<' : '>';
    page.sql.push(`(${sort.col} ${op} ? OR (${sort.col} = ? AND o.id ${op} ?))`), page.params.push(c.keys[0], c.keys[0], c.id);
  }
  const from = 'FROM orders o LEFT JOIN users u ON u.id = o.user_id';
  const [counts, rows] = await d.batch<Record<string, unknown>>([
    d
      .prepare(
        `SELECT COUNT(*) AS "all", COALESCE(SUM(CASE WHEN ${needsActionSql('o', now)} THEN 1 ELSE 0 END), 0) AS needs_action,
           ${ORDER_STATUSES.map((s) => `COALESCE(SUM(o.status = '${s}'), 0) AS ${s}`).join(', ')}
         ${from} ${clause(shared)}`,
      )
      .bind(...shared.params),
    d
      .prepare(
        `SELECT o.id, o.code, o.status, o.payment_method AS paymentMethod, o.payment_status AS paymentStatus, o.total, o.paid_amount AS paidAmount,
           o.recipient_name AS recipientName, o.phone, COALESCE(o.email, u.email) AS email,
           (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id) AS itemCount, ${HAS_RX} AS hasRx,
           ${latestShipment('carrier')} AS carrier, ${latestShipment('tracking_code')} AS trackingCode,
           o.created_at AS createdAt, o.updated_at AS updatedAt, ${needsActionColumns('o', now)}
         ${from} ${clause(page)} ORDER BY ${sort.col} ${sort.dir}, o.id ${sort.dir} LIMIT ?`,
      )
      .bind(...page.params, q.limit + 1),
  ]);
  const list = rows!.results.slice(0, q.limit);
  const last = list[list.length - 1];
  const c = counts!.results[0]!;
  return {
    items: list.map((r) => ({
      code: r.code as string,
      status: r.status as OrderStatus,
      statusLabel: STATUS_LABELS[r.status as OrderStatus],
      paymentMethod: r.paymentMethod as 'cod' | 'bank_transfer',
      paymentStatus: r.paymentStatus as PaymentStatus,
      paymentStatusLabel: PAYMENT_STATUS_LABELS[r.paymentStatus as PaymentStatus],
      total: r.total as number,
      paidAmount: r.paidAmount as number,
      recipientName: r.recipientName as string,
      phone: r.phone as string,
      email: (r.email as string | null) ?? null,
      itemCount: r.itemCount as number,
      hasRx: r.hasRx === 1,
      carrier: (r.carrier as 'ghn' | 'ghtk' | 'internal' | null) ?? null,
      trackingCode: (r.trackingCode as string | null) ?? null,
      createdAt: r.createdAt as number,
      updatedAt: r.updatedAt as number,
      needsAction: needsActionReasons(r),
    })),
    nextCursor:
      rows!.results.length > q.limit && last ? encodeCursor({ sort: cursorSort(q.sort), keys: [(q.sort.startsWith('total') ? last.total : last.createdAt) as number], id: last.id as string }) : null,
    counts: Object.fromEntries(['all', 'needs_action', ...ORDER_STATUSES].map((k) => [k, Number(c[k] ?? 0)])) as OrderQueue['counts'],
  };
}
