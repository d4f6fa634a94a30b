'use client';
/**
 * "Trợ lý Medicare" (#18): the AI assistant's panel, loaded only when its launcher is first opened (SupportDock's
 * dynamic import), so none of it weighs on a page's first load. Each message is POSTed and the answer read as a
 * server-sent event stream through fetch (EventSource cannot POST): text shows as it arrives; the rails' replacement
 * (`blocked`) takes the place of the turn's text; a red flag's fixed answer (`emergency`) shows in red with 115 and the
 * pharmacist's number; products come from the catalogue data (links, prices, "Cần tư vấn dược sĩ" for prescription
 * items, never a buy button here); every answer offers "Hỏi dược sĩ". The conversation (id, guest token, turns) is kept
 * in sessionStorage, so it follows the shopper from page to page in this tab and ends with it.
 */
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { assistantEvent } from '../../lib/assistant/events';
import { readSse } from '../../lib/assistant/sse';
import { EMPTY_CONVERSATION, readConversation, type SavedConversation, writeConversation } from '../../lib/assistant/storage';
import { type AnswerTurn, applyEvent, endOfStream, newAnswer, OFFLINE, productHref, refusal } from '../../lib/assistant/turns';
import { formatVnd } from '../../lib/format';
import type * as Contract from '../../../../shared/src/assistant/schemas';

const ENDPOINT = '/v1/recommendations/assistant/messages';
// The contract's constants, typed by it (a type-only import: its module brings zod, which the widget must not carry):
// if the server changes one, this stops compiling.
const MAX_MESSAGE_CHARS: typeof Contract.MAX_MESSAGE_CHARS = 1000;
const HANDOFF_LABEL: typeof Contract.HANDOFF_LABEL = 'Hỏi dược sĩ';
const CONSULTATION_PATH: typeof Contract.CONSULTATION_PATH = '/tu-van-duoc-si';
/** The pharmacists' hotline (as on the product page's prescription box). */
const PHARMACIST_TEL = { href: 'tel:19006868', text: '1900 6868' };

export function AssistantWidget({ open, onHide }: { open: boolean; onHide: () => void }) {
  const [saved, setSaved] = useState<SavedConversation>(readConversation);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const { turns } = saved;

  useEffect(() => writeConversation(saved), [saved]);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns]);
  useEffect(() => () => abort.current?.abort(), []);

  /** Changes the answer being streamed (the last turn). */
  const answer = (f: (a: AnswerTurn) => AnswerTurn) =>
    setSaved((s) => {
      const last = s.turns.at(-1);
      return last?.role === 'assistant' ? { ...s, turns: [...s.turns.slice(0, -1), f(last)] } : s;
    });

  const send = async (message: string) => {
    const ctrl = new AbortController();
    abort.current = ctrl;
    setBusy(true);
    setDraft('');
    setSaved((s) => ({ ...s, turns: [...s.turns, { role: 'user', text: message }, newAnswer()] }));
    const post = (c: { conversationId: string | null; token: string | null }) =>
      fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ message, ...(c.conversationId ? { conversationId: c.conversationId, ...(c.token ? { token: c.token } : {}) } : {}) }),
        credentials: 'same-origin',
        signal: ctrl.signal,
      });
    try {
      let res = await post(saved);
      // The conversation expired (bounded lifetime) or is not this visitor's any more: the message starts a new one.
      if (res.status === 404 && saved.conversationId) {
        setSaved((s) => ({ ...s, conversationId: null, token: null }));
        res = await post({ conversationId: null, token: null });
      }
      if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
        const body = (await res.json().catch(() => null)) as Parameters<typeof refusal>[1];
        answer((a) => ({ ...a, status: 'failed', error: refusal(res.status, body, res.headers.get('retry-after')) }));
        return;
      }
      await readSse(res.body, (raw) => {
        const e = assistantEvent(raw);
        if (!e) return;
        if (e.event === 'meta') {
          const { conversationId, token } = e.data;
          setSaved((s) => ({ ...s, conversationId, token: token ?? (s.conversationId === conversationId ? s.token : null) }));
        }
        answer((a) => applyEvent(a, e));
      });
      answer(endOfStream);
    } catch {
      answer((a) => (a.status === 'streaming' ? { ...a, status: 'failed', error: ctrl.signal.aborted ? 'Đã dừng câu trả lời.' : OFFLINE } : a));
    } finally {
      if (abort.current === ctrl) abort.current = null;
      setBusy(false);
    }
  };

  const submit = () => {
    const message = draft.trim();
    if (!message || busy) return;
    void send(message.slice(0, MAX_MESSAGE_CHARS));
  };

  return (
    <section
      id="assistant-panel"
      aria-label="Trợ lý Medicare"
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onHide();
        }
      }}
      className="fixed inset-x-2 bottom-20 z-40 flex max-h-[75vh] flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-2xl sm:inset-x-auto sm:right-4 sm:w-96"
      data-testid="assistant-panel"
    >
      <header className="flex items-start gap-2 bg-emerald-700 px-3 py-2 text-white">
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold">Trợ lý Medicare</h2>
          <p className="text-xs text-emerald-50">Trợ lý AI, không phải dược sĩ</p>
        </div>
        {turns.length > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() => setSaved(EMPTY_CONVERSATION)}
            className="rounded px-2 py-1 text-xs hover:bg-emerald-800 disabled:opacity-60"
          >
            Cuộc trò chuyện mới
          </button>
        )}
        <button type="button" onClick={onHide} className="rounded px-2 py-1 text-sm hover:bg-emerald-800" aria-label="Thu nhỏ trợ lý">
          ✕
        </button>
      </header>
      <p className="border-b border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900" data-testid="assistant-disclaimer">
        Đây là trợ lý AI, không phải dược sĩ: thông tin chỉ để tham khảo, không thay thế chẩn đoán của bác sĩ hay tư vấn của dược sĩ. Trường hợp khẩn cấp, gọi{' '}
        <a href="tel:115" className="font-semibold underline">
          115
        </a>
        .
      </p>
      <div ref={log} role="log" aria-live="polite" aria-busy={busy} aria-label="Cuộc trò chuyện với trợ lý" className="flex-1 space-y-3 overflow-y-auto p-3 text-sm" data-testid="assistant-log">
        {turns.length === 0 && <p className="text-slate-600">Xin chào! Tôi có thể giúp bạn tìm sản phẩm không kê đơn và thông tin chung về thuốc, sức khỏe. Bạn cần hỏi gì?</p>}
        {turns.map((t, i) =>
          t.role === 'user' ? (
            <p key={i} className="ml-8 whitespace-pre-wrap rounded-2xl rounded-br-sm bg-emerald-700 px-3 py-2 text-white" data-testid="assistant-question">
              <span className="sr-only">Bạn: </span>
              {t.text}
            </p>
          ) : (
            <Answer key={i} a={t} onLeave={onHide} />
          ),
        )}
      </div>
      <form
        className="flex items-end gap-2 border-t border-slate-200 p-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor="assistant-input" className="sr-only">
          Câu hỏi cho trợ lý
        </label>
        <textarea
          ref={input}
          id="assistant-input"
          rows={2}
          value={draft}
          maxLength={MAX_MESSAGE_CHARS}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          placeholder="Nhập câu hỏi (Enter để gửi)"
          className="min-h-[2.5rem] flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200"
        />
        {busy ? (
          <button type="button" onClick={() => abort.current?.abort()} className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-100">
            Dừng
          </button>
        ) : (
          <button type="submit" disabled={!draft.trim()} className="rounded-lg bg-emerald-700 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
            Gửi
          </button>
        )}
      </form>
    </section>
  );
}

