/** Voucher administration (admin only) and the public list of running vouchers. */
import { z } from '@hono/zod-openapi';
import { revenueSql } from '../dashboard/revenue';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import { UNFULFILLED } from '../orders/state';
import { describeVoucherRule, voucherConditions } from '../vouchers/describe';
import { voucherState } from './vouchers';

const base = z.object({
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{3,40}$/, 'Mã gồm 3–40 chữ cái in hoa hoặc số.'),
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).nullable().optional(),
  kind: z.enum(['order', 'shipping']),
  discountType: z.enum(['percent', 'fixed']),
  discountValue: z.number().int().positive().max(100_000_000),
  maxDiscount: z.number().int().positive().max(100_000_000).nullable().optional(),
  minSubtotal: z.number().int().min(0).max(1_000_000_000).default(0),
  startsAt: z.number().int().positive(),
  endsAt: z.number().int().positive(),
  usageLimit: z.number().int().positive().nullable().optional(),
  perUserLimit: z.number().int().positive().max(100).default(1),
  scopeCategory: z.string().max(120).nullable().optional().openapi({ description: 'Category slug (any level)' }),
  scopeBrand: z.string().max(120).nullable().optional().openapi({ description: 'Brand slug' }),
  excludedProductIds: z.array(z.string().min(10).max(40)).max(200).default([]),
  active: z.boolean().default(true),
});

const rules = (v: { discountType?: string; discountValue?: number; startsAt?: number; endsAt?: number }) =>
  (v.discountType !== 'percent' || v.discountValue === undefined || v.discountValue <= 100) && (v.startsAt === undefined || v.endsAt === undefined || v.startsAt < v.endsAt);
const rulesIssue = { message: 'Phần trăm tối đa 100 và thời gian bắt đầu phải trước thời gian kết thúc.' };

export const VoucherCreateSchema = base.strict().refine(rules, rulesIssue);
export const VoucherPatchSchema = base.partial().omit({ code: true }).strict().refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' }).refine(rules, rulesIssue);

const SELECT = `SELECT v.id, v.code, v.name, v.description, v.kind, v.discount_type AS discountType, v.discount_value AS discountValue,
  v.max_discount AS maxDiscount, v.min_subtotal AS minSubtotal, v.starts_at AS startsAt, v.ends_at AS endsAt, v.usage_limit AS usageLimit,
  v.used_count AS usedCount, v.per_user_limit AS perUserLimit, c.slug AS scopeCategory, b.slug AS scopeBrand, c.name AS scopeCategoryName, b.name AS scopeBrandName,
  v.excluded_product_ids AS excludedProductIds, v.active, v.created_at AS createdAt
  FROM vouchers v LEFT JOIN categories c ON c.id = v.scope_category_id LEFT JOIN brands b ON b.id = v.scope_brand_id`;

const list = (s: ReadonlySet<string>) => [...s].map((x) => `'${x}'`).join(', ');
/**
 * Usage per voucher, from the orders that hold it (redemptions not released: a cancelled or expired order gives its
 * voucher back): distinct customers; revenue = the dashboard's one definition (`revenueSql`: money the shop keeps) of
 * those orders; discount given = the redemption amounts of those orders whose goods reach the shopper (not
 * cancelled/expired/returned/refunded).
 */
const USAGE = `SELECT r.voucher_id AS id, COUNT(DISTINCT r.user_id) AS customers, COALESCE(SUM(${revenueSql('o')}), 0) AS revenue,
  COALESCE(SUM(CASE WHEN o.status IN (${list(UNFULFILLED)}) THEN 0 ELSE r.amount END), 0) AS discountGiven
  FROM voucher_redemptions r JOIN orders o ON o.id = r.order_id WHERE r.released_at IS NULL`;

export const VoucherUsageSchema = z
  .object({
    redeemed: z.number().int().openapi({ description: 'Uses held by orders (cancelled/expired orders give theirs back)' }),
    limit: z.number().int().nullable().openapi({ description: 'Total uses allowed (null: unlimited)' }),
    customers: z.number().int().openapi({ description: 'Distinct customers among those uses' }),
    revenue: z.number().int().openapi({ description: 'Revenue (VND, dashboard definition) of the orders that used it' }),
    discountGiven: z.number().int().openapi({ description: 'Discount (VND) on those orders, excluding cancelled/returned ones' }),
  })
  .openapi('VoucherUsage');

