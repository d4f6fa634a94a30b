import type { Batch } from '../catalog/availability';
import { newId } from '../ids';
import { transitionGuardSql, type OrderStatus } from '../orders/state';
import { applyTransition, type TransitionActor, type TransitionOptions } from '../orders/transition.d1';
import type { OrderSummary, OrderView } from './schemas';
import type { PricingContext, QuoteItemRecord, UnitRecord } from './pricing';
import { rxOnlineExceptionFrom, rxOnlineExceptionStatement } from '../settings/rx-exception.d1';
import type { Voucher } from './vouchers';
import { shopVisibleSql, unitOfferedSql } from '../catalog/visibility';

export interface OrderPlan {
  id: string;
  code: string;
  userId: string | null;
  idempotencyKey: string;
  requestHash: string;
  status: OrderStatus;
  paymentMethod: 'cod' | 'bank_transfer';
  totals: { subtotal: number; shippingFee: number; orderDiscount: number; shippingDiscount: number; total: number };
  recipient: { name: string; phone: string; email: string | null; provinceCode: string; wardCode: string; street: string; note: string | null };
  expiresAt: number | null;
  lines: Array<{ id: string; unit: UnitRecord; quantity: number; unitPrice: number; lineTotal: number; quoteItemId?: string | null; allocations: Array<{ batchId: string; quantity: number }> }>;
  vouchers: Array<{ voucherId: string; amount: number }>;
  today: string;
  now: number;
}

/** The rows `orderByCode` reads (column aliases as selected there). */
type OrderRow = Pick<OrderView, 'code' | 'status' | 'paymentMethod' | 'paymentStatus' | 'subtotal' | 'shippingFee' | 'orderDiscount' | 'shippingDiscount' | 'total' | 'paidAmount' | 'note' | 'expiresAt' | 'createdAt'> & {
  id: string;
  userId: string | null;
  recipientName: string;
  phone: string;
  email: string | null;
  provinceCode: string;
  provinceName: string;
  wardCode: string;
  wardName: string;
  street: string;
};
type OrderLineRow = Omit<OrderView['lines'][number], 'image'> & { imageKey: string | null };
type OrderEventRow = { fromStatus: OrderStatus | null; toStatus: OrderStatus; actor: OrderView['timeline'][number]['actor']; reason: string | null; at: number };

export class CheckoutConflict extends Error {
  constructor(readonly reason: 'IDEMPOTENCY' | 'CODE' | 'STOCK' | 'VOUCHER') {
    super(reason);
  }
}

/** How long a publisher's claim on an outbox row lasts: an unacknowledged row is sent again after it. */
export const OUTBOX_CLAIM_MS = 5 * 60_000;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

export class D1CheckoutRepository {
  constructor(private readonly d1: D1Database) {}

