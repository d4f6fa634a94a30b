/**
 * Checkout arithmetic, pure. Line total = unit price × quantity (integers); order discount applies to the eligible
 * product subtotal; shipping discount to the shipping fee; total = subtotal + shipping − discounts, never negative.
 */
import { availableBaseUnits, type Batch } from '../catalog/availability';
import { effectivePrice, type PricedUnit } from '../catalog/pricing';

export const MAX_LINE_QUANTITY = 100;
export const MAX_ORDER_LINES = 30;

export interface CheckoutItem {
  unitId: string;
  quantity: number;
  /** #15: the consultation quote item this line comes from (a cart line put there from a quote). */
  quoteItemId?: string | null;
}

/**
 * #15: a quote item as pricing reads it (consultations/advice.d1.ts writes them): the unit and quantity a pharmacist
 * advised and the unit price quoted then, valid until `expiresAt`.
 */
export interface QuoteItemRecord {
  id: string;
  unitId: string;
  quantity: number;
  unitPrice: number;
  expiresAt: number;
}

/** What pricing needs besides the catalogue: the caller's quote items and the epidemic exception switch. */
export interface PricingContext {
  quoteItems: ReadonlyMap<string, QuoteItemRecord>;
  /** The epidemic exception (settings/rx-exception.d1.ts): prescription items of a valid quote may be ordered online. */
  rxOnlineException: boolean;
}

export const NO_QUOTES: PricingContext = { quoteItems: new Map(), rxOnlineException: false };

/**
 * The quote item that prices this line now: the line's own, for the same unit, not expired; else null. The context only
 * holds usable items (`consultations/quote-use.ts`: the load drops those already on a live order, and the checkout batch
 * re-checks the whole rule when it writes the line).
 */
export function validQuoteItem(it: CheckoutItem, ctx: PricingContext, now: number): QuoteItemRecord | null {
  const q = it.quoteItemId ? ctx.quoteItems.get(it.quoteItemId) : undefined;
  return q && q.unitId === it.unitId && now < q.expiresAt ? q : null;
}

/**
 * THE online prescription rule (Law 44/2024/QH15, issue 15): a prescription-only product may go into an online order
 * only when its line comes from a pharmacist's valid quote (an advised consultation) AND the epidemic exception is on;
 * a special-control drug never. Every path that lets a product into an online order (cart add/change, the quote to cart,
 * checkout quote and place) prices its lines through `priceLines`, which asks this.
 */
export function rxLineProblem(u: Pick<UnitRecord, 'prescriptionRequired' | 'specialControl'>, quote: QuoteItemRecord | null, ctx: Pick<PricingContext, 'rxOnlineException'>): 'RX_REQUIRES_CONSULTATION' | null {
  if (u.specialControl) return 'RX_REQUIRES_CONSULTATION';
  if (!u.prescriptionRequired) return null;
  return quote && ctx.rxOnlineException ? null : 'RX_REQUIRES_CONSULTATION';
}

/**
 * The same rule without a quote: true when the product is never sold online without a pharmacist (prescription-only or
 * special control). Product cards' purchase mode, the back-in-stock and refill emails and the account's reminders ask this.
 */
export function consultationOnly(u: Pick<UnitRecord, 'prescriptionRequired' | 'specialControl'>): boolean {
  return rxLineProblem(u, null, NO_QUOTES) !== null;
}

/**
 * `consultationOnly` as SQL over a products alias `p` (0/1 flag columns): true when the product may be sold through the
 * cart, i.e. the rule answers false. Generated from the rule's truth table, not retyped; listings that promote products
 * to the public (collections, generic alternatives) filter with it.
 */
export function cartSaleSql(p: string): string {
  const flags = [0, 1].flatMap((rx) => [0, 1].map((sc) => ({ rx, sc })));
  const open = flags.filter(({ rx, sc }) => !consultationOnly({ prescriptionRequired: rx === 1, specialControl: sc === 1 }));
  return open.length ? `(${open.map(({ rx, sc }) => `(${p}.prescription_required = ${rx} AND ${p}.special_control = ${sc})`).join(' OR ')})` : '(0)';
}

/** Everything checkout needs to know about one selling unit, read from the catalogue. */
export interface UnitRecord extends PricedUnit {
  unitId: string;
  unitName: string;
  factor: number;
  weightGrams: number;
  productId: string;
  productSlug: string;
  productName: string;
  brandId: string;
  categoryPath: string;
  prescriptionRequired: boolean;
  specialControl: boolean;
  sellable: boolean;
  imageKey: string | null;
}

export type LineProblem = 'UNIT_NOT_FOUND' | 'PRODUCT_UNAVAILABLE' | 'RX_REQUIRES_CONSULTATION' | 'OUT_OF_STOCK' | 'INSUFFICIENT_STOCK' | 'QUANTITY_TOO_LARGE' | 'QUOTE_QUANTITY_EXCEEDED';

