/** Checkout use cases: quote, place an order (idempotent, atomic), read, cancel, expire, publish the outbox. */
import { z } from '@hono/zod-openapi';
import { allocateFefo, vietnamDate } from '../catalog/availability';
import { imageUrl } from '../catalog/service';
import { normalizeVietnamesePhone } from '../auth/policy';
import { sha256 } from '../auth/crypto';
import { mayViewOrder, type OrderAsker } from './access';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../errors';
import type { Principal } from '../http/auth';
import { newId, newOrderCode } from '../ids';
import { actorFor, customerMayCancel, decideTransition, sourcesOf, STATUS_LABELS, type OrderStatus } from '../orders/state';
import { LINE_MESSAGES, MAX_LINE_QUANTITY, MAX_ORDER_LINES, mergeItems, priceLines, totals, type CheckoutItem, type PricedLine } from './pricing';
import { CheckoutConflict, type D1CheckoutRepository, type OrderPlan } from './repo.d1';
import { TariffCarrier, type ShippingCarrier } from './carrier';
import type { OrderView, Quote, QuoteLine } from './schemas';
import type { ShippingQuote } from './shipping';
import { evaluateVoucher, VOUCHER_MESSAGES, type Voucher, type VoucherProblem } from './vouchers';
import { STAFF_ACTORS, type Actor } from '../orders/state';

export const PAYMENT_TTL_MINUTES = 30;

export const CheckoutRequestSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            unitId: z.string().min(10).max(40),
            quantity: z.number().int().positive().max(MAX_LINE_QUANTITY * 10),
            quoteItemId: z.string().min(10).max(40).optional().openapi({ description: "A cart line's quote item (#15): priced at the quoted price while the quote is valid" }),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ORDER_LINES),
    address: z
      .object({
        recipientName: z.string().trim().min(1).max(100),
        phone: z.string().trim().max(20),
        email: z.string().trim().email().max(254).optional(),
        provinceCode: z.string().regex(/^\d{2}$/),
        wardCode: z.string().regex(/^\d{5}$/),
        street: z.string().trim().min(3).max(200),
      })
      .strict(),
    vouchers: z.array(z.string().trim().toUpperCase().min(3).max(40)).max(4).default([]),
    paymentMethod: z.enum(['cod', 'bank_transfer']),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type CheckoutRequest = z.infer<typeof CheckoutRequestSchema>;

export interface CheckoutDeps {
  repo: D1CheckoutRepository;
  d1: D1Database;
  /** Shipping quotes; the built-in tariff when absent. */
  carrier?: ShippingCarrier;
  now: number;
  paymentTtlMinutes?: number;
  /**
   * #15: the quote items the caller may use (those in their own cart, put there by the quote-to-cart route that checks
   * who may read the consultation). A line naming any other quote item is priced as if it named none.
   */
  quoteItemsAllowed?: ReadonlySet<string>;
}

interface Evaluated {
  lines: PricedLine[];
  shipping: ShippingQuote;
  vouchers: Array<{ voucher: Voucher; discount: number }>;
  voucherProblems: Array<{ code: string; problem: VoucherProblem | 'VOUCHER_NOT_FOUND' | 'VOUCHER_DUPLICATE_KIND' }>;
  totals: ReturnType<typeof totals>;
  batches: Awaited<ReturnType<D1CheckoutRepository['load']>>['batches'];
}

