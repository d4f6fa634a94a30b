'use client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { apiError, browserApi } from '../../../lib/api';
import { useHydrated } from '../../Field';
import { useToast } from '../Toaster';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';

/** Approve (note optional) or reject (note required: the admin reads it) one pending revision; both are audited. */
export function ApprovalDecision({ revisionId, productName }: { revisionId: string; productName: string }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const uid = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const decide = async (decision: 'approve' | 'reject') => {
    setError(null);
    if (decision === 'reject' && note.trim().length < 3) {
      setError('Nhập ghi chú cho quản trị viên (ít nhất 3 ký tự) khi từ chối.');
      document.getElementById(`${uid}-note`)?.focus();
      return;
    }
    setBusy(decision);
    try {
      const target = browserApi().v1.admin.approvals[':revisionId'];
      const res =
        decision === 'approve'
          ? await target.approve.$post({ param: { revisionId }, json: note.trim() ? { note: note.trim() } : {} })
          : await target.reject.$post({ param: { revisionId }, json: { note: note.trim() } });
      if (!res.ok) return setError((await apiError(res)).message);
      notify('success', decision === 'approve' ? `Đã duyệt "${productName}".` : `Đã từ chối thay đổi của "${productName}".`);
      router.push('/quan-tri/duyet-thuoc');
      router.refresh();
    } catch {
      setError(OFFLINE);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      className="mt-4 space-y-3 rounded-xl border border-slate-200 bg-white p-4"
      aria-label="Quyết định duyệt"
      onSubmit={(e) => {
        e.preventDefault();
        void decide('approve');
      }}
      noValidate
    >
      <div className="space-y-1">
        <label htmlFor={`${uid}-note`} className="block text-sm font-medium text-slate-700">
          Ghi chú của dược sĩ
        </label>
        <textarea
          id={`${uid}-note`}
          className="input"
          rows={3}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${uid}-hint${error ? ` ${uid}-error` : ''}`}
        />
        <p id={`${uid}-hint`} className="text-xs text-slate-500">
          Không bắt buộc khi duyệt; bắt buộc khi từ chối. Quản trị viên thấy ghi chú này; quyết định được ghi vào nhật ký.
        </p>
        {error && (
          <p id={`${uid}-error`} role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={!hydrated || busy !== null}>
          {busy === 'approve' ? 'Đang duyệt…' : 'Duyệt'}
        </button>
        <button type="button" className="btn-danger" disabled={!hydrated || busy !== null} onClick={() => void decide('reject')}>
          {busy === 'reject' ? 'Đang từ chối…' : 'Từ chối'}
        </button>
      </div>
    </form>
  );
}