/** A voucher as admins see it (list, create, edit). */
export const VoucherSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    kind: base.shape.kind,
    discountType: base.shape.discountType,
    discountValue: z.number().int(),
    maxDiscount: z.number().int().nullable(),
    minSubtotal: z.number().int(),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    usageLimit: z.number().int().nullable(),
    usedCount: z.number().int(),
    perUserLimit: z.number().int(),
    scopeCategory: z.string().nullable().openapi({ description: 'Category slug (any level)' }),
    scopeBrand: z.string().nullable().openapi({ description: 'Brand slug' }),
    scopeCategoryName: z.string().nullable(),
    scopeBrandName: z.string().nullable(),
    excludedProductIds: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.number().int(),
    state: z.enum(['inactive', 'scheduled', 'ended', 'used_up', 'running']).openapi({ description: 'Where the voucher stands now (voucherState)' }),
    ruleText: z.string().openapi({ description: 'The rule in Vietnamese (describeVoucherRule)', example: 'Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ' }),
    conditions: z.array(z.string()).openapi({ description: 'Scope, schedule, limits and the prescription exclusion, in Vietnamese (voucherConditions)' }),
    usage: VoucherUsageSchema,
  })
  .openapi('Voucher');
export type AdminVoucher = z.infer<typeof VoucherSchema>;
/** A running voucher as shoppers see it. */
export const PublicVoucherSchema = VoucherSchema.pick({ code: true, name: true, description: true, kind: true, discountType: true, discountValue: true, maxDiscount: true, minSubtotal: true, endsAt: true, ruleText: true, conditions: true }).openapi('PublicVoucher');

type Row = Omit<AdminVoucher, 'active' | 'excludedProductIds' | 'state' | 'ruleText' | 'conditions' | 'usage'> & { active: number; excludedProductIds: string | null };
type Usage = { id: string; customers: number; revenue: number; discountGiven: number };
const describe = (r: Row, excludedProductIds: string[]) => ({ ruleText: describeVoucherRule(r), conditions: voucherConditions({ ...r, excludedProductIds }) });
const shape = (r: Row, now: number, u?: Usage): AdminVoucher => {
  const excludedProductIds = JSON.parse(r.excludedProductIds || '[]') as string[];
  const active = Boolean(r.active);
  return {
    ...r,
    active,
    excludedProductIds,
    state: voucherState({ ...r, active }, now),
    ...describe(r, excludedProductIds),
    usage: { redeemed: r.usedCount, limit: r.usageLimit, customers: u?.customers ?? 0, revenue: u?.revenue ?? 0, discountGiven: u?.discountGiven ?? 0 },
  };
};

export class D1VoucherAdmin {
  constructor(private readonly d1: D1Database) {}

  async list(now: number) {
    const [rows, usage] = await this.d1.batch<Row | Usage>([
      this.d1.prepare(`${SELECT} ORDER BY v.created_at DESC LIMIT 500`),
      this.d1.prepare(`${USAGE} GROUP BY r.voucher_id`),
    ]);
    const byId = new Map((usage!.results as Usage[]).map((u) => [u.id, u]));
    return (rows!.results as Row[]).map((r) => shape(r, now, byId.get(r.id)));
  }

  async get(id: string, now: number) {
    const [rows, usage] = await this.d1.batch<Row | Usage>([this.d1.prepare(`${SELECT} WHERE v.id = ?`).bind(id), this.d1.prepare(`${USAGE} AND r.voucher_id = ? GROUP BY r.voucher_id`).bind(id)]);
    const r = rows!.results[0] as Row | undefined;
    if (!r) throw new NotFoundError('Không tìm thấy mã giảm giá.', 'VOUCHER_NOT_FOUND');
    return shape(r, now, usage!.results[0] as Usage | undefined);
  }

  /** Public: running vouchers (active, in their window, not used up), the ones ending soonest first. */
  async running(now: number): Promise<Array<z.infer<typeof PublicVoucherSchema>>> {
    const rows = await this.d1
      .prepare(`${SELECT} WHERE v.active = 1 AND v.starts_at <= ? AND v.ends_at > ? AND (v.usage_limit IS NULL OR v.used_count < v.usage_limit) ORDER BY v.ends_at LIMIT 100`)
      .bind(now, now)
      .all<Row>();
    return rows.results.map((r) => ({ code: r.code, name: r.name, description: r.description, kind: r.kind, discountType: r.discountType, discountValue: r.discountValue, maxDiscount: r.maxDiscount, minSubtotal: r.minSubtotal, endsAt: r.endsAt, ...describe(r, JSON.parse(r.excludedProductIds || '[]') as string[]) }));
  }

