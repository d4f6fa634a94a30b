/** Zod schemas of the review routes (#17, ADR 0037): requests (text capped by UGC_LIMITS) and typed answers. */
import { z } from '@hono/zod-openapi';
import { intQuery } from '../http/query';
import { textInput } from '../text-input';
import { UGC_LIMITS } from '../ugc/screen';
import { MAX_REVIEW_PHOTOS, REVIEW_HIDE_REASON_KEYS, REVIEW_SORTS } from './rules';

const { reviewBody, answerBody, moderationReason } = UGC_LIMITS;

export const ReviewPayloadSchema = z
  .object({
    orderCode: z.string().trim().min(4).max(32).openapi({ example: 'MC2611ABCD' }),
    productId: z.string().trim().min(1).max(64),
    rating: z.number().int().min(1, 'Chọn từ 1 đến 5 sao.').max(5, 'Chọn từ 1 đến 5 sao.'),
    body: textInput(reviewBody.min, reviewBody.max, { min: `Nội dung đánh giá cần ít nhất ${reviewBody.min} ký tự.`, max: `Nội dung đánh giá tối đa ${reviewBody.max} ký tự.` }),
  })
  .openapi('ReviewPayload');

const fileField = z.custom<File>((v) => v instanceof File);
export const ReviewSubmitSchema = z
  .object({
    payload: z.string().max(20_000).openapi({ description: 'JSON of ReviewPayload: { orderCode, productId, rating 1–5, body }' }),
    photos: z
      .union([fileField, z.array(fileField)])
      .optional()
      .openapi({ type: 'array', items: { type: 'string', format: 'binary' }, description: `Up to ${MAX_REVIEW_PHOTOS} images (JPEG/PNG/WebP, 8 MiB each); the type is detected from the bytes; metadata (EXIF/GPS) is removed` }),
  })
  .openapi('ReviewSubmit');

const PhotoSchema = z.object({ id: z.string(), url: z.string() });
const ReplySchema = z.object({ body: z.string(), pharmacistName: z.string(), heading: z.string().openapi({ example: 'Dược sĩ Lê Minh trả lời' }), at: z.number().int() }).nullable();

export const PublicReviewSchema = z
  .object({
    id: z.string(),
    rating: z.number().int().min(1).max(5),
    body: z.string(),
    authorName: z.string().openapi({ description: 'Given name and initials only' }),
    verifiedPurchase: z.literal(true),
    createdAt: z.number().int(),
    helpfulCount: z.number().int(),
    photos: z.array(PhotoSchema),
    reply: ReplySchema,
  })
  .openapi('PublicReview');

export const OwnReviewSchema = PublicReviewSchema.extend({ status: z.enum(['pending', 'approved', 'hidden']), statusLabel: z.string(), productId: z.string() }).openapi('OwnReview');

/** "Đánh giá của tôi" (account page): my reviews, newest first, with their moderation status and, when hidden, why. */
export const MyReviewSchema = OwnReviewSchema.omit({ productId: true })
  .extend({
    product: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    orderCode: z.string(),
    hiddenReason: z
      .object({ code: z.string(), label: z.string() })
      .nullable()
      .openapi({ description: 'Why it is hidden (a moderator’s reason, or `returned`: the order’s goods came back); null unless hidden' }),
  })
  .openapi('MyReview');
export const MyReviewsQuerySchema = z.object({ cursor: z.string().max(500).optional(), limit: intQuery(1, 50, 20) });
export const MyReviewListSchema = z.object({ items: z.array(MyReviewSchema), nextCursor: z.string().nullable() }).openapi('MyReviews');

export const ProductReviewsQuerySchema = z.object({
  star: intQuery(1, 5).optional().openapi({ description: 'Only reviews with this many stars' }),
  sort: z.enum(REVIEW_SORTS).default('newest').openapi({ description: 'newest | helpful (most helpful first)' }),
  cursor: z.string().max(500).optional(),
  limit: intQuery(1, 50, 10),
});

export const ProductReviewsSchema = z
  .object({
    summary: z.object({
      average: z.number().openapi({ description: 'Average of approved reviews (0 when none)' }),
      count: z.number().int(),
      histogram: z.object({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int() }),
    }),
    items: z.array(PublicReviewSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('ProductReviews');

export const ReviewableListSchema = z
  .object({
    items: z.array(
      z.object({ orderCode: z.string(), productId: z.string(), productSlug: z.string(), productName: z.string(), imageUrl: z.string().nullable(), orderedAt: z.number().int() }),
    ),
  })
  .openapi('ReviewableLines');

export const HelpfulAnswerSchema = z.object({ helpfulCount: z.number().int(), voted: z.literal(true) }).openapi('ReviewHelpful');

export const StaffReviewSchema = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'approved', 'hidden']),
    statusLabel: z.string(),
    rating: z.number().int(),
    body: z.string(),
    flags: z.array(z.object({ code: z.string(), label: z.string() })),
    product: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    orderCode: z.string(),
    author: z.object({ id: z.string(), name: z.string() }),
    photos: z.array(PhotoSchema),
    moderation: z.object({ reason: z.string().nullable(), reasonLabel: z.string().nullable(), note: z.string().nullable(), byName: z.string(), at: z.number().int() }).nullable(),
    reply: ReplySchema,
    helpfulCount: z.number().int(),
    createdAt: z.number().int(),
  })
  .openapi('StaffReview');

export const StaffReviewQueueQuerySchema = z.object({
  status: z.enum(['pending', 'approved', 'hidden', 'all']).default('all').openapi({ description: 'One state, or all (pending first)' }),
  cursor: z.string().max(500).optional(),
  limit: intQuery(1, 100, 30),
});

export const StaffReviewQueueSchema = z
  .object({
    items: z.array(StaffReviewSchema),
    pendingCount: z.number().int(),
    nextCursor: z.string().nullable(),
    hideReasons: z.array(z.object({ code: z.string(), label: z.string() })),
  })
  .openapi('StaffReviewQueue');

export const HideReviewSchema = z
  .object({
    reason: z.enum(REVIEW_HIDE_REASON_KEYS),
    note: textInput(moderationReason.min, moderationReason.max).optional(),
  })
  .openapi('HideReview');

export const ReplyReviewSchema = z.object({ body: textInput(answerBody.min, answerBody.max) }).openapi('ReplyReview');
