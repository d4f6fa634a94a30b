/**
 * Reading and writing the import/export spreadsheets (.xlsx and .csv) with SheetJS (`@e965/xlsx`, the 0.20.3 release
 * republished on npm; pure JavaScript, runs inside workerd). Cells are strings both ways, so what a product export
 * writes is what its import reads back (round-trip, ADR 0028).
 */
import { read, utils, write } from '@e965/xlsx';
import { COLUMNS, SHEET_NAMES, type Cells, type Column, type SheetKind } from './columns';

export type FileType = 'xlsx' | 'csv';

/** Cell text a spreadsheet would run as a formula (CSV injection; OWASP): =, +, -, @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Export side: a text cell that a spreadsheet would evaluate gets a leading apostrophe, so Excel/LibreOffice show it
 * as text. Numbers are written as numbers and need nothing.
 */
export function sanitiseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Import side: the apostrophe `sanitiseCell` added is taken off again (only before a formula character). */
export function unsanitiseCell(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export type SheetValue = string | number | null;

/** A workbook (or CSV) of `kind`'s columns from rows keyed by column key. */
export function writeSheet(kind: SheetKind, rows: Array<Record<string, SheetValue>>, type: FileType, guide = false): Uint8Array<ArrayBuffer> {
  const columns = COLUMNS[kind];
  const aoa: SheetValue[][] = [columns.map((c) => c.key)];
  for (const r of rows) aoa.push(columns.map((c) => cellOut(r[c.key])));
  const sheet = utils.aoa_to_sheet(aoa);
  if (type === 'csv') {
    // UTF-8 with a byte order mark: Excel then opens Vietnamese text correctly.
    const csv = utils.sheet_to_csv(sheet, { blankrows: false });
    return new Uint8Array(new TextEncoder().encode(`\uFEFF${csv}\n`));
  }
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, SHEET_NAMES[kind]);
  if (guide) utils.book_append_sheet(book, utils.aoa_to_sheet([['Cột', 'Hướng dẫn'], ...columns.map((c: Column) => [c.key, c.help])]), 'Huong dan');
  return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

function cellOut(v: SheetValue | undefined): SheetValue {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? sanitiseCell(v) : v;
}

export class SheetError extends Error {
  constructor(
    readonly code: 'UNREADABLE_FILE' | 'MISSING_COLUMNS' | 'EMPTY_FILE',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A parsed sheet: data rows with their spreadsheet row numbers (the header is row 1). */
export interface ParsedRow {
  row: number;
  cells: Cells;
}

/**
 * Reads the first sheet of an .xlsx or a .csv. The header row names the columns (any order; unknown columns are
 * ignored, required ones must be there); blank rows are skipped. Every cell comes back as trimmed text.
 */
export function readSheet(kind: 'products' | 'batches', bytes: Uint8Array, type: FileType): ParsedRow[] {
  let aoa: unknown[][];
  try {
    const book =
      type === 'csv'
        ? read(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''), { type: 'string', raw: true, dense: true })
        : read(bytes, { type: 'array', cellDates: true, cellFormula: false, cellHTML: false, dense: true });
    const sheet = book.Sheets[book.SheetNames[0]!];
    if (!sheet) throw new Error('no sheet');
    aoa = utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: true });
  } catch {
    throw new SheetError('UNREADABLE_FILE', 'Không đọc được tệp: cần tệp .xlsx hoặc .csv (UTF-8) đúng mẫu.');
  }
  const header = (aoa[0] ?? []).map((h) => String(h ?? '').trim().toLowerCase());
  const known = new Set(COLUMNS[kind].map((c) => c.key));
  const required = kind === 'products' ? ['product_name', 'prices'] : ['slug', 'lot_number', 'expiry_date', 'quantity'];
  const missing = required.filter((k) => !header.includes(k));
  if (missing.length) throw new SheetError('MISSING_COLUMNS', `Tệp thiếu cột bắt buộc: ${missing.join(', ')}. Hãy dùng tệp mẫu.`, { missing });
  const rows: ParsedRow[] = [];
  for (let i = 1; i < aoa.length; i++) {
    const line = aoa[i] ?? [];
    const cells: Cells = {};
    let any = false;
    header.forEach((key, j) => {
      if (!known.has(key)) return;
      const text = unsanitiseCell(cellText(line[j]));
      if (text !== '') any = true;
      cells[key] = text;
    });
    if (any) rows.push({ row: i + 1, cells });
  }
  if (!rows.length) throw new SheetError('EMPTY_FILE', 'Tệp không có dòng dữ liệu nào.');
  return rows;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  // Line breaks as \n whatever the editor saved (Excel's CSV uses \r\n), so an unchanged text compares equal.
  return String(v).replace(/\r\n?/g, '\n').trim();
}
