// The one percentile every bench section reports (nearest rank over a sorted copy): p50/p95/p99 of timings. NaN for
// no samples.
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}
