/**
 * The assistant conversation as the widget shows it, and how each server-sent event of the assistant contract
 * (POST /v1/recommendations/assistant/messages, shared/src/assistant/schemas.ts) changes the answer being streamed. Pure functions, so
 * the widget stays a view and the rules are tested without a browser (web/test/assistant-turns.test.ts).
 */
import type { AssistantEvent, AssistantProduct } from './events';

export type ProductLink = AssistantProduct;

export interface UserTurn {
  role: 'user';
  text: string;
}

export interface AnswerTurn {
  role: 'assistant';
  /** What the shopper reads: the streamed text, or the rails' replacement (`blocked`), or the fixed emergency answer. */
  text: string;
  status: 'streaming' | 'done' | 'failed';
  mode: 'model' | 'fallback' | null;
  products: ProductLink[];
  emergency: boolean;
  blocked: boolean;
  handoff: { label: string; href: string } | null;
  /** Why the answer stopped (Vietnamese, shown to the shopper). */
  error: string | null;
}

export type Turn = UserTurn | AnswerTurn;

export const newAnswer = (): AnswerTurn => ({ role: 'assistant', text: '', status: 'streaming', mode: null, products: [], emergency: false, blocked: false, handoff: null, error: null });

export const INTERRUPTED = 'Câu trả lời bị gián đoạn. Vui lòng thử lại.';
export const OFFLINE = 'Không kết nối được tới trợ lý. Vui lòng kiểm tra mạng và thử lại.';
export const BUDGET = 'Cuộc trò chuyện đã đạt giới hạn của trợ lý. Bạn có thể hỏi dược sĩ hoặc bắt đầu cuộc trò chuyện mới.';

/** A product link goes only to a page of this site (a path), never elsewhere: the product's own page otherwise. */
export function productHref(p: ProductLink): string {
  return /^\/(?![/\\])/.test(p.url) ? p.url : `/san-pham/${encodeURIComponent(p.slug)}`;
}

/** The answer after one event. `meta` is handled by the caller (it names the conversation, not the answer). */
export function applyEvent(a: AnswerTurn, e: AssistantEvent): AnswerTurn {
  switch (e.event) {
    case 'meta':
      return { ...a, mode: e.data.mode };
    case 'delta':
      // After the rails replaced the turn or the emergency answer, later text is not shown.
      return a.blocked || a.emergency ? a : { ...a, text: a.text + e.data.text };
    case 'blocked':
      return { ...a, text: e.data.text, blocked: true };
    case 'emergency':
      return { ...a, text: e.data.text, emergency: true };
    case 'products':
      return { ...a, products: e.data.items };
    case 'done':
      return { ...a, status: 'done', handoff: e.data.handoff };
    case 'error':
      return { ...a, status: 'failed', error: e.data.code === 'ASSISTANT_BUDGET_EXCEEDED' ? BUDGET : e.data.message || INTERRUPTED };
  }
}

/** The stream ended: an answer still streaming was cut (no `done`). */
export function endOfStream(a: AnswerTurn): AnswerTurn {
  return a.status === 'streaming' ? { ...a, status: 'failed', error: a.error ?? INTERRUPTED } : a;
}

/** Why a message was refused before any stream: the HTTP status and the api's error envelope, in Vietnamese. */
export function refusal(status: number, body: { error?: { code?: string; message?: string } } | null, retryAfter: string | null): string {
  if (status === 429) {
    const s = Number(retryAfter);
    return Number.isFinite(s) && s > 0 ? `Bạn đã gửi nhiều câu hỏi liên tiếp. Vui lòng thử lại sau ${Math.ceil(s)} giây.` : 'Bạn đã gửi nhiều câu hỏi liên tiếp. Vui lòng đợi một lát rồi thử lại.';
  }
  if (body?.error?.code === 'ASSISTANT_BUDGET_EXCEEDED') return BUDGET;
  if (status === 400 && body?.error?.message) return body.error.message;
  if (status >= 500) return 'Trợ lý đang gặp sự cố. Vui lòng thử lại sau hoặc hỏi dược sĩ.';
  return body?.error?.message || 'Đã có lỗi xảy ra, vui lòng thử lại.';
}
