/**
 * "Trợ lý Medicare" (#18, ADR 0044): one chat turn as a server-sent event stream, through the rails of
 * shared/src/assistant/. Order of a turn: input caps → per-IP limits (429 before the stream) → ownership → the
 * conversation's budget → red flag (fixed answer, no model) → off-topic (fixed answer, no model) → candidates from OUR
 * search → the model (structured answer: text + slugs), whose text is released sentence by sentence only after the
 * rails checked it → products rendered from our data → done (with the hand-off). No key, or a model error/timeout:
 * `mode: 'fallback'`, our own search results, labelled. Logs carry codes and counts only, never message text.
 */
import OpenAI from 'openai';
import { openaiClient, type OpenAIBindings } from './openai-client';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { Context } from 'hono';
import { sha256 } from '@medicare/shared/auth/crypto';
import { D1RateLimiter, type RateLimiter } from '@medicare/shared/auth/ratelimit';
import { signScoped } from '@medicare/shared/auth/signed';
import { restrictedLexicon, retrieveCandidates } from '@medicare/shared/assistant/candidates.d1';
import { ASSISTANT_SYSTEM_PROMPT, AssistantAnswerSchema, historyMessages, userDocument } from '@medicare/shared/assistant/prompt';
import { AnswerGate, answerBeforeModel, assistantMaySuggest, BLOCK_TEXT, checkMessage, MAX_PRODUCTS, NOT_A_PHARMACIST, pickProducts, productUrl, type CandidateProduct } from '@medicare/shared/assistant/rails';
import { detectRedFlag, EMERGENCY_TEXT } from '@medicare/shared/assistant/red-flags';
import { appendTurn, createConversation, loadOwnedConversation, takeMessageBudget, tokensFromIp, transcript, type ConversationRow, type StoredTurn } from '@medicare/shared/assistant/repo.d1';
import { CONSULTATION_PATH, HANDOFF_LABEL, HANDOFF_QUERY, sseFrame, type AssistantEvent, type AssistantProduct } from '@medicare/shared/assistant/schemas';
import { NotFoundError, TooManyRequestsError, ValidationError } from '@medicare/shared/errors';
import { jwtSecret, type Principal } from '@medicare/shared/http/auth';
import { JsonAnswerExtractor } from './json-answer';

/** The recommendation Worker's assistant settings (wrangler.toml [vars]; the key is a secret). */
export interface AssistantBindings extends OpenAIBindings {
  DB: D1Database;
  JWT_SECRET?: string;
  /** Default gpt-4o-mini. */
  ASSISTANT_MODEL?: string;
  /** Default 15000: the whole model answer must arrive within this (ms), else fallback/interrupted. */
  ASSISTANT_TIMEOUT_MS?: string;
  /** Default 30 messages per IP per hour. */
  ASSISTANT_IP_MESSAGES_PER_HOUR?: string;
  /** Default 100000 model tokens per IP per day (conversations started from that address). */
  ASSISTANT_IP_TOKENS_PER_DAY?: string;
  /** Default 30 messages per conversation. */
  ASSISTANT_CONVERSATION_MESSAGES?: string;
  /** Default 30000 model tokens per conversation. */
  ASSISTANT_CONVERSATION_TOKENS?: string;
}

export const ASSISTANT_DEFAULTS = {
  model: 'gpt-4o-mini',
  timeoutMs: 15_000,
  ipMessagesPerHour: 30,
  ipTokensPerDay: 100_000,
  conversationMessages: 30,
  conversationTokens: 30_000,
} as const;

const num = (v: string | undefined, d: number) => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? n : d;
};

export function assistantConfig(env: AssistantBindings) {
  return {
    key: env.OPENAI_API_KEY || null,
    /** Salts the stored IP hashes (an unsalted IPv4 hash is reversed by brute force): the Worker's JWT secret. */
    ipSalt: env.JWT_SECRET ?? '',
    baseURL: env.OPENAI_BASE_URL || undefined,
    model: env.ASSISTANT_MODEL || ASSISTANT_DEFAULTS.model,
    timeoutMs: num(env.ASSISTANT_TIMEOUT_MS, ASSISTANT_DEFAULTS.timeoutMs),
    ipMessagesPerHour: num(env.ASSISTANT_IP_MESSAGES_PER_HOUR, ASSISTANT_DEFAULTS.ipMessagesPerHour),
    ipTokensPerDay: num(env.ASSISTANT_IP_TOKENS_PER_DAY, ASSISTANT_DEFAULTS.ipTokensPerDay),
    conversationMessages: num(env.ASSISTANT_CONVERSATION_MESSAGES, ASSISTANT_DEFAULTS.conversationMessages),
    conversationTokens: num(env.ASSISTANT_CONVERSATION_TOKENS, ASSISTANT_DEFAULTS.conversationTokens),
  };
}


