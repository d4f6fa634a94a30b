/**
 * Product questions in D1 (#17, ADR 0038): asking (screened, held for a pharmacist), the guarded moves generated from
 * state.ts (answer, hide) with their audit entry and outbox event in the same batch, the answer's edit, and the reads
 * (product page, the asker's list, the staff queue). Bodies are health data: never in audit data, logs or events.
 */
import { auditReadBack, auditStatement, auditWritten } from '../audit/write.d1';
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { productNotFound } from '../catalog/live.d1';
import { shopVisibleSql } from '../catalog/visibility';
import { NotFoundError } from '../errors';
import { newId } from '../ids';
import { screenUserText, UGC_FLAG_LABELS, type UgcFlag } from '../ugc/screen';
import type { StaffQuestion, StaffQuestionQuery } from './schemas';
import { ANSWERED_EVENT, moveGuardSql, notAnswered, QUESTION_STATUS_LABELS, refusal, type QuestionStatus } from './state';

export const questionNotFound = () => new NotFoundError('Không tìm thấy câu hỏi.', 'QUESTION_NOT_FOUND');

/** A shopper's name as the product page shows it: the given name only (the last word of a Vietnamese full name). */
export function publicAskerName(fullName: string | null | undefined): string {
  const words = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  return words[words.length - 1] ?? 'Khách hàng';
}

// ---- Asking -------------------------------------------------------------------------------------------------------
/**
 * A signed-in shopper asks about a product a shopper may see (`shopVisibleSql`; otherwise 404 PRODUCT_NOT_FOUND). The
 * question waits for a pharmacist (`pending`) with its screening flags; nothing is published before an answer.
 */
export async function askQuestion(db: D1Database, input: { productId: string; userId: string; body: string; now: number }) {
  const id = newId();
  const flags = screenUserText(input.body);
  const [, read] = await db.batch([
    db
      .prepare(`INSERT INTO questions (id, product_id, user_id, body, flags, status, created_at) SELECT ?, p.id, ?, ?, ?, 'pending', ? FROM products p WHERE p.id = ? AND ${shopVisibleSql('p')}`)
      .bind(id, input.userId, input.body, JSON.stringify(flags), input.now, input.productId),
    db.prepare('SELECT EXISTS (SELECT 1 FROM questions WHERE id = ?) AS written').bind(id),
  ]);
  if (!(read!.results[0] as { written: number }).written) throw productNotFound();
  const mine = await myQuestions(db, input.userId, id);
  return mine[0]!;
}

// ---- Reads --------------------------------------------------------------------------------------------------------
const ANSWER_COLUMNS = `a.body AS answerBody, a.created_at AS answerCreatedAt, a.updated_at AS answerUpdatedAt, ph.name AS pharmacistName`;
const ANSWER_JOIN = 'LEFT JOIN answers a ON a.question_id = q.id LEFT JOIN users ph ON ph.id = a.pharmacist_id';
interface AnswerCols {
  answerBody: string | null;
  answerCreatedAt: number | null;
  answerUpdatedAt: number | null;
  pharmacistName: string | null;
}
const answerOf = (r: AnswerCols & { answeredAt: number | null; status: QuestionStatus }, publicOnly = true) =>
  r.answerBody !== null && (!publicOnly || r.status === 'answered')
    ? {
        body: r.answerBody,
        pharmacistName: r.pharmacistName ?? 'Dược sĩ Medicare',
        answeredAt: r.answeredAt ?? r.answerCreatedAt!,
        editedAt: r.answerUpdatedAt !== null && r.answerUpdatedAt !== r.answerCreatedAt ? r.answerUpdatedAt : null,
      }
    : null;

const PUBLIC_SORT = 'answered';

