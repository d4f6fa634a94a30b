/**
 * The full Elasticsearch reindex as a queue-driven job (ADR 0035, #16 review): one request could not rebuild 100,000
 * products within a Worker's limits. The api inserts the job row (`search_reindex_jobs`, the change sequence it starts
 * from, the product count) and its first `search.reindex_step` outbox event in ONE batch (409 SEARCH_REINDEX_RUNNING
 * while one runs: a partial unique index); the consumer runs the steps:
 *
 *   build (cursor = last product id: one page of documents bulk-indexed into `<alias>-<epoch ms>` per step)
 *   → swap (refresh, ONE `_aliases` call moves the alias, the old index is deleted)
 *   → replay (cursor = last feed seq: products changed since the job began, re-indexed through the alias)
 *   → done (`search_published` marked up to the start: the cron need not publish those again)
 *
 * Each step is guarded by the job's (phase, cursor): a replayed or stale message does nothing; the progress UPDATE and
 * the next step's outbox row are one batch, the row inserted only when that UPDATE advanced the job. Indexing a page
 * twice is harmless (external versions). The consumer runs following steps itself within a budget (taking their
 * outbox rows, as imports do) and leaves the rest to the queue. `npm run search:reindex` drives the same steps locally.
 */
import type { Client } from '@elastic/elasticsearch';
import { ConflictError } from '../errors';
import { newId } from '../ids';
import { docsPage } from './elastic-doc';
import { SEARCH_PUBLISHED_KEY, SEARCH_SEQ_KEY } from './feed-sql';
import { aliasTargets, createIndex, indexDocs, syncProducts } from './sync.elastic';

/** For `npm run search:reindex` (bundles this module alone). */
export { DEFAULT_ALIAS, elasticClient } from './sync.elastic';

export const REINDEX_STEP_EVENT = 'search.reindex_step';
/** Products read and bulk-indexed per build step. */
export const REINDEX_PAGE = 200;
/** Feed rows replayed per replay step. */
export const REPLAY_PAGE = 500;
/** A running job without progress for this long (its steps dead-lettered) no longer blocks a new one. */
export const REINDEX_STALE_MS = 15 * 60_000;

export type ReindexPhase = 'build' | 'swap' | 'replay';
export interface ReindexStep {
  jobId: string;
  phase: ReindexPhase;
  cursor: string;
}

export interface ReindexJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: ReindexPhase | 'none';
  cursor: string;
  alias: string;
  index: string;
  startSeq: number;
  total: number;
  indexed: number;
  replayed: number;
  previous: string[];
  failure: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

const JOB_COLUMNS = `id, status, phase, cursor, alias, index_name AS "index", start_seq AS startSeq, total, indexed, replayed, previous, failure,
  created_at AS createdAt, updated_at AS updatedAt, finished_at AS finishedAt`;

const toJob = (r: Record<string, unknown>): ReindexJob => ({ ...(r as unknown as ReindexJob), previous: r.previous ? (JSON.parse(String(r.previous)) as string[]) : [] });

/** Payload text of a step (one key order: the inline runner finds the step's outbox row by it). */
const stepPayload = (p: ReindexStep) => JSON.stringify({ jobId: p.jobId, phase: p.phase, cursor: p.cursor });

function stepEvent(d1: D1Database, p: ReindexStep, now: number, onlyIfAdvanced: boolean): D1PreparedStatement {
  return d1
    .prepare(`INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) SELECT ?, '${REINDEX_STEP_EVENT}', 'search_reindex', ?, ?, ?${onlyIfAdvanced ? ' WHERE changes() = 1' : ''}`)
    .bind(newId(), p.jobId, stepPayload(p), now);
}

export const reindexRunning = () => new ConflictError('Đang dựng lại chỉ mục tìm kiếm; hãy đợi lần này xong.', 'SEARCH_REINDEX_RUNNING');

/** Starts a reindex job (row + first step in one batch); 409 SEARCH_REINDEX_RUNNING while another one runs. */
export async function startReindex(d1: D1Database, alias: string, createdBy: string | null, now: number): Promise<ReindexJob> {
  const id = newId();
  try {
    await d1.batch([
      d1
        .prepare(`UPDATE search_reindex_jobs SET status = 'failed', phase = 'none', failure = COALESCE(failure, ?), updated_at = ?, finished_at = ? WHERE status = 'running' AND updated_at < ?`)
        .bind('Dừng vì không tiến triển (các bước trong hàng đợi đã thất bại).', now, now, now - REINDEX_STALE_MS),
      d1
        .prepare(
          `INSERT INTO search_reindex_jobs (id, status, phase, cursor, alias, index_name, start_seq, total, created_by, created_at, updated_at)
           SELECT ?1, 'running', 'build', '', ?2, ?3, (SELECT value FROM meta WHERE key = '${SEARCH_SEQ_KEY}'), (SELECT count(*) FROM products), ?4, ?5, ?5`,
        )
        .bind(id, alias, `${alias}-${now}`, createdBy, now),
      stepEvent(d1, { jobId: id, phase: 'build', cursor: '' }, now, false),
    ]);
  } catch (e) {
    if (e instanceof Error && /UNIQUE constraint failed: search_reindex_jobs\.status/.test(e.message)) throw reindexRunning();
    throw e;
  }
  return (await reindexJob(d1, id))!;
}

