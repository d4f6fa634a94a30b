/**
 * The `advice` field of both consultation detail answers (issue 15, ADR 0030): the pharmacist's decision, the online
 * quote, the pickup reservation or the rejection. Read by consultations/repo.d1.ts `consultationDetail`.
 */
import { pickupOfConsultation } from '../pickup/reservations.d1';
import { PICKUP_STATUS_LABELS } from '../pickup/state';
import { REJECT_REASON_LABELS, type Advice, type RejectReason } from './advice';

/** The `advice` field of both consultation detail answers: null until a pharmacist decided. */
export async function adviceOf(d: D1Database, consultationId: string, now: number): Promise<Advice | null> {
  const [decision, items] = await d.batch<Record<string, unknown>>([
    d
      .prepare(
        `SELECT cd.decision, cd.note, cd.reject_reason AS rejectReason, cd.decided_at AS decidedAt, u.name AS pharmacistName, u.practising_certificate AS practisingCertificate,
           q.id AS quoteId, q.expires_at AS quoteExpiresAt
         FROM consultation_decisions cd JOIN users u ON u.id = cd.pharmacist_id LEFT JOIN quotes q ON q.consultation_id = cd.consultation_id
         WHERE cd.consultation_id = ?`,
      )
      .bind(consultationId),
    d
      .prepare(
        `SELECT ai.id, ai.product_id AS productId, p.slug AS productSlug, ai.product_name AS productName, ai.unit_id AS unitId, ai.unit_name AS unitName, ai.quantity,
           ai.unit_price AS unitPrice, ai.instructions, ai.kind, ai.quote_id AS quoteId
         FROM advice_items ai JOIN products p ON p.id = ai.product_id WHERE ai.consultation_id = ? ORDER BY ai.position`,
      )
      .bind(consultationId),
  ]);
  const dec = decision!.results[0] as
    | { decision: 'advised' | 'rejected'; note: string; rejectReason: RejectReason | null; decidedAt: number; pharmacistName: string; practisingCertificate: string | null; quoteId: string | null; quoteExpiresAt: number | null }
    | undefined;
  if (!dec) return null;
  const rows = items!.results as Array<{ id: string; productId: string; productSlug: string; productName: string; unitId: string; unitName: string; quantity: number; unitPrice: number; instructions: string; kind: 'otc' | 'rx'; quoteId: string | null }>;
  const quoteItems = rows
    .filter((r) => r.quoteId)
    .map(({ kind, quoteId: _, ...r }) => ({ ...r, lineTotal: r.unitPrice * r.quantity, prescriptionRequired: kind === 'rx' }));
  const pickup = dec.decision === 'advised' ? await pickupOfConsultation(d, consultationId) : null;
  return {
    pharmacist: { name: dec.pharmacistName, practisingCertificate: dec.practisingCertificate },
    note: dec.note,
    decidedAt: dec.decidedAt,
    quote:
      dec.quoteId && dec.quoteExpiresAt !== null
        ? { id: dec.quoteId, expiresAt: dec.quoteExpiresAt, expired: now >= dec.quoteExpiresAt, items: quoteItems, total: quoteItems.reduce((n, i) => n + i.lineTotal, 0) }
        : null,
    reservation: pickup
      ? { id: pickup.id, code: pickup.code, status: pickup.status, statusLabel: PICKUP_STATUS_LABELS[pickup.status], expiresAt: pickup.expiresAt, location: pickup.location, items: pickup.items }
      : null,
    rejection: dec.decision === 'rejected' && dec.rejectReason ? { reason: dec.rejectReason, reasonLabel: REJECT_REASON_LABELS[dec.rejectReason], note: dec.note } : null,
  };
}

