/**
 * Row validation (dry run: reads only) and row planning (commit: the statements that write each row), per chunk, for
 * both sheets. Products go through the model's ProductInputSchema and planProductSave (new → pending pharmacist
 * approval; an unchanged row plans nothing); batches through the stock ledger's receiveStatements.
 */
import { vietnamDate, vietnamDayStart } from '../availability';
import { unitOfferedSql } from '../visibility';
import { costPerBaseUnit, receiveStatements, shortExpiry, toBaseUnits } from '../../stock/ledger.d1';
import type { Cells } from './columns';
import { cellsToInput, nameKey, rowSlug, type RowProblem } from './products';
import { planProductRow } from './product-save.d1';
import { readExportProducts, readLookups } from './read.d1';

export interface ChunkActor {
  id: string | null;
  role: string;
}

export interface ChunkRow {
  row: number;
  cells: Cells;
}

export interface PlannedRow {
  row: number;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  problems: RowProblem[];
  statements: D1PreparedStatement[];
}

export async function validateChunk(d: D1Database, kind: 'products' | 'batches', rows: ChunkRow[], now: number): Promise<Array<{ row: number; problems: RowProblem[] }>> {
  if (kind === 'batches') {
    const ctx = await batchContext(d, rows);
    return rows.map((r) => ({ row: r.row, problems: checkBatchRow(r.cells, ctx, vietnamDate(now)).problems }));
  }
  // The dry run plans every row as the commit will (reads only), so the model's refusals show up now, not at commit.
  return (await planChunk(d, 'products', '', rows, { id: null, role: 'admin' }, now)).map((r) => ({ row: r.row, problems: r.problems }));
}

export async function planChunk(d: D1Database, kind: 'products' | 'batches', importId: string, rows: ChunkRow[], actor: ChunkActor, now: number): Promise<PlannedRow[]> {
  if (kind === 'batches') {
    const ctx = await batchContext(d, rows);
    const today = vietnamDate(now);
    return rows.map((r) => {
      const checked = checkBatchRow(r.cells, ctx, today);
      if (checked.problems.length || !checked.receipt) return { row: r.row, outcome: 'failed', problems: checked.problems, statements: [] };
      if (checked.exists) return { row: r.row, outcome: 'unchanged', problems: [], statements: [] };
      const { statements } = receiveStatements(d, { ...checked.receipt, ref: importId, reason: 'Nhập từ tệp', actor }, now);
      return { row: r.row, outcome: 'created', problems: [], statements };
    });
  }
  const { results, current } = await productRows(d, rows);
  // Rows plan independently (reads only), so a few are planned at once: their D1 round trips overlap.
  return mapConcurrent(results, PLAN_CONCURRENCY, async (r): Promise<PlannedRow> => {
    if (r.problems.length || !r.input) return { row: r.row, outcome: 'failed', problems: r.problems, statements: [] };
    const existing = current.get(r.slug) ?? null;
    const plan = await planProductRow(d, { existingId: existing?.id ?? null, input: r.input, actor, now });
    if (plan.problems.length) return { row: r.row, outcome: 'failed', problems: plan.problems, statements: [] };
    return { row: r.row, outcome: !plan.changed ? 'unchanged' : existing ? 'updated' : 'created', problems: [], statements: plan.statements };
  });
}

/** Rows planned at once (a Worker keeps at most 6 subrequests open; more would only queue). */
const PLAN_CONCURRENCY = 6;

/** `f` over `items` with at most `limit` calls pending; results in the items' order. */
async function mapConcurrent<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function productRows(d: D1Database, rows: ChunkRow[]) {
  const slugOf = rowSlug;
  const slugs = [...new Set(rows.map((r) => slugOf(r.cells)).filter(Boolean))];
  const [products, deleted] = await Promise.all([
    readExportProducts(d, slugs),
    d.prepare('SELECT slug FROM products WHERE deleted_at IS NOT NULL AND slug IN (SELECT value FROM json_each(?))').bind(JSON.stringify(slugs)).all<{ slug: string }>(),
  ]);
  const current = new Map(products.map((p) => [p.slug, p]));
  const gone = new Set(deleted.results.map((r) => r.slug));
  const lookups = await readLookups(d, current);
  const results = rows.map((r) => {
    const slug = slugOf(r.cells);
    if (gone.has(slug)) return { row: r.row, slug, input: null, problems: [{ column: 'slug', message: 'Sản phẩm có slug này đã bị xoá; hãy khôi phục nó trước khi nhập.' }] };
    const res = cellsToInput(r.cells, lookups, current.get(slug) ?? null);
    return { row: r.row, ...res };
  });
  return { results, current };
}

// ----- batches sheet -----

interface BatchContext {
  products: Map<string, { id: string; units: Array<{ name: string; factor: number }> }>;
  lots: Set<string>;
}

