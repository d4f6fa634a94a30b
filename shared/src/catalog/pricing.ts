/** Prices are integer VND. A sale price applies only inside its window (start inclusive, end exclusive). */
export interface PricedUnit {
  price: number;
  salePrice: number | null;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
}

export interface EffectivePrice {
  /** What the shopper pays now for one selling unit. */
  price: number;
  /** The regular price (shown struck through when on sale). */
  listPrice: number;
  onSale: boolean;
  /** When the current sale ends, if it is on sale and the window has an end. */
  saleEndsAt: number | null;
  /** Whole-percent discount, rounded down (never overstates the discount). */
  discountPercent: number;
}

export function isSaleActive(unit: PricedUnit, now: number): boolean {
  if (unit.salePrice === null) return false;
  if (unit.saleStartsAt !== null && now < unit.saleStartsAt) return false;
  if (unit.saleEndsAt !== null && now >= unit.saleEndsAt) return false;
  return unit.salePrice > 0 && unit.salePrice < unit.price;
}

export function effectivePrice(unit: PricedUnit, now: number): EffectivePrice {
  const onSale = isSaleActive(unit, now);
  const price = onSale ? (unit.salePrice as number) : unit.price;
  return {
    price,
    listPrice: unit.price,
    onSale,
    saleEndsAt: onSale ? unit.saleEndsAt : null,
    discountPercent: onSale ? Math.floor(((unit.price - price) * 100) / unit.price) : 0,
  };
}

/**
 * The same rules as SQL over a `product_units` alias `u`, at the instant `now` (epoch ms; a number, inlined): the
 * sale is active (`isSaleActive`), and what the shopper pays now (`effectivePrice(...).price`).
 */
export function saleActiveSql(u: string, now: number): string {
  const t = Math.trunc(now);
  return `(${u}.sale_price IS NOT NULL AND (${u}.sale_starts_at IS NULL OR ${u}.sale_starts_at <= ${t}) AND (${u}.sale_ends_at IS NULL OR ${u}.sale_ends_at > ${t}) AND ${u}.sale_price > 0 AND ${u}.sale_price < ${u}.price)`;
}

export function effectivePriceSql(u: string, now: number): string {
  return `(CASE WHEN ${saleActiveSql(u, now)} THEN ${u}.sale_price ELSE ${u}.price END)`;
}
