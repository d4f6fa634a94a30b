/**
 * A voucher's rule in plain Vietnamese, the one wording shoppers and staff read: the console's list and its live
 * preview while a voucher is being typed, the public voucher list (`GET /v1/vouchers`) and whatever the storefront
 * shows of a voucher. Pure (no zod, no D1), so the web app imports it as it is.
 *
 * The rule itself (what is discounted, how much) is owned by `checkout/vouchers.ts` (`evaluateVoucher`,
 * `eligibleSubtotal`, `discountAmount`); this only says it, with the same fields.
 */
import { RX_NEVER_DISCOUNTED } from '../checkout/vouchers';
import { formatVnd } from '../text';

export interface VoucherRuleInput {
  kind: 'order' | 'shipping';
  discountType: 'percent' | 'fixed';
  discountValue: number;
  maxDiscount?: number | null;
  minSubtotal?: number | null;
}

export interface VoucherConditionsInput extends VoucherRuleInput {
  startsAt?: number | null;
  endsAt?: number | null;
  usageLimit?: number | null;
  perUserLimit?: number | null;
  /** The scope's display names (category, brand), when the voucher is scoped. */
  scopeCategoryName?: string | null;
  scopeBrandName?: string | null;
  excludedProductIds?: readonly string[] | null;
}

/**
 * "Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ", "Giảm 20.000đ phí vận chuyển cho mọi đơn hàng",
 * "Miễn phí vận chuyển tối đa 30.000đ cho đơn từ 150.000đ".
 */
export function describeVoucherRule(v: VoucherRuleInput): string {
  const cap = v.maxDiscount ? ` tối đa ${formatVnd(v.maxDiscount)}` : '';
  const target = v.kind === 'shipping' ? ' phí vận chuyển' : '';
  let what: string;
  if (v.kind === 'shipping' && v.discountType === 'percent' && v.discountValue >= 100) what = `Miễn phí vận chuyển${cap}`;
  else if (v.discountType === 'percent') what = `Giảm ${v.discountValue}%${target}${cap}`;
  else what = `Giảm ${formatVnd(v.discountValue)}${target}`;
  const min = v.minSubtotal ?? 0;
  return `${what} ${min > 0 ? `cho đơn từ ${formatVnd(min)}` : 'cho mọi đơn hàng'}`;
}

const vnDate = (ms: number) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));

/**
 * The conditions under the rule, one sentence each: scope, excluded products, schedule, limits, and always the
 * prescription exclusion (`RX_NEVER_DISCOUNTED`, the law's rule enforced by `eligibleSubtotal`).
 */
export function voucherConditions(v: VoucherConditionsInput): string[] {
  const out: string[] = [];
  const scope = [v.scopeCategoryName && `danh mục “${v.scopeCategoryName}”`, v.scopeBrandName && `thương hiệu “${v.scopeBrandName}”`].filter(Boolean);
  if (scope.length) out.push(`Chỉ áp dụng cho sản phẩm thuộc ${scope.join(' và ')}; giá trị tối thiểu tính trên các sản phẩm này.`);
  const excluded = v.excludedProductIds?.length ?? 0;
  if (excluded > 0) out.push(`Không áp dụng cho ${excluded} sản phẩm được loại trừ.`);
  if (v.startsAt && v.endsAt) out.push(`Áp dụng từ ${vnDate(v.startsAt)} đến trước ${vnDate(v.endsAt)}.`);
  if (v.usageLimit) out.push(`Tổng cộng ${v.usageLimit.toLocaleString('vi-VN')} lượt dùng.`);
  if (v.perUserLimit) out.push(`Mỗi khách dùng tối đa ${v.perUserLimit} lần; cần đăng nhập.`);
  out.push(RX_NEVER_DISCOUNTED);
  return out;
}
