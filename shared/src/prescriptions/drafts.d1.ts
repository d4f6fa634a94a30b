/**
 * #18: the prescription draft of a consultation in D1 (migrations/0040_rx_drafts.sql, ADR 0045). One draft per
 * consultation; every write goes with its audit entry in the same batch (counts and the source only: the drugs are
 * health data and stay in the draft). Staff only — no shopper route reads this table.
 */
import { auditStatement } from '../audit/write.d1';
import { holdsConsultationSql } from '../consultations/state';
import type { AuditAction } from '../audit/actions';
import { RxDraftItemSchema, type RxDraft, type RxDraftItem } from './schemas';
import { z } from '@hono/zod-openapi';

interface Row {
  consultationId: string;
  fileId: string | null;
  source: RxDraft['source'];
  model: string | null;
  prescriber: string | null;
  prescribedOn: string | null;
  items: string;
  updatedBy: string | null;
  createdAt: number;
  updatedAt: number;
}

const ItemsSchema = z.array(RxDraftItemSchema);

export async function loadDraft(db: D1Database, consultationId: string): Promise<RxDraft | null> {
  const r = await db
    .prepare(
      `SELECT consultation_id AS consultationId, file_id AS fileId, source, model, prescriber, prescribed_on AS prescribedOn, items,
         updated_by AS updatedBy, created_at AS createdAt, updated_at AS updatedAt FROM rx_drafts WHERE consultation_id = ?`,
    )
    .bind(consultationId)
    .first<Row>();
  if (!r) return null;
  return { ...r, items: ItemsSchema.parse(JSON.parse(r.items)) };
}

export interface DraftWrite {
  consultationId: string;
  code: string;
  fileId: string | null;
  source: RxDraft['source'];
  model: string | null;
  prescriber: string | null;
  prescribedOn: string | null;
  items: RxDraftItem[];
  actor: { id: string; role: string };
  action: Extract<AuditAction, 'consultation.rx_draft_read' | 'consultation.rx_draft_save'>;
  now: number;
}

/**
 * Creates or replaces the draft, with its audit entry (same batch), only while `w.actor` holds the consultation
 * (`holdsConsultationSql`: a release or a decision between the route's check and this write wins). False when refused.
 */
export async function saveDraft(db: D1Database, w: DraftWrite): Promise<boolean> {
  const [write] = await db.batch([
    db
      .prepare(
        `INSERT INTO rx_drafts (consultation_id, file_id, source, model, prescriber, prescribed_on, items, created_by, updated_by, created_at, updated_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${holdsConsultationSql}
         ON CONFLICT (consultation_id) DO UPDATE SET file_id = excluded.file_id, source = excluded.source, model = excluded.model,
           prescriber = excluded.prescriber, prescribed_on = excluded.prescribed_on, items = excluded.items,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .bind(w.consultationId, w.fileId, w.source, w.model, w.prescriber, w.prescribedOn, JSON.stringify(w.items), w.actor.id, w.actor.id, w.now, w.now, w.consultationId, w.actor.id),
    auditStatement(
      db,
      {
        actor: w.actor,
        action: w.action,
        entityType: 'consultation',
        entityId: w.consultationId,
        data: { code: w.code, source: w.source, items: w.items.length, matched: w.items.filter((i) => i.productId).length, ...(w.fileId ? { fileId: w.fileId } : {}) },
      },
      w.now,
      'changed',
    ),
  ]);
  // rx_drafts has no triggers, so the write's own change count is exact.
  return (write?.meta.changes ?? 0) > 0;
}

/** Removes the draft while `actor` holds the consultation; false when there was none (or it is not theirs). Audited only when it removed one. */
export async function discardDraft(db: D1Database, c: { id: string; code: string }, actor: { id: string; role: string }, now: number): Promise<boolean> {
  const [del] = await db.batch([
    db.prepare(`DELETE FROM rx_drafts WHERE consultation_id = ? AND ${holdsConsultationSql} RETURNING consultation_id`).bind(c.id, c.id, actor.id),
    auditStatement(db, { actor, action: 'consultation.rx_draft_discard', entityType: 'consultation', entityId: c.id, data: { code: c.code } }, now, 'changed'),
  ]);
  return (del?.results.length ?? 0) > 0;
}

/** A staff member was shown the draft (reading health data is an access, as the file links are: ADR 0029). */
export const draftViewAudit = (db: D1Database, c: { id: string; code: string }, actor: { id: string; role: string }, now: number) =>
  auditStatement(db, { actor, action: 'consultation.rx_draft_viewed', entityType: 'consultation', entityId: c.id, data: { code: c.code } }, now);
