/**
 * The `advice` field of both consultation detail answers (issue 15, ADR 0030): the pharmacist's decision, the online
 * quote, the pickup reservation or the rejection. Read by consultations/repo.d1.ts `consultationDetail`.
 */
import { pickupOfConsultation } from '../pickup/reservations.d1';
import { PICKUP_STATUS_LABELS } from '../pickup/state';
import { rxOnlineExceptionFrom, rxOnlineExceptionStatement } from '../settings/rx-exception.d1';
import { REJECT_REASON_LABELS, type Advice, type RejectReason } from './advice';
import { advicePlace } from './place';
import { quoteItemOrderedSql } from './quote-use';

/** The `advice` field of both consultation detail answers: null until a pharmacist decided. */
export async function adviceOf(d: D1Database, consultationId: string, now: number): Promise<Advice | null> {
  const [decision, items, rx] = await d.batch<Record<string, unknown>>([
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
           ai.unit_price AS unitPrice, ai.instructions, ai.kind, ai.quote_id AS quoteId, p.prescription_required AS rxNow, p.special_control AS specialControl,
           ${quoteItemOrderedSql('ai.id')} AS ordered
         FROM advice_items ai JOIN products p ON p.id = ai.product_id WHERE ai.consultation_id = ? ORDER BY ai.position`,
      )
      .bind(consultationId),
    rxOnlineExceptionStatement(d),
  ]);
  const dec = decision!.results[0] as
    | { decision: 'advised' | 'rejected'; note: string; rejectReason: RejectReason | null; decidedAt: number; pharmacistName: string; practisingCertificate: string | null; quoteId: string | null; quoteExpiresAt: number | null }
    | undefined;
  if (!dec) return null;
  const rows = items!.results as Array<{
    id: string; productId: string; productSlug: string; productName: string; unitId: string; unitName: string; quantity: number; unitPrice: number; instructions: string;
    kind: 'otc' | 'rx'; quoteId: string | null; rxNow: number; specialControl: number; ordered: number;
  }>;
  // THE split (place.ts), asked now: a quote item the switch no longer lets online (it was turned off after the advice).
  const exception = rxOnlineExceptionFrom(rx);
  const offlineNow = (r: (typeof rows)[number]) => advicePlace({ prescriptionRequired: Boolean(r.rxNow), specialControl: Boolean(r.specialControl) }, exception) === 'pickup';
  const quoteRows = rows.filter((r) => r.quoteId);
  const quoteItems = quoteRows.map(({ kind, quoteId: _, rxNow: _rx, specialControl: _sc, ordered, ...r }) => ({
    ...r,
    lineTotal: r.unitPrice * r.quantity,
    prescriptionRequired: kind === 'rx',
    ordered: Boolean(ordered),
  }));
  const rxOnlineUnavailable = quoteRows.some((r) => !r.ordered && offlineNow(r));
  const pickup = dec.decision === 'advised' ? await pickupOfConsultation(d, consultationId) : null;
  return {
    pharmacist: { name: dec.pharmacistName, practisingCertificate: dec.practisingCertificate },
    note: dec.note,
    decidedAt: dec.decidedAt,
    quote:
      dec.quoteId && dec.quoteExpiresAt !== null
        ? { id: dec.quoteId, expiresAt: dec.quoteExpiresAt, expired: now >= dec.quoteExpiresAt, items: quoteItems, total: quoteItems.reduce((n, i) => n + i.lineTotal, 0), rxOnlineUnavailable }
        : null,
    reservation: pickup
      ? { id: pickup.id, code: pickup.code, status: pickup.status, statusLabel: PICKUP_STATUS_LABELS[pickup.status], expiresAt: pickup.expiresAt, location: pickup.location, items: pickup.items }
      : null,
    rejection: dec.decision === 'rejected' && dec.rejectReason ? { reason: dec.rejectReason, reasonLabel: REJECT_REASON_LABELS[dec.rejectReason], note: dec.note } : null,
  };
}

