'use client';
import type { InferResponseType } from 'hono/client';
import { useState } from 'react';
import type { ReviewHideReason } from '../../../../shared/src/reviews/rules';
import { browserApi, type Api, type ApiResponse } from '../../lib/api';
import { useAction } from './use-action';

type Review = InferResponseType<Api['v1']['admin']['reviews']['$get'], 200>['items'][number] & { createdLabel: string };
const STATUS_CLASS: Record<Review['status'], string> = { pending: 'bg-amber-100 text-amber-900', approved: 'bg-emerald-100 text-emerald-900', hidden: 'bg-slate-200 text-slate-700' };

function ReviewCard({ r, hideReasons, canReply }: { r: Review; hideReasons: Array<{ code: string; label: string }>; canReply: boolean }) {
  const act = useAction();
  const [busy, setBusy] = useState(false);
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState<ReviewHideReason>('spam');
  const [note, setNote] = useState('');
  const [reply, setReply] = useState(r.reply?.body ?? '');
  const run = async (call: () => Promise<ApiResponse>, done: string) => {
    setBusy(true);
    await act(call, done);
    setBusy(false);
  };
  const api = browserApi().v1.admin.reviews[':id'];
  return (
    <li className="rounded-xl bg-white p-4" data-testid="moderation-review">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_CLASS[r.status]}`}>{r.statusLabel}</span>
        <span className="text-amber-500" aria-label={`${r.rating} sao`}>
          {'★'.repeat(r.rating)}
          <span className="text-slate-300">{'★'.repeat(5 - r.rating)}</span>
        </span>
        <a href={`/san-pham/${r.product.slug}`} target="_blank" rel="noopener" className="font-medium hover:underline">
          {r.product.name}
        </a>
        <span className="text-slate-500">
          · {r.author.name} · đơn {r.orderCode} · {r.createdLabel}
        </span>
      </div>
      {r.flags.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label="Cảnh báo tự động">
          {r.flags.map((f) => (
            <li key={f.code} className="rounded bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">
              ⚠ {f.label}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 whitespace-pre-line text-sm">{r.body}</p>
      {r.photos.length > 0 && (
        <ul className="mt-2 flex gap-2">
          {r.photos.map((p) => (
            <li key={p.id}>
              <a href={p.url} target="_blank" rel="noopener">
                {/* eslint-disable-next-line @next/next/no-img-element -- private photos, served with the staff cookie */}
                <img src={p.url} alt="Ảnh đánh giá" width={96} height={96} className="h-24 w-24 rounded border object-cover" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {r.moderation && (
        <p className="mt-2 text-xs text-slate-600">
          {r.status === 'hidden' ? 'Ẩn' : 'Duyệt'} bởi {r.moderation.byName}
          {r.moderation.reasonLabel ? ` — ${r.moderation.reasonLabel}` : ''}
          {r.moderation.note ? `: ${r.moderation.note}` : ''}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {r.status !== 'approved' && (
          <button type="button" className="btn-primary" disabled={busy} onClick={() => void run(() => api.approve.$post({ param: { id: r.id } }), 'Đã duyệt đánh giá.')}>
            Duyệt
          </button>
        )}
        {r.status !== 'hidden' && !hiding && (
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => setHiding(true)}>
            Ẩn…
          </button>
        )}
      </div>
      {hiding && (
        <form
          className="mt-2 flex flex-wrap items-end gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.hide.$post({ param: { id: r.id }, json: { reason, ...(note.trim() ? { note: note.trim() } : {}) } }), 'Đã ẩn đánh giá.');
          }}
        >
          <label>
            Lý do
            <select value={reason} onChange={(e) => setReason(e.target.value as ReviewHideReason)} className="ml-1 rounded border px-2 py-1">
              {hideReasons.map((h) => (
                <option key={h.code} value={h.code}>
                  {h.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Ghi chú
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} className="ml-1 rounded border px-2 py-1" />
          </label>
          <button type="submit" className="btn-primary" disabled={busy}>
            Xác nhận ẩn
          </button>
          <button type="button" className="btn-secondary" onClick={() => setHiding(false)}>
            Huỷ
          </button>
        </form>
      )}
      {r.reply && !canReply && (
        <div className="mt-2 rounded bg-slate-50 p-2 text-sm">
          <p className="font-semibold">{r.reply.heading}</p>
          <p className="whitespace-pre-line">{r.reply.body}</p>
        </div>
      )}
      {canReply && (
        <form
          className="mt-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.reply.$put({ param: { id: r.id }, json: { body: reply } }), 'Đã lưu câu trả lời.');
          }}
        >
          <label className="block">
            {r.reply ? r.reply.heading : 'Trả lời với tư cách dược sĩ'}
            <textarea value={reply} onChange={(e) => setReply(e.target.value)} rows={2} maxLength={2000} className="mt-1 w-full rounded border p-2" aria-label={`Trả lời đánh giá của ${r.author.name}`} />
          </label>
          <button type="submit" className="btn-secondary mt-1" disabled={busy || reply.trim().length < 2}>
            {r.reply ? 'Sửa câu trả lời' : 'Gửi trả lời'}
          </button>
        </form>
      )}
    </li>
  );
}

/** The moderation list: each review as a card with its actions (the api decides; the screen refreshes after each). */
export function ReviewModeration({ items, hideReasons, canReply }: { items: Review[]; hideReasons: Array<{ code: string; label: string }>; canReply: boolean }) {
  return (
    <ul className="space-y-3">
      {items.map((r) => (
        <ReviewCard key={r.id} r={r} hideReasons={hideReasons} canReply={canReply} />
      ))}
    </ul>
  );
}
