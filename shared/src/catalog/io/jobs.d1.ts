/**
 * Imports as queue jobs (#14, ADR 0028). The api Worker stores the upload in the private FILES_BUCKET and inserts the
 * `imports` row + the first `catalog.import_step` outbox event in one D1 batch; the consumer Worker then runs one step
 * per queue message and chains the next one (outbox row + send), keeping the progress in `imports`:
 *
 *   parse (whole file → import_rows)  →  validate (CHUNK rows per message: the dry run, nothing written)  →  validated
 *   commit (POST …/commit: WRITE_CHUNK rows per message, one D1 batch per chunk, per product on failure)  →  done
 *
 * One running import per store: the unique partial index `imports_one_running_uq` refuses a second row (or a commit)
 * in a running state atomically (→ 409 IMPORT_RUNNING). A step names its phase and cursor; a replayed or stale
 * message whose phase/cursor no longer match the row does nothing, and the progress UPDATE is guarded by the cursor
 * it started from, with the next step's outbox row inserted only when that UPDATE changed the row.
 */
import { auditStatement } from '../../audit/write.d1';
import { ConflictError, NotFoundError } from '../../errors';
import { newId } from '../../ids';
import type { Cells } from './columns';
import type { RowProblem } from './products';
import { readSheet, SheetError, type FileType } from './sheet';
import { planChunk, validateChunk, type ChunkActor, type PlannedRow } from './rows.d1';

export const IMPORT_STEP_EVENT = 'catalog.import_step';
/** Rows validated per queue message (reads only). */
export const VALIDATE_CHUNK = 500;
/** Rows written per queue message (one D1 batch). */
export const WRITE_CHUNK = 100;
/** At most this many data rows per file. */
export const MAX_IMPORT_ROWS = 20_000;

export type ImportKind = 'products' | 'batches';
export type ImportPhase = 'parse' | 'validate' | 'commit';
export interface StepPayload {
  importId: string;
  phase: ImportPhase;
  cursor: number;
}

interface ImportRow {
  id: string;
  kind: ImportKind;
  fileKey: string;
  fileType: FileType;
  status: string;
  phase: string;
  cursor: number;
  createdBy: string | null;
}

const RUNNING = "status IN ('queued', 'validating', 'committing')";

function stepEvent(d: D1Database, p: StepPayload, now: number, onlyIfChanged: boolean): D1PreparedStatement {
  return d
    .prepare(
      `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) SELECT ?, '${IMPORT_STEP_EVENT}', 'import', ?, ?, ?${onlyIfChanged ? ' WHERE changes() = 1' : ''}`,
    )
    .bind(newId(), p.importId, JSON.stringify(p), now);
}

const isUniqueViolation = (e: unknown) => e instanceof Error && /UNIQUE constraint failed: imports\.store/.test(e.message);

export const importRunning = () => new ConflictError('Đang có một lần nhập dữ liệu khác chạy; hãy đợi nó xong hoặc huỷ nó.', 'IMPORT_RUNNING');

/** A new import (dry run queued). Refused with 409 IMPORT_RUNNING while another import of the store runs. */
export async function createImport(
  d: D1Database,
  i: { id: string; kind: ImportKind; fileName: string; fileKey: string; fileType: FileType; actor: ChunkActor },
  now: number,
): Promise<void> {
  try {
    await d.batch([
      d
        .prepare(
          `INSERT INTO imports (id, kind, file_name, file_key, file_type, status, phase, cursor, created_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'queued', 'parse', 0, ?, ?, ?)`,
        )
        .bind(i.id, i.kind, i.fileName, i.fileKey, i.fileType, i.actor.id, now, now),
      stepEvent(d, { importId: i.id, phase: 'parse', cursor: 0 }, now, false),
      auditStatement(d, { actor: i.actor, action: 'import.create', entityType: 'import', entityId: i.id, data: { kind: i.kind, fileName: i.fileName } }, now),
    ]);
  } catch (e) {
    if (isUniqueViolation(e)) throw importRunning();
    throw e;
  }
}