/** Only CF-Connecting-IP (set by Cloudflare's edge, forwarded unchanged by the api Worker); 'local' in development. */
const clientIp = (c: Context) => c.req.header('cf-connecting-ip') ?? 'local';

export { HANDOFF_TTL_SECONDS } from '@medicare/shared/assistant/handoff';
import { HANDOFF_TTL_SECONDS } from '@medicare/shared/assistant/handoff';

const invalidMessage = () => new ValidationError(`Tin nhắn phải có từ 1 đến 1000 ký tự.`, undefined, 'ASSISTANT_MESSAGE_INVALID');
const notFound = () => new NotFoundError('Không tìm thấy cuộc trò chuyện (có thể đã hết hạn).', 'ASSISTANT_CONVERSATION_NOT_FOUND');
const rateLimited = (retryAfter: number) => new TooManyRequestsError(retryAfter, 'Bạn đã hỏi Trợ lý Medicare quá nhiều trong thời gian ngắn, vui lòng thử lại sau hoặc bấm "Hỏi dược sĩ".', 'ASSISTANT_RATE_LIMITED');

const log = (fields: Record<string, string | number | boolean | null>) => console.log(JSON.stringify({ level: 'info', event: 'assistant_turn', ...fields }));


export interface TurnDeps {
  db: D1Database;
  limiter: RateLimiter;
  config: ReturnType<typeof assistantConfig>;
  principal: Principal | null;
  ip: string;
  now: number;
}

/** Everything before the stream: input caps, per-IP limits (429), ownership (404), a new conversation. */
export async function beginTurn(deps: TurnDeps, body: { conversationId?: string; message: string; token?: string }) {
  const checked = checkMessage(body.message);
  if (!checked.ok) throw invalidMessage();
  const ipHash = await sha256(`assistant-ip:${deps.config.ipSalt}:${deps.ip}`);
  // A red flag gets the fixed emergency answer whatever the limits say: it costs no model call, and someone at a
  // limit (or behind a shared address) must still read "gọi 115".
  const emergency = detectRedFlag(checked.text) !== null;
  if (!emergency) {
    const hit = await deps.limiter.hit('assistant:ip', deps.ip, deps.config.ipMessagesPerHour, 3600, deps.now);
    if (!hit.ok) throw rateLimited(hit.retryAfter);
    if ((await tokensFromIp(deps.db, ipHash, deps.now - 86_400_000)) >= deps.config.ipTokensPerDay) throw rateLimited(3600);
  }
  const owner = deps.principal ? { userId: deps.principal.userId } : { token: body.token };
  let conversation: ConversationRow | null;
  let token: string | null = null;
  if (body.conversationId) {
    conversation = await loadOwnedConversation(deps.db, body.conversationId, owner, deps.now);
    if (!conversation) throw notFound();
    token = deps.principal ? null : (body.token ?? null);
  } else {
    const made = await createConversation(deps.db, deps.principal ? { userId: deps.principal.userId } : { guest: true }, ipHash, deps.now);
    conversation = made.row;
    token = made.token;
  }
  return { message: checked.text, conversation, token };
}

/** The answer without a model: our own search results, labelled as such. */
function fallbackAnswer(candidates: readonly CandidateProduct[], reason: 'no_key' | 'model_error'): { text: string; products: AssistantProduct[] } {
  const allowed = candidates.filter(assistantMaySuggest).slice(0, MAX_PRODUCTS);
  const head = reason === 'no_key' ? 'Trợ lý AI chưa được bật, đây là kết quả tìm kiếm trong danh mục của Medicare (chế độ dự phòng).' : 'Trợ lý AI đang bận, đây là kết quả tìm kiếm trong danh mục của Medicare (chế độ dự phòng).';
  const body = allowed.length ? ' Một số sản phẩm có thể liên quan, hãy đọc kỹ hướng dẫn trên nhãn trước khi dùng.' : ' Chưa tìm thấy sản phẩm phù hợp không cần tư vấn; bạn có thể bấm "Hỏi dược sĩ".';
  return { text: `${head}${body}\n${NOT_A_PHARMACIST}`, products: pickProducts(allowed.map((c) => c.slug), allowed).items };
}

