/**
 * #18 model re-ranking of trending (ADR 0048): the call, the cache, the budget. The rules (prompt, schema, what of the
 * answer may be shown) are shared/src/catalog/rerank.ts; "for you" never comes here.
 *
 * - One model call per (model, catalogue version, Vietnam day): the checked ranking is stored in the Cache API under
 *   that key (per data centre) and kept in this isolate's memory; concurrent misses in one isolate share one call
 *   (single-flight). Isolates in different data centres each make their own call for a new key; two isolates of one
 *   data centre missing at the same instant may both call — the daily budget bounds what either costs.
 * - Budget: `RERANK_TOKENS_PER_DAY` (default 100000) model tokens per UTC day, counted from the SDK's reported usage in
 *   D1 (`rate_limits`, atomic, shared by every isolate). At or over it: no call.
 * - Bounded: `RERANK_TIMEOUT_MS` (default 3000), no retry. A failure is remembered in this isolate for
 *   `FAILURE_MEMO_MS`, so an outage costs one slow request per isolate a minute, not one per request.
 * Every outcome other than a ranking is the heuristic list, and says why (`X-Rerank: off|budget|error|timeout|invalid`).
 * Logs carry codes and counts only (no catalogue text, no model text; there is no shopper data on this path).
 */
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { addToWindow, windowTotal } from '@medicare/shared/auth/ratelimit';
import { restrictedLexicon } from '@medicare/shared/assistant/candidates.d1';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import type { Recommended } from '@medicare/shared/catalog/recommend.d1';
import { RERANK_SYSTEM_PROMPT, RerankAnswerSchema, rerankDocument, validateRerank, type Ranked } from '@medicare/shared/catalog/rerank';
import { rerankCandidates } from '@medicare/shared/catalog/rerank.d1';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { openaiClient, type OpenAIBindings } from './openai-client';

export interface RerankBindings extends OpenAIBindings {
  DB: D1Database;
  /** The model (default gpt-4o-mini), shared with the assistant. */
  ASSISTANT_MODEL?: string;
  /** Model tokens per UTC day for re-ranking, all isolates together (default 100000). */
  RERANK_TOKENS_PER_DAY?: string;
  /** The whole call must answer within this many ms (default 3000), else the heuristic list. */
  RERANK_TIMEOUT_MS?: string;
}

export const RERANK_DEFAULTS = { model: 'gpt-4o-mini', tokensPerDay: 100_000, timeoutMs: 3_000 } as const;
/** How long this isolate remembers a failed call (or an exhausted budget) before trying again. */
export const FAILURE_MEMO_MS = 60_000;
const MAX_COMPLETION_TOKENS = 1_500;
const BUDGET_ACTION = 'rerank:tokens';
const DAY_SECONDS = 86_400;

export type RerankWhy = 'off' | 'budget' | 'error' | 'timeout' | 'invalid';
export type RerankOutcome = { ok: true; ranking: Ranked[] } | { ok: false; why: RerankWhy };

const num = (v: string | undefined, d: number) => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? n : d;
};

// Per isolate: the newest ranking, calls in flight, recent failures (all keyed by the cache key).
let memo: { key: string; ranking: Ranked[] } | null = null;
const inflight = new Map<string, Promise<RerankOutcome>>();
const failures = new Map<string, { why: RerankWhy; until: number }>();

const log = (fields: Record<string, string | number>) => console.log(JSON.stringify({ level: 'info', event: 'trending_rerank', ...fields }));

/**
 * The ranking for today's trending pool, from this isolate, the data centre's cache, or one model call. `pool`: the
 * heuristic trending picks (up to RERANK_POOL), the only products the model sees and may order.
 */
export async function trendingRanking(env: RerankBindings, pool: readonly Recommended[], now: number): Promise<RerankOutcome> {
  if (!env.OPENAI_API_KEY) return { ok: false, why: 'off' };
  if (pool.length < 2) return { ok: false, why: 'invalid' };
  const model = env.ASSISTANT_MODEL || RERANK_DEFAULTS.model;
  const version = await new D1CatalogRepository(env.DB).catalogVersion();
  const edition = `v${version}/${vietnamDate(now)}`;
  const key = `https://rerank.medicare.internal/trending/${encodeURIComponent(model)}/${edition}`;
  if (memo?.key === key) return { ok: true, ranking: memo.ranking };
  const failed = failures.get(key);
  if (failed && failed.until > now) return { ok: false, why: failed.why };
  let call = inflight.get(key);
  if (!call) {
    call = fill(env, key, model, edition, pool, now).finally(() => inflight.delete(key));
    inflight.set(key, call);
  }
  return call;
}

