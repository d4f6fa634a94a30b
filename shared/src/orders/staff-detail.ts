/**
 * The staff view of one order (#13, ADR 0020): money, customer (account or guest), address, lines with the batches
 * allocated to them, bank transactions, shipments with their raw carrier events, the timeline with who did what,
 * internal notes, and the actions this caller may take now, decided by the order rules (orders/state.ts).
 * Staff only: never used for a customer view.
 */
import { z } from '@hono/zod-openapi';
import { ORDER_STATUSES } from '../db/schema';
import { PAYMENT_METHOD_LABELS, PAYMENT_STATUS_LABELS, type PaymentStatus } from '../payments/labels';
import { SHIPMENT_LABELS, type ShipmentState } from '../shipping/carrier-status';
import { REFUNDABLE } from './money';
import { PAYMENT_STATUSES } from './staff-queue';
import { canTransition, GOODS_RETURNED, SHIPPABLE, STATUS_LABELS, type OrderStatus } from './state';

/** Staff status moves through `POST .../status`: every target the state table allows `admin`, except the moves that
 * have their own route because they carry more than a status (stock release, per-line returns, money). */
const OWN_ROUTE: ReadonlySet<OrderStatus> = new Set(['cancelled', 'returned', 'refunded', 'confirmed']);
export const STAFF_MOVE_LABELS: Partial<Record<OrderStatus, string>> = {
  packing: 'Bắt đầu đóng gói',
  shipping: 'Đánh dấu đang giao hàng',
  delivered: 'Đánh dấu đã giao hàng',
  completed: 'Hoàn tất đơn hàng',
  return_requested: 'Ghi nhận yêu cầu trả hàng',
};
export const STAFF_MOVES = (ORDER_STATUSES as readonly OrderStatus[]).filter((to) => !OWN_ROUTE.has(to) && (ORDER_STATUSES as readonly OrderStatus[]).some((from) => canTransition(from, to, 'admin')));
/**
 * A return is received (goods back, per line restocked or written off) for an order the customer asked to return, or
 * whose goods came back (`GOODS_RETURNED`: returned, or refunded after having been returned — its timeline says so; a
 * cancelled order that was refunded never shipped anything).
 */
export function mayReceiveReturn(status: OrderStatus, wasReturned: boolean): boolean {
  return status === 'return_requested' || (GOODS_RETURNED.has(status) && wasReturned);
}

export const StaffActionSchema = z
  .object({
    name: z.enum(['status', 'cancel', 'return', 'create_shipment', 'add_note', 'resend_email', 'refund', 'pick_list', 'packing_slip']),
    to: z.enum(ORDER_STATUSES).optional().openapi({ description: 'For `status`: the target state' }),
    label: z.string(),
    allowed: z.boolean(),
    reason: z.string().optional().openapi({ description: 'Why it is not allowed (Vietnamese)' }),
    route: z
      .string()
      .optional()
      .openapi({
        description:
          'For an allowed `refund`: the route that records it — `/v1/admin/payments/{id}/refund` through the order\'s matched transfer, or `/v1/admin/orders/{code}/refund` when there is none (e.g. COD paid in cash)',
      }),
  })
  .openapi('StaffOrderAction');
export type StaffAction = z.infer<typeof StaffActionSchema>;

/** What a staff member in `role` may do with an order now (the rules decide; the routes enforce the same rules). */
export function staffActions(
  o: { code: string; status: OrderStatus; paymentStatus: PaymentStatus; wasReturned: boolean; /** A matched incoming transfer to refund through (admin view). */ refundTransferId: string | null },
  role: 'admin' | 'pharmacist',
): StaffAction[] {
  const adminOnly = role === 'admin' ? null : 'Chỉ quản trị viên được thực hiện.';
  const inState = `Không thực hiện được khi đơn hàng "${STATUS_LABELS[o.status]}".`;
  const act = (name: StaffAction['name'], label: string, ruleOk: boolean, extra: Partial<StaffAction> = {}, forAll = false): StaffAction => {
    const why = !forAll && adminOnly ? adminOnly : ruleOk ? null : inState;
    return { name, label, allowed: why === null, ...(why ? { reason: why } : {}), ...extra };
  };
  return [
    ...STAFF_MOVES.map((to) => act('status', STAFF_MOVE_LABELS[to] ?? STATUS_LABELS[to], canTransition(o.status, to, 'admin'), { to })),
    act('cancel', 'Hủy đơn hàng', canTransition(o.status, 'cancelled', 'admin')),
    act('create_shipment', 'Tạo vận đơn', SHIPPABLE.has(o.status)),
    act('return', 'Nhận hàng hoàn trả', mayReceiveReturn(o.status, o.wasReturned)),
    act('refund', 'Hoàn tiền', REFUNDABLE.has(o.paymentStatus), refundRoute(o, role)),
    act('resend_email', 'Gửi lại email', true),
    act('add_note', 'Thêm ghi chú nội bộ', true, {}, true),
    act('pick_list', 'In phiếu lấy hàng', true, {}, true),
    act('packing_slip', 'In phiếu đóng gói', true, {}, true),
  ];
}

