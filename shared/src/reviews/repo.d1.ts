/**
 * Reviews in D1 (#17, ADR 0037). Every write is one batch with its guard in SQL:
 * - create: the INSERT … SELECT only inserts when the order is the reviewer's, has received the goods (`RECEIVED`,
 *   orders/state.ts) and has a line of the product; the unique (order, product) index refuses a second one.
 * - moderation: the UPDATE is guarded by the move's source states (`reviewMoveGuardSql`), the audit row is written only
 *   if it changed the review, and the product's rating is RECOMPUTED from its approved rows in the same batch, so a
 *   double click or two moderators at once can never count a review twice.
 * Review bodies are health data: they never reach the audit log, logs or error messages.
 */
import { auditReadBack, auditStatement, auditWritten } from '../audit/write.d1';
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { imageUrl } from '../catalog/service';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { newId } from '../ids';
import { RECEIVED, statusInSql } from '../orders/state';
import { UGC_FLAG_LABELS, type UgcFlag } from '../ugc/screen';
import type { PreparedPhoto } from './photos';
import { mayMoveReview, REVIEW_STATUS_LABELS, replyHeading, reviewHideReasonLabel, reviewMoveGuardSql, reviewMoveTarget, type ReviewHideReason, type ReviewMove, type ReviewSort, type ReviewStatus } from './rules';
import { ratingRecomputeStatement } from './aggregate.d1';
import { DELETED_NAME } from '../legal/deletion';
import { shopVisibleSql } from '../catalog/visibility';

const EXT: Record<PreparedPhoto['contentType'], string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
export const reviewPhotoUrl = (photoId: string) => `/v1/review-photos/${photoId}`;

/** "Nguyễn Văn An" → "N. V. An": the given name, initials for the rest (a review on a medicine says something about health). */
export function reviewerDisplayName(name: string | null): string {
  // An account deleted at its owner's request keeps its published reviews under no name at all.
  if (name === DELETED_NAME) return 'Khách hàng';
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'Khách hàng';
  if (words.length === 1) return words[0]!;
  return [...words.slice(0, -1).map((w) => `${w[0]!.toUpperCase()}.`), words.at(-1)!].join(' ');
}

// ---- Reviewable lines -------------------------------------------------------------------------------------------
const RECEIVED_SQL = (col: string) => statusInSql(RECEIVED, col);

export interface ReviewableLine {
  orderCode: string;
  productId: string;
  productSlug: string;
  productName: string;
  imageUrl: string | null;
  orderedAt: number;
}

/** The account's received order lines (one per order and product) not reviewed yet, newest order first. */
export async function reviewableLines(db: D1Database, userId: string, limit = 50): Promise<ReviewableLine[]> {
  const rows = await db
    .prepare(
      `SELECT o.code AS orderCode, l.product_id AS productId, MIN(l.product_slug) AS productSlug, MIN(l.product_name) AS productName,
              MIN(l.image_key) AS imageKey, o.created_at AS orderedAt
         FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.user_id = ? AND ${RECEIVED_SQL('o.status')}
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.order_id = o.id AND r.product_id = l.product_id)
        GROUP BY o.id, l.product_id
        ORDER BY o.created_at DESC, l.product_id
        LIMIT ?`,
    )
    .bind(userId, limit)
    .all<Omit<ReviewableLine, 'imageUrl'> & { imageKey: string | null }>();
  return rows.results.map(({ imageKey, ...r }) => ({ ...r, imageUrl: imageKey ? imageUrl(imageKey) : null }));
}

// ---- Create -----------------------------------------------------------------------------------------------------
export interface NewReview {
  userId: string;
  orderCode: string;
  productId: string;
  rating: number;
  body: string;
  flags: UgcFlag[];
  photos: PreparedPhoto[];
}