/** A product's ANSWERED questions, newest answer first, keyset-paged. Unknown or hidden products: 404. */
export async function publicQuestions(db: D1Database, slug: string, q: { cursor?: string; limit: number }) {
  const product = await db.prepare(`SELECT p.id FROM products p WHERE p.slug = ? AND ${shopVisibleSql('p')}`).bind(slug).first<{ id: string }>();
  if (!product) throw productNotFound();
  const binds: unknown[] = [product.id];
  let after = '';
  if (q.cursor) {
    const k = decodeCursor(q.cursor, PUBLIC_SORT, 1);
    after = ' AND (q.answered_at < ? OR (q.answered_at = ? AND q.id < ?))';
    binds.push(k.keys[0], k.keys[0], k.id);
  }
  const rows = await db
    .prepare(
      `SELECT q.id, q.body, q.status, q.created_at AS createdAt, q.answered_at AS answeredAt, u.name AS askerName, ${ANSWER_COLUMNS}
       FROM questions q JOIN users u ON u.id = q.user_id ${ANSWER_JOIN}
       WHERE q.product_id = ? AND q.status = 'answered'${after} ORDER BY q.answered_at DESC, q.id DESC LIMIT ?`,
    )
    .bind(...binds, q.limit + 1)
    .all<AnswerCols & { id: string; body: string; status: QuestionStatus; createdAt: number; answeredAt: number; askerName: string | null }>();
  const page = rows.results.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.flatMap((r) => {
      const answer = answerOf(r);
      return answer ? [{ id: r.id, body: r.body, askerName: publicAskerName(r.askerName), createdAt: r.createdAt, answer }] : [];
    }),
    nextCursor: rows.results.length > q.limit && last ? encodeCursor({ sort: PUBLIC_SORT, keys: [last.answeredAt], id: last.id }) : null,
  };
}

/** The asker's questions, newest first (at most 100), with their status and the answer once published. */
export async function myQuestions(db: D1Database, userId: string, onlyId?: string) {
  const rows = await db
    .prepare(
      `SELECT q.id, q.body, q.status, q.created_at AS createdAt, q.answered_at AS answeredAt, p.id AS productId, p.slug, p.name, ${ANSWER_COLUMNS}
       FROM questions q JOIN products p ON p.id = q.product_id ${ANSWER_JOIN}
       WHERE q.user_id = ?${onlyId ? ' AND q.id = ?' : ''} ORDER BY q.created_at DESC, q.id DESC LIMIT 100`,
    )
    .bind(...(onlyId ? [userId, onlyId] : [userId]))
    .all<AnswerCols & { id: string; body: string; status: QuestionStatus; createdAt: number; answeredAt: number | null; productId: string; slug: string; name: string }>();
  return rows.results.map((r) => ({
    id: r.id,
    product: { id: r.productId, slug: r.slug, name: r.name },
    body: r.body,
    status: r.status,
    statusLabel: QUESTION_STATUS_LABELS[r.status],
    createdAt: r.createdAt,
    answer: answerOf(r),
  }));
}

// ---- Staff --------------------------------------------------------------------------------------------------------
const FLAGGED = "(q.flags <> '[]')";
const STAFF_SELECT = `SELECT q.id, q.body, q.flags, q.status, q.created_at AS createdAt, q.answered_at AS answeredAt, q.hidden_reason AS hiddenReason,
    q.hidden_at AS hiddenAt, hb.name AS hiddenByName, ${FLAGGED} AS flagged, u.name AS askerName, p.id AS productId, p.slug, p.name, ${ANSWER_COLUMNS}
  FROM questions q JOIN users u ON u.id = q.user_id JOIN products p ON p.id = q.product_id LEFT JOIN users hb ON hb.id = q.hidden_by ${ANSWER_JOIN}`;
type StaffRow = AnswerCols & {
  id: string;
  body: string;
  flags: string;
  status: QuestionStatus;
  createdAt: number;
  answeredAt: number | null;
  hiddenReason: string | null;
  hiddenAt: number | null;
  hiddenByName: string | null;
  flagged: number;
  askerName: string | null;
  productId: string;
  slug: string;
  name: string;
};

