'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { useHydrated } from '../Field';

/**
 * Confirmation before a destructive or hard-to-undo action, on the native <dialog> (modal: focus moves into it and is
 * kept there, Escape cancels, the page behind is inert). `reason` asks for a mandatory text (status override, cancel);
 * `onConfirm` receives it. The trigger button is disabled until hydrated, like every submit button.
 */
export function ConfirmDialog(props: {
  trigger: React.ReactNode;
  title: string;
  body?: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  reason?: { label: string; minLength?: number };
  disabled?: boolean;
  triggerClassName?: string;
  onConfirm: (reason: string) => Promise<boolean | void> | boolean | void;
  children?: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const id = useId();
  const min = props.reason?.minLength ?? 3;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const reset = () => setReason('');
    d.addEventListener('close', reset);
    return () => d.removeEventListener('close', reset);
  }, []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (props.reason && reason.trim().length < min) return;
    setBusy(true);
    try {
      const done = await props.onConfirm(reason.trim());
      if (done !== false) ref.current?.close();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={!hydrated || props.disabled}
        onClick={() => ref.current?.showModal()}
        className={props.triggerClassName ?? (props.danger ? 'btn-danger' : 'btn-secondary')}
      >
        {props.trigger}
      </button>
      <dialog ref={ref} aria-labelledby={`${id}-title`} className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/50">
        <form onSubmit={submit} className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {props.title}
          </h2>
          {props.body && <div className="text-sm text-slate-700">{props.body}</div>}
          {props.children}
          {props.reason && (
            <div className="space-y-1">
              <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-700">
                {props.reason.label}
              </label>
              <textarea
                id={`${id}-reason`}
                required
                minLength={min}
                maxLength={500}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                className="w-full rounded-lg border border-slate-300 px-3 py-2 outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200"
              />
              <p className="text-xs text-slate-500">Bắt buộc, ít nhất {min} ký tự; được ghi vào nhật ký.</p>
            </div>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => ref.current?.close()}>
              Hủy bỏ
            </button>
            <button type="submit" disabled={busy || (!!props.reason && reason.trim().length < min)} className={props.danger ? 'btn-danger' : 'btn-primary'}>
              {busy ? 'Đang xử lý…' : props.confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
