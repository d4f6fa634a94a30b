/** Product questions' API shapes (#17, ADR 0038). Text fields follow UGC_LIMITS (shared/src/ugc/screen.ts). */
import { z } from '@hono/zod-openapi';
import { QUESTION_STATUSES } from '../db/schema';
import { textInput } from '../text-input';
import { UGC_LIMITS, type UgcFlag } from '../ugc/screen';

const { questionBody, answerBody, moderationReason } = UGC_LIMITS;

export const QuestionStatusSchema = z.enum(QUESTION_STATUSES).openapi('QuestionStatus');

export const AskQuestionSchema = z
  .object({
    productId: z.string().min(10).max(40),
    body: textInput(questionBody.min, questionBody.max, {
      min: `Câu hỏi cần ít nhất ${questionBody.min} ký tự.`,
      max: `Câu hỏi tối đa ${questionBody.max} ký tự.`,
    }),
  })
  .openapi('AskQuestion');

export const AnswerQuestionSchema = z
  .object({ body: textInput(answerBody.min, answerBody.max, { min: `Câu trả lời cần ít nhất ${answerBody.min} ký tự.`, max: `Câu trả lời tối đa ${answerBody.max} ký tự.` }) })
  .openapi('AnswerQuestion');

export const HideQuestionSchema = z
  .object({ reason: textInput(moderationReason.min, moderationReason.max, { min: `Lý do cần ít nhất ${moderationReason.min} ký tự.`, max: `Lý do tối đa ${moderationReason.max} ký tự.` }) })
  .openapi('HideQuestion');

const ProductRefSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });
const AnswerSchema = z.object({ body: z.string(), pharmacistName: z.string(), answeredAt: z.number().int(), editedAt: z.number().int().nullable() });

/** A published question on the product page: only answered ones are public. */
export const PublicQuestionSchema = z.object({ id: z.string(), body: z.string(), askerName: z.string(), createdAt: z.number().int(), answer: AnswerSchema }).openapi('PublicQuestion');
export const PublicQuestionPageSchema = z.object({ items: z.array(PublicQuestionSchema), nextCursor: z.string().nullable() }).openapi('PublicQuestionPage');
export const PublicQuestionQuerySchema = z.object({
  product: z.string().min(1).max(200),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** The asker's own question ("Câu hỏi của tôi"): every status, the answer once published. */
export const MyQuestionSchema = z
  .object({
    id: z.string(),
    product: ProductRefSchema,
    body: z.string(),
    status: QuestionStatusSchema,
    statusLabel: z.string(),
    createdAt: z.number().int(),
    answer: AnswerSchema.nullable(),
  })
  .openapi('MyQuestion');
export const MyQuestionListSchema = z.object({ items: z.array(MyQuestionSchema) }).openapi('MyQuestionList');

export const QUESTION_QUEUE_FILTERS = ['pending', 'answered', 'hidden'] as const;
export const StaffQuestionQuerySchema = z.object({
  status: z.enum(QUESTION_QUEUE_FILTERS).default('pending'),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type StaffQuestionQuery = z.infer<typeof StaffQuestionQuerySchema>;

const FlagSchema = z.object({ code: z.string(), label: z.string() });
export const StaffQuestionSchema = z
  .object({
    id: z.string(),
    product: ProductRefSchema,
    askerName: z.string(),
    body: z.string(),
    flags: z.array(FlagSchema),
    status: QuestionStatusSchema,
    statusLabel: z.string(),
    createdAt: z.number().int(),
    /** Seconds since it was asked (pending) or until it was answered (answered), computed by the server. */
    waitingSeconds: z.number().int(),
    answer: AnswerSchema.nullable(),
    hidden: z.object({ reason: z.string(), at: z.number().int(), byName: z.string().nullable() }).nullable(),
  })
  .openapi('StaffQuestion');
export type StaffQuestion = z.infer<typeof StaffQuestionSchema>;
export const StaffQuestionQueueSchema = z
  .object({ items: z.array(StaffQuestionSchema), nextCursor: z.string().nullable(), counts: z.object({ pending: z.number().int(), flagged: z.number().int() }) })
  .openapi('StaffQuestionQueue');

export type FlagView = { code: UgcFlag; label: string };
