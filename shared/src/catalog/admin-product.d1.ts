/**
 * Staff reads of products and of the approval queue (issue 14). AdminProduct is built from `loadProductForWrite` (the
 * same read the save compares with) plus names, images, stock, the pending revision's diff and the last decision.
 */
import { z } from '@hono/zod-openapi';
import { intQuery } from '../http/query';
import { availableBaseSql, vietnamDate } from './availability';
import { MEDICAL_FIELD_LABELS, MEDICAL_FIELDS, revisionChanges, type MedicalField } from './approval';
import type { AdminProduct, Revision } from './admin-product';
import { decodeCursor, encodeCursor } from './cursor';
import { loadProductForWrite, pendingChanges, type ExistingProduct, type RevisionRow } from './product-write.d1';
import { imageUrl } from './service';
import { isShopVisible } from './visibility';
import { toCertificate } from './media.d1';

export async function adminProduct(db: D1Database, productId: string, now: number, loaded?: ExistingProduct | null): Promise<AdminProduct | null> {
  const existing = loaded === undefined ? await loadProductForWrite(db, productId) : loaded;
  if (!existing) return null;
  const today = vietnamDate(now);
  const [meta, images, stock, people] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT p.created_at AS createdAt, p.updated_at AS updatedAt, c.name AS categoryName, b.name AS brandName,
           p.certificate_key AS certKey, p.certificate_name AS certName, p.certificate_size AS certSize, p.certificate_uploaded_at AS certAt
         FROM products p JOIN categories c ON c.id = p.category_id JOIN brands b ON b.id = p.brand_id WHERE p.id = ?`,
      )
      .bind(productId),
    db.prepare('SELECT id, r2_key AS r2Key, alt, position FROM product_images WHERE product_id = ? ORDER BY position, id').bind(productId),
    db
      .prepare(`SELECT COALESCE(SUM(quantity), 0) AS onHand, COALESCE(SUM(reserved), 0) AS reserved, ${availableBaseSql('?1', `'${today}'`)} AS available FROM stock_batches WHERE product_id = ?1`)
      .bind(productId),
    db
      .prepare(
        `SELECT r.state, r.note, r.decided_at AS at, d.name AS byName, s.name AS submittedByName, r.id
         FROM product_revisions r LEFT JOIN users d ON d.id = r.decided_by LEFT JOIN users s ON s.id = r.submitted_by
         WHERE r.product_id = ? AND (r.state IN ('approved', 'rejected') OR r.state = 'pending')
         ORDER BY r.state = 'pending' DESC, r.decided_at DESC, r.id DESC LIMIT 2`,
      )
      .bind(productId),
  ]);
  const m = meta!.results[0] as
    | { createdAt: number; updatedAt: number; categoryName: string; brandName: string; certKey: string | null; certName: string | null; certSize: number | null; certAt: number | null }
    | undefined;
  if (!m) return null;
  const revs = people!.results as Array<{ state: string; note: string | null; at: number | null; byName: string | null; submittedByName: string | null; id: string }>;
  const pendingRow = revs.find((r) => r.state === 'pending');
  const decided = revs.find((r) => r.state !== 'pending');
  const s = stock!.results[0] as { onHand: number; reserved: number; available: number };
  const live = existing.live;
  return {
    id: existing.id,
    slug: existing.slug,
    name: live.name,
    shortDescription: live.shortDescription,
    description: live.description,
    categoryId: live.categoryId,
    categoryName: m.categoryName,
    brandId: live.brandId,
    brandName: m.brandName,
    manufacturer: live.manufacturer ? { name: live.manufacturer.name, address: live.manufacturer.address ?? null, country: live.manufacturer.country } : null,
    registrationNumber: live.registrationNumber,
    prescriptionRequired: live.prescriptionRequired,
    specialControl: live.specialControl,
    dosageForm: live.dosageForm,
    packSpec: live.packSpec,
    baseUnit: live.baseUnit,
    ingredients: live.ingredients.map((g) => ({ name: g.name, strength: g.strength ?? null })),
    indications: live.indications,
    dosage: live.dosage ?? null,
    sideEffects: live.sideEffects ?? null,
    contraindications: live.contraindications ?? null,
    precautions: live.precautions ?? null,
    storage: live.storage ?? null,
    countryOfOrigin: live.countryOfOrigin,
    lowStockThreshold: live.lowStockThreshold,
    refillEligible: Boolean(live.refillEligible),
    dailyUseBase: (live.dailyUseBase as number | null) ?? null,
    visible: live.visible,
    units: live.units.map((u) => ({
      id: u.id,
      name: u.name,
      factor: u.factor,
      price: u.price,
      salePrice: u.salePrice ?? null,
      saleStartsAt: u.saleStartsAt ?? null,
      saleEndsAt: u.saleEndsAt ?? null,
      weightGrams: u.weightGrams,
      barcode: u.barcode ?? null,
      isDefault: u.isDefault,
      retired: u.retiredAt !== null,
      retiredAt: u.retiredAt,
    })),
    approvalState: existing.approvalState,
    shopVisible: isShopVisible({ approvalState: existing.approvalState, visible: live.visible, deletedAt: existing.deletedAt }),
    deletedAt: existing.deletedAt,
    images: (images!.results as Array<{ id: string; r2Key: string; alt: string; position: number }>).map((i) => ({ id: i.id, url: imageUrl(i.r2Key), alt: i.alt, position: i.position })),
    certificate: toCertificate({ key: m.certKey, name: m.certName, size: m.certSize, uploadedAt: m.certAt }),
    stock: { onHand: Number(s.onHand), reserved: Number(s.reserved), available: Number(s.available) },
    pendingRevision: existing.pending
      ? { id: existing.pending.id, kind: existing.pending.kind, submittedAt: existing.pending.submittedAt, submittedByName: pendingRow?.submittedByName ?? null, changes: pendingChanges(existing) }
      : null,
    lastDecision: decided ? { state: decided.state as 'approved' | 'rejected', note: decided.note, byName: decided.byName, at: decided.at ?? 0 } : null,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The approval queue
// ---------------------------------------------------------------------------------------------------------------

export const ApprovalQuerySchema = z.object({
  kind: z.enum(['new', 'edit']).optional(),
  categoryId: z.string().min(1).max(40).optional().openapi({ description: 'A category id at any level; includes its descendants' }),
  rx: z.enum(['true', 'false']).optional().openapi({ description: 'true: prescription-only products; false: the others' }),
  cursor: z.string().max(300).optional(),
  limit: intQuery(1, 100, 30),
});
export type ApprovalQuery = z.infer<typeof ApprovalQuerySchema>;

const QUEUE_SORT = 'approvals';

/** Pending revisions, oldest first (first come, first reviewed); counts per kind under the same filters but `kind`. */
export async function approvalQueue(db: D1Database, q: ApprovalQuery) {
  const conds = [`r.state = 'pending'`];
  const binds: unknown[] = [];
  if (q.categoryId) {
    conds.push(`instr(c.path, (SELECT c2.path FROM categories c2 WHERE c2.id = ?)) = 1`);
    binds.push(q.categoryId);
  }
  if (q.rx) conds.push(`p.prescription_required = ${q.rx === 'true' ? 1 : 0}`);
  const page = [...conds];
  const pageBinds = [...binds];
  if (q.kind) {
    page.push('r.kind = ?');
    pageBinds.push(q.kind);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor, QUEUE_SORT, 1);
    page.push('(r.submitted_at, r.id) > (?, ?)');
    pageBinds.push(c.keys[0], c.id);
  }
  const from = `FROM product_revisions r JOIN products p ON p.id = r.product_id JOIN categories c ON c.id = p.category_id`;
  const [rows, counts] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT r.id AS revisionId, r.product_id AS productId, p.name AS productName, r.kind, c.name AS categoryName, p.prescription_required AS rx,
           r.submitted_at AS submittedAt, u.name AS submittedByName, r.proposed
         ${from} LEFT JOIN users u ON u.id = r.submitted_by WHERE ${page.join(' AND ')} ORDER BY r.submitted_at, r.id LIMIT ?`,
      )
      .bind(...pageBinds, q.limit + 1),
    db.prepare(`SELECT r.kind, COUNT(*) AS n ${from} WHERE ${conds.join(' AND ')} GROUP BY r.kind`).bind(...binds),
  ]);
  const list = rows!.results as Array<Record<string, unknown>>;
  const items = list.slice(0, q.limit).map((r) => ({
    revisionId: r.revisionId as string,
    productId: r.productId as string,
    productName: r.productName as string,
    kind: r.kind as 'new' | 'edit',
    categoryName: r.categoryName as string,
    prescriptionRequired: Boolean(r.rx),
    submittedAt: r.submittedAt as number,
    submittedByName: (r.submittedByName as string | null) ?? null,
    // A new product: every medical field is up for review; an edit: the fields it proposes.
    changedFields: r.kind === 'new' ? MEDICAL_FIELDS.slice() : Object.keys(JSON.parse(r.proposed as string) as object).filter((f) => f in MEDICAL_FIELD_LABELS),
  }));
  const last = items[items.length - 1];
  const n = new Map((counts!.results as Array<{ kind: string; n: number }>).map((c) => [c.kind, c.n]));
  return {
    items,
    nextCursor: list.length > q.limit && last ? encodeCursor({ sort: QUEUE_SORT, keys: [last.submittedAt], id: last.revisionId }) : null,
    counts: { new: n.get('new') ?? 0, edit: n.get('edit') ?? 0 },
  };
}

/** A revision for the API, with the submitter's and decider's names. */
export async function revisionView(db: D1Database, rev: RevisionRow): Promise<Revision> {
  const names = await db
    .prepare('SELECT (SELECT name FROM users WHERE id = ?) AS s, (SELECT name FROM users WHERE id = ?) AS d')
    .bind(rev.submittedBy ?? '', rev.decidedBy ?? '')
    .first<{ s: string | null; d: string | null }>();
  return {
    id: rev.id,
    productId: rev.productId,
    kind: rev.kind,
    state: rev.state,
    submittedAt: rev.submittedAt,
    submittedByName: names?.s ?? null,
    decidedAt: rev.decidedAt,
    decidedByName: names?.d ?? null,
    note: rev.note,
  };
}

/** The diff a revision shows: a pending one against the live values; a decided one as it was submitted. */
export function revisionDiff(rev: RevisionRow, existing: ExistingProduct) {
  if (rev.state === 'pending') return pendingChanges({ ...existing, pending: { ...rev, kind: rev.kind } });
  if (rev.kind === 'new') return revisionChanges({}, rev.proposed);
  return revisionChanges(rev.before, rev.proposed);
}

export type { MedicalField };
