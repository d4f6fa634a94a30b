/** Who may download an order's invoice, and whether it exists yet. Pure: the route loads the facts and acts on the answer. */
import { normalizeVietnamesePhone } from '../auth/policy';
import { INVOICEABLE_PAYMENT, type InvoiceDownloadFacts } from './repo.d1';

export type InvoiceDecision =
  | { kind: 'ok'; key: string; number: string }
  /** Not found, or not yours: the same answer, so order codes can't be probed. */
  | { kind: 'not_found' }
  | { kind: 'unpaid' }
  /** Paid, but the consumer has not stored the PDF yet. */
  | { kind: 'not_ready' };

export interface InvoiceAsker {
  principal?: { userId: string; role: string } | null;
  /** Guests: the phone number given with the order. Accepted only for orders placed without an account. */
  phone?: string;
}

export function decideInvoiceDownload(f: InvoiceDownloadFacts | null, asker: InvoiceAsker): InvoiceDecision {
  if (!f) return { kind: 'not_found' };
  const p = asker.principal;
  const phone = asker.phone ? normalizeVietnamesePhone(asker.phone) : null;
  const allowed = (p && (p.role === 'admin' || p.userId === f.userId)) || (f.userId === null && phone !== null && phone === f.phone);
  if (!allowed) return { kind: 'not_found' };
  if (f.r2Key && f.number && f.storedAt !== null) return { kind: 'ok', key: f.r2Key, number: f.number };
  return (INVOICEABLE_PAYMENT as readonly string[]).includes(f.paymentStatus) ? { kind: 'not_ready' } : { kind: 'unpaid' };
}