/** Which refund route applies: through the order's matched transfer, or the order route when it has none. */
function refundRoute(o: { code: string; paymentStatus: PaymentStatus; refundTransferId: string | null }, role: 'admin' | 'pharmacist'): Partial<StaffAction> {
  if (role !== 'admin' || !REFUNDABLE.has(o.paymentStatus)) return {};
  return { route: o.refundTransferId ? `/v1/admin/payments/${o.refundTransferId}/refund` : `/v1/admin/orders/${o.code}/refund` };
}

const Money = z.number().int();
export const StaffOrderSchema = z
  .object({
    code: z.string(),
    status: z.enum(ORDER_STATUSES),
    statusLabel: z.string(),
    paymentMethod: z.enum(['cod', 'bank_transfer']),
    paymentMethodLabel: z.string(),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    paymentStatusLabel: z.string(),
    money: z.object({ subtotal: Money, shippingFee: Money, orderDiscount: Money, shippingDiscount: Money, total: Money, paidAmount: Money, refundedAmount: Money, held: Money }),
    customerNote: z.string().nullable(),
    expiresAt: z.number().int().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    customer: z.object({ kind: z.enum(['account', 'guest']), userId: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() }),
    address: z.object({
      recipientName: z.string(),
      phone: z.string(),
      email: z.string().nullable(),
      street: z.string(),
      ward: z.object({ code: z.string(), name: z.string() }),
      province: z.object({ code: z.string(), name: z.string() }),
    }),
    lines: z.array(
      z.object({
        id: z.string(),
        productId: z.string(),
        productName: z.string(),
        productSlug: z.string(),
        unitName: z.string(),
        factor: z.number().int(),
        quantity: z.number().int(),
        unitPrice: Money,
        lineTotal: Money,
        prescriptionRequired: z.boolean(),
        allocations: z.array(
          z.object({
            id: z.string(),
            batchId: z.string(),
            lot: z.string(),
            expiry: z.string().openapi({ description: 'YYYY-MM-DD' }),
            quantity: z.number().int().openapi({ description: 'Base units' }),
            state: z.enum(['reserved', 'released', 'shipped', 'restocked', 'written_off']),
          }),
        ),
      }),
    ),
    payment: z.object({ status: z.string(), amountDue: Money, amountReceived: Money, refundedAt: z.number().int().nullable() }).nullable(),
    payments: z.array(
      z.object({
        id: z.string(),
        provider: z.string(),
        providerTxnId: z.string(),
        transferType: z.enum(['in', 'out']),
        amount: Money,
        content: z.string().nullable(),
        transactionAt: z.number().int().nullable(),
        matchStatus: z.string(),
        source: z.string(),
        createdAt: z.number().int(),
      }),
    ).openapi({ description: 'The bank transfers of the order (admin only: always empty for a pharmacist, as /v1/admin/payments is admin-only)' }),
    shipments: z.array(
      z.object({
        id: z.string(),
        carrier: z.enum(['ghn', 'ghtk', 'internal']),
        trackingCode: z.string(),
        status: z.string(),
        statusLabel: z.string(),
        fee: Money,
        codAmount: Money,
        createdAt: z.number().int(),
        updatedAt: z.number().int(),
        events: z.array(
          z.object({
            carrierStatus: z.string(),
            mappedStatus: z.string().nullable(),
            label: z.string(),
            unknown: z.boolean(),
            applied: z.boolean(),
            occurredAt: z.number().int(),
            raw: z.string().openapi({ description: 'The carrier payload as stored (personal data removed at intake)' }),
          }),
        ),
      }),
    ),
    timeline: z.array(
      z.object({
        status: z.enum(ORDER_STATUSES),
        label: z.string(),
        fromStatus: z.enum(ORDER_STATUSES).nullable(),
        actorType: z.string(),
        actorName: z.string().nullable(),
        reason: z.string().nullable(),
        at: z.number().int(),
      }),
    ),
    notes: z.array(z.object({ id: z.string(), text: z.string(), authorName: z.string(), at: z.number().int() })),
    actions: z.array(StaffActionSchema),
  })
  .openapi('StaffOrder');
