'use client';
/** The console's actions on a product question (#17): answer (or edit the answer) and hide with a reason. */
import { useState } from 'react';
import { browserApi } from '../../lib/api';
import { useHydrated } from '../Field';
import { useAction } from './use-action';

/** `canAnswer`: pharmacists only (an answer is shown as their advice); admins may hide. */
export function QuestionActions({ id, status, answer, canAnswer }: { id: string; status: 'pending' | 'answered' | 'hidden'; answer: string | null; canAnswer: boolean }) {
  const run = useAction();
  const hydrated = useHydrated();
  const [mode, setMode] = useState<'idle' | 'answer' | 'hide'>(status === 'pending' && canAnswer ? 'answer' : 'idle');
  const [text, setText] = useState(answer ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (status === 'hidden') return null;
  const api = browserApi().v1.pharmacist.questions[':id'];
  const go = async (call: () => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>, done: string) => {
    setBusy(true);
    try {
      if (await run(call, done)) setMode('idle');
    } finally {
      setBusy(false);
    }
  };
  const submitAnswer = (e: React.FormEvent) => {
    e.preventDefault();
    void go(() => (status === 'pending' ? api.answer.$post({ param: { id }, json: { body: text } }) : api.answer.$put({ param: { id }, json: { body: text } })), status === 'pending' ? 'Đã trả lời câu hỏi; câu hỏi được hiển thị trên trang sản phẩm.' : 'Đã sửa câu trả lời.');
  };
  const submitHide = (e: React.FormEvent) => {
    e.preventDefault();
    void go(() => api.hide.$post({ param: { id }, json: { reason } }), 'Đã ẩn câu hỏi.');
  };
  return (
    <div className="space-y-2">
      {mode === 'answer' && (
        <form onSubmit={submitAnswer} className="space-y-2" aria-label="Trả lời câu hỏi">
          <label className="block text-sm font-medium" htmlFor={`answer-${id}`}>
            Câu trả lời của dược sĩ
          </label>
          <textarea id={`answer-${id}`} name="answer" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} className="w-full rounded-lg border border-slate-300 p-2 text-sm" />
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={!hydrated || busy}>
              {status === 'pending' ? 'Trả lời' : 'Lưu câu trả lời'}
            </button>
            {status !== 'pending' && (
              <button type="button" className="btn-secondary" onClick={() => setMode('idle')}>
                Hủy
              </button>
            )}
          </div>
        </form>
      )}
      {mode === 'hide' && (
        <form onSubmit={submitHide} className="space-y-2" aria-label="Ẩn câu hỏi">
          <label className="block text-sm font-medium" htmlFor={`hide-${id}`}>
            Lý do ẩn
          </label>
          <input id={`hide-${id}`} name="reason" maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} className="w-full rounded-lg border border-slate-300 p-2 text-sm" />
          <div className="flex gap-2">
            <button type="submit" className="btn-danger" disabled={!hydrated || busy}>
              Ẩn câu hỏi
            </button>
            <button type="button" className="btn-secondary" onClick={() => setMode(status === 'pending' && canAnswer ? 'answer' : 'idle')}>
              Hủy
            </button>
          </div>
        </form>
      )}
      {mode !== 'hide' && (
        <div className="flex gap-2">
          {mode === 'idle' && status === 'answered' && canAnswer && (
            <button type="button" className="btn-secondary" onClick={() => setMode('answer')}>
              Sửa câu trả lời
            </button>
          )}
          <button type="button" className="btn-secondary" onClick={() => setMode('hide')}>
            Ẩn…
          </button>
        </div>
      )}
    </div>
  );
}
