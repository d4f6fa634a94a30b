/**
 * The product rating aggregate and what moves it outside moderation (#17, ADR 0037). Kept apart from repo.d1.ts so the
 * order transition adapter (used by the payment and consumer Workers too) can add its statements without pulling the
 * review reader in.
 * - `ratingRecomputeStatement`: `products.rating_avg_x100 / rating_count` recomputed from the APPROVED rows (always exact,
 *   whatever ran before), for one product or for every product reviewed under one order.
 * - `returnedOrderReviewStatements`: when an order's goods come back (`GOODS_RETURNED`), its reviews are no longer
 *   verified purchases: they are hidden with the system reason `returned` and the ratings recomputed, in the SAME batch
 *   as the return (orders/transition.d1.ts).
 */
import { GOODS_RETURNED, statusInSql } from '../orders/state';
import { reviewMoveGuardSql, type ReviewSystemHideReason } from './rules';

const approvedOf = (product: string) => `FROM reviews r WHERE r.product_id = ${product} AND r.status = 'approved'`;
const RECOMPUTE = `UPDATE products SET
     rating_count = (SELECT COUNT(*) ${approvedOf('products.id')}),
     rating_avg_x100 = COALESCE((SELECT CAST(ROUND(AVG(r.rating) * 100) AS INTEGER) ${approvedOf('products.id')}), 0)`;

/** SQL: recompute the rating of one product, or of every product with a review under `orderId`, from approved rows. */
export function ratingRecomputeStatement(db: D1Database, target: string | { orderId: string; when?: { sql: string; binds: unknown[] } }): D1PreparedStatement {
  if (typeof target === 'string') return db.prepare(`${RECOMPUTE} WHERE id = ?`).bind(target);
  const when = target.when ? ` AND ${target.when.sql}` : '';
  return db.prepare(`${RECOMPUTE} WHERE id IN (SELECT product_id FROM reviews WHERE order_id = ?)${when}`).bind(target.orderId, ...(target.when?.binds ?? []));
}

const RETURNED: ReviewSystemHideReason = 'returned';

/**
 * The statements (for the return's own batch) that take an order's reviews out once its goods are back: while the order
 * is in `GOODS_RETURNED`, every review of it that may be hidden (`reviewMoveGuardSql('hide')`: pending or approved) is
 * hidden with reason `returned` (no moderator), then the ratings of its products are recomputed. The catalogue version
 * is bumped (cards and the product page show the rating) only when an APPROVED review is taken out. A replay, or a
 * return that does not happen (the guarded move refused), changes nothing.
 */
export function returnedOrderReviewStatements(db: D1Database, orderId: string, now: number): D1PreparedStatement[] {
  const back = { sql: statusInSql(GOODS_RETURNED, '(SELECT status FROM orders WHERE id = ?)'), binds: [orderId] };
  return [
    // Before the hide: it reads whether an approved review is about to go.
    db
      .prepare(`UPDATE meta SET value = value + 1 WHERE key = 'catalog_version' AND EXISTS (SELECT 1 FROM reviews WHERE order_id = ? AND status = 'approved') AND ${back.sql}`)
      .bind(orderId, ...back.binds),
    db
      .prepare(
        `UPDATE reviews SET status = 'hidden', moderation_reason = ?, moderation_note = NULL, moderated_by = NULL, moderated_at = ?, updated_at = ?
          WHERE order_id = ? AND ${reviewMoveGuardSql('hide')} AND ${back.sql}`,
      )
      .bind(RETURNED, now, now, orderId, ...back.binds),
    ratingRecomputeStatement(db, { orderId, when: back }),
  ];
}