export type StaffOrder = z.infer<typeof StaffOrderSchema>;

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The staff detail in ONE D1 batch; null when there is no such order. */
export async function staffOrder(d: D1Database, code: string, role: 'admin' | 'pharmacist'): Promise<StaffOrder | null> {
  const of = '(SELECT id FROM orders WHERE code = ?1)';
  const [order, lines, allocations, payment, txns, shipments, events, timeline, notes] = await d.batch<Row>([
    d
      .prepare(
        `SELECT o.code, o.status, o.payment_method AS paymentMethod, o.payment_status AS paymentStatus, o.subtotal, o.shipping_fee AS shippingFee,
           o.order_discount AS orderDiscount, o.shipping_discount AS shippingDiscount, o.total, o.paid_amount AS paidAmount, o.refunded_amount AS refundedAmount,
           o.note, o.expires_at AS expiresAt, o.created_at AS createdAt, o.updated_at AS updatedAt, o.user_id AS userId, u.name AS userName, u.email AS userEmail,
           o.recipient_name AS recipientName, o.phone, o.email, o.street, o.ward_code AS wardCode, w.name AS wardName, o.province_code AS provinceCode, p.name AS provinceName
         FROM orders o JOIN provinces p ON p.code = o.province_code JOIN wards w ON w.code = o.ward_code LEFT JOIN users u ON u.id = o.user_id WHERE o.code = ?1`,
      )
      .bind(code),
    d
      .prepare(
        `SELECT l.id, l.product_id AS productId, l.product_name AS productName, l.product_slug AS productSlug, l.unit_name AS unitName, l.factor, l.quantity,
           l.unit_price AS unitPrice, l.line_total AS lineTotal, COALESCE(pr.prescription_required, 0) AS rx
         FROM order_lines l LEFT JOIN products pr ON pr.id = l.product_id WHERE l.order_id = ${of} ORDER BY l.rowid`,
      )
      .bind(code),
    d
      .prepare(
        `SELECT a.id, a.order_line_id AS lineId, a.batch_id AS batchId, b.lot_number AS lot, b.expiry_date AS expiry, a.quantity,
           a.released_at AS releasedAt, a.shipped_at AS shippedAt, a.restocked_at AS restockedAt, (w.id IS NOT NULL) AS writtenOff
         FROM order_allocations a JOIN order_lines l ON l.id = a.order_line_id JOIN stock_batches b ON b.id = a.batch_id
         LEFT JOIN stock_write_offs w ON w.allocation_id = a.id
         WHERE l.order_id = ${of} ORDER BY b.expiry_date, a.rowid`,
      )
      .bind(code),
    d.prepare(`SELECT status, amount_due AS amountDue, amount_received AS amountReceived, refunded_at AS refundedAt FROM payments WHERE order_id = ${of}`).bind(code),
    d
      .prepare(
        `SELECT id, provider, provider_txn_id AS providerTxnId, transfer_type AS transferType, amount, content, transaction_at AS transactionAt,
           match_status AS matchStatus, source, created_at AS createdAt FROM bank_transactions WHERE order_id = ${of} AND ?2 = 'admin' ORDER BY created_at, rowid`,
      )
      // Bank transfers (SePay id, content, amounts) are admin-only, as /v1/admin/payments is: never read for a pharmacist.
      .bind(code, role),
    d
      .prepare(`SELECT id, carrier, tracking_code AS trackingCode, status, fee, cod_amount AS codAmount, created_at AS createdAt, updated_at AS updatedAt FROM shipments WHERE order_id = ${of} ORDER BY created_at, rowid`)
      .bind(code),
    d
      .prepare(
        `SELECT e.shipment_id AS shipmentId, e.carrier_status AS carrierStatus, e.mapped_status AS mappedStatus, e.unknown_status AS unknown, e.applied,
           e.occurred_at AS occurredAt, e.raw FROM shipment_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.order_id = ${of} ORDER BY e.occurred_at, e.rowid`,
      )
      .bind(code),
    d
      .prepare(
        `SELECT e.to_status AS status, e.from_status AS fromStatus, e.actor_type AS actorType, u.name AS actorName, e.reason, e.created_at AS at
         FROM order_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.order_id = ${of} ORDER BY e.created_at, e.rowid`,
      )
      .bind(code),
    d
      .prepare(`SELECT n.id, n.text, u.name AS authorName, n.created_at AS at FROM order_notes n JOIN users u ON u.id = n.author_id WHERE n.order_id = ${of} ORDER BY n.created_at, n.rowid`)
      .bind(code),
  ]);
  const o = order!.results[0];
  if (!o) return null;
  const status = o.status as OrderStatus;
  const paymentStatus = o.paymentStatus as PaymentStatus;
  const allocs = allocations!.results;
  const evs = events!.results;
  const pay = payment!.results[0];
  return {
    code: o.code as string,
    status,
    statusLabel: STATUS_LABELS[status],
    paymentMethod: o.paymentMethod as 'cod' | 'bank_transfer',
    paymentMethodLabel: PAYMENT_METHOD_LABELS[o.paymentMethod as 'cod' | 'bank_transfer'],
    paymentStatus,
    paymentStatusLabel: PAYMENT_STATUS_LABELS[paymentStatus],
    money: {
      subtotal: o.subtotal as number,
      shippingFee: o.shippingFee as number,
      orderDiscount: o.orderDiscount as number,
      shippingDiscount: o.shippingDiscount as number,
      total: o.total as number,
      paidAmount: o.paidAmount as number,
      refundedAmount: o.refundedAmount as number,
      held: (o.paidAmount as number) - (o.refundedAmount as number),
    },
    customerNote: str(o.note),
    expiresAt: (o.expiresAt as number | null) ?? null,
    createdAt: o.createdAt as number,
    updatedAt: o.updatedAt as number,
    customer: o.userId
      ? { kind: 'account', userId: o.userId as string, name: str(o.userName), email: str(o.userEmail) }
      : { kind: 'guest', userId: null, name: null, email: null },
    address: {
      recipientName: o.recipientName as string,
      phone: o.phone as string,
      email: str(o.email),
      street: o.street as string,
      ward: { code: o.wardCode as string, name: o.wardName as string },
      province: { code: o.provinceCode as string, name: o.provinceName as string },
    },
    lines: lines!.results.map((l) => ({
      id: l.id as string,
      productId: l.productId as string,
      productName: l.productName as string,
      productSlug: l.productSlug as string,
      unitName: l.unitName as string,
      factor: l.factor as number,
      quantity: l.quantity as number,
      unitPrice: l.unitPrice as number,
      lineTotal: l.lineTotal as number,
      prescriptionRequired: l.rx === 1,
      allocations: allocs
        .filter((a) => a.lineId === l.id)
        .map((a) => ({
          id: a.id as string,
          batchId: a.batchId as string,
          lot: a.lot as string,
          expiry: a.expiry as string,
          quantity: a.quantity as number,
          state: a.writtenOff === 1 ? 'written_off' : a.restockedAt ? 'restocked' : a.shippedAt ? 'shipped' : a.releasedAt ? 'released' : ('reserved' as const),
        })),
    })),
    payment: pay ? { status: pay.status as string, amountDue: pay.amountDue as number, amountReceived: pay.amountReceived as number, refundedAt: (pay.refundedAt as number | null) ?? null } : null,
    payments: txns!.results.map((t) => ({
      id: t.id as string,
      provider: t.provider as string,
      providerTxnId: t.providerTxnId as string,
      transferType: t.transferType as 'in' | 'out',
      amount: t.amount as number,
      content: str(t.content),
      transactionAt: (t.transactionAt as number | null) ?? null,
      matchStatus: t.matchStatus as string,
      source: t.source as string,
      createdAt: t.createdAt as number,
    })),
    shipments: shipments!.results.map((s) => ({
      id: s.id as string,
      carrier: s.carrier as 'ghn' | 'ghtk' | 'internal',
      trackingCode: s.trackingCode as string,
      status: s.status as string,
      statusLabel: SHIPMENT_LABELS[s.status as ShipmentState] ?? String(s.status),
      fee: s.fee as number,
      codAmount: s.codAmount as number,
      createdAt: s.createdAt as number,
      updatedAt: s.updatedAt as number,
      events: evs
        .filter((e) => e.shipmentId === s.id)
        .map((e) => ({
          carrierStatus: e.carrierStatus as string,
          mappedStatus: str(e.mappedStatus),
          label: e.mappedStatus ? (SHIPMENT_LABELS[e.mappedStatus as ShipmentState] ?? String(e.mappedStatus)) : 'Trạng thái không xác định',
          unknown: e.unknown === 1,
          applied: e.applied === 1,
          occurredAt: e.occurredAt as number,
          raw: e.raw as string,
        })),
    })),
    timeline: timeline!.results.map((e) => ({
      status: e.status as OrderStatus,
      label: STATUS_LABELS[e.status as OrderStatus],
      fromStatus: (e.fromStatus as OrderStatus | null) ?? null,
      actorType: e.actorType as string,
      actorName: str(e.actorName),
      reason: str(e.reason),
      at: e.at as number,
    })),
    notes: notes!.results.map((n) => ({ id: n.id as string, text: n.text as string, authorName: n.authorName as string, at: n.at as number })),
    actions: staffActions(
      {
        code: o.code as string,
        status,
        paymentStatus,
        wasReturned: timeline!.results.some((e) => e.status === 'returned'),
        refundTransferId: (txns!.results.findLast((t) => t.transferType === 'in' && (t.matchStatus === 'matched' || t.matchStatus === 'refund_pending'))?.id as string | undefined) ?? null,
      },
      role,
    ),
  };
}
