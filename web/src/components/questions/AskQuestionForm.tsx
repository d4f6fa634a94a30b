'use client';
/** The question form (#17), loaded on demand by AskQuestion. Limits mirror UGC_LIMITS.questionBody (the API checks). */
import Link from 'next/link';
import { useState } from 'react';
import { apiError, browserApi } from '../../lib/api';

const MIN = 10;
const MAX = 1000;

export default function AskQuestionForm({ productId, onClose }: { productId: string; onClose: () => void }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const length = body.trim().length;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await browserApi().v1.questions.$post({ json: { productId, body } });
      if (!res.ok) {
        const err = await apiError(res);
        setError(err.issues.body ?? err.message);
        return;
      }
      setSent(true);
    } catch {
      setError('Không kết nối được tới Medicare. Vui lòng kiểm tra mạng và thử lại.');
    } finally {
      setBusy(false);
    }
  };
  if (sent)
    return (
      <p role="status" className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="question-sent">
        Đã gửi câu hỏi. Dược sĩ sẽ trả lời sớm và bạn sẽ nhận email khi có câu trả lời. Xem lại tại{' '}
        <Link href="/tai-khoan#cau-hoi-cua-toi" className="font-medium underline">
          Câu hỏi của tôi
        </Link>
        .
      </p>
    );
  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      <label htmlFor="question-body" className="block text-sm font-medium">
        Câu hỏi của bạn
      </label>
      <textarea
        id="question-body"
        name="question-body"
        rows={4}
        maxLength={MAX}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        className="w-full rounded-lg border border-slate-300 p-2 text-sm"
        placeholder="Ví dụ: Thuốc này dùng được cho phụ nữ đang cho con bú không?"
        aria-describedby="question-hint"
      />
      <p id="question-hint" className="text-xs text-slate-500">
        {length}/{MAX} ký tự (ít nhất {MIN}). Câu hỏi chỉ hiển thị công khai sau khi dược sĩ trả lời; không ghi số điện thoại hay thông tin cá nhân.
      </p>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
          {busy ? 'Đang gửi…' : 'Gửi câu hỏi'}
        </button>
        <button type="button" onClick={onClose} className="rounded-lg border border-slate-300 px-4 py-2 text-sm">
          Hủy
        </button>
      </div>
    </form>
  );
}