async function evaluate(d: CheckoutDeps, req: CheckoutRequest, userId: string | null): Promise<Evaluated> {
  const allowed = d.quoteItemsAllowed ?? new Set<string>();
  const items: CheckoutItem[] = mergeItems(req.items).map(({ quoteItemId, ...it }) => (quoteItemId && allowed.has(quoteItemId) ? { ...it, quoteItemId } : it));
  const codes = [...new Set(req.vouchers)];
  const quoteIds = items.flatMap((i) => (i.quoteItemId ? [i.quoteItemId] : []));
  const { units, batches, vouchers, redemptions, pricing } = await d.repo.load(items.map((i) => i.unitId), codes, userId, quoteIds);
  const today = vietnamDate(d.now);
  const lines = priceLines(items, units, batches, d.now, today, pricing);
  const ok = lines.filter((l) => !l.problem);
  const subtotal = ok.reduce((s, l) => s + l.lineTotal, 0);
  const weight = ok.reduce((s, l) => s + (l.unit?.weightGrams ?? 0) * l.quantity, 0);
  const shipping = await (d.carrier ?? new TariffCarrier()).quote({ provinceCode: req.address.provinceCode, wardCode: req.address.wardCode, weightGrams: weight, subtotal, codAmount: req.paymentMethod === 'cod' ? subtotal : 0 });
  const vlines = ok.map((l) => ({ productId: l.unit!.productId, brandId: l.unit!.brandId, categoryPath: l.unit!.categoryPath, prescriptionRequired: l.unit!.prescriptionRequired, lineTotal: l.lineTotal }));
  const applied: Evaluated['vouchers'] = [];
  const voucherProblems: Evaluated['voucherProblems'] = [];
  const seenKinds = new Set<string>();
  for (const code of codes) {
    const v = vouchers.find((x) => x.code === code);
    if (!v) {
      voucherProblems.push({ code, problem: 'VOUCHER_NOT_FOUND' });
      continue;
    }
    if (seenKinds.has(v.kind)) {
      voucherProblems.push({ code, problem: 'VOUCHER_DUPLICATE_KIND' });
      continue;
    }
    seenKinds.add(v.kind);
    const r = evaluateVoucher(v, { lines: vlines, shippingFee: shipping.fee, now: d.now, userId, userRedemptions: redemptions.get(v.id) ?? 0 });
    if (r.ok) applied.push({ voucher: v, discount: r.discount });
    else voucherProblems.push({ code, problem: r.problem });
  }
  const orderDiscount = applied.filter((a) => a.voucher.kind === 'order').reduce((s, a) => s + a.discount, 0);
  const shippingDiscount = applied.filter((a) => a.voucher.kind === 'shipping').reduce((s, a) => s + a.discount, 0);
  return { lines, shipping, vouchers: applied, voucherProblems, totals: totals(subtotal, shipping.fee, orderDiscount, shippingDiscount), batches };
}

const VOUCHER_EXTRA: Record<'VOUCHER_NOT_FOUND' | 'VOUCHER_DUPLICATE_KIND', string> = {
  VOUCHER_NOT_FOUND: 'Mã giảm giá không tồn tại.',
  VOUCHER_DUPLICATE_KIND: 'Mỗi đơn chỉ dùng một mã giảm giá đơn hàng và một mã giảm phí vận chuyển.',
};

/** How a priced line looks to the shopper (cart and checkout alike): a problem line counts 0 in the totals. */
export function presentLine(l: PricedLine): QuoteLine {
  return {
    unitId: l.unitId,
    productSlug: l.unit?.productSlug ?? null,
    productName: l.unit?.productName ?? null,
    unitName: l.unit?.unitName ?? null,
    image: l.unit?.imageKey ? imageUrl(l.unit.imageKey) : null,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    listPrice: l.listPrice,
    lineTotal: l.problem ? 0 : l.lineTotal,
    available: l.available,
    problem: l.problem ? { code: l.problem, message: LINE_MESSAGES[l.problem] } : null,
    quoteItemId: l.quote?.id ?? null,
    quoteExpiresAt: l.quote?.expiresAt ?? null,
  };
}