/** Why a review may not be written (read after the guarded insert changed nothing). */
async function refusalOf(db: D1Database, r: NewReview): Promise<Error> {
  const row = await db
    .prepare(
      `SELECT o.id, o.status, o.user_id AS userId,
              EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.product_id = ?) AS hasLine,
              EXISTS (SELECT 1 FROM reviews v WHERE v.order_id = o.id AND v.product_id = ?) AS reviewed
         FROM orders o WHERE o.code = ?`,
    )
    .bind(r.productId, r.productId, r.orderCode)
    .first<{ id: string; status: string; userId: string | null; hasLine: number; reviewed: number }>();
  if (!row || row.userId !== r.userId || !row.hasLine) return new ForbiddenError('Bạn chỉ có thể đánh giá sản phẩm đã mua trong đơn hàng của mình.', 'REVIEW_NOT_PURCHASED');
  if (row.reviewed) return new ConflictError('Bạn đã đánh giá sản phẩm này cho đơn hàng này.', 'REVIEW_EXISTS');
  return new ConflictError('Chỉ đánh giá được sau khi đơn hàng đã giao thành công.', 'REVIEW_NOT_DELIVERED', { status: row.status });
}

/**
 * Writes a pending review and its photos (bytes to the private bucket under reviews/ first, rows in one batch).
 * Throws 403 REVIEW_NOT_PURCHASED, 409 REVIEW_NOT_DELIVERED or 409 REVIEW_EXISTS (objects put are removed again).
 */
export async function createReview(db: D1Database, bucket: R2Bucket, r: NewReview, now: number): Promise<string> {
  const id = newId();
  // Cheap refusal before any upload (the guarded insert below decides; this only avoids storing objects for nothing).
  const pre = await db
    .prepare(
      `SELECT 1 AS ok FROM orders o WHERE o.code = ? AND o.user_id = ? AND ${RECEIVED_SQL('o.status')}
          AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.product_id = ?)
          AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.order_id = o.id AND v.product_id = ?)`,
    )
    .bind(r.orderCode, r.userId, r.productId, r.productId)
    .first();
  if (!pre) throw await refusalOf(db, r);
  const photos = r.photos.map((p, position) => ({ ...p, position, id: newId(), key: `reviews/${id}/${position}-${newId()}.${EXT[p.contentType]}` }));
  await Promise.all(photos.map((p) => bucket.put(p.key, p.bytes, { httpMetadata: { contentType: p.contentType } })));
  try {
    const [insert] = await db.batch([
      db
        .prepare(
          `INSERT INTO reviews (id, product_id, order_id, user_id, rating, body, flags, status, helpful_count, created_at, updated_at)
           SELECT ?, l.product_id, o.id, o.user_id, ?, ?, ?, 'pending', 0, ?, ?
             FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.product_id = ?
            WHERE o.code = ? AND o.user_id = ? AND ${RECEIVED_SQL('o.status')}
            LIMIT 1
           ON CONFLICT (order_id, product_id) DO NOTHING`,
        )
        .bind(id, r.rating, r.body, JSON.stringify(r.flags), now, now, r.productId, r.orderCode, r.userId),
      ...photos.map((p) =>
        db
          .prepare('INSERT INTO review_photos (id, review_id, position, r2_key, content_type, size, created_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM reviews WHERE id = ?)')
          .bind(p.id, id, p.position, p.key, p.contentType, p.bytes.length, now, id),
      ),
    ]);
    if (!insert?.meta.changes) throw await refusalOf(db, r);
  } catch (e) {
    if (photos.length) await bucket.delete(photos.map((p) => p.key)).catch(() => undefined);
    throw e;
  }
  return id;
}

// ---- Reading ----------------------------------------------------------------------------------------------------
interface ReviewRow {
  id: string;
  productId: string;
  orderId: string;
  userId: string;
  rating: number;
  body: string;
  flags: string;
  status: ReviewStatus;
  moderationReason: string | null;
  moderationNote: string | null;
  moderatedBy: string | null;
  moderatedAt: number | null;
  replyBody: string | null;
  replyBy: string | null;
  replyAt: number | null;
  helpfulCount: number;
  createdAt: number;
  authorName: string | null;
  replyByName: string | null;
}

const REVIEW_COLUMNS = `r.id, r.product_id AS productId, r.order_id AS orderId, r.user_id AS userId, r.rating, r.body, r.flags, r.status,
  r.moderation_reason AS moderationReason, r.moderation_note AS moderationNote, r.moderated_by AS moderatedBy, r.moderated_at AS moderatedAt,
  r.reply_body AS replyBody, r.reply_by AS replyBy, r.reply_at AS replyAt, r.helpful_count AS helpfulCount, r.created_at AS createdAt,
  u.name AS authorName, ru.name AS replyByName`;
