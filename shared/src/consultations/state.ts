/**
 * The consultation state machine: the ONE owner of every consultation move (ADR 0029), in the manner of
 * `orders/state.ts`. `decideMove` decides a move by an actor over the table `T`; D1 writes apply a decided move with the
 * SQL guard generated from the same table (`moveGuardSql`), so a race between the read and the write can never take a
 * move the table does not allow, and two pharmacists claiming at once cannot both win (the guard is part of the UPDATE).
 *
 *   submitted (in the queue) ──claim──▶ in_review (one pharmacist holds it) ──▶ advised | rejected
 *        ▲                                   │
 *        └─────────────release───────────────┘
 *   submitted | in_review ──(the shopper)──▶ cancelled
 *
 * Moves out of `in_review` by a pharmacist are the holder's alone: `holderGuardSql` adds `pharmacist_id = ?`.
 */
import { ConflictError } from '../errors';
import { CONSULTATION_STATUSES } from '../db/schema';

export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
/** `customer`: the owner (an account or the guest identity that created it). */
export type ConsultationActor = 'customer' | 'pharmacist';

const T: Record<ConsultationStatus, Partial<Record<ConsultationStatus, readonly ConsultationActor[]>>> = {
  submitted: { in_review: ['pharmacist'], cancelled: ['customer'] },
  in_review: { submitted: ['pharmacist'], advised: ['pharmacist'], rejected: ['pharmacist'], cancelled: ['customer'] },
  advised: {},
  rejected: {},
  cancelled: {},
};

export const CONSULTATION_STATUS_LIST = Object.keys(T) as ConsultationStatus[];

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  submitted: 'Đang chờ dược sĩ',
  in_review: 'Dược sĩ đang xem xét',
  advised: 'Đã có tư vấn',
  rejected: 'Đã từ chối',
  cancelled: 'Đã hủy',
};

/** Timeline labels: what happened when the consultation entered a status (a release puts it back in the queue). */
export const CONSULTATION_EVENT_LABELS: Record<ConsultationStatus, string> = {
  submitted: 'Đã gửi yêu cầu tư vấn',
  in_review: 'Dược sĩ đã nhận yêu cầu',
  advised: 'Dược sĩ đã tư vấn',
  rejected: 'Dược sĩ đã từ chối yêu cầu',
  cancelled: 'Đã hủy yêu cầu',
};

export const TERMINAL: ReadonlySet<ConsultationStatus> = new Set(CONSULTATION_STATUS_LIST.filter((s) => Object.keys(T[s]).length === 0));
/** Statuses in which a pharmacist still works on it (the shopper may still cancel). */
export const OPEN: ReadonlySet<ConsultationStatus> = new Set(CONSULTATION_STATUS_LIST.filter((s) => !TERMINAL.has(s)));

export function canMove(from: ConsultationStatus, to: ConsultationStatus, actor: ConsultationActor): boolean {
  return T[from][to]?.includes(actor) ?? false;
}

/** Every status from which `actor` may move a consultation to `to`. */
export function sourcesOf(to: ConsultationStatus, actor: ConsultationActor): ConsultationStatus[] {
  return CONSULTATION_STATUS_LIST.filter((from) => canMove(from, to, actor));
}

/** Every edge of the table (docs, the console, tests). */
export const TRANSITIONS: ReadonlyArray<{ from: ConsultationStatus; to: ConsultationStatus; actors: readonly ConsultationActor[] }> = CONSULTATION_STATUS_LIST.flatMap((from) =>
  (Object.entries(T[from]) as Array<[ConsultationStatus, readonly ConsultationActor[]]>).map(([to, actors]) => ({ from, to, actors })),
);

/** SQL: `column` is one of `states` (statuses are our own constants, never input; `0` for an empty set). */
export function statusInSql(states: Iterable<ConsultationStatus>, column = 'status'): string {
  const list = [...states];
  for (const x of list) if (!(x in T)) throw new RangeError(`unknown consultation status ${x}`);
  return list.length ? `${column} IN (${list.map((x) => `'${x}'`).join(', ')})` : '0';
}

/** SQL guard generated from the table: the consultation's `column` is a status from which `actor` may move it to `to`. */
export function moveGuardSql(to: ConsultationStatus, actor: ConsultationActor, column = 'status'): string {
  return statusInSql(sourcesOf(to, actor), column);
}

