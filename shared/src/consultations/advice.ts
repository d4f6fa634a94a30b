/**
 * The pharmacist's decision on a consultation (issue 15, ADR 0030), pure parts: the request and answer schemas, the
 * reject reasons and THE split of advised items between the online quote and a pickup reservation. The D1 side is
 * advice.d1.ts.
 */
import { z } from '@hono/zod-openapi';
import { PICKUP_STATUSES, REJECT_REASONS } from '../db/schema';
import { PharmacyLocationSchema } from '../pickup/locations';
import { textInput } from '../text-input';

// The split rule and the reject labels live in ./place (no zod, no drizzle): the console's advice form runs them too.
export { advicePlace, REJECT_REASON_LABELS, type RejectReason } from './place';

export const MAX_ADVICE_ITEMS = 20;
export const DEFAULT_QUOTE_VALID_HOURS = 48;
export const MAX_VALID_HOURS = 7 * 24;

const Id = z.string().min(10).max(40);

export const AdviceBodySchema = z
  .object({
    note: textInput(1, 4000, { min: 'Cần nhập lời tư vấn cho khách hàng.' }),
    items: z
      .array(
        z
          .object({
            productId: Id,
            unitId: Id,
            quantity: z.number().int().min(1).max(100),
            instructions: textInput(1, 1000, { min: 'Cần nhập hướng dẫn sử dụng.' }),
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
  .object({ reason: z.enum(REJECT_REASONS), note: textInput(1, 2000, { min: 'Cần nhập ghi chú cho khách hàng.' }) })
  .strict()
  .openapi('ConsultationRejectBody');
export type RejectBody = z.infer<typeof RejectBodySchema>;

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
            /** On an order that is not cancelled or expired (quote-use.ts): a quote item is bought once. */
            ordered: z.boolean(),
          }),
        ),
        total: z.number().int(),
        /**
         * Some prescription item of this quote can't be ordered online any more (the epidemic exception was turned off
         * after the advice): the shopper is told to contact the pharmacy (ADR 0030).
         */
        rxOnlineUnavailable: z.boolean(),
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