export async function reindexJob(d1: D1Database, id: string): Promise<ReindexJob | null> {
  const r = await d1.prepare(`SELECT ${JOB_COLUMNS} FROM search_reindex_jobs WHERE id = ?`).bind(id).first<Record<string, unknown>>();
  return r ? toJob(r) : null;
}

/** The latest job (the admin status shows its progress). */
export async function latestReindexJob(d1: D1Database): Promise<ReindexJob | null> {
  const r = await d1.prepare(`SELECT ${JOB_COLUMNS} FROM search_reindex_jobs ORDER BY created_at DESC, id DESC LIMIT 1`).first<Record<string, unknown>>();
  return r ? toJob(r) : null;
}

/** Ends a running job as failed (e.g. the consumer has no Elasticsearch configured); the message is shown to admins. */
export async function failReindex(d1: D1Database, jobId: string, message: string, now: number): Promise<void> {
  await d1.prepare(`UPDATE search_reindex_jobs SET status = 'failed', phase = 'none', failure = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = 'running'`).bind(message, now, now, jobId).run();
}

/** Keeps the last error of a step that will be retried (the job stays running; admins see why it waits). */
export async function noteReindexError(d1: D1Database, jobId: string, message: string, now: number): Promise<void> {
  await d1.prepare(`UPDATE search_reindex_jobs SET failure = ?, updated_at = ? WHERE id = ? AND status = 'running'`).bind(message.slice(0, 200), now, jobId).run();
}

interface Advance {
  next: ReindexStep | null;
  indexed?: number;
  replayed?: number;
  previous?: string[];
}

/** The job's progress, guarded by the step it started from, plus the next step (or the end), in one batch. */
async function advance(d1: D1Database, job: ReindexJob, p: ReindexStep, a: Advance, now: number): Promise<ReindexStep | null> {
  const done = a.next === null;
  const [upd] = await d1.batch([
    d1
      .prepare(
        `UPDATE search_reindex_jobs SET status = ?, phase = ?, cursor = ?, indexed = indexed + ?, replayed = replayed + ?, previous = COALESCE(?, previous),
                failure = NULL, updated_at = ?, finished_at = ?
          WHERE id = ? AND status = 'running' AND phase = ? AND cursor = ?`,
      )
      .bind(done ? 'done' : 'running', a.next?.phase ?? 'none', a.next?.cursor ?? '', a.indexed ?? 0, a.replayed ?? 0, a.previous ? JSON.stringify(a.previous) : null, now, done ? now : null, job.id, p.phase, p.cursor),
    done
      ? // The new index holds every change up to the job's start: the cron need not publish those again.
        d1.prepare(`UPDATE meta SET value = ? WHERE key = '${SEARCH_PUBLISHED_KEY}' AND value < ? AND changes() = 1`).bind(job.startSeq, job.startSeq)
      : stepEvent(d1, a.next!, now, true),
  ]);
  return upd!.meta.changes === 1 ? a.next : null;
}

async function createIndexIfMissing(es: Client, index: string): Promise<void> {
  try {
    await createIndex(es, index);
  } catch (err) {
    const type = (err as { meta?: { body?: { error?: { type?: string } } } }).meta?.body?.error?.type;
    if (type !== 'resource_already_exists_exception') throw err;
  }
}

/**
 * Runs step `p` of its job. Returns the next step when this one advanced the job (its outbox row is written), `null`
 * when the job ended or the message was stale (another delivery ran it, the job failed or finished).
 */