async function fill(env: RerankBindings, key: string, model: string, edition: string, pool: readonly Recommended[], now: number): Promise<RerankOutcome> {
  // workers-types' CacheStorage lacks `default` in this tsconfig's lib mix (as in workers/api/src/cache.ts).
  const cache = (caches as unknown as { default: Cache }).default;
  const hit = await cache.match(key);
  if (hit) {
    const ranking = ((await hit.json()) as { ranking: Ranked[] }).ranking;
    memo = { key, ranking };
    return { ok: true, ranking };
  }
  const fail = (why: RerankWhy, fields: Record<string, string | number> = {}): RerankOutcome => {
    failures.set(key, { why, until: now + FAILURE_MEMO_MS });
    log({ outcome: why, ...fields });
    return { ok: false, why };
  };
  const budget = num(env.RERANK_TOKENS_PER_DAY, RERANK_DEFAULTS.tokensPerDay);
  if ((await windowTotal(env.DB, BUDGET_ACTION, 'trending', DAY_SECONDS, now)) >= budget) return fail('budget');

  const [{ pool: candidates, productNames }, restricted] = await Promise.all([rerankCandidates(env.DB, pool), restrictedLexicon(env.DB)]);
  const timeoutMs = num(env.RERANK_TIMEOUT_MS, RERANK_DEFAULTS.timeoutMs);
  const client = openaiClient(env, { timeoutMs, maxRetries: 0 })!;
  const started = Date.now();
  let out: OpenAI.Chat.Completions.ChatCompletion;
  try {
    // `create`, not `parse`: an off-schema answer is still billed, and its usage must reach the budget.
    out = await client.chat.completions.create(
      {
        model,
        temperature: 0,
        max_completion_tokens: MAX_COMPLETION_TOKENS,
        response_format: zodResponseFormat(RerankAnswerSchema, 'trending_rerank'),
        messages: [
          { role: 'system', content: RERANK_SYSTEM_PROMPT },
          { role: 'user', content: rerankDocument(edition, candidates) },
        ],
      },
      { signal: AbortSignal.timeout(timeoutMs) },
    );
  } catch (e) {
    const timedOut = e instanceof OpenAI.APIConnectionTimeoutError || e instanceof OpenAI.APIUserAbortError || (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'));
    const code = e instanceof OpenAI.APIError ? `http_${e.status ?? 'none'}` : e instanceof Error ? e.name : 'unknown';
    return fail(timedOut ? 'timeout' : 'error', { code, ms: Date.now() - started });
  }
  const tokens = out.usage?.total_tokens ?? 0;
  await addToWindow(env.DB, BUDGET_ACTION, 'trending', tokens, DAY_SECONDS, now);
  const msg = out.choices[0]?.message;
  const parsed = (() => {
    try {
      return RerankAnswerSchema.safeParse(JSON.parse(msg?.content ?? ''));
    } catch {
      return null;
    }
  })();
  if (!parsed?.success || msg?.refusal) return fail('invalid', { tokens, code: msg?.refusal ? 'refusal' : 'off_schema' });
  const checked = validateRerank(parsed.data, candidates, { restricted, productNames });
  const counts = { tokens, unknown: checked.unknown, duplicates: checked.duplicates, reasonsDropped: checked.reasonsDropped, ranked: checked.ranking.length, ms: Date.now() - started };
  if (checked.ranking.length === 0) return fail('invalid', counts);
  await cache.put(key, new Response(JSON.stringify({ ranking: checked.ranking }), { headers: { 'content-type': 'application/json', 'cache-control': `public, max-age=${DAY_SECONDS}` } }));
  memo = { key, ranking: checked.ranking };
  log({ outcome: 'model', ...counts });
  return { ok: true, ranking: checked.ranking };
}