export const LINE_MESSAGES: Record<LineProblem, string> = {
  UNIT_NOT_FOUND: 'Sản phẩm không tồn tại.',
  PRODUCT_UNAVAILABLE: 'Sản phẩm hiện không được bán.',
  RX_REQUIRES_CONSULTATION: 'Thuốc kê đơn cần được dược sĩ tư vấn, không thể đặt qua giỏ hàng.',
  OUT_OF_STOCK: 'Sản phẩm đã hết hàng.',
  INSUFFICIENT_STOCK: 'Không đủ số lượng trong kho.',
  QUANTITY_TOO_LARGE: `Mỗi sản phẩm tối đa ${MAX_LINE_QUANTITY} đơn vị.`,
  QUOTE_QUANTITY_EXCEEDED: 'Số lượng vượt quá số lượng dược sĩ đã tư vấn trong báo giá.',
};

export interface PricedLine {
  unitId: string;
  quantity: number;
  unit?: UnitRecord;
  unitPrice: number;
  listPrice: number;
  lineTotal: number;
  /** Whole units of this selling unit that could still be bought. */
  available: number;
  problem: LineProblem | null;
  /** #15: the quote item pricing this line (null when none, or no longer valid). */
  quote: QuoteItemRecord | null;
}

/**
 * Prices the lines now and checks each against what is sellable. Demand for one product is summed over its lines
 * (a box and a strip of the same product draw on the same batches). A line from a valid quote item (#15) costs the
 * quoted unit price, or the current price when that is lower, up to the quoted quantity; an expired quote prices it
 * as any other line. Prescription-only products: `rxLineProblem`.
 */
export function priceLines(items: readonly CheckoutItem[], units: ReadonlyMap<string, UnitRecord>, batches: ReadonlyMap<string, Batch[]>, now: number, today: string, ctx: PricingContext = NO_QUOTES): PricedLine[] {
  const demand = new Map<string, number>();
  for (const it of items) {
    const u = units.get(it.unitId);
    if (u) demand.set(u.productId, (demand.get(u.productId) ?? 0) + it.quantity * u.factor);
  }
  return items.map((it) => {
    const u = units.get(it.unitId);
    if (!u) return { unitId: it.unitId, quantity: it.quantity, unitPrice: 0, listPrice: 0, lineTotal: 0, available: 0, problem: 'UNIT_NOT_FOUND' as const, quote: null };
    const p = effectivePrice(u, now);
    const quote = validQuoteItem(it, ctx, now);
    const unitPrice = quote ? Math.min(quote.unitPrice, p.price) : p.price;
    const base = availableBaseUnits(batches.get(u.productId) ?? [], today);
    const available = Math.floor(base / u.factor);
    let problem: LineProblem | null = null;
    const rx = rxLineProblem(u, quote, ctx);
    if (!u.sellable) problem = 'PRODUCT_UNAVAILABLE';
    else if (rx) problem = rx;
    else if (it.quantity > MAX_LINE_QUANTITY) problem = 'QUANTITY_TOO_LARGE';
    else if (quote && it.quantity > quote.quantity) problem = 'QUOTE_QUANTITY_EXCEEDED';
    else if (base < u.factor) problem = 'OUT_OF_STOCK';
    else if ((demand.get(u.productId) ?? 0) > base) problem = 'INSUFFICIENT_STOCK';
    return { unitId: it.unitId, quantity: it.quantity, unit: u, unitPrice, listPrice: p.listPrice, lineTotal: unitPrice * it.quantity, available, problem, quote };
  });
}

export interface Totals {
  subtotal: number;
  shippingFee: number;
  orderDiscount: number;
  shippingDiscount: number;
  total: number;
}

export function totals(subtotal: number, shippingFee: number, orderDiscount: number, shippingDiscount: number): Totals {
  const od = Math.min(orderDiscount, subtotal);
  const sd = Math.min(shippingDiscount, shippingFee);
  return { subtotal, shippingFee, orderDiscount: od, shippingDiscount: sd, total: subtotal + shippingFee - od - sd };
}

/** Groups items by unit (the same unit twice becomes one line with the summed quantity, and the first quote item named). */
export function mergeItems(items: readonly CheckoutItem[]): CheckoutItem[] {
  const m = new Map<string, CheckoutItem>();
  for (const it of items) {
    const had = m.get(it.unitId);
    m.set(it.unitId, { unitId: it.unitId, quantity: (had?.quantity ?? 0) + it.quantity, ...((had?.quoteItemId ?? it.quoteItemId) ? { quoteItemId: had?.quoteItemId ?? it.quoteItemId } : {}) });
  }
  return [...m.values()];
}