/** `onLeave`: a link of the answer was followed; the panel gets out of the way of the page it opens. */
function Answer({ a, onLeave }: { a: AnswerTurn; onLeave: () => void }) {
  const streaming = a.status === 'streaming';
  return (
    <div className="mr-4 space-y-2" data-testid="assistant-answer" data-status={a.status}>
      <span className="sr-only">Trợ lý: </span>
      {a.mode === 'fallback' && (
        <p className="text-xs font-semibold text-amber-800" data-testid="assistant-fallback">
          Trợ lý AI chưa bật — kết quả từ tìm kiếm
        </p>
      )}
      {a.emergency ? (
        <div role="alert" className="space-y-2 rounded-xl border-2 border-red-600 bg-red-50 p-3 text-red-900" data-testid="assistant-emergency">
          <p className="font-bold">Cần hỗ trợ y tế ngay</p>
          <p className="whitespace-pre-wrap">{a.text}</p>
          <div className="flex flex-wrap gap-2">
            <a href="tel:115" className="rounded-lg bg-red-700 px-3 py-2 font-bold text-white hover:bg-red-800">
              Gọi cấp cứu 115
            </a>
            <a href={PHARMACIST_TEL.href} className="rounded-lg border border-red-700 px-3 py-2 font-semibold text-red-800 hover:bg-red-100">
              Gọi dược sĩ {PHARMACIST_TEL.text}
            </a>
          </div>
        </div>
      ) : (
        (a.text || streaming) && (
          <p className="whitespace-pre-wrap rounded-2xl rounded-bl-sm bg-slate-100 px-3 py-2 text-slate-900" data-testid="assistant-text">
            {a.text}
            {streaming && (
              <span className="text-slate-500" aria-hidden="true">
                {a.text ? ' …' : 'Đang trả lời…'}
              </span>
            )}
          </p>
        )
      )}
      {a.products.length > 0 && (
        <ul className="space-y-1" aria-label="Sản phẩm trong danh mục Medicare">
          {a.products.map((p) => (
            <li key={p.slug} className="flex items-baseline justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2">
              <Link href={productHref(p)} onClick={onLeave} className="font-medium text-emerald-800 underline-offset-2 hover:underline" data-testid="assistant-product">
                {p.name}
              </Link>
              {p.prescription ? <span className="shrink-0 text-xs font-semibold text-amber-700">Cần tư vấn dược sĩ</span> : <span className="shrink-0 font-semibold text-emerald-700">{formatVnd(p.price)}</span>}
            </li>
          ))}
        </ul>
      )}
      {a.error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-red-700" data-testid="assistant-error">
          {a.error}
        </p>
      )}
      {!streaming && (
        <Link href={a.handoff?.href ?? CONSULTATION_PATH} onClick={onLeave} className="inline-block rounded-lg border border-emerald-700 px-3 py-1.5 font-semibold text-emerald-800 hover:bg-emerald-50" data-testid="assistant-handoff">
          {a.handoff?.label ?? HANDOFF_LABEL}
        </Link>
      )}
    </div>
  );
}
