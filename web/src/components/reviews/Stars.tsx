/** Five stars filled to `value` (0–5, halves and tenths shown as a partial fill); text for screen readers. */
export function Stars({ value, className = 'text-base' }: { value: number; className?: string }) {
  const pct = Math.max(0, Math.min(100, (value / 5) * 100));
  const label = `${value.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} trên 5 sao`;
  return (
    <span className={`relative inline-block leading-none ${className}`} role="img" aria-label={label} title={label}>
      <span className="text-slate-300" aria-hidden="true">★★★★★</span>
      <span className="absolute inset-y-0 left-0 overflow-hidden whitespace-nowrap text-amber-500" style={{ width: `${pct}%` }} aria-hidden="true">
        ★★★★★
      </span>
    </span>
  );
}
