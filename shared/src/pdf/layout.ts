/**
 * The A4 document layout every Medicare PDF shares (invoice, pick list, packing slip): pdf-lib with an embedded
 * (subset) Be Vietnam Pro so Vietnamese diacritics render and extract intact, the page geometry and colours, text
 * cleaning and wrapping, and a small canvas that draws text, rules, labelled values and tables that break across
 * pages with their header repeated. Pure apart from pdf-lib: callers pass the font bytes.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { vietnamClock } from '../catalog/availability';

export interface PdfFonts {
  regular: Uint8Array | ArrayBuffer;
  bold: Uint8Array | ArrayBuffer;
}

export const PAGE: [number, number] = [595.28, 841.89]; // A4 in points
export const MARGIN = 40;
export const INK = rgb(0.1, 0.12, 0.16);
export const MUTED = rgb(0.38, 0.42, 0.48);
export const RULE = rgb(0.8, 0.83, 0.87);
export const HEAD_FILL = rgb(0.93, 0.96, 0.95);
export const BRAND = rgb(0.02, 0.45, 0.36);

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

/** "25/11/2026" from an ISO date `YYYY-MM-DD` (a batch expiry). */
export const vietnamDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export interface TextOptions {
  font?: PDFFont;
  size?: number;
  color?: ReturnType<typeof rgb>;
  align?: 'left' | 'right' | 'center';
  width?: number;
}

export interface Column {
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

/** A document being drawn top to bottom; `y` is the baseline of the next text. */
export class PdfCanvas {
  page: PDFPage;
  y: number;
  readonly right = PAGE[0] - MARGIN;
  readonly contentWidth = PAGE[0] - 2 * MARGIN;

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  /** A new document with its metadata; `createdAt` is also its modification date (same facts, same bytes). */
  static async create(fonts: PdfFonts, meta: { title: string; subject: string; author: string; createdAt: number }): Promise<PdfCanvas> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const regular = await doc.embedFont(fonts.regular, { subset: true });
    const bold = await doc.embedFont(fonts.bold, { subset: true });
    const at = new Date(meta.createdAt);
    doc.setTitle(meta.title);
    doc.setAuthor(cleanText(meta.author));
    doc.setSubject(meta.subject);
    doc.setLanguage('vi-VN');
    doc.setProducer('Medicare');
    doc.setCreator('Medicare');
    doc.setCreationDate(at);
    doc.setModificationDate(at);
    return new PdfCanvas(doc, regular, bold);
  }

  text(s: string, x: number, opts: TextOptions = {}): void {
    const font = opts.font ?? this.regular;
    const size = opts.size ?? 9.5;
    const t = cleanText(s);
    const w = font.widthOfTextAtSize(t, size);
    const box = opts.width ?? 0;
    const dx = opts.align === 'right' ? box - w : opts.align === 'center' ? (box - w) / 2 : 0;
    this.page.drawText(t, { x: x + dx, y: this.y, size, font, color: opts.color ?? INK });
  }

  rule(thickness = 0.6, color = RULE): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: this.right, y: this.y }, thickness, color });
  }

  wrap(text: string, width: number, size = 9.5, font = this.regular): string[] {
    return wrapText(text, width, (s) => font.widthOfTextAtSize(s, size));
  }

  /** "Label: value", the value wrapped beside the label. */
  labelled(label: string, value: string): void {
    const size = 9.5;
    const labelWidth = this.bold.widthOfTextAtSize(`${label} `, size);
    const lines = this.wrap(value, this.contentWidth - labelWidth, size);
    this.text(label, MARGIN, { font: this.bold, size });
    lines.forEach((l, i) => {
      this.text(l, MARGIN + labelWidth);
      if (i < lines.length - 1) this.y -= 13;
    });
    this.y -= 14;
  }

  /** Starts a new page when fewer than `needed` points are left (then runs `onNewPage`, e.g. a table header). */
  ensureRoom(needed: number, onNewPage?: () => void): void {
    if (this.y - needed >= MARGIN + 24) return;
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    onNewPage?.();
  }

  /** A table: a shaded header (repeated on every page) and rows whose cells wrap within their column. */
  table(cols: readonly Column[], rows: readonly string[][]): void {
    const colX = cols.reduce<number[]>((xs, _c, i) => [...xs, i === 0 ? MARGIN : xs[i - 1]! + cols[i - 1]!.width], []);
    const header = () => {
      this.page.drawRectangle({ x: MARGIN, y: this.y - 6, width: this.contentWidth, height: 20, color: HEAD_FILL });
      this.y += 1;
      cols.forEach((c, i) => this.text(c.title, colX[i]! + 4, { font: this.bold, size: 9, align: c.align, width: c.width - 8 }));
      this.y -= 21;
    };
    header();
    for (const row of rows) {
      const cells = row.map((cell, ci) => (cell ? this.wrap(cell, cols[ci]!.width - 8) : ['']));
      const height = Math.max(...cells.map((c) => c.length));
      this.ensureRoom(height * 12 + 8, header);
      const top = this.y;
      cells.forEach((lines, ci) => {
        this.y = top;
        lines.forEach((l, li) => {
          if (l) this.text(l, colX[ci]! + 4, { align: cols[ci]!.align, width: cols[ci]!.width - 8 });
          if (li < lines.length - 1) this.y -= 12;
        });
      });
      this.y = top - (height - 1) * 12 - 8;
      this.rule(0.4);
      this.y -= 13;
    }
  }

  /** "Trang i/n · suffix" at the foot of every page, then the file. */
  async save(footer: string): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      const label = `Trang ${i + 1}/${pages.length} · ${footer}`;
      p.drawText(label, { x: this.right - this.regular.widthOfTextAtSize(label, 8), y: MARGIN - 16, size: 8, font: this.regular, color: MUTED });
    });
    return this.doc.save({ useObjectStreams: true });
  }
}
