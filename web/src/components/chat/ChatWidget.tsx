'use client';
/**
 * The shopper's chat with a pharmacist (#15), loaded only when the chat button is first clicked (SupportDock's dynamic
 * import), so none of it weighs on a page's first load. Resumes the caller's open conversation (session or guest chat
 * cookie); otherwise, on duty, starts one (a guest gives name + phone), and off duty says when pharmacists are back
 * and offers a written consultation instead. Closing keeps the panel with the transcript-by-email form.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { failureMessage } from '../../lib/api';
import type { ChatConversation, ChatDutyStatus } from '../../lib/chat/frames';
import { useChat } from '../../lib/chat/use-chat';
import { useAppSelector } from '../../store/hooks';
import { Field, FormError, useHydrated } from '../Field';
import { chatApi } from './chat-api';
import { ChatThread } from './ChatThread';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';
const opening = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', weekday: 'long', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

type Phase = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; duty: ChatDutyStatus; conversation: ChatConversation | null };

export function ChatWidget({ open, onHide }: { open: boolean; onHide: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [leaveMessage, setLeaveMessage] = useState(false);
  const load = useCallback(async () => {
    setPhase({ kind: 'loading' });
    try {
      const [duty, conversation] = await Promise.all([chatApi.status(), chatApi.current()]);
      setPhase({ kind: 'ready', duty, conversation });
    } catch (e) {
      setPhase({ kind: 'failed', message: failureMessage(e, OFFLINE) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const conversation = phase.kind === 'ready' ? phase.conversation : null;
  // Kept while the panel shows it, closed or not: after a close the thread stays readable (the socket has ended).
  const chat = useChat(conversation, 'customer');
  const s = chat.snapshot;
  const status = s?.status ?? conversation?.status ?? null;

  return (
    <section
      id="chat-panel"
      aria-label="Trò chuyện với dược sĩ"
      hidden={!open}
      className="fixed inset-x-2 bottom-20 z-40 flex max-h-[75vh] flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-2xl sm:inset-x-auto sm:right-4 sm:w-96"
      data-testid="chat-panel"
    >
      <header className="flex items-start gap-2 bg-emerald-700 px-3 py-2 text-white">
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold">Trò chuyện với dược sĩ</h2>
          <p className="truncate text-xs text-emerald-50" data-testid="chat-status">
            {status === 'active' ? `Dược sĩ ${s?.pharmacistName ?? conversation?.pharmacistName ?? ''} đang tư vấn` : status === 'waiting' ? 'Đang chờ dược sĩ nhận cuộc trò chuyện…' : status === 'closed' ? 'Cuộc trò chuyện đã kết thúc' : 'Dược sĩ tư vấn miễn phí'}
          </p>
        </div>
        <button type="button" onClick={onHide} className="rounded px-2 py-1 text-sm hover:bg-emerald-800" aria-label="Thu nhỏ cửa sổ trò chuyện">
          ✕
        </button>
      </header>
      {phase.kind === 'loading' && <p className="p-4 text-sm text-slate-600">Đang tải…</p>}
      {phase.kind === 'failed' && (
        <div className="space-y-2 p-4 text-sm">
          <FormError message={phase.message} />
          <button type="button" className="text-emerald-700 underline" onClick={() => void load()}>
            Thử lại
          </button>
        </div>
      )}
      {phase.kind === 'ready' && !conversation && !phase.duty.onDuty && !leaveMessage && <OffDuty duty={phase.duty} onLeaveMessage={() => setLeaveMessage(true)} />}
      {phase.kind === 'ready' && !conversation && (phase.duty.onDuty || leaveMessage) && <StartForm onStarted={(c) => setPhase({ ...phase, conversation: c })} />}
      {phase.kind === 'ready' && conversation && (
        <>
          <ChatThread chat={chat} me="customer" peerLabel="Dược sĩ" visible={open} readOnly={status === 'closed'} />
          {status === 'closed' ? (
            <Ended conversation={conversation} consultationCode={s?.consultationCode ?? conversation.consultationCode} onNew={() => setPhase({ ...phase, conversation: null })} />
          ) : (
            <CloseBar id={conversation.id} onClosed={() => setPhase({ ...phase, conversation: { ...conversation, status: 'closed' } })} />
          )}
        </>
      )}
    </section>
  );
}

function OffDuty({ duty, onLeaveMessage }: { duty: ChatDutyStatus; onLeaveMessage: () => void }) {
  return (
    <div className="space-y-3 p-4 text-sm" data-testid="chat-off-duty">
      <p>Hiện chưa có dược sĩ trực trò chuyện.</p>
      {duty.nextOpenAt && (
        <p>
          Dược sĩ sẽ trực lại lúc <strong>{opening.format(duty.nextOpenAt)}</strong>.
        </p>
      )}
      <p className="text-slate-600">Giờ trực: {duty.hoursText}</p>
      <p>Bạn có thể gửi đơn thuốc hoặc câu hỏi, dược sĩ sẽ trả lời sớm nhất:</p>
      <Link href="/tu-van-duoc-si" className="block rounded-lg bg-emerald-700 px-3 py-2 text-center font-semibold text-white hover:bg-emerald-800">
        Gửi yêu cầu tư vấn dược sĩ
      </Link>
      <button type="button" onClick={onLeaveMessage} className="block w-full text-center text-emerald-700 underline">
        Vẫn để lại tin nhắn, dược sĩ trả lời khi vào ca
      </button>
    </div>
  );
}

function StartForm({ onStarted }: { onStarted: (c: ChatConversation) => void }) {
  const { user, checked } = useAppSelector((st) => st.session);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const start = async (guest: { name: string; phone: string } | null) => {
    setBusy(true);
    setError(null);
    setIssues({});
    try {
      onStarted(await chatApi.start(guest));
    } catch (e) {
      // Field messages: zod's `details.issues` (read by apiError) or the route's own `details.fields`.
      if (e && typeof e === 'object' && 'issues' in e) {
        const err = e as { issues: Record<string, string>; details?: { fields?: Record<string, string> } };
        setIssues({ ...err.issues, ...(err.details?.fields ?? {}) });
      }
      setError(failureMessage(e, OFFLINE));
    } finally {
      setBusy(false);
    }
  };
  if (!checked) return <p className="p-4 text-sm text-slate-600">Đang tải…</p>;
  if (user)
    return (
      <div className="space-y-3 p-4 text-sm">
        <p>Xin chào {user.name}, dược sĩ sẵn sàng trả lời câu hỏi về thuốc và sức khỏe của bạn.</p>
        <FormError message={error} />
        <button type="button" disabled={busy || !hydrated} onClick={() => void start(null)} className="w-full rounded-lg bg-emerald-700 px-4 py-2.5 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
          {busy ? 'Đang kết nối…' : 'Bắt đầu trò chuyện'}
        </button>
      </div>
    );
  return (
    <form
      className="space-y-3 p-4 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        void start({ name: String(f.get('name') ?? '').trim(), phone: String(f.get('phone') ?? '').trim() });
      }}
    >
      <p>Để dược sĩ tiện liên hệ, vui lòng cho biết họ tên và số điện thoại của bạn.</p>
      <Field label="Họ và tên" name="name" id="chat-guest-name" autoComplete="name" required maxLength={100} disabled={!hydrated} error={issues.name} />
      <Field label="Số điện thoại" name="phone" id="chat-guest-phone" type="tel" autoComplete="tel" inputMode="tel" required maxLength={20} disabled={!hydrated} error={issues.phone} />
      <FormError message={Object.keys(issues).length ? null : error} />
      <button type="submit" disabled={busy || !hydrated} className="w-full rounded-lg bg-emerald-700 px-4 py-2.5 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
        {busy ? 'Đang kết nối…' : 'Bắt đầu trò chuyện'}
      </button>
      <p className="text-xs text-slate-500">Tin nhắn được lưu để dược sĩ theo dõi tư vấn; bạn có thể nhận bản ghi qua email khi kết thúc.</p>
    </form>
  );
}

function CloseBar({ id, onClosed }: { id: string; onClosed: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = async () => {
    try {
      await chatApi.close(id);
      onClosed();
    } catch (e) {
      setError(failureMessage(e, OFFLINE));
    }
  };
  return (
    <div className="flex items-center justify-end gap-2 border-t border-slate-100 px-2 py-1 text-xs">
      {error && <span className="mr-auto text-red-700">{error}</span>}
      {confirming ? (
        <>
          <span>Kết thúc cuộc trò chuyện?</span>
          <button type="button" className="rounded px-2 py-1 font-semibold text-red-700 hover:bg-red-50" onClick={() => void close()}>
            Kết thúc
          </button>
          <button type="button" className="rounded px-2 py-1 hover:bg-slate-100" onClick={() => setConfirming(false)}>
            Không
          </button>
        </>
      ) : (
        <button type="button" className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100" onClick={() => setConfirming(true)}>
          Kết thúc trò chuyện
        </button>
      )}
    </div>
  );
}

function Ended({ conversation, consultationCode, onNew }: { conversation: ChatConversation; consultationCode: string | null; onNew: () => void }) {
  const user = useAppSelector((st) => st.session.user);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2 border-t border-slate-200 p-3 text-sm" data-testid="chat-ended">
      {consultationCode && (
        <p>
          Dược sĩ đã chuyển cuộc trò chuyện thành phiếu tư vấn <strong>{consultationCode}</strong>.
        </p>
      )}
      {sent ? (
        <p role="status" className="text-emerald-800">
          Bản ghi cuộc trò chuyện sẽ được gửi tới email của bạn trong ít phút.
        </p>
      ) : (
        <form
          className="flex items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
            setBusy(true);
            setError(null);
            try {
              await chatApi.transcript(conversation.id, email || null);
              setSent(true);
            } catch (err) {
              setError(failureMessage(err, OFFLINE));
            } finally {
              setBusy(false);
            }
          }}
        >
          <div className="flex-1">
            <Field label="Nhận bản ghi qua email" name="email" id="chat-transcript-email" type="email" autoComplete="email" defaultValue={user?.email ?? ''} required={!user} error={error} />
          </div>
          <button type="submit" disabled={busy} className="rounded-lg border border-emerald-700 px-3 py-2 font-semibold text-emerald-800 hover:bg-emerald-50 disabled:opacity-60">
            Gửi
          </button>
        </form>
      )}
      <button type="button" className="text-emerald-700 underline" onClick={onNew}>
        Bắt đầu cuộc trò chuyện mới
      </button>
    </div>
  );
}
