/** Who may download an order's invoice, and whether it exists yet. Pure: the route loads the facts and acts on the answer. */
import { mayViewOrder, type OrderAsker } from '../checkout/access';
import { INVOICEABLE_PAYMENT, type InvoiceDownloadFacts } from './repo.d1';

export type InvoiceDecision =
  | { kind: 'ok'; key: string; number: string }
  /** Not found, or not yours: the same answer, so order codes can't be probed. */
  | { kind: 'not_found' }
  | { kind: 'unpaid' }
  /** Paid, but the consumer has not stored the PDF yet. */
  | { kind: 'not_ready' };

/** Who asks: the same rule as every other view of the order (checkout/access.ts). */
export type InvoiceAsker = OrderAsker;

export function decideInvoiceDownload(f: InvoiceDownloadFacts | null, asker: InvoiceAsker): InvoiceDecision {
  if (!f) return { kind: 'not_found' };
  if (!mayViewOrder(f, asker)) return { kind: 'not_found' };
  if (f.r2Key && f.number && f.storedAt !== null) return { kind: 'ok', key: f.r2Key, number: f.number };
  return (INVOICEABLE_PAYMENT as readonly string[]).includes(f.paymentStatus) ? { kind: 'not_ready' } : { kind: 'unpaid' };
}
