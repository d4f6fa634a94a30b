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

/** THE sale-price rule: a sale price is a positive integer VND strictly below the unit's regular price. */
export function salePriceAllowed(price: number, salePrice: number): boolean {
  return salePrice > 0 && salePrice < price;
}

/** The same rule as SQL over two SQL expressions (a column, a computed sale price). */
export function salePriceAllowedSql(price: string, salePrice: string): string {
  return `(${salePrice} > 0 AND ${salePrice} < ${price})`;
}

export interface SaleProblem {
  field: 'salePrice' | 'saleEndsAt';
  message: string;
}

/** THE sale-window rule: the end (exclusive) comes after the start (inclusive). Null when fine. */
export function saleWindowProblem(startsAt: number | null | undefined, endsAt: number | null | undefined): SaleProblem | null {
  if (startsAt != null && endsAt != null && startsAt >= endsAt) return { field: 'saleEndsAt', message: 'Thời điểm kết thúc khuyến mãi phải sau thời điểm bắt đầu.' };
  return null;
}

/**
 * THE rules of a sale staff set on a selling unit (the product schema, the import through it, the bulk set_sale): the
 * sale price is allowed (`salePriceAllowed`), a window needs a sale price, and the window is ordered. Every problem.
 */
export function saleProblems(unit: { price: number }, sale: { salePrice?: number | null; saleStartsAt?: number | null; saleEndsAt?: number | null }): SaleProblem[] {
  const out: SaleProblem[] = [];
  if (sale.salePrice != null && !salePriceAllowed(unit.price, sale.salePrice)) out.push({ field: 'salePrice', message: 'Giá khuyến mãi phải thấp hơn giá bán.' });
  if (sale.salePrice == null && (sale.saleStartsAt != null || sale.saleEndsAt != null)) {
    out.push({ field: 'salePrice', message: 'Cần nhập giá khuyến mãi cho khung thời gian khuyến mãi.' });
  }
  const w = saleWindowProblem(sale.saleStartsAt, sale.saleEndsAt);
  if (w) out.push(w);
  return out;
}

export function isSaleActive(unit: PricedUnit, now: number): boolean {
  if (unit.salePrice === null) return false;
  if (unit.saleStartsAt !== null && now < unit.saleStartsAt) return false;
  if (unit.saleEndsAt !== null && now >= unit.saleEndsAt) return false;
  return salePriceAllowed(unit.price, unit.salePrice);
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
  return `(${u}.sale_price IS NOT NULL AND (${u}.sale_starts_at IS NULL OR ${u}.sale_starts_at <= ${t}) AND (${u}.sale_ends_at IS NULL OR ${u}.sale_ends_at > ${t}) AND ${salePriceAllowedSql(`${u}.price`, `${u}.sale_price`)})`;
}

export function effectivePriceSql(u: string, now: number): string {
  return `(CASE WHEN ${saleActiveSql(u, now)} THEN ${u}.sale_price ELSE ${u}.price END)`;
}

/**
 * `effectivePrice(...).discountPercent` as SQL over a `product_units` alias `u` at `now`: the whole-percent discount,
 * rounded down (SQLite's integer division of non-negative integers), 0 when no sale is active. The deals collection
 * sorts by it (#17, ADR 0039).
 */
export function discountPercentSql(u: string, now: number): string {
  return `(CASE WHEN ${saleActiveSql(u, now)} THEN ((${u}.price - ${u}.sale_price) * 100) / ${u}.price ELSE 0 END)`;
}
