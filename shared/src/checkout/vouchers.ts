/**
 * Voucher rules, pure. Money is integer VND; a percent discount is rounded DOWN to the đồng (never over-discounts)
 * and capped; no discount exceeds what it applies to. At most one order voucher and one shipping voucher per order.
 */
export interface Voucher {
  id: string;
  code: string;
  name: string;
  kind: 'order' | 'shipping';
  discountType: 'percent' | 'fixed';
  discountValue: number;
  maxDiscount: number | null;
  minSubtotal: number;
  startsAt: number;
  endsAt: number;
  usageLimit: number | null;
  usedCount: number;
  perUserLimit: number;
  scopeCategoryPath: string | null;
  scopeBrandId: string | null;
  excludedProductIds: string[];
  active: boolean;
}

export interface VoucherLine {
  productId: string;
  brandId: string;
  categoryPath: string;
  /** Prescription medicine: never discounted online, whatever the voucher says (`RX_NEVER_DISCOUNTED`). */
  prescriptionRequired: boolean;
  lineTotal: number;
}

/**
 * The law's exclusion, owned here and nowhere else: prescription medicine is never discounted online. No voucher can
 * be set to include it (there is no field for it); `eligibleSubtotal` drops such lines, and the console and the
 * storefront show this text with every voucher's rule (`voucherConditions`).
 */
export const RX_NEVER_DISCOUNTED = 'Không áp dụng cho thuốc kê đơn (thuốc kê đơn không được giảm giá khi mua trực tuyến).';

export type VoucherProblem =
  | 'VOUCHER_INACTIVE'
  | 'VOUCHER_NOT_STARTED'
  | 'VOUCHER_EXPIRED'
  | 'VOUCHER_USED_UP'
  | 'VOUCHER_USER_LIMIT'
  | 'VOUCHER_MIN_SUBTOTAL'
  | 'VOUCHER_NOT_APPLICABLE'
  | 'VOUCHER_LOGIN_REQUIRED';

export const VOUCHER_MESSAGES: Record<VoucherProblem, string> = {
  VOUCHER_INACTIVE: 'Mã giảm giá không còn hiệu lực.',
  VOUCHER_NOT_STARTED: 'Mã giảm giá chưa đến thời gian áp dụng.',
  VOUCHER_EXPIRED: 'Mã giảm giá đã hết hạn.',
  VOUCHER_USED_UP: 'Mã giảm giá đã hết lượt sử dụng.',
  VOUCHER_USER_LIMIT: 'Bạn đã dùng hết lượt của mã giảm giá này.',
  VOUCHER_MIN_SUBTOTAL: 'Đơn hàng chưa đạt giá trị tối thiểu để dùng mã.',
  VOUCHER_NOT_APPLICABLE: 'Mã giảm giá không áp dụng cho sản phẩm trong giỏ.',
  VOUCHER_LOGIN_REQUIRED: 'Vui lòng đăng nhập để dùng mã giảm giá.',
};

/** The part of the subtotal a voucher may discount: its scope, minus excluded products and prescription medicine. */
export function eligibleSubtotal(v: Voucher, lines: readonly VoucherLine[]): number {
  return lines
    .filter((l) => !l.prescriptionRequired)
    .filter((l) => !v.excludedProductIds.includes(l.productId))
    .filter((l) => (v.scopeCategoryPath ? l.categoryPath.startsWith(v.scopeCategoryPath) : true))
    .filter((l) => (v.scopeBrandId ? l.brandId === v.scopeBrandId : true))
    .reduce((s, l) => s + l.lineTotal, 0);
}

export function discountAmount(v: Pick<Voucher, 'discountType' | 'discountValue' | 'maxDiscount'>, base: number): number {
  if (base <= 0) return 0;
  const raw = v.discountType === 'percent' ? Math.floor((base * v.discountValue) / 100) : v.discountValue;
  const capped = v.maxDiscount !== null ? Math.min(raw, v.maxDiscount) : raw;
  return Math.max(0, Math.min(capped, base));
}

/** Where a voucher stands at `now` (its schedule window is [startsAt, endsAt)): the console's status column and the first checks of `evaluateVoucher`. */
export type VoucherState = 'inactive' | 'scheduled' | 'ended' | 'used_up' | 'running';
export function voucherState(v: Pick<Voucher, 'active' | 'startsAt' | 'endsAt' | 'usageLimit' | 'usedCount'>, now: number): VoucherState {
  if (!v.active) return 'inactive';
  if (now < v.startsAt) return 'scheduled';
  if (now >= v.endsAt) return 'ended';
  if (v.usageLimit !== null && v.usedCount >= v.usageLimit) return 'used_up';
  return 'running';
}
export const VOUCHER_STATE_LABELS: Record<VoucherState, string> = { inactive: 'Đã tắt', scheduled: 'Chưa bắt đầu', ended: 'Đã kết thúc', used_up: 'Hết lượt', running: 'Đang chạy' };
const STATE_PROBLEMS: Record<Exclude<VoucherState, 'running'>, VoucherProblem> = { inactive: 'VOUCHER_INACTIVE', scheduled: 'VOUCHER_NOT_STARTED', ended: 'VOUCHER_EXPIRED', used_up: 'VOUCHER_USED_UP' };

export function evaluateVoucher(
  v: Voucher,
  ctx: { lines: readonly VoucherLine[]; shippingFee: number; now: number; userId: string | null; userRedemptions: number },
): { ok: true; discount: number } | { ok: false; problem: VoucherProblem } {
  const state = voucherState(v, ctx.now);
  if (state !== 'running') return { ok: false, problem: STATE_PROBLEMS[state] };
  if (!ctx.userId) return { ok: false, problem: 'VOUCHER_LOGIN_REQUIRED' };
  if (ctx.userRedemptions >= v.perUserLimit) return { ok: false, problem: 'VOUCHER_USER_LIMIT' };
  const eligible = eligibleSubtotal(v, ctx.lines);
  if (eligible === 0) return { ok: false, problem: 'VOUCHER_NOT_APPLICABLE' };
  if (eligible < v.minSubtotal) return { ok: false, problem: 'VOUCHER_MIN_SUBTOTAL' };
  const base = v.kind === 'order' ? eligible : ctx.shippingFee;
  return { ok: true, discount: discountAmount(v, base) };
}