export async function runReindexStep(d1: D1Database, es: Client, p: ReindexStep, now: number, pageSize = REINDEX_PAGE): Promise<ReindexStep | null> {
  const job = await reindexJob(d1, p.jobId);
  if (!job || job.status !== 'running' || job.phase !== p.phase || job.cursor !== p.cursor) return null;
  if (p.phase === 'build') {
    if (p.cursor === '') await createIndexIfMissing(es, job.index);
    const page = await docsPage(d1, now, p.cursor, pageSize);
    await indexDocs(es, job.index, page);
    const last = page[page.length - 1];
    const next: ReindexStep = page.length < pageSize || !last ? { jobId: job.id, phase: 'swap', cursor: '' } : { jobId: job.id, phase: 'build', cursor: last.id };
    return advance(d1, job, p, { next, indexed: page.length }, now);
  }
  if (p.phase === 'swap') {
    await es.indices.refresh({ index: job.index });
    const targets = await aliasTargets(es, job.alias);
    const old = targets.filter((t) => t !== job.index);
    // An index (not an alias) with the alias's name would block the swap: remove_index replaces it atomically.
    const concrete = targets.length === 0 && (await es.indices.exists({ index: job.alias }));
    const actions = [
      ...old.map((o) => ({ remove: { index: o, alias: job.alias } })),
      ...(concrete ? [{ remove_index: { index: job.alias } }] : []),
      ...(targets.includes(job.index) ? [] : [{ add: { index: job.index, alias: job.alias, is_write_index: true } }]),
    ];
    // ONE call: searches never see a missing or half-built index. (A replayed swap finds it done and skips it.)
    if (actions.length) await es.indices.updateAliases({ actions } as never);
    for (const o of old) await es.indices.delete({ index: o }).catch((err: { meta?: { statusCode?: number } }) => {
      if (err?.meta?.statusCode !== 404) throw err;
    });
    return advance(d1, job, p, { next: { jobId: job.id, phase: 'replay', cursor: String(job.startSeq) }, previous: old }, now);
  }
  // Replay: everything changed after the job began (the consumer may have written those to the old index).
  const rows = await d1.prepare('SELECT product_id AS id, seq FROM search_feed WHERE seq > ? ORDER BY seq LIMIT ?').bind(Number(p.cursor), REPLAY_PAGE).all<{ id: string; seq: number }>();
  const list = rows.results ?? [];
  if (list.length) await syncProducts(d1, es, job.alias, list.map((r) => r.id), now);
  if (list.length < REPLAY_PAGE) {
    await es.indices.refresh({ index: job.alias });
    return advance(d1, job, p, { next: null, replayed: list.length }, now);
  }
  return advance(d1, job, p, { next: { jobId: job.id, phase: 'replay', cursor: String(list[list.length - 1]!.seq) }, replayed: list.length }, now);
}

/** Takes a step's outbox row for this invocation (acknowledged: the publisher never sends it); false if already sent. */
async function takeStep(d1: D1Database, p: ReindexStep, now: number): Promise<boolean> {
  const res = await d1
    .prepare(`UPDATE outbox_events SET acked_at = ? WHERE type = '${REINDEX_STEP_EVENT}' AND aggregate_id = ? AND payload = ? AND acked_at IS NULL AND claimed_by IS NULL`)
    .bind(now, p.jobId, stepPayload(p))
    .run();
  return res.meta.changes === 1;
}

export interface StepBudget {
  /** Steps run by one invocation (the first included). */
  maxSteps: number;
  /** Wall time after which no further step starts (ms). */
  budgetMs: number;
  pageSize?: number;
  now?: () => number;
  onStep?: (job: ReindexJob | null) => void;
}

/** Default budget of one consumer invocation: 25 steps (5,000 products: ~75 D1 and ES calls) or 20 s. */
export const CONSUMER_STEP_BUDGET: StepBudget = { maxSteps: 25, budgetMs: 20_000 };

/**
 * Runs step `p`, then the steps after it while the budget lasts, each taken from the outbox first (so the queue never
 * runs it too). Returns true when the job advanced; the step left over stays in the outbox for the caller to publish.
 */
export async function runReindexSteps(d1: D1Database, es: Client, p: ReindexStep, budget: StepBudget): Promise<boolean> {
  const now = budget.now ?? Date.now;
  const started = now();
  let any = false;
  for (let step = p, n = 1; ; n++) {
    const next = await runReindexStep(d1, es, step, now(), budget.pageSize);
    budget.onStep?.(await reindexJob(d1, step.jobId));
    if (!next) return any || false;
    any = true;
    if (n >= budget.maxSteps || now() - started >= budget.budgetMs) return true;
    if (!(await takeStep(d1, next, now()))) return true;
    step = next;
  }
}

/**
 * The whole reindex in this process (`npm run search:reindex`, the contract suite, the bench): the same job and steps
 * as the queue runs, driven here one after another.
 */
export async function reindexAll(d1: D1Database, es: Client, alias: string, now: number, log: (msg: string) => void = () => {}) {
  const job = await startReindex(d1, alias, null, now);
  const first: ReindexStep = { jobId: job.id, phase: 'build', cursor: '' };
  await takeStep(d1, first, now);
  await runReindexSteps(d1, es, first, { maxSteps: Number.POSITIVE_INFINITY, budgetMs: Number.POSITIVE_INFINITY, now: () => now, onStep: (j) => j && log(`${j.phase} ${j.indexed}/${j.total}`) });
  const done = (await reindexJob(d1, job.id))!;
  if (done.status !== 'done') throw new Error(`reindex ${done.id} ended ${done.status}: ${done.failure ?? ''}`);
  return { index: done.index, count: done.indexed, replayed: done.replayed, previous: done.previous };
}
