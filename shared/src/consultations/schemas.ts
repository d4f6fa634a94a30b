/**
 * The consultation API's request and response schemas (#15, ADR 0029). The advice helper adds `advice` to both detail
 * schemas (`.extend`), the web imports the inferred types.
 */
import { z } from '@hono/zod-openapi';
import { normalizeEmail, normalizeVietnamesePhone } from '../auth/policy';
import { CONSULTATION_FILE_TYPES, CONSULTATION_STATUSES, CONTACT_TIMES } from '../db/schema';
import { optionalTextInput, textInput } from '../text-input';
import { AdviceSchema } from './advice';

export const CONSULTATION_CODE_PATTERN = /^TV[0-9A-HJKMNP-TV-Z]{8}$/;
export const MAX_PRODUCTS = 10;
export const MAX_TEXT = 2000;

const phone = z
  .string()
  .trim()
  .max(20)
  .transform((v, ctx) => {
    const n = normalizeVietnamesePhone(v);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: 'Số điện thoại không hợp lệ.' });
      return z.NEVER;
    }
    return n;
  })
  .openapi({ type: 'string', example: '0912345678', description: 'Vietnamese phone number; +84 accepted (normalised)' });
const email = z
  .string()
  .trim()
  .max(254)
  .email('Email không hợp lệ.')
  .transform(normalizeEmail)
  .openapi({ type: 'string', example: 'an.nguyen@example.com' });
const name = textInput(1, 100, { min: 'Vui lòng nhập họ tên.' });

export const ContactTimeSchema = z.enum(CONTACT_TIMES).openapi('PreferredContactTime');
export const CONTACT_TIME_LABELS: Record<(typeof CONTACT_TIMES)[number], string> = { any: 'Bất kỳ lúc nào', morning: 'Buổi sáng', afternoon: 'Buổi chiều', evening: 'Buổi tối' };
export const ConsultationStatusSchema = z.enum(CONSULTATION_STATUSES).openapi('ConsultationStatus');
export const ConsultationCodeSchema = z.string().trim().toUpperCase().pipe(z.string().regex(CONSULTATION_CODE_PATTERN, 'Mã yêu cầu tư vấn không hợp lệ.'));

// ---- Guest one-time code ------------------------------------------------------------------------------------------
export const OtpRequestSchema = z.object({ name, phone, email }).strict().openapi('ConsultationOtpRequest');
export const OtpRequestAnswerSchema = z
  .object({ expiresAt: z.number().int(), resendAfterSeconds: z.number().int() })
  .openapi('ConsultationOtpSent', { description: 'The code was emailed; it expires at `expiresAt` (ms), a new one may be asked for after `resendAfterSeconds`.' });
export const OtpVerifySchema = z.object({ phone, code: z.string().trim().regex(/^\d{6}$/, 'Mã gồm 6 chữ số.') }).strict().openapi('ConsultationOtpVerify');
export const GuestSchema = z.object({ name: z.string(), phone: z.string(), email: z.string() }).openapi('ConsultationGuest');
export const GuestAnswerSchema = z.object({ guest: GuestSchema }).openapi('ConsultationGuestIdentity');
/** The guest link of an email (signed, 7 days): exchanged for the guest identity cookie. */
export const GuestLinkSchema = z.object({ token: z.string().min(20).max(1000) }).strict().openapi('ConsultationGuestLink');
export const GuestLinkAnswerSchema = z.object({ code: z.string(), guest: GuestSchema }).openapi('ConsultationGuestLinkAnswer');

// ---- Submitting ---------------------------------------------------------------------------------------------------
/** The JSON `payload` part of the multipart submission. */
export const ConsultationPayloadSchema = z
  .object({
    productIds: z
      .array(z.string().min(10).max(40))
      .max(MAX_PRODUCTS, `Tối đa ${MAX_PRODUCTS} sản phẩm.`)
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, 'Sản phẩm bị trùng.'),
    symptoms: optionalTextInput(MAX_TEXT).optional(),
    note: optionalTextInput(MAX_TEXT).optional(),
    preferredContactTime: ContactTimeSchema.default('any'),
    contactPhone: phone.optional(),
    /** #18: opened from "Trợ lý Medicare" — the conversation whose transcript is attached (server-side, after checks). */
    assistantConversationId: z.string().min(10).max(40).optional(),
    assistantHandoffToken: z.string().min(20).max(1000).optional(),
  })
  .strict()
  .refine((p) => (p.assistantConversationId === undefined) === (p.assistantHandoffToken === undefined), { message: 'Thiếu mã hội thoại hoặc mã xác nhận của Trợ lý.', path: ['assistantHandoffToken'] })
  .openapi('ConsultationPayload');
export type ConsultationPayload = z.infer<typeof ConsultationPayloadSchema>;

