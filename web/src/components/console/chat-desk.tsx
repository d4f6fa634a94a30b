'use client';
/**
 * The pharmacist's chat desk (#15, /quan-tri/tro-chuyen): the waiting conversations (oldest first, how long each has
 * waited, "Nhận" takes one atomically — a colleague faster gets the api's 409), the pharmacist's own conversations,
 * and the selected one: the live thread (typing, read receipts, the same connection as the shopper's widget), the
 * shopper's contact, recent orders and consultations, close, and "Chuyển thành phiếu tư vấn".
 * Lists refresh every 5 s (a waiting shopper must not wait for a reload).
 */
import type { InferResponseType } from 'hono/client';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { useChat } from '../../lib/chat/use-chat';
import { formatVnd } from '../../lib/format';
import { orderStatusLabel } from '../../lib/labels';
import { ChatThread } from '../chat/ChatThread';
import { ConfirmDialog } from './ConfirmDialog';
import { formatDateTime } from './table';
import { useToast } from './Toaster';

export type ChatItem = InferResponseType<Api['v1']['pharmacist']['chats']['$get'], 200>['items'][number];
type Detail = InferResponseType<Api['v1']['pharmacist']['chats'][':id']['$get'], 200>;

const REFRESH_MS = 5000;
const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';

/** "4 phút 05 giây", "1 giờ 12 phút": how long a shopper has waited. */
export function waited(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h) return `${h} giờ ${m} phút`;
  return m ? `${m} phút ${String(s % 60).padStart(2, '0')} giây` : `${s % 60} giây`;
}

