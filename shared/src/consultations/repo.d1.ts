/**
 * Consultations in D1 + R2 (ADR 0029): creation (files to the private bucket, rows + timeline + outbox in one batch),
 * guarded moves generated from the state table, the shopper's and the staff views, the queue.
 */
import { auditStatement, type AuditWrite } from '../audit/write.d1';
import { normalizeVietnamesePhone } from '../auth/policy';
import { containsText } from '../db/text-match';
import { imageUrl } from '../catalog/service';
import { ValidationError } from '../errors';
import { newConsultationCode, newId } from '../ids';
import { issueFileLink } from './access';
import { FILE_EXTENSION, type PreparedFile } from './files';
import type { ConsultationDetail, StaffConsultationDetail, StaffQueueQuery } from './schemas';
import {
  CONSULTATION_EVENT_LABELS,
  CONSULTATION_STATUS_LABELS,
  holderGuardSql,
  moveGuardSql,
  MOVE_EVENTS,
  SUBMITTED_EVENT,
  customerMayCancel,
  type ConsultationActor,
  type ConsultationStatus,
} from './state';
import { adviceOf } from './advice-view.d1';

type ContactTime = 'any' | 'morning' | 'afternoon' | 'evening';

export interface ConsultationRow {
  id: string;
  code: string;
  userId: string | null;
  guestName: string | null;
  guestPhone: string | null;
  guestEmail: string | null;
  status: ConsultationStatus;
  source: 'form' | 'chat';
  conversationId: string | null;
  symptoms: string | null;
  note: string | null;
  preferredContactTime: ContactTime;
  contactPhone: string;
  pharmacistId: string | null;
  claimedAt: number | null;
  decidedAt: number | null;
  cancelledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `c.id, c.code, c.user_id AS userId, c.guest_name AS guestName, c.guest_phone AS guestPhone, c.guest_email AS guestEmail,
  c.status, c.source, c.conversation_id AS conversationId, c.symptoms, c.note, c.preferred_contact_time AS preferredContactTime,
  c.contact_phone AS contactPhone, c.pharmacist_id AS pharmacistId, c.claimed_at AS claimedAt, c.decided_at AS decidedAt,
  c.cancelled_at AS cancelledAt, c.created_at AS createdAt, c.updated_at AS updatedAt`;

export async function loadConsultation(db: D1Database, by: { code: string } | { id: string }): Promise<ConsultationRow | null> {
  const [col, v] = 'code' in by ? ['code', by.code] : ['id', by.id];
  return db.prepare(`SELECT ${COLUMNS} FROM consultations c WHERE c.${col} = ?`).bind(v).first<ConsultationRow>();
}

// ---- Creation -----------------------------------------------------------------------------------------------------
export interface NewConsultation {
  /** An account, or a guest (a chat guest may have no email: then only staff read it). */
  owner: { userId: string } | { guest: { name: string; phone: string; email: string | null } };
  productIds?: string[];
  symptoms?: string | null;
  note?: string | null;
  preferredContactTime?: ContactTime;
  /** The number the pharmacist calls (normalised Vietnamese phone). */
  contactPhone: string;
  /** Already checked and stripped (`prepareFiles`). */
  files?: PreparedFile[];
  source?: 'form' | 'chat';
  conversationId?: string | null;
  now?: number;
}

/**
 * Creates a consultation in the queue (`submitted`): files stored in the private bucket first (removed again if the
 * rows cannot be written), then the consultation, its products, files, first timeline entry and the
 * `consultation.submitted` outbox event in one D1 batch. The chat hands a conversation over with this (no files, the
 * transcript as `note`, `source: 'chat'`). Publishing the outbox is the caller's (or the cron's) job.
 */
export async function createConsultation(db: D1Database, bucket: R2Bucket, input: NewConsultation): Promise<{ id: string; code: string }> {
  const now = input.now ?? Date.now();
  const productIds = input.productIds ?? [];
  if (productIds.length) {
    const found = await db
      .prepare(`SELECT id FROM products WHERE id IN (${productIds.map(() => '?').join(', ')}) AND deleted_at IS NULL AND visible = 1 AND approval_state = 'approved'`)
      .bind(...productIds)
      .all<{ id: string }>();
    const known = new Set(found.results.map((r) => r.id));
    const unknown = productIds.filter((id) => !known.has(id));
    if (unknown.length) throw new ValidationError('Sản phẩm không tồn tại hoặc đã ngừng bán.', { productIds: unknown }, 'UNKNOWN_PRODUCT');
  }
  const id = newId();
  const files = (input.files ?? []).map((f, position) => ({ ...f, id: newId(), position, key: '' }));
  for (const f of files) f.key = `consultations/${id}/${f.id}.${FILE_EXTENSION[f.contentType]}`;
  const owner = 'userId' in input.owner ? { userId: input.owner.userId, guest: null } : { userId: null, guest: input.owner.guest };
  await Promise.all(files.map((f) => bucket.put(f.key, f.bytes, { httpMetadata: { contentType: f.contentType } })));
  for (let attempt = 0; ; attempt++) {
    const code = newConsultationCode();
    try {
      await db.batch([
        db
          .prepare(
            `INSERT INTO consultations (id, code, user_id, guest_name, guest_phone, guest_email, status, source, conversation_id, symptoms, note,
               preferred_contact_time, contact_phone, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(id, code, owner.userId, owner.guest?.name ?? null, owner.guest?.phone ?? null, owner.guest?.email ?? null, input.source ?? 'form', input.conversationId ?? null,
            input.symptoms || null, input.note || null, input.preferredContactTime ?? 'any', input.contactPhone, now, now),
        ...productIds.map((p, i) => db.prepare('INSERT INTO consultation_products (consultation_id, product_id, position) VALUES (?, ?, ?)').bind(id, p, i)),
        ...files.map((f) =>
          db.prepare('INSERT INTO consultation_files (id, consultation_id, r2_key, content_type, size_bytes, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').bind(f.id, id, f.key, f.contentType, f.bytes.length, f.position, now),
        ),
        db.prepare("INSERT INTO consultation_events (id, consultation_id, status, actor_id, created_at) VALUES (?, ?, 'submitted', ?, ?)").bind(newId(), id, owner.userId, now),
        outboxStatement(db, SUBMITTED_EVENT, id, now),
      ]);
      return { id, code };
    } catch (e) {
      if (attempt < 2 && /UNIQUE constraint failed: consultations\.code/.test(String(e))) continue;
      await Promise.all(files.map((f) => bucket.delete(f.key))).catch(() => undefined);
      throw e;
    }
  }
}

const outboxStatement = (db: D1Database, type: string, consultationId: string, now: number, cond: { sql: string; binds: unknown[] } = { sql: '', binds: [] }) =>
  db
    .prepare(`INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) SELECT ?, ?, 'consultation', ?, json_object('consultationId', ?), ?${cond.sql}`)
    .bind(newId(), type, consultationId, consultationId, now, ...cond.binds);

// ---- Moves --------------------------------------------------------------------------------------------------------
export interface Move {
  id: string;
  to: ConsultationStatus;
  actor: { kind: ConsultationActor; id: string | null; role: string };
  now: number;
  /** The audit entry of a staff move (written only if the move happened). */
  audit?: Omit<AuditWrite, 'actor' | 'entityType' | 'entityId' | 'id'>;
}

/** Column changes a move into a status makes (besides status and updated_at). */
const SETS: Record<ConsultationStatus, (m: Move) => { sql: string; binds: unknown[] }> = {
  in_review: (m) => ({ sql: ', pharmacist_id = ?, claimed_at = ?', binds: [m.actor.id, m.now] }),
  submitted: () => ({ sql: ', pharmacist_id = NULL, claimed_at = NULL', binds: [] }),
  advised: (m) => ({ sql: ', decided_at = ?', binds: [m.now] }),
  rejected: (m) => ({ sql: ', decided_at = ?', binds: [m.now] }),
  cancelled: (m) => ({ sql: ', cancelled_at = ?', binds: [m.now] }),
};

/**
 * The statements of a move, guarded by the state table (`moveGuardSql`) and, for a pharmacist's move out of
 * in_review, by the holder (`holderGuardSql`): the UPDATE, then — each only if the one before it wrote a row — the
 * timeline entry, the outbox event and the audit entry, and LAST the read-back of the timeline entry (`readBack`, also
 * the last of `statements`): `moveApplied(results)` reads it, never `meta.changes` (triggers count there). Other
 * statements of the same batch (advice's rows) go before the read-back, conditioned on `applied`
 * (`WHERE ${applied.sql}`): e.g. `const { statements, readBack, applied } = …; statements.pop();` then
 * `[...statements, ...mine, readBack]`.
 */
export function moveStatements(db: D1Database, m: Move): { statements: D1PreparedStatement[]; eventId: string; applied: { sql: string; binds: unknown[] }; readBack: D1PreparedStatement } {
  const eventId = newId();
  const set = SETS[m.to](m);
  const holder = m.actor.kind === 'pharmacist' ? holderGuardSql(m.to) : '1';
  const holderBinds = holder === '1' ? [] : [m.actor.id];
  const statements = [
    db
      .prepare(`UPDATE consultations SET status = ?, updated_at = ?${set.sql} WHERE id = ? AND ${moveGuardSql(m.to, m.actor.kind)} AND ${holder}`)
      .bind(m.to, m.now, ...set.binds, m.id, ...holderBinds),
    db.prepare('INSERT INTO consultation_events (id, consultation_id, status, actor_id, created_at) SELECT ?, ?, ?, ?, ? WHERE changes() = 1').bind(eventId, m.id, m.to, m.actor.id, m.now),
  ];
  const applied = { sql: 'EXISTS (SELECT 1 FROM consultation_events WHERE id = ?)', binds: [eventId] };
  const event = m.actor.kind === 'pharmacist' && m.to === 'submitted' ? undefined : MOVE_EVENTS[m.to];
  if (event) statements.push(outboxStatement(db, event, m.id, m.now, { sql: ` WHERE ${applied.sql}`, binds: applied.binds }));
  if (m.audit) statements.push(auditStatement(db, { ...m.audit, actor: { id: m.actor.id, role: m.actor.role }, entityType: 'consultation', entityId: m.id }, m.now, applied));
  const readBack = db.prepare(`SELECT ${applied.sql} AS applied`).bind(eventId);
  statements.push(readBack);
  return { statements, eventId, applied, readBack };
}

/** Whether the move happened: the batch's results, whose LAST one is the move's `readBack`. */
export const moveApplied = (results: D1Result[]): boolean => Boolean((results[results.length - 1]?.results[0] as { applied?: number } | undefined)?.applied);

/** Applies a move; false when the guard refused it (another pharmacist holds it, it was decided, cancelled...). */
export async function applyMove(db: D1Database, m: Move): Promise<boolean> {
  return moveApplied(await db.batch(moveStatements(db, m).statements));
}

// ---- Views --------------------------------------------------------------------------------------------------------
interface ProductRow {
  id: string;
  slug: string;
  name: string;
  imageKey: string | null;
  prescriptionRequired: number;
}
interface FileRow {
  id: string;
  contentType: ConsultationDetail['files'][number]['contentType'];
  size: number;
}

export async function consultationParts(db: D1Database, c: ConsultationRow) {
  const [products, files, events, pharmacist] = await db.batch([
    db
      .prepare(
        `SELECT p.id, p.slug, p.name, p.prescription_required AS prescriptionRequired,
           (SELECT r2_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS imageKey
         FROM consultation_products cp JOIN products p ON p.id = cp.product_id WHERE cp.consultation_id = ? ORDER BY cp.position`,
      )
      .bind(c.id),
    db.prepare('SELECT id, content_type AS contentType, size_bytes AS size FROM consultation_files WHERE consultation_id = ? ORDER BY position').bind(c.id),
    db.prepare('SELECT status, created_at AS at FROM consultation_events WHERE consultation_id = ? ORDER BY created_at, rowid').bind(c.id),
    db.prepare('SELECT id, name, practising_certificate AS practisingCertificate FROM users WHERE id = ?').bind(c.pharmacistId ?? ''),
  ]);
  return {
    products: (products!.results as ProductRow[]).map((p) => ({ id: p.id, slug: p.slug, name: p.name, imageUrl: p.imageKey ? imageUrl(p.imageKey) : null, prescriptionRequired: Boolean(p.prescriptionRequired) })),
    files: files!.results as FileRow[],
    timeline: (events!.results as Array<{ status: ConsultationStatus; at: number }>).map((e) => ({ status: e.status, label: CONSULTATION_EVENT_LABELS[e.status], at: e.at })),
    pharmacist: (pharmacist!.results[0] as { id: string; name: string; practisingCertificate: string | null } | undefined) ?? null,
  };
}

/** The shopper's (and staff's) view; file links signed for 5 minutes. */
export async function consultationDetail(db: D1Database, c: ConsultationRow, secret: string, now: number): Promise<ConsultationDetail & { fileIds: string[] }> {
  const parts = await consultationParts(db, c);
  const nowSeconds = Math.floor(now / 1000);
  const files = await Promise.all(
    parts.files.map(async (f) => {
      const link = await issueFileLink(secret, f.id, nowSeconds);
      return { id: f.id, contentType: f.contentType, size: f.size, url: link.url, urlExpiresAt: link.expiresAt };
    }),
  );
  return {
    code: c.code,
    status: c.status,
    statusLabel: CONSULTATION_STATUS_LABELS[c.status],
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    symptoms: c.symptoms,
    note: c.note,
    preferredContactTime: c.preferredContactTime,
    contactPhone: c.contactPhone,
    products: parts.products,
    files,
    timeline: parts.timeline,
    pharmacist: parts.pharmacist && c.status !== 'submitted' ? { name: parts.pharmacist.name, practisingCertificate: parts.pharmacist.practisingCertificate } : null,
    cancellable: customerMayCancel(c.status),
    advice: await adviceOf(db, c.id, now),
    fileIds: files.map((f) => f.id),
  };
}

/** Records that a staff member was given links to these files (the issuance is the access: ADR 0029). */
export const fileViewAudit = (db: D1Database, c: ConsultationRow, fileIds: string[], actor: { id: string; role: string }, now: number) =>
  auditStatement(db, { actor, action: 'consultation.file_viewed', entityType: 'consultation', entityId: c.id, data: { code: c.code, fileIds } }, now);

/** The staff view: the detail plus the customer, the holder and the customer's history. File links are audited. */
export async function staffConsultationDetail(db: D1Database, c: ConsultationRow, secret: string, now: number, viewer: { id: string; role: string }): Promise<StaffConsultationDetail> {
  const { fileIds, ...detail } = await consultationDetail(db, c, secret, now);
  const ownerSql = c.userId ? 'user_id = ?' : 'user_id IS NULL AND guest_phone = ?';
  const ownerBind = c.userId ?? c.guestPhone ?? '';
  const orderSql = c.userId ? 'user_id = ?' : 'user_id IS NULL AND phone = ?';
  const [user, consultations, orders] = await db.batch([
    db.prepare('SELECT id, name, phone, email FROM users WHERE id = ?').bind(c.userId ?? ''),
    db.prepare(`SELECT code, status, created_at AS createdAt FROM consultations WHERE ${ownerSql} AND id <> ? ORDER BY created_at DESC LIMIT 10`).bind(ownerBind, c.id),
    db.prepare(`SELECT code, status, total, created_at AS createdAt FROM orders WHERE ${orderSql} ORDER BY created_at DESC LIMIT 10`).bind(ownerBind),
    ...(fileIds.length ? [fileViewAudit(db, c, fileIds, viewer, now)] : []),
  ]);
  const u = user!.results[0] as { id: string; name: string; phone: string | null; email: string } | undefined;
  const holder = c.status === 'in_review' && c.pharmacistId ? await db.prepare('SELECT id, name FROM users WHERE id = ?').bind(c.pharmacistId).first<{ id: string; name: string }>() : null;
  return {
    ...detail,
    id: c.id,
    source: c.source,
    customer: u ? { userId: u.id, name: u.name, phone: u.phone ?? c.contactPhone, email: u.email, isGuest: false } : { userId: null, name: c.guestName ?? '', phone: c.guestPhone, email: c.guestEmail, isGuest: true },
    holder: holder ?? null,
    history: {
      consultations: (consultations!.results as Array<{ code: string; status: ConsultationStatus; createdAt: number }>).map((h) => ({ ...h, statusLabel: CONSULTATION_STATUS_LABELS[h.status] })),
      orders: orders!.results as Array<{ code: string; status: string; total: number; createdAt: number }>,
    },
  };
}

const PRODUCT_NAMES = `(SELECT json_group_array(name) FROM (SELECT p.name FROM consultation_products cp JOIN products p ON p.id = cp.product_id WHERE cp.consultation_id = c.id ORDER BY cp.position)) AS productNames`;

/** The shopper's consultations (an account's, or the guest identity's), newest first. */
export async function listMine(db: D1Database, who: { userId: string } | { guest: { phone: string; email: string } }) {
  const [where, binds] = 'userId' in who ? ['c.user_id = ?', [who.userId]] : ['c.user_id IS NULL AND c.guest_phone = ? AND c.guest_email = ?', [who.guest.phone, who.guest.email]];
  const rows = await db
    .prepare(`SELECT c.code, c.status, c.created_at AS createdAt, c.updated_at AS updatedAt, ${PRODUCT_NAMES} FROM consultations c WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT 100`)
    .bind(...binds)
    .all<{ code: string; status: ConsultationStatus; createdAt: number; updatedAt: number; productNames: string }>();
  return rows.results.map((r) => ({ ...r, statusLabel: CONSULTATION_STATUS_LABELS[r.status], productNames: JSON.parse(r.productNames) as string[] }));
}

// ---- The staff queue ----------------------------------------------------------------------------------------------
/** Open filters list oldest first (the one waiting longest is served first); decided ones newest first. */
const OLDEST_FIRST = new Set(['waiting', 'mine', 'in_review']);

const encodeCursor = (createdAt: number, id: string) => btoa(`${createdAt}:${id}`);
function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [t, id] = atob(cursor).split(':');
    const createdAt = Number(t);
    if (Number.isSafeInteger(createdAt) && id) return { createdAt, id };
  } catch {
    // fall through
  }
  throw new ValidationError('Con trỏ trang không hợp lệ.', undefined, 'INVALID_CURSOR');
}

export async function staffQueue(db: D1Database, q: StaffQueueQuery, me: string, now: number) {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (q.status === 'waiting') where.push("c.status = 'submitted'");
  else if (q.status === 'mine') where.push("c.status = 'in_review' AND c.pharmacist_id = ?"), binds.push(me);
  else if (q.status !== 'all') where.push('c.status = ?'), binds.push(q.status);
  const rx = 'EXISTS (SELECT 1 FROM consultation_products cp JOIN products p ON p.id = cp.product_id WHERE cp.consultation_id = c.id AND (p.prescription_required = 1 OR p.special_control = 1))';
  if (q.rx !== undefined) where.push(q.rx ? rx : `NOT ${rx}`);
  if (q.q) {
    // The staff order queue's search, on consultations: code, name or email; a phone whole or in part (as typed).
    const term = q.q.normalize('NFC');
    const text = containsText(['c.code', 'u.name', 'c.guest_name', 'u.email', 'c.guest_email'], term);
    const parts = [text.sql];
    binds.push(...text.params);
    const phone = normalizeVietnamesePhone(term);
    if (phone) parts.push('(c.contact_phone = ? OR c.guest_phone = ? OR u.phone = ?)'), binds.push(phone, phone, phone);
    const digits = term.replace(/[\s.\-()]/g, '').replace(/^\+?84(?=\d{3})/, '0');
    if (/^\d{3,}$/.test(digits)) {
      const p = containsText(['c.contact_phone', 'c.guest_phone', 'u.phone'], digits);
      parts.push(p.sql), binds.push(...p.params);
    }
    where.push(`(${parts.join(' OR ')})`);
  }
  const asc = OLDEST_FIRST.has(q.status);
  if (q.cursor) {
    const k = decodeCursor(q.cursor);
    where.push(asc ? '(c.created_at > ? OR (c.created_at = ? AND c.id > ?))' : '(c.created_at < ? OR (c.created_at = ? AND c.id < ?))');
    binds.push(k.createdAt, k.createdAt, k.id);
  }
  const dir = asc ? 'ASC' : 'DESC';
  const [rows, counts] = await db.batch([
    db
      .prepare(
        `SELECT c.id, c.code, c.status, c.created_at AS createdAt, c.user_id AS userId, COALESCE(u.name, c.guest_name, '') AS customerName,
           ph.name AS pharmacistName, ${PRODUCT_NAMES}, ${rx} AS hasRx,
           (SELECT COUNT(*) FROM consultation_files f WHERE f.consultation_id = c.id) AS fileCount
         FROM consultations c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN users ph ON ph.id = c.pharmacist_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_at ${dir}, c.id ${dir} LIMIT ?`,
      )
      .bind(...binds, q.limit + 1),
    db
      .prepare("SELECT (SELECT COUNT(*) FROM consultations WHERE status = 'submitted') AS waiting, (SELECT COUNT(*) FROM consultations WHERE status = 'in_review' AND pharmacist_id = ?) AS mine")
      .bind(me),
  ]);
  type Row = { id: string; code: string; status: ConsultationStatus; createdAt: number; userId: string | null; customerName: string; pharmacistName: string | null; productNames: string; hasRx: number; fileCount: number };
  const all = rows!.results as Row[];
  const page = all.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      statusLabel: CONSULTATION_STATUS_LABELS[r.status],
      customerName: r.customerName,
      isGuest: r.userId === null,
      productNames: JSON.parse(r.productNames) as string[],
      hasRx: Boolean(r.hasRx),
      fileCount: r.fileCount,
      createdAt: r.createdAt,
      waitingSeconds: Math.max(0, Math.floor((now - r.createdAt) / 1000)),
      pharmacistName: r.status === 'submitted' ? null : r.pharmacistName,
    })),
    nextCursor: all.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    counts: counts!.results[0] as { waiting: number; mine: number },
  };
}
