/**
 * #18 prescription reading and drug-photo search (ADR 0045): what the vision model is asked to return (structured
 * output through `zodResponseFormat`), and the draft the pharmacist works on. The model's answer is data: it is parsed
 * by these schemas, clamped to the draft's limits, and matched to OUR catalogue (match.d1.ts) — a product the model
 * names is never shown unless our search finds it.
 */
import { z } from '@hono/zod-openapi';
import { optionalTextInput, textInput } from '../text-input';

// ---- What the model returns (no length constraints here: strict structured outputs; clamped afterwards) ----------
export const RxExtractionSchema = z.object({
  /** false when the image is not a prescription or cannot be read (then `drugs` is empty). */
  readable: z.boolean(),
  drugs: z.array(
    z.object({
      name: z.string(),
      strength: z.string().nullable(),
      form: z.string().nullable(),
      quantity: z.string().nullable(),
      instructions: z.string().nullable(),
    }),
  ),
  prescriber: z.string().nullable(),
  date: z.string().nullable(),
});
export type RxExtraction = z.infer<typeof RxExtractionSchema>;

/** A drug box / blister photographed by a shopper: the name and strength printed on it. */
export const BoxReadingSchema = z.object({
  readable: z.boolean(),
  name: z.string().nullable(),
  strength: z.string().nullable(),
  form: z.string().nullable(),
});
export type BoxReading = z.infer<typeof BoxReadingSchema>;

// ---- Limits of a draft ------------------------------------------------------------------------------------------
export const MAX_DRAFT_ITEMS = 20;
export const RX_TEXT_LIMITS = { name: 200, strength: 60, form: 60, quantity: 60, instructions: 500, prescriber: 200, date: 40 } as const;

const clamp = (v: string | null | undefined, max: number): string | null => {
  const t = (v ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, max) : null;
};

/** The model's drugs as draft rows (text clamped, empty names dropped, at most MAX_DRAFT_ITEMS). */
export function clampExtraction(x: RxExtraction) {
  const L = RX_TEXT_LIMITS;
  return {
    prescriber: clamp(x.prescriber, L.prescriber),
    prescribedOn: clamp(x.date, L.date),
    drugs: x.drugs
      .map((d) => ({ name: clamp(d.name, L.name), strength: clamp(d.strength, L.strength), form: clamp(d.form, L.form), quantity: clamp(d.quantity, L.quantity), instructions: clamp(d.instructions, L.instructions) }))
      .filter((d): d is typeof d & { name: string } => d.name !== null)
      .slice(0, MAX_DRAFT_ITEMS),
  };
}

// ---- Catalogue matches ------------------------------------------------------------------------------------------
export const RxMatchSchema = z
  .object({
    productId: z.string(),
    slug: z.string(),
    name: z.string(),
    dosageForm: z.string(),
    strength: z.string().nullable().openapi({ description: "The product's strength as printed (its ingredients'), if known" }),
    prescriptionRequired: z.boolean(),
    purchaseMode: z.enum(['cart', 'consultation']),
    confidence: z.number().min(0).max(1).openapi({ description: 'ingredient 0.5 + strength 0.3 + dosage form 0.2 (shared/src/prescriptions/match.ts)' }),
  })
  .openapi('RxMatch');
export type RxMatch = z.infer<typeof RxMatchSchema>;

// ---- The draft ----------------------------------------------------------------------------------------------------
const L = RX_TEXT_LIMITS;
export const RxDraftItemSchema = z
  .object({
    name: z.string(),
    strength: z.string().nullable(),
    form: z.string().nullable(),
    quantity: z.string().nullable(),
    instructions: z.string().nullable(),
    /** The product the pharmacist keeps (the best match until they pick another or none). */
    productId: z.string().nullable(),
    /** Our catalogue's candidates for this row, best first (recomputed on every save). */
    matches: z.array(RxMatchSchema),
  })
  .openapi('RxDraftItem');
export type RxDraftItem = z.infer<typeof RxDraftItemSchema>;

export const RxDraftSchema = z
  .object({
    consultationId: z.string(),
    fileId: z.string().nullable(),
    source: z.enum(['model', 'manual', 'edited']).openapi({ description: '`model`: read by the vision model; `manual`: typed by the pharmacist; `edited`: a model draft corrected' }),
    model: z.string().nullable(),
    prescriber: z.string().nullable(),
    prescribedOn: z.string().nullable(),
    items: z.array(RxDraftItemSchema),
    updatedBy: z.string().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('RxDraft');
export type RxDraft = z.infer<typeof RxDraftSchema>;

export const RxReaderSchema = z
  .object({
    mode: z.enum(['model', 'off']).openapi({ description: '`off`: no OpenAI key on the recommendation Worker; the pharmacist types the draft by hand' }),
    label: z.string(),
  })
  .openapi('RxReader');

export const RxDraftAnswerSchema = z.object({ draft: RxDraftSchema.nullable(), reader: RxReaderSchema }).openapi('RxDraftAnswer');

/** The pharmacist's save: the rows as corrected (matches are recomputed by the server). */
export const RxDraftInputSchema = z
  .object({
    prescriber: optionalTextInput(L.prescriber).optional(),
    prescribedOn: optionalTextInput(L.date).optional(),
    items: z
      .array(
        z
          .object({
            name: textInput(1, L.name, { min: 'Nhập tên thuốc.' }),
            strength: optionalTextInput(L.strength).optional(),
            form: optionalTextInput(L.form).optional(),
            quantity: optionalTextInput(L.quantity).optional(),
            instructions: optionalTextInput(L.instructions).optional(),
            productId: z.string().min(10).max(40).nullable().optional(),
          })
          .strict(),
      )
      .max(MAX_DRAFT_ITEMS, `Tối đa ${MAX_DRAFT_ITEMS} dòng thuốc.`),
  })
  .strict()
  .openapi('RxDraftInput');
export type RxDraftInput = z.infer<typeof RxDraftInputSchema>;

export const RxReadInputSchema = z.object({ fileId: z.string().min(10).max(40).optional() }).strict().openapi('RxReadInput');

// ---- The internal call: api Worker → recommendation Worker ------------------------------------------------------
/** What the recommendation Worker's `/internal/rx/read` answers: the clamped reading, matched to the catalogue. */
export const RxReadingSchema = z.object({
  model: z.string(),
  prescriber: z.string().nullable(),
  prescribedOn: z.string().nullable(),
  items: z.array(RxDraftItemSchema),
});
export type RxReading = z.infer<typeof RxReadingSchema>;

export const AiStatusSchema = z.object({ vision: z.boolean() });

/** The labels the console shows for the reader (one place). */
export const RX_READER_LABELS = {
  model: 'Đọc đơn thuốc bằng AI',
  off: 'Trình đọc AI đang tắt (chưa cấu hình khóa OpenAI) — dược sĩ nhập bản nháp bằng tay',
} as const;