/** Commit a validated import: 409 IMPORT_RUNNING if another runs, 409 IMPORT_NOT_VALIDATED if it isn't validated. */
export async function commitImport(d: D1Database, id: string, actor: ChunkActor, now: number): Promise<void> {
  let changed = 0;
  try {
    const [upd] = await d.batch([
      d.prepare("UPDATE imports SET status = 'committing', phase = 'commit', cursor = 0, processed_rows = 0, updated_at = ? WHERE id = ? AND status = 'validated'").bind(now, id),
      stepEvent(d, { importId: id, phase: 'commit', cursor: 0 }, now, true),
      auditStatement(d, { actor, action: 'import.commit', entityType: 'import', entityId: id, data: {} }, now, 'changed'),
    ]);
    changed = upd!.meta.changes;
  } catch (e) {
    if (isUniqueViolation(e)) throw importRunning();
    throw e;
  }
  if (!changed) {
    const row = await d.prepare('SELECT status FROM imports WHERE id = ?').bind(id).first<{ status: string }>();
    if (!row) throw new NotFoundError('Không tìm thấy lần nhập dữ liệu.', 'IMPORT_NOT_FOUND');
    throw new ConflictError('Chỉ ghi được lần nhập đã kiểm tra xong (chạy thử) và chưa ghi.', 'IMPORT_NOT_VALIDATED', { status: row.status });
  }
}

/** Cancel an import that is not finished (a commit stops after its current chunk; written rows stay written). */
export async function cancelImport(d: D1Database, id: string, actor: ChunkActor, now: number): Promise<void> {
  const [upd] = await d.batch([
    d.prepare(`UPDATE imports SET status = 'cancelled', phase = 'none', updated_at = ? WHERE id = ? AND (${RUNNING} OR status = 'validated')`).bind(now, id),
    auditStatement(d, { actor, action: 'import.cancel', entityType: 'import', entityId: id, data: {} }, now, 'changed'),
  ]);
  if (upd!.meta.changes) return;
  const row = await d.prepare('SELECT status FROM imports WHERE id = ?').bind(id).first<{ status: string }>();
  if (!row) throw new NotFoundError('Không tìm thấy lần nhập dữ liệu.', 'IMPORT_NOT_FOUND');
  throw new ConflictError('Lần nhập này đã kết thúc, không huỷ được.', 'IMPORT_FINISHED', { status: row.status });
}

/**
 * One queue step. Returns true when it advanced the import (and queued the next step, if any); false for a stale or
 * replayed message. The caller publishes the outbox afterwards.
 */
export async function runImportStep(d: D1Database, files: R2Bucket, p: StepPayload, now: () => number): Promise<boolean> {
  const job = await d
    .prepare('SELECT id, kind, file_key AS fileKey, file_type AS fileType, status, phase, cursor, created_by AS createdBy FROM imports WHERE id = ?')
    .bind(p.importId)
    .first<ImportRow>();
  if (!job || job.phase !== p.phase || job.cursor !== p.cursor || !['queued', 'validating', 'committing'].includes(job.status)) return false;
  const actor: ChunkActor = { id: job.createdBy, role: 'admin' };
  if (p.phase === 'parse') return parseStep(d, files, job, now());
  if (p.phase === 'validate') {
    const rows = await chunkRows(d, job.id, p.cursor, VALIDATE_CHUNK, false);
    if (!rows.length) return advance(d, job, p, { status: 'validated', phase: 'none', cursor: p.cursor }, [], now());
    // Problems found while parsing (a slug twice in the file) stay, before the row's own.
    const results = (await validateChunk(d, job.kind, rows, now())).map((r, i) => ({ ...r, problems: [...rows[i]!.problems, ...r.problems] }));
    const errors = results.filter((r) => r.problems.length).length;
    return advance(
      d,
      job,
      p,
      { status: 'validating', phase: 'validate', cursor: rows[rows.length - 1]!.row, processed: rows.length, valid: rows.length - errors, errors },
      results.map((r) => d.prepare('UPDATE import_rows SET errors = ? WHERE import_id = ? AND row_number = ?').bind(r.problems.length ? JSON.stringify(r.problems) : null, job.id, r.row)),
      now(),
    );
  }
  const rows = await chunkRows(d, job.id, p.cursor, WRITE_CHUNK, true);
  if (!rows.length) return advance(d, job, p, { status: 'done', phase: 'none', cursor: p.cursor }, [], now());
  const t = now();
  const planned = await planChunk(d, job.kind, job.id, rows, actor, t);
  const progress = (done: PlannedRow[]) => {
    const count = (o: string) => done.filter((r) => r.outcome === o).length;
    return {
      status: 'committing',
      phase: 'commit',
      cursor: rows[rows.length - 1]!.row,
      processed: rows.length,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      errors: count('failed'),
    };
  };
  const outcomes = (done: PlannedRow[]) =>
    done.map((r) =>
      d.prepare('UPDATE import_rows SET outcome = ?, errors = ? WHERE import_id = ? AND row_number = ?').bind(r.outcome, r.problems.length ? JSON.stringify(r.problems) : null, job.id, r.row),
    );
  // The whole chunk in ONE batch with its progress: all or nothing (a retried message redoes nothing).
  try {
    const [, upd] = await d.batch([staleGuard(d, job, p), ...advanceStatements(d, job, p, progress(planned), t), ...outcomes(planned), ...planned.flatMap((r) => r.statements)]);
    return upd!.meta.changes === 1;
  } catch (e) {
    if (isStale(e)) return false;
  }
  // A row the database refused (a barcode another product took meanwhile…): product by product, each one atomic, so a
  // failing row never leaves half a product; then the progress.
  const done: PlannedRow[] = [];
  for (const r of planned) {
    if (!r.statements.length) {
      done.push(r);
      continue;
    }
    try {
      await d.batch([staleGuard(d, job, p), ...r.statements]);
      done.push(r);
    } catch (e) {
      if (isStale(e)) return false;
      done.push({ ...r, outcome: 'failed', statements: [], problems: [{ column: job.kind === 'products' ? 'product_name' : 'lot_number', message: 'Cơ sở dữ liệu từ chối dòng này (ví dụ mã vạch hoặc slug vừa bị sản phẩm khác dùng); không có gì được ghi cho dòng này.' }] });
    }
  }
  return advance(d, job, p, progress(done), outcomes(done), t);
}