function staffView(r: StaffRow, now: number): StaffQuestion {
  const flags = (JSON.parse(r.flags) as UgcFlag[]).map((code) => ({ code, label: UGC_FLAG_LABELS[code] ?? code }));
  const until = r.status === 'pending' ? now : (r.answeredAt ?? r.hiddenAt ?? now);
  return {
    id: r.id,
    product: { id: r.productId, slug: r.slug, name: r.name },
    askerName: r.askerName ?? '',
    body: r.body,
    flags,
    status: r.status,
    statusLabel: QUESTION_STATUS_LABELS[r.status],
    createdAt: r.createdAt,
    waitingSeconds: Math.max(0, Math.floor((until - r.createdAt) / 1000)),
    answer: answerOf(r, false),
    hidden: r.status === 'hidden' && r.hiddenReason !== null && r.hiddenAt !== null ? { reason: r.hiddenReason, at: r.hiddenAt, byName: r.hiddenByName } : null,
  };
}

export async function staffQuestion(db: D1Database, id: string, now: number): Promise<StaffQuestion> {
  const row = await db.prepare(`${STAFF_SELECT} WHERE q.id = ?`).bind(id).first<StaffRow>();
  if (!row) throw questionNotFound();
  return staffView(row, now);
}

/**
 * The staff queue. `pending` (default): flagged questions first (screening flags: a moderator looks at them first),
 * then oldest first; `answered` / `hidden`: the latest decisions first. Keyset-paged; counts of pending and flagged.
 */