function present(e: Evaluated): Quote {
  return {
    lines: e.lines.map(presentLine),
    vouchers: [
      ...e.vouchers.map((v) => ({ code: v.voucher.code, kind: v.voucher.kind, discount: v.discount, problem: null })),
      ...e.voucherProblems.map((p) => ({
        code: p.code,
        kind: null,
        discount: 0,
        problem: { code: p.problem, message: p.problem in VOUCHER_EXTRA ? VOUCHER_EXTRA[p.problem as keyof typeof VOUCHER_EXTRA] : VOUCHER_MESSAGES[p.problem as VoucherProblem] },
      })),
    ],
    shipping: { fee: e.shipping.fee, freeShipping: e.shipping.freeShipping, estimatedDays: { min: e.shipping.days[0], max: e.shipping.days[1] } },
    ...e.totals,
    ok: e.lines.every((l) => !l.problem) && e.voucherProblems.length === 0,
  };
}

async function checkPlace(d: CheckoutDeps, req: CheckoutRequest) {
  const ok = await d.d1.prepare('SELECT 1 AS ok FROM wards WHERE code = ? AND province_code = ?').bind(req.address.wardCode, req.address.provinceCode).first();
  if (!ok) throw new ValidationError('Phường/xã không thuộc tỉnh/thành đã chọn.', { field: 'address.wardCode' }, 'INVALID_WARD');
  const phone = normalizeVietnamesePhone(req.address.phone);
  if (!phone) throw new ValidationError('Số điện thoại không hợp lệ.', { field: 'address.phone' }, 'INVALID_PHONE');
  return phone;
}

export async function quote(d: CheckoutDeps, req: CheckoutRequest, principal: Principal | null) {
  await checkPlace(d, req);
  return present(await evaluate(d, req, principal?.userId ?? null));
}

/** A stable fingerprint of what was asked, so a reused Idempotency-Key with a different body is detected. */
async function requestHash(req: CheckoutRequest) {
  const canonical = { ...req, items: mergeItems(req.items).sort((a, b) => a.unitId.localeCompare(b.unitId)), vouchers: [...req.vouchers].sort() };
  return sha256(JSON.stringify(canonical));
}

