'use client';
/**
 * One conversation's messages and composer, shared by the shopper's widget and the pharmacist's desk. Bodies are
 * rendered as text (React escapes them; no links, no markup). Shows what is still being sent, the other side typing,
 * and "Đã xem" under the last own message the other side has read.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChatSnapshot } from '../../lib/chat/connection';
import { CHAT_MAX_BODY, type ChatPartyRole } from '../../lib/chat/frames';
import type { UseChat } from '../../lib/chat/use-chat';

const time = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });

const CONNECTION_TEXT: Partial<Record<ChatSnapshot['connection'], string>> = {
  connecting: 'Đang kết nối…',
  reconnecting: 'Mất kết nối, đang kết nối lại… Tin nhắn của bạn sẽ được gửi khi có mạng.',
};

export function ChatThread({ chat, me, peerLabel, visible, readOnly }: { chat: UseChat; me: ChatPartyRole; peerLabel: string; visible: boolean; readOnly?: boolean }) {
  const s = chat.snapshot;
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const count = (s?.messages.length ?? 0) + (s?.pending.length ?? 0);

  // Everything on screen counts as read while the thread is visible and the tab is in front.
  const { markRead } = chat;
  useEffect(() => {
    if (!visible || s?.connection !== 'open') return;
    const read = () => {
      if (document.visibilityState === 'visible') markRead();
    };
    read();
    document.addEventListener('visibilitychange', read);
    return () => document.removeEventListener('visibilitychange', read);
  }, [visible, count, s?.connection, markRead]);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count, s?.peerTyping]);

  if (!s) return <p className="p-3 text-sm text-slate-600">Đang tải cuộc trò chuyện…</p>;
  const ended = s.connection === 'ended' || s.status === 'closed';
  const lastReadMine = [...s.messages].reverse().find((m) => m.senderRole === me && m.seq <= s.peerReadUpTo)?.seq ?? 0;
  const submit = () => {
    if (chat.send(draft)) setDraft('');
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {CONNECTION_TEXT[s.connection] && !ended && (
        <p role="status" className="bg-amber-50 px-3 py-1.5 text-xs text-amber-900" data-testid="chat-connection">
          {CONNECTION_TEXT[s.connection]}
        </p>
      )}
      <ol ref={list} className="min-h-0 flex-1 space-y-2 overflow-y-auto p-3" aria-label="Tin nhắn" role="log" aria-live="polite" data-testid="chat-messages">
        {s.messages.map((m) =>
          m.senderRole === 'system' ? (
            <li key={m.seq} className="text-center text-xs text-slate-500">
              {m.body}
            </li>
          ) : (
            <li key={m.seq} className={m.senderRole === me ? 'flex flex-col items-end' : 'flex flex-col items-start'} data-testid="chat-message" data-seq={m.seq} data-role={m.senderRole}>
              <span className="text-[11px] text-slate-500">
                {m.senderRole === me ? 'Bạn' : m.senderName} · {time.format(m.createdAt)}
              </span>
              <p className={`max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm ${m.senderRole === me ? 'bg-emerald-700 text-white' : 'bg-slate-100 text-slate-900'}`}>{m.body}</p>
              {m.senderRole === me && m.seq === lastReadMine && (
                <span className="text-[11px] text-slate-500" data-testid="chat-read">
                  Đã xem
                </span>
              )}
            </li>
          ),
        )}
        {s.pending.map((p) => (
          <li key={p.clientId} className="flex flex-col items-end" data-testid="chat-pending">
            <p className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-emerald-700/60 px-3 py-2 text-sm text-white">{p.body}</p>
            <span className="text-[11px] text-slate-500">Đang gửi…</span>
          </li>
        ))}
      </ol>
      {s.peerTyping && !ended && (
        <p className="px-3 pb-1 text-xs italic text-slate-500" data-testid="chat-typing">
          {peerLabel} đang nhập…
        </p>
      )}
      {s.error && !ended && (
        <p role="alert" className="mx-3 mb-1 rounded bg-red-50 px-2 py-1 text-xs text-red-700">
          {s.error.message}
        </p>
      )}
      {!ended && !readOnly && (
        <form
          className="flex items-end gap-2 border-t border-slate-200 p-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label className="sr-only" htmlFor={`chat-input-${me}`}>
            Nhập tin nhắn
          </label>
          <textarea
            id={`chat-input-${me}`}
            rows={2}
            maxLength={CHAT_MAX_BODY}
            value={draft}
            placeholder="Nhập tin nhắn…"
            className="min-h-10 flex-1 resize-none rounded-lg border border-slate-300 px-2 py-1.5 text-sm outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200"
            onChange={(e) => {
              setDraft(e.target.value);
              if (e.target.value) chat.typing();
            }}
            onKeyDown={(e) => {
              // Enter sends, Shift+Enter is a new line; never while a Vietnamese input method is composing a word.
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                submit();
              }
            }}
          />
          <button type="submit" disabled={!draft.trim()} className="rounded-lg bg-emerald-700 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-50">
            Gửi
          </button>
        </form>
      )}
    </div>
  );
}