async function batchContext(d: D1Database, rows: ChunkRow[]): Promise<BatchContext> {
  const slugs = JSON.stringify([...new Set(rows.map((r) => (r.cells.slug ?? '').trim()).filter(Boolean))]);
  const [products, units, lots] = await d.batch([
    d.prepare('SELECT id, slug FROM products WHERE deleted_at IS NULL AND slug IN (SELECT value FROM json_each(?))').bind(slugs),
    d.prepare(`SELECT u.product_id AS productId, u.name, u.factor FROM product_units u JOIN products p ON p.id = u.product_id WHERE ${unitOfferedSql('u')} AND p.slug IN (SELECT value FROM json_each(?))`).bind(slugs),
    d.prepare('SELECT p.slug, b.lot_number AS lot FROM stock_batches b JOIN products p ON p.id = b.product_id WHERE p.slug IN (SELECT value FROM json_each(?))').bind(slugs),
  ]);
  const byId = new Map<string, { id: string; units: Array<{ name: string; factor: number }> }>();
  const map = new Map<string, { id: string; units: Array<{ name: string; factor: number }> }>();
  for (const p of products!.results as Array<{ id: string; slug: string }>) {
    const v = { id: p.id, units: [] };
    byId.set(p.id, v);
    map.set(p.slug, v);
  }
  for (const u of units!.results as Array<{ productId: string; name: string; factor: number }>) byId.get(u.productId)?.units.push({ name: u.name, factor: u.factor });
  return { products: map, lots: new Set((lots!.results as Array<{ slug: string; lot: string }>).map((l) => `${l.slug}\u0000${l.lot}`)) };
}

const POSITIVE_INT = /^\d+$/;

function checkBatchRow(c: Cells, ctx: BatchContext, today: string) {
  const problems: RowProblem[] = [];
  const add = (column: string, message: string) => problems.push({ column, message });
  const slug = (c.slug ?? '').trim();
  const product = ctx.products.get(slug);
  if (!slug) add('slug', 'Cần nhập slug của sản phẩm.');
  else if (!product) add('slug', `Không tìm thấy sản phẩm có slug "${slug}".`);
  const lot = (c.lot_number ?? '').trim();
  if (!lot) add('lot_number', 'Cần nhập số lô.');
  else if (lot.length > 60) add('lot_number', 'Số lô quá dài (tối đa 60 ký tự).');
  const expiry = (c.expiry_date ?? '').trim();
  if (vietnamDayStart(expiry) === null) add('expiry_date', 'Hạn dùng phải là ngày YYYY-MM-DD.');
  const qtyText = (c.quantity ?? '').replace(/[.\s]/g, '');
  const qty = POSITIVE_INT.test(qtyText) ? Number(qtyText) : NaN;
  if (!(qty >= 1)) add('quantity', 'Số lượng phải là số nguyên dương.');
  let factor = 1;
  const unit = (c.unit ?? '').trim();
  if (unit && product) {
    const u = product.units.find((x) => nameKey(x.name) === nameKey(unit));
    if (!u) add('unit', `Sản phẩm không có đơn vị "${unit}".`);
    else factor = u.factor;
  }
  const costText = (c.cost_price ?? '').replace(/[.\s]/g, '');
  const cost = costText === '' ? null : POSITIVE_INT.test(costText) ? Number(costText) : NaN;
  if (cost !== null && Number.isNaN(cost)) add('cost_price', 'Giá nhập phải là số nguyên VND không âm.');
  const supplier = (c.supplier ?? '').trim();
  if (supplier.length > 200) add('supplier', 'Tên nhà cung cấp quá dài (tối đa 200 ký tự).');
  const receivedText = (c.received_date ?? '').trim();
  const received = receivedText === '' ? null : vietnamDayStart(receivedText);
  if (receivedText !== '' && received === null) add('received_date', 'Ngày nhập phải là ngày YYYY-MM-DD.');
  const exists = !!product && ctx.lots.has(`${slug}\u0000${lot}`);
  // A lot already received is skipped (re-importing the same file receives nothing twice); only new lots are checked
  // against the short-expiry rule.
  if (!exists && vietnamDayStart(expiry) !== null) {
    const short = shortExpiry(expiry, today);
    const confirm = ['có', 'co', 'x', '1', 'true', 'yes'].includes(nameKey(c.confirm_short_expiry ?? ''));
    if (short && !confirm) {
      add('expiry_date', short.expired ? 'Lô đã hết hạn: cần ghi "Có" ở cột confirm_short_expiry để vẫn nhập.' : `Lô còn ${short.daysToExpiry} ngày hạn dùng (dưới 30 ngày): cần ghi "Có" ở cột confirm_short_expiry để vẫn nhập.`);
    }
  }
  if (problems.length || !product) return { problems, exists, receipt: null };
  return {
    problems,
    exists,
    receipt: {
      productId: product.id,
      lotNumber: lot,
      expiryDate: expiry,
      quantity: toBaseUnits(qty, factor),
      costPrice: cost === null ? null : costPerBaseUnit(cost, factor),
      supplier: supplier || null,
      receivedAt: received ?? Date.now(),
      auditData: { unit: unit || null, enteredQuantity: qty },
    },
  };
}