export async function placeOrder(d: CheckoutDeps, req: CheckoutRequest, principal: Principal | null, idempotencyKey: string): Promise<{ code: string; replayed: boolean }> {
  const scopedKey = `${principal?.userId ?? 'guest'}:${idempotencyKey}`;
  const hash = await requestHash(req);
  const replay = async () => {
    const existing = await d.repo.orderByIdempotencyKey(scopedKey);
    if (!existing) return null;
    if (existing.requestHash !== hash) throw new ConflictError('Idempotency-Key đã được dùng cho một yêu cầu khác.', 'IDEMPOTENCY_KEY_REUSED');
    return { code: existing.code, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const phone = await checkPlace(d, req);
  const e = await evaluate(d, req, principal?.userId ?? null);
  const view = present(e);
  if (!view.ok) throw new UnprocessableError('Đơn hàng có sản phẩm hoặc mã giảm giá không hợp lệ.', 'CHECKOUT_PROBLEMS', { lines: view.lines.filter((l) => l.problem), vouchers: view.vouchers.filter((v) => v.problem) });

  // FEFO plan per product over its summed demand; the database re-checks every unit of it.
  const today = vietnamDate(d.now);
  const remaining = new Map<string, Map<string, number>>();
  const lines: OrderPlan['lines'] = [];
  for (const l of e.lines) {
    const u = l.unit!;
    const batches = (e.batches.get(u.productId) ?? []).map((b) => ({ ...b, reserved: b.reserved + (remaining.get(u.productId)?.get(b.id) ?? 0) }));
    const plan = allocateFefo(batches, l.quantity * u.factor, today);
    if (!plan) throw new ConflictError('Sản phẩm vừa hết hàng, vui lòng kiểm tra lại giỏ hàng.', 'OUT_OF_STOCK', { unitId: u.unitId });
    const taken = remaining.get(u.productId) ?? new Map<string, number>();
    for (const a of plan) taken.set(a.batchId, (taken.get(a.batchId) ?? 0) + a.quantity);
    remaining.set(u.productId, taken);
    lines.push({ id: newId(), unit: u, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.lineTotal, quoteItemId: l.quote?.id ?? null, allocations: plan });
  }
  const status: OrderStatus = req.paymentMethod === 'cod' ? 'confirmed' : 'pending_payment';
  const base = {
    id: newId(),
    userId: principal?.userId ?? null,
    idempotencyKey: scopedKey,
    requestHash: hash,
    status,
    paymentMethod: req.paymentMethod,
    totals: e.totals,
    recipient: { name: req.address.recipientName, phone, email: req.address.email ?? null, provinceCode: req.address.provinceCode, wardCode: req.address.wardCode, street: req.address.street, note: req.note ?? null },
    expiresAt: req.paymentMethod === 'bank_transfer' ? d.now + (d.paymentTtlMinutes ?? PAYMENT_TTL_MINUTES) * 60_000 : null,
    lines,
    vouchers: e.vouchers.map((v) => ({ voucherId: v.voucher.id, amount: v.discount })),
    today,
    now: d.now,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = newOrderCode();
    try {
      await d.repo.place({ ...base, code });
      return { code, replayed: false };
    } catch (err) {
      if (!(err instanceof CheckoutConflict)) throw err;
      if (err.reason === 'CODE') continue; // astronomically rare: draw another code
      if (err.reason === 'IDEMPOTENCY') {
        const r = await replay();
        if (r) return r;
      }
      if (err.reason === 'STOCK') throw new ConflictError('Sản phẩm vừa hết hàng, vui lòng kiểm tra lại giỏ hàng.', 'OUT_OF_STOCK');
      if (err.reason === 'VOUCHER') throw new ConflictError('Mã giảm giá vừa hết lượt sử dụng.', 'VOUCHER_UNAVAILABLE');
      throw err;
    }
  }
  throw new ConflictError('Không tạo được mã đơn hàng, vui lòng thử lại.', 'ORDER_CODE_EXHAUSTED');
}

export type { OrderView };

/** What the shopper reads on a staff move of their order's timeline: staff reasons are internal (the staff order detail shows them). */
export const STAFF_MOVE_NOTE = 'Nhà thuốc đã cập nhật đơn hàng';

/**
 * The note the shopper (or a guest with proof) reads on a timeline row: the reason of their own move and of the
 * system's, the carrier's and the payment's (written by our code), but never the reason a staff member typed.
 */
export function shopperTimelineNote(e: { actor: Actor; reason: string | null }): string | null {
  return STAFF_ACTORS.has(e.actor) ? STAFF_MOVE_NOTE : e.reason;
}

export async function orderView(repo: D1CheckoutRepository, code: string): Promise<{ owner: string | null; phone: string; view: OrderView } | null> {
  const r = await repo.orderByCode(code);
  if (!r) return null;
  const o = r.order;
  return {
    owner: o.userId ?? null,
    phone: o.phone,
    view: {
      code: o.code,
      status: o.status,
      statusLabel: STATUS_LABELS[o.status],
      paymentMethod: o.paymentMethod,
      paymentStatus: o.paymentStatus,
      subtotal: o.subtotal,
      shippingFee: o.shippingFee,
      orderDiscount: o.orderDiscount,
      shippingDiscount: o.shippingDiscount,
      total: o.total,
      paidAmount: o.paidAmount,
      expiresAt: o.expiresAt,
      createdAt: o.createdAt,
      recipient: { name: o.recipientName, phone: o.phone, email: o.email, street: o.street, ward: { code: o.wardCode, name: o.wardName }, province: { code: o.provinceCode, name: o.provinceName } },
      note: o.note,
      lines: r.lines.map(({ imageKey, ...l }) => ({ ...l, image: imageKey ? imageUrl(imageKey) : null })),
      timeline: r.events.map((e) => ({ status: e.toStatus, label: STATUS_LABELS[e.toStatus], actor: e.actor, note: shopperTimelineNote(e), at: e.at })),
      canCancel: customerMayCancel(o.status),
    },
  };
}

/** The order for whoever may see it (checkout/access.ts: owner, admin, or a guest with proof); 404 for anyone else. */
export async function viewOrder(repo: D1CheckoutRepository, code: string, asker: OrderAsker) {
  const r = await orderView(repo, code);
  if (!r || !mayViewOrder({ userId: r.owner, phone: r.phone }, asker)) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
  return r.view;
}

/**
 * Cancels an order for whoever asks: the owner (as `customer`) or staff (as their role, with an optional `reason` for
 * the timeline). Who may see the order is `mayViewOrder`; whether this actor may cancel it now is the state table's
 * decision (`decideTransition`), and the write is guarded in SQL by the same table (`release`). A staff cancel writes its
 * audit entry in the same batch.
 */
export async function cancelOrder(repo: D1CheckoutRepository, code: string, principal: Principal, now: number, reason?: string) {
  const r = await orderView(repo, code);
  if (!r || !mayViewOrder({ userId: r.owner, phone: r.phone }, { principal })) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
  const actor = actorFor(principal, r.owner);
  if (sourcesOf('cancelled', actor).length === 0) throw new ForbiddenError('Bạn không có quyền hủy đơn hàng này.', 'ORDER_CANCEL_FORBIDDEN');
  const decision = decideTransition(r.view.status, 'cancelled', actor);
  if (!decision.ok) throw new ConflictError(`Không thể hủy đơn hàng ở trạng thái "${STATUS_LABELS[r.view.status]}".`, 'ORDER_NOT_CANCELLABLE', { status: r.view.status });
  const id = (await repo.idOfCode(code))!.id;
  const why = reason?.trim() || (actor === 'customer' ? 'Khách hàng hủy đơn' : 'Quản trị viên hủy đơn');
  // A staff cancel (from the console or the shopper's route alike) is audited in the same batch as the move.
  const audit = actor === 'customer' ? undefined : { actor: { id: principal.userId, role: principal.role }, action: 'order.cancel' as const, data: { reason: why } };
  // Guarded on the state the cancel was decided from: a decision on a stale read changes nothing (409).
  if (!(await repo.release(id, 'cancelled', { type: actor, id: principal.userId, reason: why }, now, { audit, when: { sql: 'status = ?', binds: [r.view.status] } }))) {
    throw new ConflictError('Đơn hàng vừa thay đổi trạng thái, vui lòng tải lại.', 'ORDER_STATE_CHANGED');
  }
  return (await orderView(repo, code))!.view;
}

/** Cron: unpaid bank-transfer orders past their deadline expire (the table's `system` move) and give back stock and vouchers. */
export async function expireUnpaid(repo: D1CheckoutRepository, now: number, limit = 100) {
  const due = await repo.dueUnpaidOrders(now, limit);
  let expired = 0;
  for (const o of due.results) if (await repo.release(o.id, 'expired', { type: 'system', id: null, reason: 'Quá hạn thanh toán' }, now)) expired++;
  return expired;
}

/**
 * Cron and after-commit: publish unacknowledged outbox events until the consumer acks. Rows are claimed first (see
 * `claimOutbox`), so a burst of requests, each publishing after its commit, sends every row once; a row is sent again
 * only after its claim has passed unacknowledged, or at once if the send failed.
 */
export async function publishOutbox(repo: D1CheckoutRepository, queue: Queue, now: number, limit = 100) {
  const owner = newId();
  const rows = await repo.claimOutbox(owner, limit, now);
  if (!rows.length) return 0;
  const ids = rows.map((r) => r.id);
  try {
    await queue.sendBatch(rows.map((r) => ({ body: { id: r.id, type: r.type, aggregateType: r.aggregateType, aggregateId: r.aggregateId, occurredAt: r.occurredAt, payload: JSON.parse(r.payload) } })));
  } catch (err) {
    await repo.releaseOutbox(owner, ids, err instanceof Error ? err.message : String(err)).catch(() => undefined);
    throw err;
  }
  await repo.markPublished(owner, ids, now);
  return rows.length;
}