const REVIEW_FROM = 'reviews r JOIN users u ON u.id = r.user_id LEFT JOIN users ru ON ru.id = r.reply_by';

async function photosOf(db: D1Database, reviewIds: string[]): Promise<Map<string, Array<{ id: string; url: string }>>> {
  const out = new Map<string, Array<{ id: string; url: string }>>();
  if (reviewIds.length === 0) return out;
  const rows = await db
    .prepare(`SELECT id, review_id AS reviewId FROM review_photos WHERE review_id IN (${reviewIds.map(() => '?').join(', ')}) ORDER BY review_id, position`)
    .bind(...reviewIds)
    .all<{ id: string; reviewId: string }>();
  for (const p of rows.results) {
    const list = out.get(p.reviewId) ?? [];
    list.push({ id: p.id, url: reviewPhotoUrl(p.id) });
    out.set(p.reviewId, list);
  }
  return out;
}

const replyOf = (r: ReviewRow) =>
  r.replyBody && r.replyAt ? { body: r.replyBody, pharmacistName: r.replyByName ?? '', heading: replyHeading(r.replyByName ?? ''), at: r.replyAt } : null;

function publicReview(r: ReviewRow, photos: Array<{ id: string; url: string }>) {
  return {
    id: r.id,
    rating: r.rating,
    body: r.body,
    authorName: reviewerDisplayName(r.authorName),
    verifiedPurchase: true as const,
    createdAt: r.createdAt,
    helpfulCount: r.helpfulCount,
    photos,
    reply: replyOf(r),
  };
}
export type PublicReview = ReturnType<typeof publicReview>;

export interface ProductReviewsQuery {
  star?: number;
  sort: ReviewSort;
  cursor?: string;
  limit: number;
}

/** A product's approved reviews: summary (average, count, histogram), one page, the next cursor. Null: no such product. */
export async function productReviews(db: D1Database, slug: string, q: ProductReviewsQuery) {
  const product = await db
    .prepare(`SELECT p.id, p.rating_avg_x100 AS avg, p.rating_count AS count FROM products p WHERE p.slug = ? AND ${shopVisibleSql('p')}`)
    .bind(slug)
    .first<{ id: string; avg: number; count: number }>();
  if (!product) return null;
  const cursorKeys = q.sort === 'helpful' ? 2 : 1;
  const cursor = q.cursor ? decodeCursor(q.cursor, `reviews:${q.sort}:${q.star ?? 0}`, cursorKeys) : null;
  const where = ["r.product_id = ?", "r.status = 'approved'"];
  const binds: unknown[] = [product.id];
  if (q.star) {
    where.push('r.rating = ?');
    binds.push(q.star);
  }
  if (cursor) {
    if (q.sort === 'helpful') {
      where.push('(r.helpful_count, r.created_at, r.id) < (?, ?, ?)');
      binds.push(cursor.keys[0], cursor.keys[1], cursor.id);
    } else {
      where.push('(r.created_at, r.id) < (?, ?)');
      binds.push(cursor.keys[0], cursor.id);
    }
  }
  const order = q.sort === 'helpful' ? 'r.helpful_count DESC, r.created_at DESC, r.id DESC' : 'r.created_at DESC, r.id DESC';
  const [page, histogram] = await db.batch<unknown>([
    db.prepare(`SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`).bind(...binds, q.limit + 1),
    db.prepare("SELECT rating, COUNT(*) AS n FROM reviews WHERE product_id = ? AND status = 'approved' GROUP BY rating").bind(product.id),
  ]);
  const rows = (page!.results as ReviewRow[]).slice(0, q.limit);
  const more = page!.results.length > q.limit;
  const last = rows.at(-1);
  const photos = await photosOf(db, rows.map((r) => r.id));
  const counts: Record<'1' | '2' | '3' | '4' | '5', number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const h of histogram!.results as Array<{ rating: number; n: number }>) counts[String(h.rating) as '1'] = h.n;
  return {
    summary: { average: Math.round(product.avg) / 100, count: product.count, histogram: counts },
    items: rows.map((r) => publicReview(r, photos.get(r.id) ?? [])),
    nextCursor:
      more && last
        ? encodeCursor({ sort: `reviews:${q.sort}:${q.star ?? 0}`, keys: q.sort === 'helpful' ? [last.helpfulCount, last.createdAt] : [last.createdAt], id: last.id })
        : null,
  };
}

