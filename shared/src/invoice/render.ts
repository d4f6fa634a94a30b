/**
 * The invoice PDF of a paid order, drawn with pdf-lib and an embedded (subset) Be Vietnam Pro, so Vietnamese
 * diacritics render and extract intact. Pure apart from pdf-lib: the caller loads the facts and the font bytes.
 * Every text is drawn as text (never interpolated into HTML), so names cannot inject anything.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { vietnamClock } from '../catalog/availability';
import { formatVnd } from '../text';
import { vndInWords } from './words';

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

export interface InvoiceFonts {
  regular: Uint8Array | ArrayBuffer;
  bold: Uint8Array | ArrayBuffer;
}

const PAGE: [number, number] = [595.28, 841.89]; // A4 in points
const MARGIN = 40;
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.38, 0.42, 0.48);
const RULE = rgb(0.8, 0.83, 0.87);
const HEAD_FILL = rgb(0.93, 0.96, 0.95);
const BRAND = rgb(0.02, 0.45, 0.36);

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

/** NFC (precomposed glyphs the font has), control characters and runs of whitespace folded to one space. */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

/** Splits text into lines no wider than `width`; a word longer than a line is broken by characters. */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of cleanText(text).split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (measure(rest) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "25/11/2026 14:05" in Vietnam time (UTC+7, no daylight saving). */
export function vietnamDateTime(ms: number): string {
  const d = vietnamClock(ms);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

function vietnamDateWords(ms: number): string {
  const d = vietnamClock(ms);
  return `Ngày ${pad2(d.getUTCDate())} tháng ${pad2(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`;
}

export async function renderInvoicePdf(f: InvoiceFacts, fonts: InvoiceFonts): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  const issued = new Date(f.issuedAt);
  doc.setTitle(`Hóa đơn ${f.number} — đơn hàng ${f.orderCode}`);
  doc.setAuthor(cleanText(f.seller.name));
  doc.setSubject(`Hóa đơn bán hàng cho đơn hàng ${f.orderCode}`);
  doc.setLanguage('vi-VN');
  doc.setProducer('Medicare');
  doc.setCreator('Medicare');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  const right = PAGE[0] - MARGIN;
  const contentWidth = right - MARGIN;
  let page: PDFPage = doc.addPage(PAGE);
  let y = PAGE[1] - MARGIN;

  const text = (s: string, x: number, opts: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; align?: 'left' | 'right' | 'center'; width?: number } = {}) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 9.5;
    const t = cleanText(s);
    const w = font.widthOfTextAtSize(t, size);
    const box = opts.width ?? 0;
    const dx = opts.align === 'right' ? box - w : opts.align === 'center' ? (box - w) / 2 : 0;
    page.drawText(t, { x: x + dx, y, size, font, color: opts.color ?? INK });
  };
  const rule = (thickness = 0.6, color = RULE) => page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness, color });
  const labelled = (label: string, value: string) => {
    const size = 9.5;
    const labelWidth = bold.widthOfTextAtSize(`${label} `, size);
    const lines = wrapText(value, contentWidth - labelWidth, (s) => regular.widthOfTextAtSize(s, size));
    text(label, MARGIN, { font: bold, size });
    lines.forEach((l, i) => {
      text(l, MARGIN + labelWidth);
      if (i < lines.length - 1) y -= 13;
    });
    y -= 14;
  };

  // Seller block.
  text(f.seller.name, MARGIN, { font: bold, size: 13, color: BRAND });
  y -= 15;
  for (const l of [f.seller.address, `Mã số thuế: ${f.seller.taxCode}`, `Hotline: ${f.seller.hotline} · ${f.seller.website}`]) {
    text(l, MARGIN, { size: 8.5, color: MUTED });
    y -= 11.5;
  }
  y -= 14;

  // Title.
  text('HÓA ĐƠN BÁN HÀNG', MARGIN, { font: bold, size: 18, align: 'center', width: contentWidth });
  y -= 16;
  text(`Số: ${f.number} · ${vietnamDateWords(f.issuedAt)}`, MARGIN, { size: 9.5, color: MUTED, align: 'center', width: contentWidth });
  y -= 22;
  rule();
  y -= 16;

  // Buyer and order.
  labelled('Người mua hàng:', f.buyer.name);
  labelled('Điện thoại:', f.buyer.phone);
  if (f.buyer.email) labelled('Email:', f.buyer.email);
  labelled('Địa chỉ giao hàng:', f.buyer.address);
  labelled('Mã đơn hàng:', `${f.orderCode} (đặt lúc ${vietnamDateTime(f.orderedAt)})`);
  labelled('Hình thức thanh toán:', PAYMENT_METHODS[f.paymentMethod]);
  y -= 6;

  // Line table, repeated header on every page.
  const colX = COLS.reduce<number[]>((xs, c, i) => [...xs, i === 0 ? MARGIN : xs[i - 1]! + COLS[i - 1]!.width], []);
  const tableHeader = () => {
    page.drawRectangle({ x: MARGIN, y: y - 6, width: contentWidth, height: 20, color: HEAD_FILL });
    y += 1;
    COLS.forEach((c, i) => text(c.title, colX[i]! + 4, { font: bold, size: 9, align: c.align, width: c.width - 8 }));
    y -= 21;
  };
  const ensureRoom = (needed: number, withHeader: boolean) => {
    if (y - needed >= MARGIN + 24) return;
    page = doc.addPage(PAGE);
    y = PAGE[1] - MARGIN;
    if (withHeader) tableHeader();
  };
  tableHeader();
  f.lines.forEach((l, i) => {
    const nameLines = wrapText(l.name, COLS[1].width - 8, (s) => regular.widthOfTextAtSize(s, 9.5));
    ensureRoom(nameLines.length * 12 + 8, true);
    const cells = [String(i + 1), '', l.unit, String(l.quantity), formatVnd(l.unitPrice), formatVnd(l.lineTotal)];
    cells.forEach((c, ci) => c && text(c, colX[ci]! + 4, { align: COLS[ci]!.align, width: COLS[ci]!.width - 8 }));
    nameLines.forEach((n, ni) => {
      text(n, colX[1]! + 4);
      if (ni < nameLines.length - 1) y -= 12;
    });
    y -= 8;
    rule(0.4);
    y -= 13;
  });

  // Totals.
  const totals: Array<[string, string, boolean]> = [['Cộng tiền hàng', formatVnd(f.subtotal), false]];
  if (f.orderDiscount > 0) totals.push(['Giảm giá đơn hàng', `-${formatVnd(f.orderDiscount)}`, false]);
  totals.push(['Phí vận chuyển', formatVnd(f.shippingFee), false]);
  if (f.shippingDiscount > 0) totals.push(['Giảm phí vận chuyển', `-${formatVnd(f.shippingDiscount)}`, false]);
  totals.push(['Tổng thanh toán', formatVnd(f.total), true], ['Đã thanh toán', formatVnd(f.paidAmount), false]);
  ensureRoom(totals.length * 15 + 60, false);
  y -= 2;
  for (const [label, value, strong] of totals) {
    const font = strong ? bold : regular;
    const size = strong ? 11 : 9.5;
    text(label, right - 260, { font, size });
    text(value, right - 120, { font, size, align: 'right', width: 120 });
    y -= strong ? 17 : 14;
  }
  y -= 4;
  const words = wrapText(`Số tiền bằng chữ: ${vndInWords(f.total)}.`, contentWidth, (s) => regular.widthOfTextAtSize(s, 9.5));
  for (const w of words) {
    text(w, MARGIN, { size: 9.5 });
    y -= 13;
  }
  y -= 10;
  const note = wrapText(
    'Giá đã bao gồm thuế GTGT (nếu có). Chứng từ này xác nhận giao dịch mua hàng tại Medicare và không thay thế hóa đơn điện tử. Cảm ơn quý khách!',
    contentWidth,
    (s) => regular.widthOfTextAtSize(s, 8.5),
  );
  ensureRoom(note.length * 11, false);
  for (const n of note) {
    text(n, MARGIN, { size: 8.5, color: MUTED });
    y -= 11;
  }

  // Page numbers.
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = `Trang ${i + 1}/${pages.length} · ${f.number}`;
    p.drawText(label, { x: right - regular.widthOfTextAtSize(label, 8), y: MARGIN - 16, size: 8, font: regular, color: MUTED });
  });

  return doc.save({ useObjectStreams: true });
}