  private async scopeIds(category?: string | null, brand?: string | null) {
    const c = category ? await this.d1.prepare('SELECT id FROM categories WHERE slug = ?').bind(category).first<{ id: string }>() : null;
    if (category && !c) throw new ValidationError('Không tìm thấy danh mục áp dụng.', { field: 'scopeCategory' }, 'CATEGORY_NOT_FOUND');
    const b = brand ? await this.d1.prepare('SELECT id FROM brands WHERE slug = ?').bind(brand).first<{ id: string }>() : null;
    if (brand && !b) throw new ValidationError('Không tìm thấy thương hiệu áp dụng.', { field: 'scopeBrand' }, 'BRAND_NOT_FOUND');
    return { categoryId: c?.id ?? null, brandId: b?.id ?? null };
  }

  private audit(actor: { id: string; role: string }, action: string, id: string, data: Record<string, unknown>, now: number) {
    return this.d1
      .prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES (?, ?, ?, ?, 'voucher', ?, ?, ?)")
      .bind(newId(), actor.id, actor.role, action, id, JSON.stringify(data), now);
  }

  async create(v: z.infer<typeof VoucherCreateSchema>, actor: { id: string; role: string }, now: number) {
    const scope = await this.scopeIds(v.scopeCategory, v.scopeBrand);
    const id = newId();
    try {
      await this.d1.batch([
        this.d1
          .prepare(
            `INSERT INTO vouchers (id, code, name, description, kind, discount_type, discount_value, max_discount, min_subtotal, starts_at, ends_at,
               usage_limit, used_count, per_user_limit, scope_category_id, scope_brand_id, excluded_product_ids, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(id, v.code, v.name, v.description ?? null, v.kind, v.discountType, v.discountValue, v.maxDiscount ?? null, v.minSubtotal, v.startsAt, v.endsAt, v.usageLimit ?? null, v.perUserLimit, scope.categoryId, scope.brandId, JSON.stringify(v.excludedProductIds), v.active ? 1 : 0, now, now),
        this.audit(actor, 'voucher.create', id, { code: v.code }, now),
      ]);
    } catch (e) {
      if (/vouchers_code_uq|vouchers\.code/.test(String(e))) throw new ConflictError('Mã giảm giá đã tồn tại.', 'VOUCHER_CODE_TAKEN');
      throw e;
    }
    return this.get(id, now);
  }

  async update(id: string, p: z.infer<typeof VoucherPatchSchema>, actor: { id: string; role: string }, now: number) {
    const cur = await this.get(id, now);
    const scope = await this.scopeIds(p.scopeCategory !== undefined ? p.scopeCategory : cur.scopeCategory, p.scopeBrand !== undefined ? p.scopeBrand : cur.scopeBrand);
    const next = { ...cur, ...p } as Record<string, unknown>;
    if (next.discountType === 'percent' && (next.discountValue as number) > 100) throw new ValidationError('Phần trăm tối đa 100.', undefined, 'INVALID_VOUCHER');
    if ((next.startsAt as number) >= (next.endsAt as number)) throw new ValidationError('Thời gian bắt đầu phải trước thời gian kết thúc.', undefined, 'INVALID_VOUCHER');
    try {
      await this.d1.batch([
        this.d1
          .prepare(
            `UPDATE vouchers SET name = ?, description = ?, kind = ?, discount_type = ?, discount_value = ?, max_discount = ?, min_subtotal = ?, starts_at = ?,
               ends_at = ?, usage_limit = ?, per_user_limit = ?, scope_category_id = ?, scope_brand_id = ?, excluded_product_ids = ?, active = ?, updated_at = ? WHERE id = ?`,
          )
          .bind(next.name, next.description ?? null, next.kind, next.discountType, next.discountValue, next.maxDiscount ?? null, next.minSubtotal, next.startsAt, next.endsAt, next.usageLimit ?? null, next.perUserLimit, scope.categoryId, scope.brandId, JSON.stringify(next.excludedProductIds), next.active ? 1 : 0, now, id),
        this.audit(actor, 'voucher.update', id, { fields: Object.keys(p) }, now),
      ]);
    } catch (e) {
      if (/vouchers_usage_ck/.test(String(e))) throw new ConflictError('Giới hạn lượt dùng không thể nhỏ hơn số lượt đã dùng.', 'USAGE_LIMIT_BELOW_USED');
      throw e;
    }
    return this.get(id, now);
  }
}