// ---- The author's own list ---------------------------------------------------------------------------------------
const MINE_SORT = 'reviews:mine';

/**
 * "Đánh giá của tôi": the account's reviews whatever their status, newest first (keyset cursor), each with its product,
 * order, photos (the author may see them before approval), the pharmacist's reply and, when hidden, the reason's label
 * (the moderator's note stays in the console).
 */
export async function myReviews(db: D1Database, userId: string, q: { cursor?: string; limit: number }) {
  const cursor = q.cursor ? decodeCursor(q.cursor, MINE_SORT, 1) : null;
  const rows = (
    await db
      .prepare(
        `SELECT ${REVIEW_COLUMNS}, p.slug AS productSlug, p.name AS productName, o.code AS orderCode
           FROM ${REVIEW_FROM} JOIN products p ON p.id = r.product_id JOIN orders o ON o.id = r.order_id
          WHERE r.user_id = ?${cursor ? ' AND (r.created_at, r.id) < (?, ?)' : ''}
          ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
      )
      .bind(userId, ...(cursor ? [cursor.keys[0], cursor.id] : []), q.limit + 1)
      .all<ReviewRow & { productSlug: string; productName: string; orderCode: string }>()
  ).results;
  const page = rows.slice(0, q.limit);
  const photos = await photosOf(db, page.map((r) => r.id));
  const last = page.at(-1);
  return {
    items: page.map(({ productSlug, productName, orderCode, ...r }) => ({
      ...publicReview(r, photos.get(r.id) ?? []),
      status: r.status,
      statusLabel: REVIEW_STATUS_LABELS[r.status],
      product: { id: r.productId, slug: productSlug, name: productName },
      orderCode,
      hiddenReason: r.status === 'hidden' && r.moderationReason ? { code: r.moderationReason, label: reviewHideReasonLabel(r.moderationReason) } : null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: MINE_SORT, keys: [last.createdAt], id: last.id }) : null,
  };
}

// ---- Staff ------------------------------------------------------------------------------------------------------
function staffReview(r: ReviewRow & { productName: string; productSlug: string; orderCode: string; moderatedByName: string | null }, photos: Array<{ id: string; url: string }>) {
  const flags = JSON.parse(r.flags) as UgcFlag[];
  return {
    id: r.id,
    status: r.status,
    statusLabel: REVIEW_STATUS_LABELS[r.status],
    rating: r.rating,
    body: r.body,
    flags: flags.map((code) => ({ code, label: UGC_FLAG_LABELS[code] ?? code })),
    product: { id: r.productId, name: r.productName, slug: r.productSlug },
    orderCode: r.orderCode,
    author: { id: r.userId, name: r.authorName ?? '' },
    photos,
    moderation:
      r.moderatedAt === null
        ? null
        : {
            reason: r.moderationReason,
            reasonLabel: r.moderationReason ? reviewHideReasonLabel(r.moderationReason) : null,
            note: r.moderationNote,
            byName: r.moderatedByName ?? '',
            at: r.moderatedAt,
          },
    reply: replyOf(r),
    helpfulCount: r.helpfulCount,
    createdAt: r.createdAt,
  };
}
export type StaffReview = ReturnType<typeof staffReview>;

const STAFF_COLUMNS = `${REVIEW_COLUMNS}, p.name AS productName, p.slug AS productSlug, o.code AS orderCode, mu.name AS moderatedByName`;
const STAFF_FROM = `${REVIEW_FROM} JOIN products p ON p.id = r.product_id JOIN orders o ON o.id = r.order_id LEFT JOIN users mu ON mu.id = r.moderated_by`;
const QUEUE_SORT = 'review-queue';

/**
 * The moderation queue: pending first, flagged first, oldest first (keyset over the same expressions). `status`
 * narrows it to one state.
 */
export async function moderationQueue(db: D1Database, q: { status?: ReviewStatus; cursor?: string; limit: number }) {
  const cursor = q.cursor ? decodeCursor(q.cursor, QUEUE_SORT, 3) : null;
  const where: string[] = [];
  const binds: unknown[] = [];
  if (q.status) {
    where.push('r.status = ?');
    binds.push(q.status);
  }
  if (cursor) {
    where.push("((r.status <> 'pending'), (r.flags = '[]'), r.created_at, r.id) > (?, ?, ?, ?)");
    binds.push(cursor.keys[0], cursor.keys[1], cursor.keys[2], cursor.id);
  }
  const rows = (
    await db
      .prepare(
        `SELECT ${STAFF_COLUMNS}, (r.status <> 'pending') AS k0, (r.flags = '[]') AS k1 FROM ${STAFF_FROM}
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY k0, k1, r.created_at, r.id LIMIT ?`,
      )
      .bind(...binds, q.limit + 1)
      .all<Parameters<typeof staffReview>[0] & { k0: number; k1: number }>()
  ).results;
  const page = rows.slice(0, q.limit);
  const photos = await photosOf(db, page.map((r) => r.id));
  const last = page.at(-1);
  const pending = await db.prepare("SELECT COUNT(*) AS n FROM reviews WHERE status = 'pending'").first<{ n: number }>();
  return {
    items: page.map((r) => staffReview(r, photos.get(r.id) ?? [])),
    pendingCount: pending?.n ?? 0,
    nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: QUEUE_SORT, keys: [last.k0, last.k1, last.createdAt], id: last.id }) : null,
  };
}

export async function staffReviewById(db: D1Database, id: string): Promise<StaffReview | null> {
  const row = await db.prepare(`SELECT ${STAFF_COLUMNS} FROM ${STAFF_FROM} WHERE r.id = ?`).bind(id).first<Parameters<typeof staffReview>[0]>();
  if (!row) return null;
  return staffReview(row, (await photosOf(db, [id])).get(id) ?? []);
}

const notFound = () => new NotFoundError('Không tìm thấy đánh giá.', 'REVIEW_NOT_FOUND');

export { ratingRecomputeStatement };

/**
 * Applies a moderation move (approve, or hide with a reason and note) in ONE batch: guarded UPDATE, audit row only if
 * it changed the review, the product's rating recomputed from rows, the catalogue version bumped (cards and the
 * product page show the rating) only if the review changed. 404 REVIEW_NOT_FOUND; 409 REVIEW_STATE_CONFLICT when the
 * review is not in a state the move starts from (already moved by a double click or another moderator); 409
 * REVIEW_ORDER_RETURNED when approving a review whose order's goods came back (no longer a verified purchase: the
 * approve UPDATE is also guarded on the order still being `RECEIVED`).
 */
export async function moderateReview(
  db: D1Database,
  m: { id: string; move: ReviewMove; reason?: ReviewHideReason; note?: string | null; actor: { id: string; role: string }; now: number },
): Promise<void> {
  const current = await db.prepare('SELECT product_id AS productId, status FROM reviews WHERE id = ?').bind(m.id).first<{ productId: string; status: ReviewStatus }>();
  if (!current) throw notFound();
  const to = reviewMoveTarget(m.move);
  const auditId = newId();
  const results = await db.batch([
    db
      .prepare(
        `UPDATE reviews SET status = ?, moderation_reason = ?, moderation_note = ?, moderated_by = ?, moderated_at = ?, updated_at = ?
          WHERE id = ? AND ${reviewMoveGuardSql(m.move)}${m.move === 'approve' ? ` AND EXISTS (SELECT 1 FROM orders o WHERE o.id = reviews.order_id AND ${RECEIVED_SQL('o.status')})` : ''}`,
      )
      .bind(to, m.reason ?? null, m.note ?? null, m.actor.id, m.now, m.now, m.id),
    auditStatement(
      db,
      { id: auditId, actor: m.actor, action: m.move === 'approve' ? 'review.approve' : 'review.hide', entityType: 'review', entityId: m.id, data: { productId: current.productId, from: current.status, to, ...(m.reason ? { reason: m.reason } : {}) } },
      m.now,
      'changed',
    ),
    ratingRecomputeStatement(db, current.productId),
    db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version' AND EXISTS (SELECT 1 FROM audit_log WHERE id = ?)").bind(auditId),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(results.at(-1))) {
    const now = await db
      .prepare(`SELECT r.status, ${RECEIVED_SQL('o.status')} AS received FROM reviews r JOIN orders o ON o.id = r.order_id WHERE r.id = ?`)
      .bind(m.id)
      .first<{ status: ReviewStatus; received: number }>();
    if (m.move === 'approve' && now && mayMoveReview(now.status, 'approve') && !now.received)
      throw new ConflictError('Đơn hàng của đánh giá này đã được trả lại, không thể duyệt đánh giá.', 'REVIEW_ORDER_RETURNED', { status: now.status });
    throw new ConflictError(`Đánh giá đang ở trạng thái "${REVIEW_STATUS_LABELS[now?.status ?? current.status]}", không thể thực hiện thao tác này.`, 'REVIEW_STATE_CONFLICT', { status: now?.status ?? current.status });
  }
}

/** A pharmacist's reply (written or replaced), audited in the same batch (the reply's text is not in the audit row). */
export async function replyToReview(db: D1Database, r: { id: string; body: string; actor: { id: string; role: string }; now: number }): Promise<void> {
  const auditId = newId();
  const results = await db.batch([
    db.prepare('UPDATE reviews SET reply_body = ?, reply_by = ?, reply_at = ?, updated_at = ? WHERE id = ?').bind(r.body, r.actor.id, r.now, r.now, r.id),
    auditStatement(db, { id: auditId, actor: r.actor, action: 'review.reply', entityType: 'review', entityId: r.id, data: { length: r.body.length } }, r.now, 'changed'),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(results.at(-1))) throw notFound();
}

// ---- Helpful votes ----------------------------------------------------------------------------------------------
/**
 * One "helpful" vote per account on an approved review that is not the voter's own; a second vote changes nothing
 * (idempotent). The count is recomputed from the vote rows in the same batch. 404 REVIEW_NOT_FOUND (also for a
 * review not approved), 403 REVIEW_OWN (one's own review).
 */
export async function voteHelpful(db: D1Database, v: { reviewId: string; userId: string; now: number }): Promise<{ helpfulCount: number }> {
  const review = await db.prepare('SELECT user_id AS userId, status FROM reviews WHERE id = ?').bind(v.reviewId).first<{ userId: string; status: ReviewStatus }>();
  if (!review || review.status !== 'approved') throw notFound();
  if (review.userId === v.userId) throw new ForbiddenError('Bạn không thể bình chọn cho đánh giá của chính mình.', 'REVIEW_OWN');
  const [, , count] = await db.batch([
    db
      .prepare(
        `INSERT INTO review_helpful_votes (review_id, user_id, created_at)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM reviews WHERE id = ?1 AND status = 'approved' AND user_id <> ?2)
         ON CONFLICT (review_id, user_id) DO NOTHING`,
      )
      .bind(v.reviewId, v.userId, v.now),
    db.prepare('UPDATE reviews SET helpful_count = (SELECT COUNT(*) FROM review_helpful_votes WHERE review_id = ?1) WHERE id = ?1').bind(v.reviewId),
    db.prepare('SELECT helpful_count AS n FROM reviews WHERE id = ?').bind(v.reviewId),
  ]);
  return { helpfulCount: (count!.results[0] as { n: number } | undefined)?.n ?? 0 };
}

// ---- Photos -----------------------------------------------------------------------------------------------------
/** A photo and who may see it: anyone once the review is approved; before, only its author and staff. */
export async function photoFor(db: D1Database, photoId: string) {
  return db
    // A photo of a product the shop does not show is treated as not public (its author and staff only).
    .prepare(
      `SELECT p.r2_key AS r2Key, p.content_type AS contentType, CASE WHEN ${shopVisibleSql('pr')} THEN r.status ELSE 'pending' END AS status, r.user_id AS userId
       FROM review_photos p JOIN reviews r ON r.id = p.review_id JOIN products pr ON pr.id = r.product_id WHERE p.id = ?`,
    )
    .bind(photoId)
    .first<{ r2Key: string; contentType: string; status: ReviewStatus; userId: string }>();
}

/** The author's view of a review they just wrote (pending photos visible to them). */
export async function ownReview(db: D1Database, id: string) {
  const row = await db.prepare(`SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM} WHERE r.id = ?`).bind(id).first<ReviewRow>();
  if (!row) throw notFound();
  return { ...publicReview(row, (await photosOf(db, [id])).get(id) ?? []), status: row.status, statusLabel: REVIEW_STATUS_LABELS[row.status], productId: row.productId };
}