export function ChatDesk({ initialWaiting, initialMine }: { initialWaiting: ChatItem[]; initialMine: ChatItem[] }) {
  const notify = useToast();
  const [waiting, setWaiting] = useState(initialWaiting);
  const [mine, setMine] = useState(initialMine);
  const [fetchedAt, setFetchedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState<string | null>(initialMine[0]?.id ?? null);

  const refresh = useCallback(async () => {
    try {
      const api = browserApi();
      const [w, m] = await Promise.all([api.v1.pharmacist.chats.$get({ query: { status: 'waiting' } }), api.v1.pharmacist.chats.$get({ query: { status: 'mine' } })]);
      if (w.ok) setWaiting((await w.json()).items);
      if (m.ok) setMine((await m.json()).items);
      setFetchedAt(Date.now());
    } catch {
      /* the next tick tries again */
    }
  }, []);
  useEffect(() => {
    const list = setInterval(() => void refresh(), REFRESH_MS);
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(list);
      clearInterval(clock);
    };
  }, [refresh]);

  const take = async (id: string) => {
    try {
      const res = await browserApi().v1.pharmacist.chats[':id'].take.$post({ param: { id } });
      if (!res.ok) {
        notify('error', (await apiError(res)).message);
        await refresh();
        return;
      }
      notify('success', 'Đã nhận cuộc trò chuyện.');
      setSelected(id);
      await refresh();
    } catch {
      notify('error', OFFLINE);
    }
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
      <div className="space-y-4">
        <section aria-labelledby="chat-waiting-h" className="rounded-xl border border-slate-200 bg-white">
          <h2 id="chat-waiting-h" className="border-b border-slate-100 px-3 py-2 font-semibold">
            Đang chờ ({waiting.length})
          </h2>
          {waiting.length === 0 ? (
            <p className="px-3 py-3 text-sm text-slate-600">Không có khách nào đang chờ.</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="chat-waiting">
              {waiting.map((c) => (
                <li key={c.id} className="flex items-center gap-2 px-3 py-2 text-sm" data-testid="chat-waiting-item">
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">
                      {c.customerName} {c.isGuest && <span className="text-xs font-normal text-slate-500">(khách vãng lai)</span>}
                    </p>
                    <p className="truncate text-xs text-slate-600">{c.lastMessagePreview ?? 'Chưa có tin nhắn'}</p>
                    <p className="text-xs text-amber-800">Đã chờ {waited(c.waitingSeconds + (now - fetchedAt) / 1000)}</p>
                  </div>
                  <button type="button" className="btn-primary" onClick={() => void take(c.id)} aria-label={`Nhận cuộc trò chuyện với ${c.customerName}`}>
                    Nhận
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="chat-mine-h" className="rounded-xl border border-slate-200 bg-white">
          <h2 id="chat-mine-h" className="border-b border-slate-100 px-3 py-2 font-semibold">
            Của tôi ({mine.length})
          </h2>
          {mine.length === 0 ? (
            <p className="px-3 py-3 text-sm text-slate-600">Bạn chưa phụ trách cuộc trò chuyện nào.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {mine.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    onClick={() => setSelected(c.id)}
                    aria-current={selected === c.id ? 'true' : undefined}
                    className={`block w-full px-3 py-2 text-left text-sm hover:bg-slate-50 ${selected === c.id ? 'bg-emerald-50' : ''}`}
                  >
                    <span className="flex items-center gap-2">
                      <span className="truncate font-medium">{c.customerName}</span>
                      {c.unread > 0 && <span className="ml-auto rounded-full bg-emerald-700 px-2 text-xs text-white">{c.unread}</span>}
                    </span>
                    <span className="block truncate text-xs text-slate-600">{c.lastMessagePreview ?? ''}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {selected ? <Conversation key={selected} id={selected} onChanged={refresh} /> : <p className="rounded-xl border border-dashed border-slate-300 p-6 text-sm text-slate-600">Chọn hoặc nhận một cuộc trò chuyện để bắt đầu.</p>}
    </div>
  );
}

function Conversation({ id, onChanged }: { id: string; onChanged: () => Promise<void> }) {
  const notify = useToast();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [handover, setHandover] = useState<{ consultationId: string; code: string } | null>(null);
  const load = useCallback(async () => {
    try {
      const res = await browserApi().v1.pharmacist.chats[':id'].$get({ param: { id } });
      if (!res.ok) return setFailed((await apiError(res)).message);
      setDetail(await res.json());
    } catch {
      setFailed(OFFLINE);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const conversation = detail?.conversation ?? null;
  const chat = useChat(conversation, 'pharmacist');
  const s = chat.snapshot;
  const closed = s?.status === 'closed' || conversation?.status === 'closed';
  const code = handover?.code ?? s?.consultationCode ?? conversation?.consultationCode ?? null;

  if (failed)
    return (
      <p role="alert" className="rounded-xl bg-red-50 p-4 text-sm text-red-800">
        Không tải được cuộc trò chuyện: {failed}
      </p>
    );
  if (!detail || !conversation) return <p className="p-4 text-sm text-slate-600">Đang tải…</p>;

  const close = async () => {
    try {
      const res = await browserApi().v1.chat.conversations[':id'].close.$post({ param: { id } });
      if (!res.ok) {
        notify('error', (await apiError(res)).message);
        return false;
      }
      notify('success', 'Đã kết thúc cuộc trò chuyện.');
      await onChanged();
      return true;
    } catch {
      notify('error', OFFLINE);
      return false;
    }
  };
  const toConsultation = async () => {
    try {
      // POST /v1/pharmacist/chats/{id}/consultation (holder) → 201 { consultationId, code } (team15.md contract).
      const res = await fetch(`/v1/pharmacist/chats/${encodeURIComponent(id)}/consultation`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!res.ok) {
        notify('error', (await apiError(res)).message);
        return false;
      }
      const made = (await res.json()) as { consultationId: string; code: string };
      setHandover(made);
      notify('success', `Đã tạo phiếu tư vấn ${made.code}.`);
      await Promise.all([onChanged(), load()]);
      return true;
    } catch {
      notify('error', OFFLINE);
      return false;
    }
  };

  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_16rem]">
      <section aria-label={`Trò chuyện với ${detail.customer.name}`} className="flex h-[70vh] flex-col overflow-hidden rounded-xl border border-slate-200 bg-white" data-testid="chat-conversation">
        <header className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2">
          <div className="min-w-0 flex-1">
            <h2 className="font-semibold">{detail.customer.name}</h2>
            <p className="text-xs text-slate-600">
              {conversation.statusLabel}
              {detail.customer.phone && <> · {detail.customer.phone}</>}
              {detail.customer.isGuest && ' · khách vãng lai'}
            </p>
          </div>
          {!code && (
            <ConfirmDialog
              trigger="Chuyển thành phiếu tư vấn"
              triggerClassName="btn-secondary"
              title="Chuyển thành phiếu tư vấn"
              body="Nội dung cuộc trò chuyện sẽ trở thành ghi chú của một phiếu tư vấn mới, để bạn tư vấn thuốc và giữ thuốc cho khách."
              confirmLabel="Tạo phiếu tư vấn"
              onConfirm={toConsultation}
            />
          )}
          {!closed && <ConfirmDialog trigger="Kết thúc" triggerClassName="btn-danger" danger title="Kết thúc cuộc trò chuyện" body="Khách hàng sẽ không gửi thêm tin nhắn trong cuộc trò chuyện này." confirmLabel="Kết thúc" onConfirm={close} />}
        </header>
        {code && (
          <p role="status" className="bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="chat-handover">
            Đã chuyển thành phiếu tư vấn <strong>{code}</strong>.{' '}
            {handover && (
              <Link className="underline" href={`/quan-tri/tu-van/${handover.consultationId}`}>
                Mở phiếu
              </Link>
            )}
          </p>
        )}
        <ChatThread chat={chat} me="pharmacist" peerLabel="Khách hàng" visible readOnly={closed} />
      </section>
      <aside className="space-y-4 text-sm">
        <div className="rounded-xl border border-slate-200 bg-white p-3">
          <h3 className="mb-2 font-semibold">Đơn hàng gần đây</h3>
          {detail.recentOrders.length === 0 ? (
            <p className="text-slate-600">Chưa có đơn hàng.</p>
          ) : (
            <ul className="space-y-1" data-testid="chat-recent-orders">
              {detail.recentOrders.map((o) => (
                <li key={o.code}>
                  <Link className="font-medium text-emerald-800 underline" href={`/quan-tri/don-hang/${o.code}`}>
                    {o.code}
                  </Link>{' '}
                  · {orderStatusLabel(o.status)} · {formatVnd(o.total)}
                  <span className="block text-xs text-slate-500">{formatDateTime(o.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-3">
          <h3 className="mb-2 font-semibold">Phiếu tư vấn gần đây</h3>
          {detail.recentConsultations.length === 0 ? (
            <p className="text-slate-600">Chưa có phiếu tư vấn.</p>
          ) : (
            <ul className="space-y-1" data-testid="chat-recent-consultations">
              {detail.recentConsultations.map((c) => (
                <li key={c.code}>
                  <Link className="font-medium text-emerald-800 underline" href={`/quan-tri/tu-van?q=${encodeURIComponent(c.code)}`}>
                    {c.code}
                  </Link>
                  <span className="block text-xs text-slate-500">{formatDateTime(c.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </aside>
    </div>
  );
}