export async function staffQuestionQueue(db: D1Database, q: StaffQuestionQuery, now: number) {
  const binds: unknown[] = [q.status];
  let where = 'q.status = ?';
  let order: string;
  const pending = q.status === 'pending';
  const at = q.status === 'answered' ? 'q.answered_at' : 'q.hidden_at';
  if (pending) {
    order = `${FLAGGED} DESC, q.created_at ASC, q.id ASC`;
    if (q.cursor) {
      const k = decodeCursor(q.cursor, 'pending', 2);
      const [f, t] = k.keys as [number, number];
      where += ` AND (${FLAGGED} < ? OR (${FLAGGED} = ? AND (q.created_at > ? OR (q.created_at = ? AND q.id > ?))))`;
      binds.push(f, f, t, t, k.id);
    }
  } else {
    order = `${at} DESC, q.id DESC`;
    if (q.cursor) {
      const k = decodeCursor(q.cursor, q.status, 1);
      where += ` AND (${at} < ? OR (${at} = ? AND q.id < ?))`;
      binds.push(k.keys[0], k.keys[0], k.id);
    }
  }
  const [rows, counts] = await db.batch([
    db.prepare(`${STAFF_SELECT} WHERE ${where} ORDER BY ${order} LIMIT ?`).bind(...binds, q.limit + 1),
    db.prepare(`SELECT COUNT(*) AS pending, COALESCE(SUM(${FLAGGED}), 0) AS flagged FROM questions q WHERE q.status = 'pending'`),
  ]);
  const all = rows!.results as StaffRow[];
  const page = all.slice(0, q.limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (all.length > q.limit && last) {
    nextCursor = pending
      ? encodeCursor({ sort: 'pending', keys: [last.flagged, last.createdAt], id: last.id })
      : encodeCursor({ sort: q.status, keys: [(q.status === 'answered' ? last.answeredAt : last.hiddenAt) ?? 0], id: last.id });
  }
  return { items: page.map((r) => staffView(r, now)), nextCursor, counts: counts!.results[0] as { pending: number; flagged: number } };
}

/** The number of questions waiting for a pharmacist (the console overview). */
export async function pendingQuestionCount(db: D1Database): Promise<number> {
  return (await db.prepare("SELECT COUNT(*) AS n FROM questions WHERE status = 'pending'").first<{ n: number }>())?.n ?? 0;
}

// ---- Moves --------------------------------------------------------------------------------------------------------
type Actor = { id: string; role: string };

async function currentStatus(db: D1Database, id: string): Promise<{ status: QuestionStatus; productId: string } | null> {
  return db.prepare('SELECT status, product_id AS productId FROM questions WHERE id = ?').bind(id).first<{ status: QuestionStatus; productId: string }>();
}

/**
 * pending → answered, guarded in SQL (`moveGuardSql('answered')`): the UPDATE, then — only if it wrote — the answer
 * row, the `question.answered` outbox event and the audit entry, in one batch. Of two answers at once exactly one
 * wins; the other gets 409 QUESTION_ANSWERED.
 */
export async function answerQuestion(db: D1Database, input: { id: string; actor: Actor; body: string; now: number }): Promise<void> {
  const q = await currentStatus(db, input.id);
  if (!q) throw questionNotFound();
  const answerId = newId();
  const applied = { sql: 'EXISTS (SELECT 1 FROM answers WHERE id = ?)', binds: [answerId] };
  const results = await db.batch([
    db.prepare(`UPDATE questions SET status = 'answered', answered_at = ? WHERE id = ? AND ${moveGuardSql('answered')}`).bind(input.now, input.id),
    db
      .prepare('INSERT INTO answers (id, question_id, pharmacist_id, body, created_at, updated_at) SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1')
      .bind(answerId, input.id, input.actor.id, input.body, input.now, input.now),
    db
      .prepare(`INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) SELECT ?, ?, 'question', ?, json_object('questionId', ?), ? WHERE ${applied.sql}`)
      .bind(newId(), ANSWERED_EVENT, input.id, input.id, input.now, ...applied.binds),
    auditStatement(db, { actor: input.actor, action: 'question.answer', entityType: 'question', entityId: input.id, data: { productId: q.productId } }, input.now, applied),
    db.prepare(`SELECT ${applied.sql} AS applied`).bind(...applied.binds),
  ]);
  if (!(results[results.length - 1]!.results[0] as { applied: number }).applied) throw refusal('answered', (await currentStatus(db, input.id))?.status);
}

/** Replaces the published answer's text (the question stays answered; the asker is not emailed again). Audited. */
export async function editAnswer(db: D1Database, input: { id: string; actor: Actor; body: string; now: number }): Promise<void> {
  const q = await currentStatus(db, input.id);
  if (!q) throw questionNotFound();
  const auditId = newId();
  const results = await db.batch([
    db
      .prepare("UPDATE answers SET body = ?, pharmacist_id = ?, updated_at = ? WHERE question_id = ? AND EXISTS (SELECT 1 FROM questions WHERE id = ? AND status = 'answered')")
      .bind(input.body, input.actor.id, input.now, input.id, input.id),
    auditStatement(db, { id: auditId, actor: input.actor, action: 'question.answer_edit', entityType: 'question', entityId: input.id, data: { productId: q.productId } }, input.now, 'changed'),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(results[results.length - 1])) {
    const now = (await currentStatus(db, input.id))?.status;
    throw now === 'hidden' ? refusal('answered', now) : notAnswered();
  }
}

/** pending | answered → hidden with a reason (staff), guarded by `moveGuardSql('hidden')`. Audited (not the text). */
export async function hideQuestion(db: D1Database, input: { id: string; actor: Actor; reason: string; now: number }): Promise<void> {
  const q = await currentStatus(db, input.id);
  if (!q) throw questionNotFound();
  const auditId = newId();
  const results = await db.batch([
    db
      .prepare(`UPDATE questions SET status = 'hidden', hidden_reason = ?, hidden_by = ?, hidden_at = ? WHERE id = ? AND ${moveGuardSql('hidden')}`)
      .bind(input.reason, input.actor.id, input.now, input.id),
    auditStatement(db, { id: auditId, actor: input.actor, action: 'question.hide', entityType: 'question', entityId: input.id, data: { productId: q.productId, from: q.status } }, input.now, 'changed'),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(results[results.length - 1])) throw refusal('hidden', (await currentStatus(db, input.id))?.status);
}
