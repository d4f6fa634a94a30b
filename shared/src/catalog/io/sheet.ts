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

/** Options that keep SheetJS's memory to the cells we read (ADR 0028, "Memory"): the first sheet only, dense storage,
 * no formatted text, HTML, formulae, styles or number formats per cell. */
const READ_OPTIONS = { dense: true, sheets: 0, cellText: false, cellHTML: false, cellFormula: false, cellStyles: false, cellNF: false, bookDeps: false, bookVBA: false } as const;

/** A file with more data rows than the import takes: refused before its rows are kept (`rows` counts them all when known). */
export class TooManyRowsError extends Error {
  constructor(readonly rows: number | null) {
    super('too many rows');
  }
}

/**
 * Reads the first sheet of an .xlsx or a .csv. The header row names the columns (any order; unknown columns are
 * ignored, required ones must be there); blank rows are skipped. Every cell comes back as trimmed text.
 *
 * With `maxRows`, at most the header and maxRows + 1 rows are parsed (SheetJS `sheetRows`): a longer sheet throws
 * TooManyRowsError without its remaining rows ever becoming cells. The cells are taken straight from the dense sheet
 * (no intermediate array of arrays), and the workbook is dropped before the rows are returned.
 */
export function readSheet(kind: 'products' | 'batches', bytes: Uint8Array, type: FileType, maxRows?: number): ParsedRow[] {
  let data: unknown[][];
  let fullRows: number | null = null;
  let start = 0;
  const sheetRows = maxRows ? maxRows + 2 : 0;
  try {
    const book =
      type === 'csv'
        ? read(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''), { ...READ_OPTIONS, type: 'string', raw: true, sheetRows })
        : read(bytes, { ...READ_OPTIONS, type: 'array', cellDates: true, sheetRows });
    const sheet = book.Sheets[book.SheetNames[0]!];
    if (!sheet) throw new Error('no sheet');
    // Dense sheets keep their cells as rows of { v } objects in `!data`.
    data = ((sheet as { '!data'?: Array<Array<{ t?: string; v?: unknown } | undefined> | undefined> })['!data'] ?? []).map((line) => (line ?? []).map((c) => (c && c.t !== 'e' ? c.v : undefined)));
    // The header is the first row of the sheet's range (a sheet may start below row 1).
    start = sheet['!ref'] ? utils.decode_range(sheet['!ref']).s.r : 0;
    const full = sheet['!fullref'];
    if (full) fullRows = utils.decode_range(full).e.r; // rows below the header in the whole sheet
  } catch {
    throw new SheetError('UNREADABLE_FILE', 'Không đọc được tệp: cần tệp .xlsx hoặc .csv (UTF-8) đúng mẫu.');
  }
  if (maxRows && (fullRows !== null || data.length > maxRows + 1)) throw new TooManyRowsError(fullRows);
  const header = (data[start] ?? []).map((h) => String(h ?? '').trim().toLowerCase());
  const known = new Set(COLUMNS[kind].map((c) => c.key));
  const required = kind === 'products' ? ['product_name', 'prices'] : ['slug', 'lot_number', 'expiry_date', 'quantity'];
  const missing = required.filter((k) => !header.includes(k));
  if (missing.length) throw new SheetError('MISSING_COLUMNS', `Tệp thiếu cột bắt buộc: ${missing.join(', ')}. Hãy dùng tệp mẫu.`, { missing });
  const rows: ParsedRow[] = [];
  for (let i = start + 1; i < data.length; i++) {
    const line = data[i] ?? [];
    data[i] = []; // each source row is dropped once read
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