type Emit = (e: AssistantEvent) => Promise<void>;

/**
 * The turn itself, writing events through `emit`. Returns what is stored. Never throws: a model failure becomes the
 * fallback (before anything was released) or an `error` event (after).
 */
export async function runTurn(deps: TurnDeps, turn: Awaited<ReturnType<typeof beginTurn>>, emit: Emit, ai: OpenAI | undefined, handoff: string): Promise<void> {
  const { conversation, message, token } = turn;
  const done = () => emit({ event: 'done', data: { handoff: { label: HANDOFF_LABEL, href: handoff } } });
  const meta = (mode: 'model' | 'fallback') => emit({ event: 'meta', data: { conversationId: conversation.id, mode, token } });
  const store = (answer: StoredTurn) => appendTurn(deps.db, conversation.id, [{ role: 'user', text: message }, answer], deps.now);
  const started = Date.now();

  // Red flags (the fixed answer) and off-topic requests: before and without the model — and before the budget, so a
  // conversation at its limit still gets the emergency answer.
  const before = answerBeforeModel(message);
  if (before?.kind !== 'emergency' && !(await takeMessageBudget(deps.db, conversation.id, deps.config.conversationMessages, deps.config.conversationTokens, deps.now))) {
    await meta(deps.config.key ? 'model' : 'fallback');
    await emit({ event: 'error', data: { code: 'ASSISTANT_BUDGET_EXCEEDED', message: 'Cuộc trò chuyện đã đạt giới hạn. Vui lòng bắt đầu cuộc trò chuyện mới hoặc bấm "Hỏi dược sĩ".' } });
    log({ outcome: 'budget', ms: Date.now() - started });
    return;
  }
  if (before?.kind === 'emergency') {
    await meta(deps.config.key ? 'model' : 'fallback');
    await emit({ event: 'emergency', data: { text: EMERGENCY_TEXT } });
    await store({ role: 'assistant', text: EMERGENCY_TEXT, outcome: 'emergency' });
    await done();
    log({ outcome: 'emergency', flag: before.flag, ms: Date.now() - started });
    return;
  }
  if (before?.kind === 'off_topic') {
    await meta(deps.config.key ? 'model' : 'fallback');
    await emit({ event: 'blocked', data: { reason: 'off_topic', text: BLOCK_TEXT.off_topic } });
    await store({ role: 'assistant', text: BLOCK_TEXT.off_topic, outcome: 'blocked:off_topic' });
    await done();
    log({ outcome: 'blocked', reason: 'off_topic', ms: Date.now() - started });
    return;
  }
  const candidates = await retrieveCandidates(deps.db, message, deps.now);
  const fallback = async (reason: 'no_key' | 'model_error') => {
    const a = fallbackAnswer(candidates, reason);
    await meta('fallback');
    await emit({ event: 'delta', data: { text: a.text } });
    if (a.products.length) await emit({ event: 'products', data: { items: a.products } });
    await store({ role: 'assistant', text: a.text, outcome: 'fallback', products: a.products.map((p) => p.slug) });
    await done();
    log({ outcome: 'fallback', reason, candidates: candidates.length, products: a.products.length, ms: Date.now() - started });
  };
  if (!deps.config.key) return fallback('no_key');

  // No retry: a turn has one time budget, and the fallback answers when it runs out.
  const client = ai ?? openaiClient({ OPENAI_API_KEY: deps.config.key, OPENAI_BASE_URL: deps.config.baseURL }, { timeoutMs: deps.config.timeoutMs, maxRetries: 0 })!;
  const allowed = candidates.filter(assistantMaySuggest);
  const history = await transcript(deps.db, conversation.id, 12);
  const gate = new AnswerGate({ candidates, restricted: await restrictedLexicon(deps.db) });
  const extractor = new JsonAnswerExtractor();
  let content = '';
  let tokens = 0;
  let metaSent = false;
  let railsMs = 0;
  const release = async (sentences: string[]) => {
    for (const text of sentences) await emit({ event: 'delta', data: { text } });
  };
  try {
    const stream = await client.chat.completions.create(
      {
        model: deps.config.model,
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 600,
        response_format: zodResponseFormat(AssistantAnswerSchema, 'assistant_answer'),
        messages: [{ role: 'system', content: ASSISTANT_SYSTEM_PROMPT }, ...historyMessages(history), { role: 'user', content: userDocument(message, allowed) }],
      },
      { signal: AbortSignal.timeout(deps.config.timeoutMs) },
    );
    for await (const chunk of stream) {
      if (chunk.usage) tokens = chunk.usage.total_tokens;
      const piece = chunk.choices[0]?.delta?.content;
      if (!piece) continue;
      if (!metaSent) {
        await meta('model');
        metaSent = true;
      }
      content += piece;
      const t0 = performance.now();
      const out = gate.push(extractor.push(piece));
      railsMs += performance.now() - t0;
      await release(out);
    }
  } catch (err) {
    const code = err instanceof OpenAI.APIError ? `openai_${err.status ?? 'error'}` : err instanceof Error ? err.name : 'error';
    if (!metaSent) {
      log({ outcome: 'model_error', code });
      return fallback('model_error');
    }
    // Part of a checked answer was released: end it honestly rather than with unchecked text.
    await emit({ event: 'error', data: { code: 'ASSISTANT_MODEL_INTERRUPTED', message: 'Trợ lý bị gián đoạn, vui lòng thử lại hoặc bấm "Hỏi dược sĩ".' } });
    await store({ role: 'assistant', text: gate.released, outcome: 'interrupted', tokens });
    log({ outcome: 'interrupted', code, tokens, ms: Date.now() - started });
    return;
  }
  if (!metaSent) return fallback('model_error');
  const parsed = (() => {
    try {
      return AssistantAnswerSchema.safeParse(JSON.parse(content));
    } catch {
      return null;
    }
  })();
  const t0 = performance.now();
  const rest = gate.finish();
  const picks = pickProducts(parsed?.success ? parsed.data.products : [], candidates);
  if (picks.restricted) gate.block('rx');
  railsMs += performance.now() - t0;
  if (gate.blocked) {
    const reason = gate.blocked;
    await emit({ event: 'blocked', data: { reason, text: BLOCK_TEXT[reason] } });
    await store({ role: 'assistant', text: BLOCK_TEXT[reason], outcome: `blocked:${reason}`, tokens });
    await done();
    log({ outcome: 'blocked', reason, tokens, unknownPicks: picks.unknown, railsMs: Math.round(railsMs), ms: Date.now() - started });
    return;
  }
  await release([...rest, `\n${NOT_A_PHARMACIST}`]);
  if (picks.items.length) await emit({ event: 'products', data: { items: picks.items } });
  await store({ role: 'assistant', text: `${gate.released}\n${NOT_A_PHARMACIST}`, outcome: 'answer', products: picks.items.map((p) => p.slug), tokens });
  await done();
  log({ outcome: 'answer', tokens, products: picks.items.length, unknownPicks: picks.unknown, railsMs: Math.round(railsMs), ms: Date.now() - started });
}