  /**
   * Units (with product, brand, category path), the products' batches, the vouchers and (#15) the pricing context — the
   * quote items `quoteItemIds` of advised consultations and the epidemic exception switch — in one round trip.
   */
  async load(unitIds: string[], voucherCodes: string[], userId: string | null, quoteItemIds: readonly string[] = []) {
    const ids = unitIds.length ? unitIds : [''];
    const codes = voucherCodes.length ? voucherCodes : [''];
    const qids = quoteItemIds.length ? quoteItemIds : [''];
    const [units, batches, vouchers, redemptions, quoteItems, rx] = await this.d1.batch<Record<string, unknown>>([
      this.d1
        .prepare(
          `SELECT u.id AS unitId, u.name AS unitName, u.factor, u.weight_grams AS weightGrams, u.price, u.sale_price AS salePrice,
             u.sale_starts_at AS saleStartsAt, u.sale_ends_at AS saleEndsAt, p.id AS productId, p.slug AS productSlug, p.name AS productName,
             p.brand_id AS brandId, c.path AS categoryPath, p.prescription_required AS prescriptionRequired, p.special_control AS specialControl,
             (${shopVisibleSql('p')} AND ${unitOfferedSql('u')}) AS sellable,
             (SELECT i.r2_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS imageKey
           FROM product_units u JOIN products p ON p.id = u.product_id JOIN categories c ON c.id = p.category_id
           WHERE u.id IN (${placeholders(ids.length)})`,
        )
        .bind(...ids),
      this.d1
        .prepare(
          `SELECT b.id, b.product_id AS productId, b.lot_number AS lotNumber, b.expiry_date AS expiryDate, b.quantity, b.reserved
           FROM stock_batches b WHERE b.product_id IN (SELECT product_id FROM product_units WHERE id IN (${placeholders(ids.length)}))`,
        )
        .bind(...ids),
      this.d1
        .prepare(
          `SELECT v.id, v.code, v.name, v.kind, v.discount_type AS discountType, v.discount_value AS discountValue, v.max_discount AS maxDiscount,
             v.min_subtotal AS minSubtotal, v.starts_at AS startsAt, v.ends_at AS endsAt, v.usage_limit AS usageLimit, v.used_count AS usedCount,
             v.per_user_limit AS perUserLimit, c.path AS scopeCategoryPath, v.scope_brand_id AS scopeBrandId,
             v.excluded_product_ids AS excludedProductIds, v.active
           FROM vouchers v LEFT JOIN categories c ON c.id = v.scope_category_id WHERE v.code IN (${placeholders(codes.length)})`,
        )
        .bind(...codes),
      this.d1
        .prepare(
          `SELECT r.voucher_id AS voucherId, COUNT(*) AS n FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id
           WHERE v.code IN (${placeholders(codes.length)}) AND r.user_id = ? AND r.released_at IS NULL GROUP BY r.voucher_id`,
        )
        .bind(...codes, userId ?? ''),
      this.d1
        .prepare(
          `SELECT ai.id, ai.unit_id AS unitId, ai.quantity, ai.unit_price AS unitPrice, q.expires_at AS expiresAt
           FROM advice_items ai JOIN quotes q ON q.id = ai.quote_id
           JOIN consultation_decisions cd ON cd.consultation_id = ai.consultation_id AND cd.decision = 'advised'
           WHERE ai.id IN (${placeholders(qids.length)})`,
        )
        .bind(...qids),
      rxOnlineExceptionStatement(this.d1),
    ]);
    const unitMap = new Map<string, UnitRecord>();
    for (const r of (units!.results ?? []) as Array<Record<string, unknown>>) {
      unitMap.set(r.unitId as string, {
        ...(r as unknown as UnitRecord),
        prescriptionRequired: Boolean(r.prescriptionRequired),
        specialControl: Boolean(r.specialControl),
        sellable: Boolean(r.sellable),
      });
    }
    const batchMap = new Map<string, Batch[]>();
    for (const b of (batches!.results ?? []) as unknown as Array<Batch & { productId: string }>) batchMap.set(b.productId, [...(batchMap.get(b.productId) ?? []), b]);
    const voucherList = ((vouchers!.results ?? []) as Array<Record<string, unknown>>).map(
      (v) => ({ ...v, active: Boolean(v.active), excludedProductIds: JSON.parse((v.excludedProductIds as string) || '[]') }) as Voucher,
    );
    const used = new Map(((redemptions!.results ?? []) as Array<{ voucherId: string; n: number }>).map((r) => [r.voucherId, r.n]));
    const pricing: PricingContext = {
      quoteItems: new Map(((quoteItems!.results ?? []) as unknown as QuoteItemRecord[]).map((q) => [q.id, q])),
      rxOnlineException: rxOnlineExceptionFrom(rx),
    };
    return { units: unitMap, batches: batchMap, vouchers: voucherList, redemptions: used, pricing };
  }

