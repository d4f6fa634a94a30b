import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { invoiceProblems, renderInvoicePdf } from '@medicare/shared/invoice/render';
import { invoiceFacts, issueInvoice, markInvoiceStored } from '@medicare/shared/invoice/repo.d1';
import { sellerFromEnv, type SellerEnv } from '@medicare/shared/invoice/seller';
import { PDF_FONTS } from '@medicare/shared/pdf/fonts';

export interface InvoiceEnv extends SellerEnv {
  DB: D1Database;
  FILES_BUCKET: R2Bucket;
}

/** The events after which an order may have become paid: bank transfer confirmed, or COD collected on delivery. */
export const INVOICE_EVENTS = ['order.paid', 'order.delivered'] as const;

/**
 * Issues, renders and stores the order's invoice once. The number is taken in D1 first; the PDF is rendered from the
 * order's snapshots with the invoice's own date, so a retry after a crash between the R2 write and `stored_at` writes
 * the same bytes again. Once `stored_at` is set, replays and later events do nothing.
 */
export async function storeInvoice(env: InvoiceEnv, orderId: string, now = Date.now()): Promise<'stored' | 'already' | 'unpaid'> {
  const invoice = await issueInvoice(env.DB, orderId, now);
  if (!invoice) return 'unpaid';
  if (invoice.storedAt !== null) return 'already';
  const facts = await invoiceFacts(env.DB, invoice, sellerFromEnv(env));
  const problems = invoiceProblems(facts);
  // Never issue a wrong invoice: fail, retry, dead-letter; an admin fixes the order and replays the event.
  if (problems.length) throw new Error(`INVOICE_INCONSISTENT: ${problems.join('; ')}`);
  const pdf = await renderInvoicePdf(facts, PDF_FONTS);
  await env.FILES_BUCKET.put(invoice.r2Key, pdf, {
    httpMetadata: { contentType: 'application/pdf', contentDisposition: `attachment; filename="${invoice.number}.pdf"` },
    customMetadata: { invoiceNumber: invoice.number, orderId },
  });
  await markInvoiceStored(env.DB, invoice.id, pdf.byteLength, Date.now());
  return 'stored';
}

export function invoiceStep<B extends InvoiceEnv>(type: string): ((e: EventEnvelope, env: B) => Promise<void>) | null {
  return (INVOICE_EVENTS as readonly string[]).includes(type) ? async (e, env) => void (await storeInvoice(env, e.aggregateId)) : null;
}