/** The SSE response: `run` writes events; the stream closes when it returns. */
export function sseResponse(run: (emit: Emit) => Promise<void>, waitUntil: (p: Promise<unknown>) => void): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();
  const emit: Emit = (e) => writer.write(enc.encode(sseFrame(e)));
  waitUntil(
    run(emit)
      .catch(async (err) => {
        console.error(JSON.stringify({ level: 'error', event: 'assistant_turn', error: err instanceof Error ? err.name : typeof err }));
        await emit({ event: 'error', data: { code: 'INTERNAL', message: 'Đã có lỗi xảy ra, vui lòng thử lại sau.' } }).catch(() => undefined);
      })
      .finally(() => writer.close().catch(() => undefined)),
  );
  return new Response(readable, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
}

/** The hand-off link: the consultation form with a signed, 1-hour token naming this conversation. */
export async function handoffLink(c: Context, conversationId: string, now: number) {
  const nowSeconds = Math.floor(now / 1000);
  const token = await signScoped(jwtSecret(c), 'assistant-handoff', conversationId, HANDOFF_TTL_SECONDS, nowSeconds);
  const q = new URLSearchParams({ [HANDOFF_QUERY.conversation]: conversationId, [HANDOFF_QUERY.token]: token });
  return { consultationHref: `${CONSULTATION_PATH}?${q.toString()}`, expiresAt: (nowSeconds + HANDOFF_TTL_SECONDS) * 1000 };
}

export { D1RateLimiter, loadOwnedConversation, notFound, productUrl };
