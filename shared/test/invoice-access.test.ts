import { describe, expect, it } from 'vitest';
import { decideInvoiceDownload } from '../src/invoice/access';

const stored = { orderId: 'O1', userId: 'U1', phone: '0903123456', paymentStatus: 'paid', number: 'HD2026-000001', r2Key: 'invoices/MC1.pdf', storedAt: 1 };
const guest = { ...stored, userId: null };
const ok = { kind: 'ok', key: 'invoices/MC1.pdf', number: 'HD2026-000001' };

describe('decideInvoiceDownload', () => {
  it('gives the owner and staff (admins, pharmacists: they read every order, #13) the stored invoice', () => {
    expect(decideInvoiceDownload(stored, { principal: { userId: 'U1', role: 'customer' } })).toEqual(ok);
    expect(decideInvoiceDownload(stored, { principal: { userId: 'A', role: 'admin' } })).toEqual(ok);
    expect(decideInvoiceDownload(stored, { principal: { userId: 'P', role: 'pharmacist' } })).toEqual(ok);
  });

  it('answers not found to everyone else, as for a missing order', () => {
    expect(decideInvoiceDownload(null, { principal: { userId: 'U1', role: 'customer' } })).toEqual({ kind: 'not_found' });
    expect(decideInvoiceDownload(stored, { principal: { userId: 'U2', role: 'customer' } })).toEqual({ kind: 'not_found' });
    expect(decideInvoiceDownload(stored, {})).toEqual({ kind: 'not_found' });
    // The phone is enough only for an order placed without an account.
    expect(decideInvoiceDownload(stored, { phone: '0903123456' })).toEqual({ kind: 'not_found' });
  });

  it('lets a guest in with the order phone in any common spelling', () => {
    expect(decideInvoiceDownload(guest, { phone: '+84 903 123 456' })).toEqual(ok);
    expect(decideInvoiceDownload(guest, { phone: '0903123457' })).toEqual({ kind: 'not_found' });
    expect(decideInvoiceDownload(guest, { phone: 'abc' })).toEqual({ kind: 'not_found' });
  });

  it('tells unpaid orders from invoices still being rendered', () => {
    const owner = { principal: { userId: 'U1', role: 'customer' } };
    expect(decideInvoiceDownload({ ...stored, number: null, r2Key: null, storedAt: null, paymentStatus: 'unpaid' }, owner)).toEqual({ kind: 'unpaid' });
    expect(decideInvoiceDownload({ ...stored, number: null, r2Key: null, storedAt: null, paymentStatus: 'refund_pending' }, owner)).toEqual({ kind: 'unpaid' });
    expect(decideInvoiceDownload({ ...stored, number: null, r2Key: null, storedAt: null }, owner)).toEqual({ kind: 'not_ready' });
    expect(decideInvoiceDownload({ ...stored, storedAt: null }, owner)).toEqual({ kind: 'not_ready' });
  });
});
