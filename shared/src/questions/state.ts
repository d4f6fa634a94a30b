/**
 * Product questions' state machine (#17, ADR 0038): the ONE owner of every question move. D1 writes apply a move with
 * the SQL guard generated from the table `T` (`moveGuardSql`), so two pharmacists answering at once cannot both win:
 * the guard is part of the UPDATE and exactly one UPDATE sees `pending`.
 *
 *   pending (the staff queue) ──answer──▶ answered (on the product page)
 *   pending | answered ──hide (with a reason)──▶ hidden
 *
 * Only staff (pharmacists and admins) move questions; the shopper only asks (a new question is `pending`).
 */
import { ConflictError } from '../errors';
import { QUESTION_STATUSES } from '../db/schema';

export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

const T: Record<QuestionStatus, readonly QuestionStatus[]> = {
  pending: ['answered', 'hidden'],
  answered: ['hidden'],
  hidden: [],
};

export const QUESTION_STATUS_LABELS: Record<QuestionStatus, string> = {
  pending: 'Đang chờ dược sĩ trả lời',
  answered: 'Đã được trả lời',
  hidden: 'Đã ẩn',
};

export const canMove = (from: QuestionStatus, to: QuestionStatus): boolean => T[from].includes(to);

/** Every status from which a question may move to `to`. */
export const sourcesOf = (to: QuestionStatus): QuestionStatus[] => QUESTION_STATUSES.filter((from) => canMove(from, to));

/** SQL guard generated from the table: `column` holds a status from which the question may move to `to`. */
export function moveGuardSql(to: QuestionStatus, column = 'status'): string {
  const list = sourcesOf(to);
  return list.length ? `${column} IN (${list.map((s) => `'${s}'`).join(', ')})` : '0';
}

/** The 409 for a move the guard refused, by the status the question is in now. */
export function refusal(to: QuestionStatus, now: QuestionStatus | undefined): ConflictError {
  if (now === 'answered' && to === 'answered') return new ConflictError('Câu hỏi này đã được trả lời.', 'QUESTION_ANSWERED');
  if (now === 'hidden') return new ConflictError('Câu hỏi này đã bị ẩn.', 'QUESTION_HIDDEN');
  return new ConflictError('Không thể chuyển trạng thái câu hỏi.', 'ILLEGAL_TRANSITION', { status: now });
}

/** 409 for editing the answer of a question that has none yet. */
export const notAnswered = () => new ConflictError('Câu hỏi này chưa có câu trả lời để sửa.', 'QUESTION_NOT_ANSWERED');

/** The outbox event an answer announces (payload `{ questionId }`): the asker's email, once per question. */
export const ANSWERED_EVENT = 'question.answered';
