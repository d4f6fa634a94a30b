/**
 * Reviews, the shopper's side (#17, ADR 0037): what I may review (received order lines not reviewed yet), writing a
 * review with photos (held for moderation), a product's approved reviews (summary, histogram, star filter, sort,
 * cursor), "helpful" votes, and the review photos (public once approved; before, the author's and staff's only).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { enforce } from '@medicare/shared/auth/ratelimit';
import { NotFoundError } from '@medicare/shared/errors';
import { errorResponses, parseJsonField } from '@medicare/shared/http/app';
import { allowBody } from '@medicare/shared/http/declared';
import { MAX_REVIEW_SUBMISSION_BYTES, prepareReviewPhotos } from '@medicare/shared/reviews/photos';
import { createReview, myReviews, ownReview, photoFor, productReviews, reviewableLines, voteHelpful } from '@medicare/shared/reviews/repo.d1';
import {
  HelpfulAnswerSchema,
  MyReviewListSchema,
  MyReviewsQuerySchema,
  OwnReviewSchema,
  ProductReviewsQuerySchema,
  ProductReviewsSchema,
  ReviewableListSchema,
  ReviewPayloadSchema,
  ReviewSubmitSchema,
} from '@medicare/shared/reviews/schemas';
import { screenUserText } from '@medicare/shared/ugc/screen';
import { optionalUser, requireUser } from '../auth';
import type { ApiEnv } from '../env';
import { rateLimiter } from '../adapters';

const tags = ['Reviews'];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const SlugParam = z.object({ slug: z.string().min(1).max(200).openapi({ param: { name: 'slug', in: 'path' }, example: 'panadol-extra' }) });

/** Per account: writing reviews and voting (one bucket per action, team decision 2). */
const CREATE_LIMIT: [number, number] = [10, 3600];
const HELPFUL_LIMIT: [number, number] = [60, 3600];

