'use client';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { uiActions } from '../store/ui';

const STYLE = { success: 'bg-emerald-700', error: 'bg-red-700', info: 'bg-slate-800' } as const;

export function Toasts() {
  const toasts = useAppSelector((s) => s.ui.toasts);
  const dispatch = useAppDispatch();
  return (
    <div className="fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4" aria-live="polite" role="status">
      {toasts.map((t) => (
        <div key={t.id} className={`${STYLE[t.kind]} flex max-w-md items-start gap-3 rounded-lg px-4 py-3 text-sm text-white shadow-lg`} data-toast={t.kind}>
          <span className="flex-1">{t.message}</span>
          <button type="button" className="opacity-80 hover:opacity-100" aria-label="Đóng thông báo" onClick={() => dispatch(uiActions.dismiss(t.id))}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
