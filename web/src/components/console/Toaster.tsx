'use client';
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';

/**
 * Toasts for the console: the result of every action ("Đã lưu", the api's Vietnamese error). A React context rather
 * than the storefront's Redux `Toasts`, so console pages do not load the shop's store; same look and live region.
 */
type Kind = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  kind: Kind;
  message: string;
}
type Notify = (kind: Kind, message: string) => void;

const ToastContext = createContext<Notify>(() => {});
const STYLE: Record<Kind, string> = { success: 'bg-emerald-700', error: 'bg-red-700', info: 'bg-slate-800' };
const LIFETIME_MS = 6000;

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, message) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-3), { id, kind, message }]);
      // Errors stay until dismissed: the message may be needed to fix the input.
      if (kind !== 'error') setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4" aria-live="polite" role="status">
        {toasts.map((t) => (
          <div key={t.id} className={`${STYLE[t.kind]} flex max-w-md items-start gap-3 rounded-lg px-4 py-3 text-sm text-white shadow-lg`} data-toast={t.kind}>
            <span className="flex-1">{t.message}</span>
            <button type="button" className="opacity-80 hover:opacity-100" aria-label="Đóng thông báo" onClick={() => dismiss(t.id)}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** `notify('success', 'Đã lưu.')` from any console client component. */
export const useToast = () => useContext(ToastContext);