export const ConsultationSubmitSchema = z
  .object({
    payload: z.string().max(20_000).openapi({ description: 'JSON of ConsultationPayload: { productIds ≤10, symptoms?, note?, preferredContactTime: any|morning|afternoon|evening, contactPhone?, assistantConversationId? + assistantHandoffToken? (from the assistant hand-off link) }' }),
    files: z
      .union([z.custom<File>((v) => v instanceof File), z.array(z.custom<File>((v) => v instanceof File))])
      .optional()
      .openapi({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'Up to 5 images (JPEG/PNG/WebP, 8 MiB each) or 1 PDF (10 MiB); the type is detected from the bytes; image metadata (EXIF/GPS) is removed' }),
  })
  .openapi('ConsultationSubmit');

// ---- Answers ------------------------------------------------------------------------------------------------------
export const ConsultationProductSchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), imageUrl: z.string().nullable(), prescriptionRequired: z.boolean() })
  .openapi('ConsultationProduct');
export const ConsultationFileSchema = z
  .object({
    id: z.string(),
    contentType: z.enum(CONSULTATION_FILE_TYPES),
    size: z.number().int(),
    url: z.string().openapi({ description: 'Signed link, valid 5 minutes (`GET /v1/consultation-files/{token}`)' }),
    urlExpiresAt: z.number().int(),
  })
  .openapi('ConsultationFile');
export const TimelineEntrySchema = z.object({ status: ConsultationStatusSchema, label: z.string(), at: z.number().int() }).openapi('ConsultationTimelineEntry');
export const PharmacistRefSchema = z.object({ name: z.string(), practisingCertificate: z.string().nullable() }).openapi('ConsultationPharmacist');

export const ConsultationDetailSchema = z
  .object({
    code: z.string(),
    status: ConsultationStatusSchema,
    statusLabel: z.string(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    symptoms: z.string().nullable(),
    note: z.string().nullable(),
    preferredContactTime: ContactTimeSchema,
    contactPhone: z.string(),
    products: z.array(ConsultationProductSchema),
    files: z.array(ConsultationFileSchema),
    timeline: z.array(TimelineEntrySchema),
    pharmacist: PharmacistRefSchema.nullable(),
    cancellable: z.boolean(),
    /** #15 advice: the pharmacist's decision (quote, pickup reservation or rejection); null until decided. */
    advice: AdviceSchema.nullable(),
  })
  .openapi('ConsultationDetail');
export type ConsultationDetail = z.infer<typeof ConsultationDetailSchema>;

export const ConsultationListSchema = z
  .object({
    items: z.array(
      z.object({ code: z.string(), status: ConsultationStatusSchema, statusLabel: z.string(), productNames: z.array(z.string()), createdAt: z.number().int(), updatedAt: z.number().int() }),
    ),
  })
  .openapi('ConsultationList');

// ---- Staff --------------------------------------------------------------------------------------------------------
export const QUEUE_FILTERS = ['waiting', 'mine', 'in_review', 'advised', 'rejected', 'cancelled', 'all'] as const;
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const StaffQueueQuerySchema = z.object({
  status: z.enum(QUEUE_FILTERS).default('waiting'),
  rx: boolQuery.optional(),
  q: optionalTextInput(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type StaffQueueQuery = z.infer<typeof StaffQueueQuerySchema>;

export const StaffQueueItemSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    status: ConsultationStatusSchema,
    statusLabel: z.string(),
    customerName: z.string(),
    isGuest: z.boolean(),
    productNames: z.array(z.string()),
    hasRx: z.boolean(),
    fileCount: z.number().int(),
    createdAt: z.number().int(),
    waitingSeconds: z.number().int(),
    pharmacistName: z.string().nullable(),
  })
  .openapi('StaffConsultationQueueItem');
export const StaffQueueSchema = z
  .object({ items: z.array(StaffQueueItemSchema), nextCursor: z.string().nullable(), counts: z.object({ waiting: z.number().int(), mine: z.number().int() }) })
  .openapi('StaffConsultationQueue');

export const StaffConsultationDetailSchema = ConsultationDetailSchema.extend({
  id: z.string(),
  source: z.enum(['form', 'chat']),
  customer: z.object({ userId: z.string().nullable(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable(), isGuest: z.boolean() }),
  holder: z.object({ id: z.string(), name: z.string() }).nullable(),
  history: z.object({
    consultations: z.array(z.object({ code: z.string(), status: ConsultationStatusSchema, statusLabel: z.string(), createdAt: z.number().int() })),
    orders: z.array(z.object({ code: z.string(), status: z.string(), total: z.number().int(), createdAt: z.number().int() })),
  }),
}).openapi('StaffConsultationDetail');
export type StaffConsultationDetail = z.infer<typeof StaffConsultationDetailSchema>;
