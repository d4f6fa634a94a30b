import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { cleanText, invoiceProblems, renderInvoicePdf, vietnamDateTime, wrapText, type InvoiceFacts } from '../shared/src/invoice/render';

const require = createRequire(import.meta.url);
const font = (w: string) => new Uint8Array(readFileSync(require.resolve(`@expo-google-fonts/be-vietnam-pro/${w}/BeVietnamPro_${w}.ttf`)));
const fonts = { regular: font('400Regular'), bold: font('600SemiBold') };

const facts = (over: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  number: 'HD2026-000042',
  issuedAt: Date.UTC(2026, 10, 25, 3, 5),
  orderCode: 'MC7K2M9Q4T',
  orderedAt: Date.UTC(2026, 10, 24, 17, 30),
  seller: { name: 'Công ty Cổ phần Dược phẩm Medicare', address: '12 Nguyễn Thị Minh Khai, Phường Sài Gòn, TP. Hồ Chí Minh', taxCode: '0312345678', hotline: '1900 6868', website: 'medicare.vn' },
  buyer: { name: 'Nguyễn Thị Hồng Nhung', phone: '0912345678', email: 'nhung@example.vn', address: '45 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh' },
  paymentMethod: 'bank_transfer',
  lines: [
    { name: 'Panadol Extra với Optizorb (hộp 15 vỉ x 12 viên)', unit: 'Hộp', quantity: 2, unitPrice: 195_000, lineTotal: 390_000 },
    { name: 'Siro ho Prospan Forte 100ml – giảm ho, long đờm', unit: 'Chai', quantity: 1, unitPrice: 89_000, lineTotal: 89_000 },
  ],
  subtotal: 479_000,
  orderDiscount: 20_000,
  shippingFee: 30_000,
  shippingDiscount: 30_000,
  total: 459_000,
  paidAmount: 459_000,
  ...over,
});

async function textOf(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const proxy = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(proxy, { mergePages: true });
  return { text: text.normalize('NFC'), pages: totalPages };
}

describe('renderInvoicePdf', () => {
  it('renders a PDF whose text keeps Vietnamese diacritics intact', async () => {
    const pdf = await renderInvoicePdf(facts(), fonts);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const { text, pages } = await textOf(pdf);
    expect(pages).toBe(1);
    for (const s of [
      'HÓA ĐƠN BÁN HÀNG',
      'Công ty Cổ phần Dược phẩm Medicare',
      'Số: HD2026-000042',
      'Ngày 25 tháng 11 năm 2026',
      'Nguyễn Thị Hồng Nhung',
      'Phường Bến Thành, Thành phố Hồ Chí Minh',
      'MC7K2M9Q4T (đặt lúc 25/11/2026 00:30)',
      'Chuyển khoản ngân hàng (VietQR)',
      'Panadol Extra với Optizorb',
      'Siro ho Prospan Forte 100ml',
      '390.000đ',
      'Giảm giá đơn hàng',
      '-20.000đ',
      'Tổng thanh toán',
      '459.000đ',
      'Số tiền bằng chữ: Bốn trăm năm mươi chín nghìn đồng.',
      'Trang 1/1',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('leaves out discount rows that are zero and shows the COD label', async () => {
    const { text } = await textOf(await renderInvoicePdf(facts({ orderDiscount: 0, shippingDiscount: 0, total: 509_000, paidAmount: 509_000, paymentMethod: 'cod' }), fonts));
    expect(text).not.toContain('Giảm giá đơn hàng');
    expect(text).not.toContain('Giảm phí vận chuyển');
    expect(text).toContain('Thanh toán khi nhận hàng (COD)');
    expect(text).toContain('Năm trăm linh chín nghìn đồng');
  });

  it('flows long orders onto more pages, numbering each', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ name: `Vitamin tổng hợp số ${i + 1} dành cho người lớn tuổi, bổ sung khoáng chất và năng lượng mỗi ngày`, unit: 'Lọ', quantity: 1, unitPrice: 1_000, lineTotal: 1_000 }));
    const { text, pages } = await textOf(await renderInvoicePdf(facts({ lines, subtotal: 60_000, orderDiscount: 0, shippingFee: 0, shippingDiscount: 0, total: 60_000, paidAmount: 60_000 }), fonts));
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`Trang ${pages}/${pages}`);
    expect(text).toContain('Vitamin tổng hợp số 60');
    expect(text.match(/Thành tiền/g)?.length).toBe(pages); // the table header is repeated on every page with lines
  });

  it('draws names as text: markup and control characters are inert', async () => {
    const { text } = await textOf(await renderInvoicePdf(facts({ buyer: { name: '<script>alert(1)</script>\u0000Lan', phone: '0912345678', email: null, address: 'a\nb' } }), fonts));
    expect(text).toContain('<script>alert(1)</script> Lan');
    expect(text).not.toContain('Email:');
  });

  it('is deterministic for the same facts (a re-render after a crash stores the same file)', async () => {
    const a = await renderInvoicePdf(facts(), fonts);
    const b = await renderInvoicePdf(facts(), fonts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('invoice text helpers', () => {
  it('wraps by measured width and breaks words longer than a line', () => {
    const measure = (s: string) => s.length;
    expect(wrapText('một hai ba bốn', 7, measure)).toEqual(['một hai', 'ba bốn']);
    expect(wrapText('abcdefghij', 4, measure)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 4, measure)).toEqual(['']);
  });

  it('composes decomposed Vietnamese and folds whitespace', () => {
    expect(cleanText('Nguye\u0302\u0303n\t\n  Văn')).toBe('Nguyễn Văn');
  });

  it('formats Vietnam time', () => {
    expect(vietnamDateTime(Date.UTC(2026, 0, 31, 18, 0))).toBe('01/02/2026 01:00');
  });
});

describe('invoiceProblems', () => {
  it('accepts consistent facts and names what does not add up', () => {
    expect(invoiceProblems(facts())).toEqual([]);
    expect(invoiceProblems(facts({ subtotal: 480_000, total: 460_000 }))).toEqual(['lines add up to 479000, subtotal is 480000']);
    expect(invoiceProblems(facts({ total: 1 }))).toEqual(['total does not follow from subtotal, shipping and discounts']);
    expect(invoiceProblems(facts({ lines: [], subtotal: 0, orderDiscount: 0, shippingFee: 0, shippingDiscount: 0, total: 0 }))).toEqual(['no lines']);
    const bad = facts().lines.map((l, i) => (i === 0 ? { ...l, lineTotal: l.lineTotal + 1 } : l));
    expect(invoiceProblems(facts({ lines: bad, subtotal: 479_001, total: 459_001 }))).toEqual(['a line total is not unit price × quantity']);
  });
});