/** First statement of a chunk's batch: fails the batch unless the import is still at this step (cancelled → nothing written). */
function staleGuard(d: D1Database, job: ImportRow, p: StepPayload): D1PreparedStatement {
  return d
    .prepare("SELECT CASE WHEN EXISTS (SELECT 1 FROM imports WHERE id = ? AND phase = ? AND cursor = ? AND status = 'committing') THEN 1 ELSE json('import step is stale') END")
    .bind(job.id, p.phase, p.cursor);
}

const isStale = (e: unknown) => e instanceof Error && /malformed JSON/i.test(e.message);

async function chunkRows(d: D1Database, importId: string, after: number, limit: number, onlyValid: boolean): Promise<Array<{ row: number; cells: Cells; problems: RowProblem[] }>> {
  const { results } = await d
    .prepare(`SELECT row_number AS row, cells, errors FROM import_rows WHERE import_id = ? AND row_number > ? ${onlyValid ? 'AND errors IS NULL AND outcome IS NULL' : ''} ORDER BY row_number LIMIT ?`)
    .bind(importId, after, limit)
    .all<{ row: number; cells: string; errors: string | null }>();
  return results.map((r) => ({ row: r.row, cells: JSON.parse(r.cells) as Cells, problems: r.errors ? (JSON.parse(r.errors) as RowProblem[]) : [] }));
}

interface Progress {
  status: string;
  phase: string;
  cursor: number;
  processed?: number;
  valid?: number;
  errors?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  total?: number;
}

function advanceStatements(d: D1Database, job: ImportRow, p: StepPayload, g: Progress, now: number): D1PreparedStatement[] {
  const next: StepPayload | null = g.phase === 'none' ? null : { importId: job.id, phase: g.phase as ImportPhase, cursor: g.cursor };
  return [
    d
      .prepare(
        `UPDATE imports SET status = ?, phase = ?, cursor = ?, processed_rows = processed_rows + ?, valid_rows = valid_rows + ?, error_rows = error_rows + ?,
                created_count = created_count + ?, updated_count = updated_count + ?, unchanged_count = unchanged_count + ?,
                total_rows = COALESCE(?, total_rows), updated_at = ?
          WHERE id = ? AND phase = ? AND cursor = ? AND ${RUNNING}`,
      )
      .bind(g.status, g.phase, g.cursor, g.processed ?? 0, g.valid ?? 0, g.errors ?? 0, g.created ?? 0, g.updated ?? 0, g.unchanged ?? 0, g.total ?? null, now, job.id, p.phase, p.cursor),
    // Right after the UPDATE: queued only when this step advanced the import.
    ...(next ? [stepEvent(d, next, now, true)] : []),
  ];
}

/** The progress (+ next step) and the rows' own writes, in one batch. */
async function advance(d: D1Database, job: ImportRow, p: StepPayload, g: Progress, rowWrites: D1PreparedStatement[], now: number): Promise<boolean> {
  const [upd] = await d.batch([...advanceStatements(d, job, p, g, now), ...rowWrites]);
  return upd!.meta.changes === 1;
}

