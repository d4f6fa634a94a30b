/**
 * Integer VND for people: 1234567 → "1.234.567đ" (Vietnamese digit grouping, no locale data needed). Its own module, no imports: the
 * storefront's client code formats prices on every page, and importing it from text.ts (which loads zod for its form
 * fields) put zod and its locales into every storefront page's first-load JavaScript (+94 KiB gzip).
 */
export function formatVnd(amount: number): string {
  return `${String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}đ`;
}
