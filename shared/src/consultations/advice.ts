/**
 * The pharmacist's decision on a consultation (issue 15, ADR 0030), pure parts: the request and answer schemas, the
 * reject reasons and THE split of advised items between the online quote and a pickup reservation. The D1 side is
 * advice.d1.ts.
 */
import { z } from '@hono/zod-openapi';
import { PICKUP_STATUSES, REJECT_REASONS } from '../db/schema';
import { rxLineProblem, type UnitRecord } from '../checkout/pricing';
import { PharmacyLocationSchema } from '../pickup/locations';

export const MAX_ADVICE_ITEMS = 20;
export const DEFAULT_QUOTE_VALID_HOURS = 48;
export const MAX_VALID_HOURS = 7 * 24;

export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  unreadable: 'Ảnh đơn thuốc không đọc được',
  expired_prescription: 'Đơn thuốc đã hết hạn',
  needs_doctor: 'Cần khám bác sĩ',
  not_stocked: 'Nhà thuốc không có sản phẩm',
  other: 'Lý do khác',
};

const Id = z.string().min(10).max(40);

export const AdviceBodySchema = z
  .object({
    note: z.string().trim().min(1, 'Cần nhập lời tư vấn cho khách hàng.').max(4000),
    items: z
      .array(
        z
          .object({
            productId: Id,
            unitId: Id,
            quantity: z.number().int().min(1).max(100),
            instructions: z.string().trim().min(1, 'Cần nhập hướng dẫn sử dụng.').max(1000),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ADVICE_ITEMS),
    locationId: Id.optional().openapi({ description: 'The pharmacy location of the pickup reservation: required when any item is reserved for pickup' }),
    quoteValidHours: z.number().int().min(1).max(MAX_VALID_HOURS).default(DEFAULT_QUOTE_VALID_HOURS),
    pickupValidHours: z.number().int().min(1).max(MAX_VALID_HOURS).default(48),
  })
  .strict()
  .openapi('AdviceBody');
export type AdviceBody = z.infer<typeof AdviceBodySchema>;

export const RejectBodySchema = z
  .object({ reason: z.enum(REJECT_REASONS), note: z.string().trim().min(1, 'Cần nhập ghi chú cho khách hàng.').max(2000) })
  .strict()
  .openapi('ConsultationRejectBody');
export type RejectBody = z.infer<typeof RejectBodySchema>;

/**
 * THE split of an advised item: into the online quote when THE online prescription rule (`rxLineProblem`) would let it
 * into an order from a valid quote now — an OTC product always, a prescription-only one only while the epidemic
 * exception is on — and otherwise (prescription-only, special control) into a pickup reservation at the counter.
 */
export function advicePlace(u: Pick<UnitRecord, 'prescriptionRequired' | 'specialControl'>, rxOnlineException: boolean): 'quote' | 'pickup' {
  const aValidQuote = { id: '', unitId: '', quantity: 1, unitPrice: 0, expiresAt: Number.MAX_SAFE_INTEGER };
  return rxLineProblem(u, aValidQuote, { rxOnlineException }) === null ? 'quote' : 'pickup';
}

export const AdviceSchema = z
  .object({
    pharmacist: z.object({ name: z.string(), practisingCertificate: z.string().nullable() }),
    note: z.string(),
    decidedAt: z.number().int(),
    quote: z
      .object({
        id: z.string(),
        expiresAt: z.number().int(),
        expired: z.boolean(),
        items: z.array(
          z.object({
            id: z.string(),
            productId: z.string(),
            productSlug: z.string(),
            productName: z.string(),
            unitId: z.string(),
            unitName: z.string(),
            quantity: z.number().int(),
            unitPrice: z.number().int(),
            lineTotal: z.number().int(),
            instructions: z.string(),
            prescriptionRequired: z.boolean(),
          }),
        ),
        total: z.number().int(),
      })
      .nullable(),
    reservation: z
      .object({
        id: z.string(),
        code: z.string(),
        status: z.enum(PICKUP_STATUSES),
        statusLabel: z.string(),
        expiresAt: z.number().int(),
        location: PharmacyLocationSchema,
        items: z.array(z.object({ productName: z.string(), unitName: z.string(), quantity: z.number().int(), instructions: z.string() })),
      })
      .nullable(),
    rejection: z.object({ reason: z.enum(REJECT_REASONS), reasonLabel: z.string(), note: z.string() }).nullable(),
  })
  .openapi('ConsultationAdvice');
export type Advice = z.infer<typeof AdviceSchema>;