  /**
   * Writes the whole order in ONE D1 batch (all or nothing): the order, its lines, the FEFO reservations, voucher
   * redemptions, the payment, the first timeline event and the outbox event. The guards live in the database:
   * - `stock_batches.reserved ≤ quantity` (CHECK): taking more than is left fails the batch; a batch that expired since
   *   the plan is made to violate the same CHECK;
   * - `vouchers.used_count ≤ usage_limit` and `≥ 0` (CHECK): a used-up voucher, or one over the per-user limit, fails it;
   * - unique order code and unique idempotency key.
   */
  async place(plan: OrderPlan): Promise<void> {
    const d = this.d1;
    const s: D1PreparedStatement[] = [];
    const r = plan.recipient;
    s.push(
      d
        .prepare(
          `INSERT INTO orders (id, code, user_id, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total,
             recipient_name, phone, email, province_code, ward_code, street, note, idempotency_key, request_hash, expires_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'unpaid', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          plan.id, plan.code, plan.userId, plan.status, plan.paymentMethod, plan.totals.subtotal, plan.totals.shippingFee, plan.totals.orderDiscount,
          plan.totals.shippingDiscount, plan.totals.total, r.name, r.phone, r.email, r.provinceCode, r.wardCode, r.street, r.note,
          plan.idempotencyKey, plan.requestHash, plan.expiresAt, plan.now, plan.now,
        ),
    );
    for (const l of plan.lines) {
      s.push(
        d
          .prepare(
            `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total, image_key, quote_item_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(l.id, plan.id, l.unit.productId, l.unit.unitId, l.unit.productName, l.unit.productSlug, l.unit.unitName, l.unit.factor, l.unitPrice, l.quantity, l.lineTotal, l.unit.imageKey, l.quoteItemId ?? null),
      );
      for (const a of l.allocations) {
        s.push(
          d
            .prepare('UPDATE stock_batches SET reserved = reserved + CASE WHEN expiry_date > ? THEN ? ELSE quantity + 1 END, updated_at = ? WHERE id = ?')
            .bind(plan.today, a.quantity, plan.now, a.batchId),
          d.prepare('INSERT INTO order_allocations (id, order_line_id, batch_id, quantity) VALUES (?, ?, ?, ?)').bind(newId(), l.id, a.batchId, a.quantity),
        );
      }
    }
    for (const v of plan.vouchers) {
      s.push(
        d
          .prepare(
            `UPDATE vouchers SET used_count = CASE
               WHEN active = 1 AND starts_at <= ? AND ends_at > ?
                 AND (SELECT COUNT(*) FROM voucher_redemptions WHERE voucher_id = vouchers.id AND user_id = ? AND released_at IS NULL) < per_user_limit
               THEN used_count + 1 ELSE -1 END, updated_at = ? WHERE id = ?`,
          )
          .bind(plan.now, plan.now, plan.userId ?? '', plan.now, v.voucherId),
        d
          .prepare('INSERT INTO voucher_redemptions (id, voucher_id, order_id, user_id, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .bind(newId(), v.voucherId, plan.id, plan.userId, v.amount, plan.now),
      );
    }
    s.push(
      d
        .prepare("INSERT INTO payments (id, order_id, method, amount_due, amount_received, status, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 'pending', ?, ?)")
        .bind(newId(), plan.id, plan.paymentMethod, plan.totals.total, plan.now, plan.now),
      d
        .prepare("INSERT INTO order_events (id, order_id, from_status, to_status, actor_type, actor_id, reason, created_at) VALUES (?, ?, NULL, ?, ?, ?, 'Đặt hàng', ?)")
        .bind(newId(), plan.id, plan.status, plan.userId ? 'customer' : 'system', plan.userId, plan.now),
      d
        .prepare("INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) VALUES (?, 'order.created', 'order', ?, ?, ?)")
        .bind(newId(), plan.id, JSON.stringify({ orderId: plan.id, code: plan.code, total: plan.totals.total, paymentMethod: plan.paymentMethod }), plan.now),
    );
    try {
      await d.batch(s);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/orders_idempotency_uq|orders\.idempotency_key/.test(msg)) throw new CheckoutConflict('IDEMPOTENCY');
      if (/orders_code_uq|orders\.code/.test(msg)) throw new CheckoutConflict('CODE');
      if (/stock_batches_reserved_ck|stock_batches/.test(msg)) throw new CheckoutConflict('STOCK');
      if (/vouchers_usage_ck|vouchers/.test(msg)) throw new CheckoutConflict('VOUCHER');
      throw e;
    }
  }

  orderByIdempotencyKey(key: string) {
    return this.d1.prepare('SELECT id, code, request_hash AS requestHash FROM orders WHERE idempotency_key = ?').bind(key).first<{ id: string; code: string; requestHash: string }>();
  }

  async orderByCode(code: string) {
    const [o, lines, events] = await this.d1.batch<Record<string, unknown>>([
      this.d1
        .prepare(
          `SELECT o.id, o.code, o.user_id AS userId, o.status, o.payment_method AS paymentMethod, o.payment_status AS paymentStatus, o.subtotal,
             o.shipping_fee AS shippingFee, o.order_discount AS orderDiscount, o.shipping_discount AS shippingDiscount, o.total, o.paid_amount AS paidAmount,
             o.recipient_name AS recipientName, o.phone, o.email, o.province_code AS provinceCode, p.name AS provinceName, o.ward_code AS wardCode,
             w.name AS wardName, o.street, o.note, o.expires_at AS expiresAt, o.created_at AS createdAt
           FROM orders o JOIN provinces p ON p.code = o.province_code JOIN wards w ON w.code = o.ward_code WHERE o.code = ?`,
        )
        .bind(code),
      this.d1
        .prepare(
          `SELECT l.product_name AS productName, l.product_slug AS productSlug, l.unit_name AS unitName, l.unit_price AS unitPrice, l.quantity,
             l.line_total AS lineTotal, l.image_key AS imageKey FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.code = ? ORDER BY l.rowid`,
        )
        .bind(code),
      this.d1
        .prepare(
          `SELECT e.from_status AS fromStatus, e.to_status AS toStatus, e.actor_type AS actor, e.reason, e.created_at AS at
           FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.code = ? ORDER BY e.created_at, e.rowid`,
        )
        .bind(code),
    ]);
    const order = o!.results?.[0] as OrderRow | undefined;
    if (!order) return null;
    return { order, lines: lines!.results as OrderLineRow[], events: events!.results as OrderEventRow[] };
  }