const reviewableRoute = createRoute({
  method: 'get',
  path: '/v1/me/reviewable',
  tags,
  security,
  summary: 'My received order lines not reviewed yet (one review per product per order)',
  responses: { 200: json(ReviewableListSchema, 'Order lines I may review'), ...errorResponses(401) },
});
const myReviewsRoute = createRoute({
  method: 'get',
  path: '/v1/me/reviews',
  tags,
  security,
  summary: 'My reviews, newest first, with their status (pending, approved, hidden with the reason) and the pharmacist’s reply',
  description: '400 `INVALID_CURSOR` for a cursor of another list. Photos of my pending reviews are visible to me.',
  request: { query: MyReviewsQuerySchema },
  responses: { 200: json(MyReviewListSchema, 'My reviews'), ...errorResponses(400, 401) },
});
const createReviewRoute = createRoute({
  method: 'post',
  path: '/v1/reviews',
  tags,
  security,
  summary: 'Review a product of one of my received orders (held for moderation), with up to 3 photos',
  description:
    'Multipart: `payload` (JSON ReviewPayload) + `photos`. 403 `REVIEW_NOT_PURCHASED` (not my order, or the order has no line of the product), ' +
    '409 `REVIEW_NOT_DELIVERED` (the order has not been delivered), 409 `REVIEW_EXISTS` (already reviewed for this order). Photos: JPEG/PNG/WebP from the bytes ' +
    '(415 `UNSUPPORTED_FILE_TYPE` / `INVALID_FILE`), 8 MiB each (413 `FILE_TOO_LARGE`), at most 3 (400 `TOO_MANY_FILES`); metadata removed. 429 after 10 an hour.',
  request: { body: { required: true, content: { 'multipart/form-data': { schema: ReviewSubmitSchema } } } },
  responses: { 201: json(OwnReviewSchema, 'The review, pending moderation'), ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
});
const productReviewsRoute = createRoute({
  method: 'get',
  path: '/v1/product-reviews/{slug}',
  tags,
  summary: "A product's approved reviews: average, count, histogram per star, one page (star filter, newest or most helpful)",
  description:
    '404 `PRODUCT_NOT_FOUND`; 400 `INVALID_CURSOR` for a cursor of another sort or star filter. Not under /v1/products/*: the catalogue ' +
    'edge cache there keys on the catalogue version and drops unknown query parameters, and helpful counts change without a catalogue write.',
  request: { params: SlugParam, query: ProductReviewsQuerySchema },
  responses: { 200: json(ProductReviewsSchema, 'Reviews'), ...errorResponses(400, 404) },
});
const helpfulRoute = createRoute({
  method: 'post',
  path: '/v1/reviews/{id}/helpful',
  tags,
  security,
  summary: 'Mark an approved review as helpful (one vote per account; voting again changes nothing)',
  description: '403 `REVIEW_OWN` on my own review; 404 `REVIEW_NOT_FOUND` (also while it is not approved); 429 after 60 votes an hour.',
  request: { params: IdParam },
  responses: { 200: json(HelpfulAnswerSchema, 'The helpful count'), ...errorResponses(400, 401, 403, 404, 429) },
});
const photoRoute = createRoute({
  method: 'get',
  path: '/v1/review-photos/{id}',
  tags,
  summary: "A review's photo (metadata stripped): public once the review is approved; before that, only its author and staff",
  description: '404 `FILE_NOT_FOUND` for anyone else.',
  request: { params: IdParam },
  responses: {
    200: { description: 'The photo', content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp'].map((t) => [t, { schema: z.any().openapi({ type: 'string', format: 'binary' }) }])) },
    ...errorResponses(400, 401, 404),
  },
});


const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/me/reviewable', requireUser());
base.use('/v1/me/reviews', requireUser());
base.on('POST', '/v1/reviews', requireUser());
base.on('POST', '/v1/reviews', allowBody(MAX_REVIEW_SUBMISSION_BYTES, { code: 'FILE_TOO_LARGE', message: 'Tổng dung lượng ảnh gửi lên quá lớn.' }));
base.on('POST', '/v1/reviews/:id/helpful', requireUser());
base.use('/v1/review-photos/:id', optionalUser());

export const reviewRoutes = base
  .openapi(reviewableRoute, async (c) => c.json({ items: await reviewableLines(c.var.db, c.var.principal!.userId) }, 200))
  .openapi(myReviewsRoute, async (c) => c.json(await myReviews(c.var.db, c.var.principal!.userId, c.req.valid('query')), 200))
  .openapi(createReviewRoute, async (c) => {
    const userId = c.var.principal!.userId;
    const now = Date.now();
    await enforce(rateLimiter(c), now, [['review.create', userId, ...CREATE_LIMIT]]);
    const form = c.req.valid('form');
    const payload = parseJsonField(form.payload, ReviewPayloadSchema);
    const photos = await prepareReviewPhotos(form.photos === undefined ? [] : Array.isArray(form.photos) ? form.photos : [form.photos]);
    const id = await createReview(c.var.db, c.env.FILES_BUCKET, { userId, ...payload, flags: screenUserText(payload.body), photos }, now);
    return c.json(await ownReview(c.var.db, id), 201);
  })
  .openapi(productReviewsRoute, async (c) => {
    const q = c.req.valid('query');
    const answer = await productReviews(c.var.db, c.req.valid('param').slug, q);
    if (!answer) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
    return c.json(answer, 200);
  })
  .openapi(helpfulRoute, async (c) => {
    const userId = c.var.principal!.userId;
    const now = Date.now();
    await enforce(rateLimiter(c), now, [['review.helpful', userId, ...HELPFUL_LIMIT]]);
    const { helpfulCount } = await voteHelpful(c.var.db, { reviewId: c.req.valid('param').id, userId, now });
    return c.json({ helpfulCount, voted: true as const }, 200);
  })
  .openapi(photoRoute, async (c) => {
    const photo = await photoFor(c.var.db, c.req.valid('param').id);
    const p = c.var.principal;
    const isPublic = photo?.status === 'approved';
    const allowed = photo && (isPublic || (p && (p.userId === photo.userId || p.role === 'admin' || p.role === 'pharmacist')));
    const obj = allowed ? await c.env.FILES_BUCKET.get(photo.r2Key) : null;
    if (!photo || !obj) throw new NotFoundError('Không tìm thấy ảnh.', 'FILE_NOT_FOUND');
    return new Response(obj.body, {
      headers: {
        'content-type': photo.contentType,
        'content-length': String(obj.size),
        // An approved review's photo may be cached (hiding it later stops new links, not a browser's copy for a day).
        'cache-control': isPublic ? 'public, max-age=3600' : 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    }) as never;
  });
