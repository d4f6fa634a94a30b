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
import { readSheet, SheetError, TooManyRowsError, type FileType } from './sheet';
import { planChunk, validateChunk, type ChunkActor, type PlannedRow } from './rows.d1';

export const IMPORT_STEP_EVENT = 'catalog.import_step';
/**
 * Rows validated per step (reads only). Planning a row costs about 2 D1 calls (the product's current state, the
 * references check), and a Worker invocation may make at most 1,000 D1 calls: a step stays well under half of that.
 */
export const VALIDATE_CHUNK = 200;
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

/** import_rows written per D1 call of the parse step (25 rows a statement: 4 parameters a row, at most 100 per statement). */
const PARSE_INSERT_ROWS = 1_000;

async function parseStep(d: D1Database, files: R2Bucket, job: ImportRow, now: number): Promise<boolean> {
  const p: StepPayload = { importId: job.id, phase: 'parse', cursor: 0 };
  const obj = await files.get(job.fileKey);
  if (!obj) return fail(d, job, p, 'Không tìm thấy tệp đã tải lên.', now);
  let rows;
  try {
    // The bytes are only referenced by this call: once it returns, neither they nor the workbook are kept.
    rows = readSheet(job.kind, new Uint8Array(await obj.arrayBuffer()), job.fileType, MAX_IMPORT_ROWS);
  } catch (e) {
    if (e instanceof TooManyRowsError) return fail(d, job, p, `Tệp có ${e.rows ?? `hơn ${MAX_IMPORT_ROWS}`} dòng; tối đa ${MAX_IMPORT_ROWS} dòng mỗi lần nhập.`, now);
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
  const totalRows = rows.length;
  // Rows are written PARSE_INSERT_ROWS per D1 call (INSERT OR IGNORE: a retried parse writes the same rows again,
  // harmlessly), so no single request carries the whole file; each part's rows are dropped once written.
  for (let from = 0; from < rows.length; from += PARSE_INSERT_ROWS) {
    const inserts: D1PreparedStatement[] = [];
    for (let i = from; i < Math.min(from + PARSE_INSERT_ROWS, rows.length); i += 25) {
      const part = rows.slice(i, Math.min(i + 25, from + PARSE_INSERT_ROWS));
      inserts.push(
        d
          .prepare(`INSERT OR IGNORE INTO import_rows (import_id, row_number, cells, errors) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}`)
          .bind(...part.flatMap((r) => [job.id, r.row, JSON.stringify(r.cells), (seen.get(keyOf(r.cells)) ?? 0) > 1 ? JSON.stringify([{ column: dupColumn, message: dupMessage }]) : null])),
      );
    }
    // The guard fails the part if the import was cancelled (or parsed by another delivery) meanwhile: nothing written.
    const guard = d
      .prepare(`SELECT CASE WHEN EXISTS (SELECT 1 FROM imports WHERE id = ? AND phase = 'parse' AND cursor = 0 AND ${RUNNING}) THEN 1 ELSE json('import step is stale') END`)
      .bind(job.id);
    try {
      await d.batch([guard, ...inserts]);
    } catch (e) {
      if (isStale(e)) return false;
      throw e;
    }
    rows.fill(null as never, from, Math.min(from + PARSE_INSERT_ROWS, rows.length));
  }
  const [upd] = await d.batch([
    d.prepare(`UPDATE imports SET status = 'validating', phase = 'validate', cursor = 0, total_rows = ?, updated_at = ? WHERE id = ? AND phase = 'parse' AND cursor = 0 AND ${RUNNING}`).bind(totalRows, now, job.id),
    stepEvent(d, { importId: job.id, phase: 'validate', cursor: 0 }, now, true),
  ]);
  return upd!.meta.changes === 1;
}

/** How long one queue message keeps running further steps of its import itself before handing over to the queue. */
export const INLINE_BUDGET_MS = 20_000;
/** D1 calls after which an invocation runs no further step (the next one may need ~450; D1 allows 1,000 per invocation). */
export const INLINE_D1_CALLS = 450;

/** Counts the D1 calls (subrequests) made through it; statements keep working with the real database's batch. */
export function countingD1(d: D1Database): { db: D1Database; calls: () => number } {
  let n = 0;
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (s: D1PreparedStatement): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(t, k) {
        const v = Reflect.get(t, k, t) as unknown;
        if (typeof v !== 'function') return v;
        if (k === 'bind') return (...a: unknown[]) => wrap((v as (...x: unknown[]) => D1PreparedStatement).apply(t, a));
        if (k === 'run' || k === 'first' || k === 'all' || k === 'raw') return (...a: unknown[]) => (n++, (v as (...x: unknown[]) => unknown).apply(t, a));
        return (v as (...x: unknown[]) => unknown).bind(t);
      },
    });
    real.set(p, s);
    return p;
  };
  const db = new Proxy(d, {
    get(t, k) {
      const v = Reflect.get(t, k, t) as unknown;
      if (typeof v !== 'function') return v;
      if (k === 'prepare') return (q: string) => wrap(t.prepare(q));
      if (k === 'batch') return (stmts: D1PreparedStatement[]) => (n++, t.batch(stmts.map((s) => real.get(s) ?? s)));
      if (k === 'exec') return (q: string) => (n++, t.exec(q));
      return (v as (...x: unknown[]) => unknown).bind(t);
    },
  });
  return { db, calls: () => n };
}

/**
 * Runs step `p` and then, while the invocation's budget lasts, the steps after it: each next step's outbox row is
 * taken first (acknowledged by this invocation, so the publisher never sends it) and run here, saving a queue round
 * trip per chunk; progress is still written per chunk. If the row was already sent (cron), that delivery runs it. At
 * the time budget or the D1-call budget (or the end) the remaining step stays in the outbox for the caller's publish.
 */
export async function runImportSteps(d0: D1Database, files: R2Bucket, p: StepPayload, now: () => number, budgetMs = INLINE_BUDGET_MS): Promise<boolean> {
  const started = now();
  const { db: d, calls } = countingD1(d0);
  let any = false;
  for (let step: StepPayload = p; ; ) {
    if (!(await runImportStep(d, files, step, now))) return any;
    any = true;
    if (now() - started >= budgetMs || calls() >= INLINE_D1_CALLS) return any;
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