/**
 * SQL guard (with one `?` for the pharmacist's id) that a pharmacist's move out of `in_review` is made by the holder.
 * Moves from `submitted` (the claim) need no holder; the generated status guard covers them.
 */
export function holderGuardSql(to: ConsultationStatus, column = 'pharmacist_id', statusColumn = 'status'): string {
  return sourcesOf(to, 'pharmacist').includes('in_review') ? `(${statusColumn} <> 'in_review' OR ${column} = ?)` : '1';
}

/**
 * Who may work on a consultation (advise, reject, #18 write its prescription draft): the pharmacist holding it in review.
 * The SQL side of the same rule, for guarded writes: `holdsConsultationSql`.
 */
export const holdsConsultation = (c: { status: ConsultationStatus; pharmacistId: string | null }, actorId: string): boolean => c.status === 'in_review' && c.pharmacistId === actorId;
/** `holdsConsultation` as SQL over the consultations table (binds: the consultation id, the pharmacist's id). */
export const holdsConsultationSql = "EXISTS (SELECT 1 FROM consultations WHERE id = ? AND status = 'in_review' AND pharmacist_id = ?)";

export type MoveDecision =
  | { ok: true; from: ConsultationStatus; to: ConsultationStatus; actor: ConsultationActor; guard: string }
  | { ok: false; from: ConsultationStatus; to: ConsultationStatus; actor: ConsultationActor; code: string; message: string };

/** Machine-readable refusal codes of the API, by target status. */
const REFUSALS: Partial<Record<ConsultationStatus, { code: string; message: string }>> = {
  cancelled: { code: 'CONSULTATION_NOT_CANCELLABLE', message: 'Yêu cầu tư vấn này không thể hủy nữa.' },
  in_review: { code: 'CONSULTATION_CLAIMED', message: 'Yêu cầu này đã có dược sĩ khác nhận hoặc không còn chờ xử lý.' },
  submitted: { code: 'CONSULTATION_NOT_CLAIMED_BY_YOU', message: 'Bạn không giữ yêu cầu tư vấn này.' },
  advised: { code: 'CONSULTATION_NOT_CLAIMED_BY_YOU', message: 'Bạn cần nhận yêu cầu tư vấn này trước khi trả lời.' },
  rejected: { code: 'CONSULTATION_NOT_CLAIMED_BY_YOU', message: 'Bạn cần nhận yêu cầu tư vấn này trước khi từ chối.' },
};

/** The refusal (409) for a move to `to` that the table or the guard refused. */
export function refusal(to: ConsultationStatus, details?: Record<string, unknown>): ConflictError {
  const r = REFUSALS[to] ?? { code: 'ILLEGAL_TRANSITION', message: 'Không thể chuyển trạng thái yêu cầu tư vấn.' };
  return new ConflictError(r.message, r.code, details);
}

/** THE decision: may `actor` move a consultation in `from` to `to`? The answer carries the SQL guard of the write. */
export function decideMove(from: ConsultationStatus, to: ConsultationStatus, actor: ConsultationActor): MoveDecision {
  if (canMove(from, to, actor)) return { ok: true, from, to, actor, guard: moveGuardSql(to, actor) };
  const r = REFUSALS[to] ?? { code: 'ILLEGAL_TRANSITION', message: 'Không thể chuyển trạng thái yêu cầu tư vấn.' };
  return { ok: false, from, to, actor, ...r };
}

/** The shopper may cancel while a pharmacist has not decided. */
export const customerMayCancel = (s: ConsultationStatus) => canMove(s, 'cancelled', 'customer');

/** The outbox event a new consultation announces (payload `{ consultationId }`). */
export const SUBMITTED_EVENT = 'consultation.submitted';
/**
 * The outbox event a move into `to` announces (payload `{ consultationId }`). A release (in_review → submitted) puts it
 * back in the queue silently: the shopper was told once that it was received.
 */
export const MOVE_EVENTS: Partial<Record<ConsultationStatus, string>> = {
  in_review: 'consultation.claimed',
  advised: 'consultation.advised',
  rejected: 'consultation.rejected',
  cancelled: 'consultation.cancelled',
};
/** Every consultation.* event type. */
export const CONSULTATION_EVENTS = [SUBMITTED_EVENT, ...Object.values(MOVE_EVENTS)] as const;
