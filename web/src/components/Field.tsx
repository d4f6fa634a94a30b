'use client';
import { useSyncExternalStore } from 'react';

/** A labelled input with its error, used by every form. */
export function Field(props: React.InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | null; hint?: string }) {
  const { label, error, hint, id, ...rest } = props;
  const fid = id ?? rest.name;
  return (
    <div className="space-y-1">
      <label htmlFor={fid} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={fid}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fid}-error` : undefined}
        className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2 outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200"
        {...rest}
      />
      {hint && !error && <p className="text-xs text-slate-500">{hint}</p>}
      {error && (
        <p id={`${fid}-error`} className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  );
}

const noSubscription = () => () => {};

/** False in the server's HTML and during hydration, true once React handles events in this browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/**
 * A form's submit button. Disabled until the page is hydrated: a click before that would submit the form natively,
 * reloading the page instead of calling the API (and losing what was typed).
 */
export function SubmitButton({ busy, children }: { busy: boolean; children: React.ReactNode }) {
  const hydrated = useHydrated();
  return (
    <button type="submit" disabled={busy || !hydrated} className="w-full rounded-lg bg-emerald-700 px-4 py-2.5 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
      {busy ? 'Đang xử lý…' : children}
    </button>
  );
}