  listOrders(userId: string, limit: number, before?: string) {
    return this.d1
      .prepare(
        `SELECT id, code, status, payment_method AS paymentMethod, payment_status AS paymentStatus, total, created_at AS createdAt,
           (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = orders.id) AS lineCount
         FROM orders WHERE user_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`,
      )
      .bind(userId, before ?? null, before ?? null, limit + 1)
      .all<{ id: string } & OrderSummary>();
  }

  idOfCode(code: string) {
    return this.d1.prepare('SELECT id FROM orders WHERE code = ?').bind(code).first<{ id: string }>();
  }

  /**
   * Cancels or expires an order and gives back its stock and vouchers, in one batch: the one transition adapter
   * (`orders/transition.d1.ts`), guarded by the state table's from-set for (`to`, actor) — never a list typed here.
   * Every release is conditioned on the order now being in the target state and on the allocation/redemption not having
   * been released, so a repeat (or a race with payment) releases nothing twice; the payment status is re-derived
   * (`settlePayment`): an order that holds money becomes `refund_pending`.
   */
  release(orderId: string, to: 'cancelled' | 'expired', actor: TransitionActor, now: number, opts?: TransitionOptions): Promise<boolean> {
    return applyTransition(this.d1, orderId, to, actor, now, opts);
  }

  dueUnpaidOrders(now: number, limit: number) {
    return this.d1
      .prepare(`SELECT id FROM orders WHERE ${transitionGuardSql('expired', 'system')} AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?`)
      .bind(now, limit)
      .all<{ id: string }>();
  }

  /**
   * Claims up to `limit` unacknowledged outbox rows whose claim is free or has passed, in ONE statement, so that of
   * several publishers running at once (every request's after-commit publish, the cron) only one gets each row. The
   * claim lasts `OUTBOX_CLAIM_MS`: a row its publisher could not send, or the consumer did not acknowledge, is claimed
   * and sent again after that (by the cron at the latest).
   */
  async claimOutbox(owner: string, limit: number, now: number) {
    const res = await this.d1
      .prepare(
        `UPDATE outbox_events SET claimed_by = ?1, claim_until = ?2 + ${OUTBOX_CLAIM_MS}, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox_events WHERE acked_at IS NULL AND (claim_until IS NULL OR claim_until <= ?2) ORDER BY created_at LIMIT ?3)
         RETURNING id, type, aggregate_type AS aggregateType, aggregate_id AS aggregateId, payload, created_at AS occurredAt`,
      )
      .bind(owner, now, limit)
      .all<{ id: string; type: string; aggregateType: string; aggregateId: string; payload: string; occurredAt: number }>();
    return res.results.sort((a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : 1));
  }

  /** Records that the owner of the claims sent them; the claim stays as the re-publish deadline until the consumer acks. */
  markPublished(owner: string, ids: string[], now: number) {
    if (!ids.length) return Promise.resolve();
    return this.d1.prepare(`UPDATE outbox_events SET published_at = ? WHERE claimed_by = ? AND id IN (${placeholders(ids.length)})`).bind(now, owner, ...ids).run();
  }

  /** Gives back claims whose rows could not be sent, so the next publisher sends them without waiting for the claim to pass. */
  releaseOutbox(owner: string, ids: string[], error: string) {
    if (!ids.length) return Promise.resolve();
    return this.d1
      .prepare(`UPDATE outbox_events SET claim_until = NULL, last_error = ? WHERE claimed_by = ? AND acked_at IS NULL AND id IN (${placeholders(ids.length)})`)
      .bind(error.slice(0, 200), owner, ...ids)
      .run();
  }
}
