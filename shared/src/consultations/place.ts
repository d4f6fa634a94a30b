/**
 * The pure, dependency-light half of the pharmacist's decision (issue 15, ADR 0030): THE split of advised items between
 * the online quote and a pickup reservation, and the reject reasons' labels. Kept apart from advice.ts (zod schemas,
 * drizzle enums) so the console's advice form can run the same rule in the browser without their weight.
 */
import type { REJECT_REASONS } from '../db/schema';
import { rxLineProblem, type UnitRecord } from '../checkout/pricing';

export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  unreadable: 'Ảnh đơn thuốc không đọc được',
  expired_prescription: 'Đơn thuốc đã hết hạn',
  needs_doctor: 'Cần khám bác sĩ',
  not_stocked: 'Nhà thuốc không có sản phẩm',
  other: 'Lý do khác',
};

/**
 * THE split of an advised item: into the online quote when THE online prescription rule (`rxLineProblem`) would let it
 * into an order from a valid quote now — an OTC product always, a prescription-only one only while the epidemic
 * exception is on — and otherwise (prescription-only, special control) into a pickup reservation at the counter.
 */
export function advicePlace(u: Pick<UnitRecord, 'prescriptionRequired' | 'specialControl'>, rxOnlineException: boolean): 'quote' | 'pickup' {
  const aValidQuote = { id: '', unitId: '', quantity: 1, unitPrice: 0, expiresAt: Number.MAX_SAFE_INTEGER };
  return rxLineProblem(u, aValidQuote, { rxOnlineException }) === null ? 'quote' : 'pickup';
}
