/** Invoice rows in D1: numbered once per paid order, loaded as facts for the renderer, marked when stored in R2. */
import { vietnamClock } from '../catalog/availability';
import { newId } from '../ids';
import type { InvoiceFacts, InvoiceSeller } from './render';

export interface InvoiceRow {
  id: string;
  orderId: string;
  number: string;
  r2Key: string;
  issuedAt: number;
  storedAt: number | null;
}

const INVOICE_COLUMNS = 'id, order_id AS orderId, number, r2_key AS r2Key, issued_at AS issuedAt, stored_at AS storedAt';

/** Payment states that mean the order is paid for (a late payment for an expired order is a refund, not a sale). */
export const INVOICEABLE_PAYMENT = ['paid', 'overpaid'] as const;

/**
 * The order's invoice, numbering it if the order is paid and has none yet (one statement: the next sequence number is
 * taken inside the insert, and the unique order index makes a concurrent second insert a no-op). Null while unpaid.
 */
export async function issueInvoice(db: D1Database, orderId: string, now: number): Promise<InvoiceRow | null> {
  const year = vietnamClock(now).getUTCFullYear();
  await db
    .prepare(
      `INSERT OR IGNORE INTO invoices (id, order_id, seq, number, r2_key, issued_at)
       SELECT ?1, o.id, n.seq, 'HD' || ?2 || '-' || printf('%06d', n.seq), 'invoices/' || o.code || '.pdf', ?3
       FROM orders o, (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM invoices) n
       WHERE o.id = ?4 AND o.payment_status IN (${INVOICEABLE_PAYMENT.map((s) => `'${s}'`).join(', ')})`,
    )
    .bind(newId(), String(year), now, orderId)
    .run();
  return db.prepare(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE order_id = ?`).bind(orderId).first<InvoiceRow>();
}

export async function markInvoiceStored(db: D1Database, id: string, size: number, now: number): Promise<void> {
  await db.prepare('UPDATE invoices SET stored_at = ?, size = ? WHERE id = ? AND stored_at IS NULL').bind(now, size, id).run();
}

/** Everything the PDF shows, from the order's own snapshots (names and prices as they were when ordered). */
export async function invoiceFacts(db: D1Database, invoice: InvoiceRow, seller: InvoiceSeller): Promise<InvoiceFacts> {
  const [order, lines] = await db.batch([
    db
      .prepare(
        `SELECT o.code, o.created_at AS orderedAt, o.recipient_name AS name, o.phone, COALESCE(o.email, u.email) AS email,
           o.street || ', ' || w.name || ', ' || p.name AS address, o.payment_method AS paymentMethod, o.subtotal, o.order_discount AS orderDiscount,
           o.shipping_fee AS shippingFee, o.shipping_discount AS shippingDiscount, o.total, o.paid_amount AS paidAmount
         FROM orders o JOIN wards w ON w.code = o.ward_code JOIN provinces p ON p.code = o.province_code LEFT JOIN users u ON u.id = o.user_id
         WHERE o.id = ?`,
      )
      .bind(invoice.orderId),
    db
      .prepare('SELECT product_name AS name, unit_name AS unit, quantity, unit_price AS unitPrice, line_total AS lineTotal FROM order_lines WHERE order_id = ? ORDER BY rowid')
      .bind(invoice.orderId),
  ]);
  const o = order?.results[0] as
    | { code: string; orderedAt: number; name: string; phone: string; email: string | null; address: string; paymentMethod: InvoiceFacts['paymentMethod']; subtotal: number; orderDiscount: number; shippingFee: number; shippingDiscount: number; total: number; paidAmount: number }
    | undefined;
  if (!o) throw new Error(`invoice ${invoice.id}: order missing`);
  return {
    number: invoice.number,
    issuedAt: invoice.issuedAt,
    orderCode: o.code,
    orderedAt: o.orderedAt,
    seller,
    buyer: { name: o.name, phone: o.phone, email: o.email, address: o.address },
    paymentMethod: o.paymentMethod,
    lines: (lines?.results ?? []) as InvoiceFacts['lines'],
    subtotal: o.subtotal,
    orderDiscount: o.orderDiscount,
    shippingFee: o.shippingFee,
    shippingDiscount: o.shippingDiscount,
    total: o.total,
    paidAmount: o.paidAmount,
  };
}

/** What the download route needs to decide who may read the order's invoice and whether it is ready. */
export async function invoiceForOrderCode(db: D1Database, code: string) {
  return db
    .prepare(
      `SELECT o.id AS orderId, o.user_id AS userId, o.phone, o.payment_status AS paymentStatus, i.number, i.r2_key AS r2Key, i.stored_at AS storedAt
       FROM orders o LEFT JOIN invoices i ON i.order_id = o.id WHERE o.code = ?`,
    )
    .bind(code)
    .first<InvoiceDownloadFacts>();
}
export type InvoiceDownloadFacts = { orderId: string; userId: string | null; phone: string; paymentStatus: string; number: string | null; r2Key: string | null; storedAt: number | null };
