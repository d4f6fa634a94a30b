/** What the import/export routes answer: import status and history, export files, the template. */
import { vietnamDate } from '../availability';
import { decodeCursor, encodeCursor } from '../cursor';
import { formatVnTime, productToCells, type RowProblem } from './products';
import { readBatches, readExportProducts, readStock } from './read.d1';
import { writeSheet, type FileType, type SheetValue } from './sheet';

/** At most this many row problems in one status answer (the file's first ones, by row). */
export const MAX_ERRORS_SHOWN = 1000;

export interface ImportSummary {
  id: string;
  kind: 'products' | 'batches';
  fileName: string;
  status: 'queued' | 'validating' | 'validated' | 'committing' | 'done' | 'failed' | 'cancelled';
  totalRows: number;
  processedRows: number;
  validRows: number;
  errorRows: number;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  failure: string | null;
  createdByName: string | null;
  created: number;
  updated: number;
}

const SUMMARY = `SELECT i.id, i.kind, i.file_name AS fileName, i.status, i.total_rows AS totalRows, i.processed_rows AS processedRows, i.valid_rows AS validRows,
  i.error_rows AS errorRows, i.created_count AS createdCount, i.updated_count AS updatedCount, i.unchanged_count AS unchangedCount, i.failure,
  u.name AS createdByName, i.created_at AS created, i.updated_at AS updated
  FROM imports i LEFT JOIN users u ON u.id = i.created_by`;

export async function getImport(d: D1Database, id: string): Promise<(ImportSummary & { errors: Array<{ row: number } & RowProblem>; errorsTruncated: boolean }) | null> {
  const [head, rows] = await d.batch([
    d.prepare(`${SUMMARY} WHERE i.id = ?`).bind(id),
    d.prepare('SELECT row_number AS row, errors FROM import_rows WHERE import_id = ? AND errors IS NOT NULL ORDER BY row_number LIMIT ?').bind(id, MAX_ERRORS_SHOWN + 1),
  ]);
  const summary = head!.results[0] as ImportSummary | undefined;
  if (!summary) return null;
  const errorRows = rows!.results as Array<{ row: number; errors: string }>;
  const errors = errorRows.slice(0, MAX_ERRORS_SHOWN).flatMap((r) => (JSON.parse(r.errors) as RowProblem[]).map((p) => ({ row: r.row, column: p.column, message: p.message })));
  return { ...summary, errors, errorsTruncated: errorRows.length > MAX_ERRORS_SHOWN };
}

export async function listImports(d: D1Database, q: { cursor?: string; limit: number }): Promise<{ items: ImportSummary[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor, 'imports', 1) : null;
  const { results } = await d
    .prepare(`${SUMMARY} ${after ? 'WHERE (i.created_at, i.id) < (?1, ?2)' : ''} ORDER BY i.created_at DESC, i.id DESC LIMIT ?3`)
    .bind(after?.keys[0] ?? 0, after?.id ?? '', q.limit + 1)
    .all<ImportSummary>();
  const items = results.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: results.length > q.limit && last ? encodeCursor({ sort: 'imports', keys: [last.created], id: last.id }) : null };
}

export type ExportName = 'products' | 'stock' | 'batches';

/** An export file with the import's columns (products, batches) or the stock report's (stock). */
export async function exportFile(d: D1Database, which: ExportName, type: FileType, now: number): Promise<Uint8Array<ArrayBuffer>> {
  let rows: Array<Record<string, SheetValue>>;
  if (which === 'products') rows = (await readExportProducts(d)).map(productToCells);
  else if (which === 'stock')
    rows = (await readStock(d, vietnamDate(now))).map((s) => ({ slug: s.slug, product_name: s.name, base_unit: s.baseUnit, on_hand: s.onHand, reserved: s.reserved, available: s.available, low_stock_threshold: s.lowStockThreshold }));
  else
    rows = (await readBatches(d)).map((b) => ({
      slug: b.slug,
      product_name: b.productName,
      lot_number: b.lotNumber,
      expiry_date: b.expiryDate,
      quantity: b.quantity,
      unit: '',
      cost_price: b.costPrice,
      supplier: b.supplier ?? '',
      received_date: formatVnTime(b.receivedAt).slice(0, 10),
      confirm_short_expiry: '',
    }));
  return writeSheet(which, rows, type);
}

/** The downloadable template: the header, two example rows and (xlsx) a guide sheet explaining every column. */
export function templateFile(kind: 'products' | 'batches', type: FileType): Uint8Array<ArrayBuffer> {
  const examples: Array<Record<string, SheetValue>> =
    kind === 'products'
      ? [
          {
            product_name: 'Paracetamol 500mg (ví dụ)',
            prices: JSON.stringify([
              { unit: 'Hộp', factor: 100, price: 45000, weight: 120, default: true },
              { unit: 'Vỉ', factor: 10, price: 5000, weight: 12, default: false },
            ]),
            ingredients: JSON.stringify([{ name: 'Paracetamol', strength: '500mg' }]),
            slug: 'paracetamol-500mg-vi-du',
            description: 'Giảm đau, hạ sốt.',
            full_descriptions: '## Mô tả\n\nThuốc giảm đau, hạ sốt thông dụng.',
            origin: 'Việt Nam',
            uses: 'Giảm các cơn đau nhẹ và vừa, hạ sốt.',
            dosage: 'Người lớn: 1–2 viên mỗi 4–6 giờ.',
            dosage_form: 'Viên nén',
            brand: 'Tên thương hiệu đã có',
            prescription_required: 'Không',
            registration_number: 'VD-12345-18',
            main_category_name: 'Thuốc',
            sub_category_name: 'Tên danh mục cấp 2',
            child_category_name: 'Tên danh mục cấp 3',
            manufacture_name: 'Công ty Dược (ví dụ)',
            manufacture_country: 'Việt Nam',
            pack_spec: 'Hộp 10 vỉ x 10 viên',
            base_unit: 'viên',
            special_control: 'Không',
            low_stock_threshold: 10,
            visible: 'Có',
          },
        ]
      : [{ slug: 'paracetamol-500mg-vi-du', lot_number: 'LO2026-001', expiry_date: '2028-12-31', quantity: 10, unit: 'Hộp', cost_price: 30000, supplier: 'Nhà phân phối (ví dụ)', received_date: '', confirm_short_expiry: 'Không' }];
  return writeSheet(kind, examples, type, true);
}