async function fail(d: D1Database, job: ImportRow, p: StepPayload, message: string, now: number) {
  await d.prepare(`UPDATE imports SET status = 'failed', phase = 'none', failure = ?, updated_at = ? WHERE id = ? AND phase = ? AND cursor = ?`).bind(message, now, job.id, p.phase, p.cursor).run();
  return true;
}

async function parseStep(d: D1Database, files: R2Bucket, job: ImportRow, now: number): Promise<boolean> {
  const p: StepPayload = { importId: job.id, phase: 'parse', cursor: 0 };
  const obj = await files.get(job.fileKey);
  if (!obj) return fail(d, job, p, 'Không tìm thấy tệp đã tải lên.', now);
  let rows;
  try {
    rows = readSheet(job.kind, new Uint8Array(await obj.arrayBuffer()), job.fileType);
  } catch (e) {
    if (e instanceof SheetError) return fail(d, job, p, e.message, now);
    throw e;
  }
  if (rows.length > MAX_IMPORT_ROWS) return fail(d, job, p, `Tệp có ${rows.length} dòng; tối đa ${MAX_IMPORT_ROWS} dòng mỗi lần nhập.`, now);
  // A key twice in one file: every repeat is an error (the first occurrence wins nothing either: staff must choose).
  const keyOf = (c: Cells) => (job.kind === 'products' ? (c.slug || '').trim() : `${(c.slug || '').trim()}\u0000${(c.lot_number || '').trim().toUpperCase()}`);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = keyOf(r.cells);
    if (k && k !== '\u0000') seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const dupMessage = job.kind === 'products' ? 'Slug này xuất hiện nhiều lần trong tệp.' : 'Lô này của sản phẩm xuất hiện nhiều lần trong tệp.';
  const dupColumn = job.kind === 'products' ? 'slug' : 'lot_number';
  // Multi-row inserts: 4 parameters a row, at most 100 per statement.
  const inserts: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += 25) {
    const part = rows.slice(i, i + 25);
    inserts.push(
      d
        .prepare(`INSERT OR IGNORE INTO import_rows (import_id, row_number, cells, errors) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}`)
        .bind(...part.flatMap((r) => [job.id, r.row, JSON.stringify(r.cells), (seen.get(keyOf(r.cells)) ?? 0) > 1 ? JSON.stringify([{ column: dupColumn, message: dupMessage }]) : null])),
    );
  }
  const [upd] = await d.batch([
    d.prepare(`UPDATE imports SET status = 'validating', phase = 'validate', cursor = 0, total_rows = ?, updated_at = ? WHERE id = ? AND phase = 'parse' AND cursor = 0 AND ${RUNNING}`).bind(rows.length, now, job.id),
    stepEvent(d, { importId: job.id, phase: 'validate', cursor: 0 }, now, true),
    ...inserts,
  ]);
  return upd!.meta.changes === 1;
}

/** How long one queue message keeps running further steps of its import itself before handing over to the queue. */
export const INLINE_BUDGET_MS = 20_000;

/**
 * Runs step `p` and then, while the invocation's budget lasts, the steps after it: each next step's outbox row is
 * taken first (acknowledged by this invocation, so the publisher never sends it) and run here, saving a queue round
 * trip per chunk; progress is still written per chunk. If the row was already sent (cron), that delivery runs it. At
 * the budget (or the end) the remaining step stays in the outbox for the caller's publish.
 */
export async function runImportSteps(d: D1Database, files: R2Bucket, p: StepPayload, now: () => number, budgetMs = INLINE_BUDGET_MS): Promise<boolean> {
  const started = now();
  let any = false;
  for (let step: StepPayload = p; ; ) {
    if (!(await runImportStep(d, files, step, now))) return any;
    any = true;
    if (now() - started >= budgetMs) return any;
    const job = await d.prepare(`SELECT phase, cursor FROM imports WHERE id = ? AND ${RUNNING}`).bind(step.importId).first<{ phase: string; cursor: number }>();
    if (!job || job.phase === 'none') return any;
    const next: StepPayload = { importId: step.importId, phase: job.phase as ImportPhase, cursor: job.cursor };
    const taken = await d
      .prepare(`UPDATE outbox_events SET acked_at = ? WHERE type = '${IMPORT_STEP_EVENT}' AND aggregate_id = ? AND payload = ? AND acked_at IS NULL AND claimed_by IS NULL`)
      .bind(now(), step.importId, JSON.stringify(next))
      .run();
    if (taken.meta.changes !== 1) return any;
    step = next;
  }
}
