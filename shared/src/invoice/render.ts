/**
 * The invoice PDF of a paid order, drawn with pdf-lib and an embedded (subset) Be Vietnam Pro, so Vietnamese
 * diacritics render and extract intact. Pure apart from pdf-lib: the caller loads the facts and the font bytes.
 * Every text is drawn as text (never interpolated into HTML), so names cannot inject anything.
 */
import { BRAND, MARGIN, MUTED, PdfCanvas, vietnamDateTime, type PdfFonts } from '../pdf/layout';
import { vietnamClock } from '../catalog/availability';
import { formatVnd } from '../text';
import { vndInWords } from './words';

// The layout helpers moved to pdf/layout.ts (shared with the staff pick list and packing slip); re-exported here.
export { cleanText, vietnamDateTime, wrapText } from '../pdf/layout';

export interface InvoiceSeller {
  name: string;
  address: string;
  taxCode: string;
  hotline: string;
  website: string;
}

export interface InvoiceLine {
  name: string;
  unit: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface InvoiceFacts {
  number: string;
  /** Epoch ms; also the PDF's creation date, so re-rendering the same invoice gives the same file. */
  issuedAt: number;
  orderCode: string;
  orderedAt: number;
  seller: InvoiceSeller;
  buyer: { name: string; phone: string; email: string | null; address: string };
  paymentMethod: 'cod' | 'bank_transfer';
  lines: InvoiceLine[];
  subtotal: number;
  orderDiscount: number;
  shippingFee: number;
  shippingDiscount: number;
  total: number;
  paidAmount: number;
}

export type InvoiceFonts = PdfFonts;

const PAYMENT_METHODS: Record<InvoiceFacts['paymentMethod'], string> = {
  cod: 'Thanh toán khi nhận hàng (COD)',
  bank_transfer: 'Chuyển khoản ngân hàng (VietQR)',
};

/** Table columns: x offsets from the left margin and widths; numbers are right-aligned. */
const COLS = [
  { title: 'STT', width: 28, align: 'center' },
  { title: 'Tên hàng hóa', width: 223, align: 'left' },
  { title: 'ĐVT', width: 48, align: 'center' },
  { title: 'SL', width: 34, align: 'right' },
  { title: 'Đơn giá', width: 88, align: 'right' },
  { title: 'Thành tiền', width: 94.28, align: 'right' },
] as const;

/**
 * Why these facts must not become an invoice: its lines must add up to the subtotal and the total must follow from
 * it. Orders written by checkout always agree; anything else is data to fix (the event dead-letters and is replayed).
 */
export function invoiceProblems(f: InvoiceFacts): string[] {
  const problems: string[] = [];
  if (f.lines.length === 0) problems.push('no lines');
  const sum = f.lines.reduce((s, l) => s + l.lineTotal, 0);
  if (sum !== f.subtotal) problems.push(`lines add up to ${sum}, subtotal is ${f.subtotal}`);
  if (f.lines.some((l) => l.lineTotal !== l.unitPrice * l.quantity)) problems.push('a line total is not unit price × quantity');
  if (f.total !== f.subtotal + f.shippingFee - f.orderDiscount - f.shippingDiscount) problems.push('total does not follow from subtotal, shipping and discounts');
  return problems;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function vietnamDateWords(ms: number): string {
  const d = vietnamClock(ms);
  return `Ngày ${pad2(d.getUTCDate())} tháng ${pad2(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`;
}

export async function renderInvoicePdf(f: InvoiceFacts, fonts: InvoiceFonts): Promise<Uint8Array> {
  const c = await PdfCanvas.create(fonts, {
    title: `Hóa đơn ${f.number} — đơn hàng ${f.orderCode}`,
    author: f.seller.name,
    subject: `Hóa đơn bán hàng cho đơn hàng ${f.orderCode}`,
    createdAt: f.issuedAt,
  });
  const { bold, regular, right, contentWidth } = c;

  // Seller block.
  c.text(f.seller.name, MARGIN, { font: bold, size: 13, color: BRAND });
  c.y -= 15;
  for (const l of [f.seller.address, `Mã số thuế: ${f.seller.taxCode}`, `Hotline: ${f.seller.hotline} · ${f.seller.website}`]) {
    c.text(l, MARGIN, { size: 8.5, color: MUTED });
    c.y -= 11.5;
  }
  c.y -= 14;

  // Title.
  c.text('HÓA ĐƠN BÁN HÀNG', MARGIN, { font: bold, size: 18, align: 'center', width: contentWidth });
  c.y -= 16;
  c.text(`Số: ${f.number} · ${vietnamDateWords(f.issuedAt)}`, MARGIN, { size: 9.5, color: MUTED, align: 'center', width: contentWidth });
  c.y -= 22;
  c.rule();
  c.y -= 16;

  // Buyer and order.
  c.labelled('Người mua hàng:', f.buyer.name);
  c.labelled('Điện thoại:', f.buyer.phone);
  if (f.buyer.email) c.labelled('Email:', f.buyer.email);
  c.labelled('Địa chỉ giao hàng:', f.buyer.address);
  c.labelled('Mã đơn hàng:', `${f.orderCode} (đặt lúc ${vietnamDateTime(f.orderedAt)})`);
  c.labelled('Hình thức thanh toán:', PAYMENT_METHODS[f.paymentMethod]);
  c.y -= 6;

  // Line table, repeated header on every page.
  c.table(
    COLS,
    f.lines.map((l, i) => [String(i + 1), l.name, l.unit, String(l.quantity), formatVnd(l.unitPrice), formatVnd(l.lineTotal)]),
  );

  // Totals.
  const totals: Array<[string, string, boolean]> = [['Cộng tiền hàng', formatVnd(f.subtotal), false]];
  if (f.orderDiscount > 0) totals.push(['Giảm giá đơn hàng', `-${formatVnd(f.orderDiscount)}`, false]);
  totals.push(['Phí vận chuyển', formatVnd(f.shippingFee), false]);
  if (f.shippingDiscount > 0) totals.push(['Giảm phí vận chuyển', `-${formatVnd(f.shippingDiscount)}`, false]);
  totals.push(['Tổng thanh toán', formatVnd(f.total), true], ['Đã thanh toán', formatVnd(f.paidAmount), false]);
  c.ensureRoom(totals.length * 15 + 60);
  c.y -= 2;
  for (const [label, value, strong] of totals) {
    const font = strong ? bold : regular;
    const size = strong ? 11 : 9.5;
    c.text(label, right - 260, { font, size });
    c.text(value, right - 120, { font, size, align: 'right', width: 120 });
    c.y -= strong ? 17 : 14;
  }
  c.y -= 4;
  for (const w of c.wrap(`Số tiền bằng chữ: ${vndInWords(f.total)}.`, contentWidth)) {
    c.text(w, MARGIN, { size: 9.5 });
    c.y -= 13;
  }
  c.y -= 10;
  const note = c.wrap(
    'Giá đã bao gồm thuế GTGT (nếu có). Chứng từ này xác nhận giao dịch mua hàng tại Medicare và không thay thế hóa đơn điện tử. Cảm ơn quý khách!',
    contentWidth,
    8.5,
  );
  c.ensureRoom(note.length * 11);
  for (const n of note) {
    c.text(n, MARGIN, { size: 8.5, color: MUTED });
    c.y -= 11;
  }
  return c.save(f.number);
}
