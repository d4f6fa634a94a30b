/**
 * Import steps in the consumer (#14, ADR 0028): a step advances the import once (a replayed or stale message does
 * nothing), and a step that reaches its time budget leaves the next step in the outbox for the queue.
 */
import { env } from 'cloudflare:test';
import { beforeEach, expect, it } from 'vitest';
import { countingD1, createImport, MAX_IMPORT_ROWS, runImportSteps } from '@medicare/shared/catalog/io/jobs.d1';

const ID = '01TESTIMPORT0000000000000A';
const CSV = 'slug,lot_number,expiry_date,quantity\nkhong-co,L1,2030-01-01,1\nkhong-co,L2,2030-01-01,2\n';

beforeEach(async () => {
  await env.DB.batch([env.DB.prepare('DELETE FROM import_rows'), env.DB.prepare('DELETE FROM imports'), env.DB.prepare('DELETE FROM outbox_events')]);
  await env.FILES_BUCKET.put(`imports/${ID}.csv`, CSV);
  await createImport(env.DB, { id: ID, kind: 'batches', fileName: 'lo.csv', fileKey: `imports/${ID}.csv`, fileType: 'csv', actor: { id: null, role: 'admin' } }, Date.now());
});

const job = () => env.DB.prepare('SELECT status, phase, cursor, total_rows AS total, processed_rows AS processed, error_rows AS errors FROM imports WHERE id = ?').bind(ID).first();
const pendingSteps = async () =>
  (await env.DB.prepare("SELECT payload FROM outbox_events WHERE type = 'catalog.import_step' AND acked_at IS NULL ORDER BY created_at, id").all<{ payload: string }>()).results.map((r) => JSON.parse(r.payload));

it('hands the next step to the queue at its budget, and a replayed step changes nothing', async () => {
  const now = () => Date.now();
  expect(await runImportSteps(env.DB, env.FILES_BUCKET, { importId: ID, phase: 'parse', cursor: 0 }, now, 0)).toBe(true);
  expect(await job()).toEqual({ status: 'validating', phase: 'validate', cursor: 0, total: 2, processed: 0, errors: 0 });
  expect(await pendingSteps()).toContainEqual({ importId: ID, phase: 'validate', cursor: 0 });

  const rowsBefore = await env.DB.prepare('SELECT COUNT(*) AS n FROM import_rows').first();
  const outboxBefore = await env.DB.prepare('SELECT COUNT(*) AS n FROM outbox_events').first();
  expect(await runImportSteps(env.DB, env.FILES_BUCKET, { importId: ID, phase: 'parse', cursor: 0 }, now)).toBe(false);
  expect(await job()).toEqual({ status: 'validating', phase: 'validate', cursor: 0, total: 2, processed: 0, errors: 0 });
  expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM import_rows').first()).toEqual(rowsBefore);
  expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM outbox_events').first()).toEqual(outboxBefore);

  // The validate step, with time to spare, runs to the end itself.
  expect(await runImportSteps(env.DB, env.FILES_BUCKET, { importId: ID, phase: 'validate', cursor: 0 }, now)).toBe(true);
  expect(await job()).toEqual({ status: 'validated', phase: 'none', cursor: 3, total: 2, processed: 2, errors: 2 });
  // Replaying it again counts nothing twice.
  expect(await runImportSteps(env.DB, env.FILES_BUCKET, { importId: ID, phase: 'validate', cursor: 0 }, now)).toBe(false);
  expect(await job()).toMatchObject({ processed: 2, errors: 2 });
});

it('counts the D1 calls an invocation makes (D1 allows 1,000 per invocation), statements still batch on the real database', async () => {
  const { db, calls } = countingD1(env.DB);
  expect(await db.prepare('SELECT ? AS x').bind(1).first()).toEqual({ x: 1 });
  const [a, b] = await db.batch([db.prepare('SELECT 2 AS x'), db.prepare('SELECT ? AS x').bind(3)]);
  expect([a!.results, b!.results]).toEqual([[{ x: 2 }], [{ x: 3 }]]);
  await db.prepare('SELECT 1').all();
  expect(calls()).toBe(3);
});

it('writes a parsed file to import_rows in bounded parts (no D1 request carries the whole file), then queues the dry run', async () => {
  const lines = Array.from({ length: 2_500 }, (_, i) => `khong-co-${i},L${i},2030-01-01,1`);
  await env.FILES_BUCKET.put(`imports/${ID}.csv`, `slug,lot_number,expiry_date,quantity\n${lines.join('\n')}\n`);
  const sizes: number[] = [];
  const db = new Proxy(env.DB, {
    get(t, k) {
      if (k === 'batch') return (s: D1PreparedStatement[]) => (sizes.push(s.length), t.batch(s));
      const v = Reflect.get(t, k, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  expect(await runImportSteps(db, env.FILES_BUCKET, { importId: ID, phase: 'parse', cursor: 0 }, () => Date.now(), 0)).toBe(true);
  expect(await job()).toEqual({ status: 'validating', phase: 'validate', cursor: 0, total: 2_500, processed: 0, errors: 0 });
  expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM import_rows WHERE import_id = ?').bind(ID).first()).toEqual({ n: 2_500 });
  // 25 rows a statement: at most 1,000 rows (40 statements + the guard) per request.
  expect(sizes.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(41);
});

it('refuses a file above MAX_IMPORT_ROWS at the parse step, writing no rows', async () => {
  const lines = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `s${i},L,2030-01-01,1`);
  await env.FILES_BUCKET.put(`imports/${ID}.csv`, `slug,lot_number,expiry_date,quantity\n${lines.join('\n')}\n`);
  expect(await runImportSteps(env.DB, env.FILES_BUCKET, { importId: ID, phase: 'parse', cursor: 0 }, () => Date.now(), 0)).toBe(true);
  const row = await env.DB.prepare('SELECT status, failure FROM imports WHERE id = ?').bind(ID).first<{ status: string; failure: string }>();
  expect(row!.status).toBe('failed');
  expect(row!.failure).toMatch(/tối đa 20000 dòng/);
  expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM import_rows WHERE import_id = ?').bind(ID).first()).toEqual({ n: 0 });
});
