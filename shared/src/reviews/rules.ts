/**
 * Reviews (#17, ADR 0037): THE rules of a review's life, pure (no I/O, no zod) so the api, the console and the
 * storefront read the same ones.
 * - Moderation moves: pending → approved | hidden, approved → hidden, hidden → approved. The D1 adapter guards its
 *   UPDATE with `reviewMoveGuardSql`, generated from the same table, so a double click or two moderators at once can
 *   never apply a move twice (the second finds the row already moved and changes nothing).
 * - Hide reasons: a fixed list with Vietnamese labels (+ an optional note).
 * - Photos: up to 3 images per review (JPEG/PNG/WebP from the bytes, metadata stripped: consultations/files.ts).
 */
export type ReviewStatus = 'pending' | 'approved' | 'hidden';
export type ReviewMove = 'approve' | 'hide';

const MOVES: Record<ReviewMove, { from: readonly ReviewStatus[]; to: ReviewStatus }> = {
  approve: { from: ['pending', 'hidden'], to: 'approved' },
  hide: { from: ['pending', 'approved'], to: 'hidden' },
};

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = { pending: 'Chờ duyệt', approved: 'Đã duyệt', hidden: 'Đã ẩn' };

export const reviewMoveTarget = (move: ReviewMove): ReviewStatus => MOVES[move].to;
export const mayMoveReview = (from: ReviewStatus, move: ReviewMove): boolean => MOVES[move].from.includes(from);

/** SQL guard of a move: the review's `column` is a state the move may start from (our constants, never input). */
export function reviewMoveGuardSql(move: ReviewMove, column = 'status'): string {
  return `${column} IN (${MOVES[move].from.map((s) => `'${s}'`).join(', ')})`;
}

/** Why a moderator hides a review (the note adds detail). */
export const REVIEW_HIDE_REASONS = {
  spam: 'Quảng cáo, spam',
  offensive: 'Ngôn từ thô tục, xúc phạm',
  personal_info: 'Chứa thông tin cá nhân (số điện thoại, email, địa chỉ)',
  off_topic: 'Không liên quan đến sản phẩm',
  medical_misinformation: 'Thông tin y khoa sai lệch, nguy hiểm',
  other: 'Lý do khác',
} as const;
export type ReviewHideReason = keyof typeof REVIEW_HIDE_REASONS;
export const REVIEW_HIDE_REASON_KEYS = Object.keys(REVIEW_HIDE_REASONS) as [ReviewHideReason, ...ReviewHideReason[]];

/**
 * Reasons the platform hides a review by itself (no moderator may pick them): `returned` — the order's goods came back
 * (`GOODS_RETURNED`), so it is no longer a verified purchase (reviews/aggregate.d1.ts, in the return's batch). Such a
 * review cannot be approved again while its order stays returned.
 */
export const REVIEW_SYSTEM_HIDE_REASONS = { returned: 'Đơn hàng đã được trả lại' } as const;
export type ReviewSystemHideReason = keyof typeof REVIEW_SYSTEM_HIDE_REASONS;

/** The Vietnamese label of any stored hide reason (a moderator's or the platform's); unknown codes are shown as is. */
export function reviewHideReasonLabel(code: string): string {
  const labels: Record<string, string> = { ...REVIEW_HIDE_REASONS, ...REVIEW_SYSTEM_HIDE_REASONS };
  return labels[code] ?? code;
}

export const MAX_REVIEW_PHOTOS = 3;

/** How a pharmacist's reply is introduced on the product page. */
export const replyHeading = (pharmacistName: string) => `Dược sĩ ${pharmacistName} trả lời`;

/** Product page sorts. */
export const REVIEW_SORTS = ['newest', 'helpful'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
