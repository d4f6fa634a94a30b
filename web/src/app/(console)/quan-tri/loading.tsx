/** Shown while a console screen's server component loads its data (the shell stays in place). */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3" data-testid="console-loading">
      <p className="sr-only">Đang tải dữ liệu…</p>
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-12 animate-pulse rounded-xl bg-slate-200" />
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-10 animate-pulse rounded bg-slate-200" />
      ))}
    </div>
  );
}
