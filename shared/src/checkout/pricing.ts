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

export type LineProblem = 'UNIT_NOT_FOUND' | 'PRODUCT_UNAVAILABLE' | 'RX_REQUIRES_CONSULTATION' | 'OUT_OF_STOCK' | 'INSUFFICIENT_STOCK' | 'QUANTITY_TOO_LARGE';

export const LINE_MESSAGES: Record<LineProblem, string> = {
  UNIT_NOT_FOUND: 'Sản phẩm không tồn tại.',
  PRODUCT_UNAVAILABLE: 'Sản phẩm hiện không được bán.',
  RX_REQUIRES_CONSULTATION: 'Thuốc kê đơn cần được dược sĩ tư vấn, không thể đặt qua giỏ hàng.',
  OUT_OF_STOCK: 'Sản phẩm đã hết hàng.',
  INSUFFICIENT_STOCK: 'Không đủ số lượng trong kho.',
  QUANTITY_TOO_LARGE: `Mỗi sản phẩm tối đa ${MAX_LINE_QUANTITY} đơn vị.`,
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
}

/**
 * Prices the lines now and checks each against what is sellable. Demand for one product is summed over its lines
 * (a box and a strip of the same product draw on the same batches).
 */
export function priceLines(items: readonly CheckoutItem[], units: ReadonlyMap<string, UnitRecord>, batches: ReadonlyMap<string, Batch[]>, now: number, today: string): PricedLine[] {
  const demand = new Map<string, number>();
  for (const it of items) {
    const u = units.get(it.unitId);
    if (u) demand.set(u.productId, (demand.get(u.productId) ?? 0) + it.quantity * u.factor);
  }
  return items.map((it) => {
    const u = units.get(it.unitId);
    if (!u) return { unitId: it.unitId, quantity: it.quantity, unitPrice: 0, listPrice: 0, lineTotal: 0, available: 0, problem: 'UNIT_NOT_FOUND' as const };
    const p = effectivePrice(u, now);
    const base = availableBaseUnits(batches.get(u.productId) ?? [], today);
    const available = Math.floor(base / u.factor);
    let problem: LineProblem | null = null;
    if (!u.sellable) problem = 'PRODUCT_UNAVAILABLE';
    else if (u.prescriptionRequired || u.specialControl) problem = 'RX_REQUIRES_CONSULTATION';
    else if (it.quantity > MAX_LINE_QUANTITY) problem = 'QUANTITY_TOO_LARGE';
    else if (base < u.factor) problem = 'OUT_OF_STOCK';
    else if ((demand.get(u.productId) ?? 0) > base) problem = 'INSUFFICIENT_STOCK';
    return { unitId: it.unitId, quantity: it.quantity, unit: u, unitPrice: p.price, listPrice: p.listPrice, lineTotal: p.price * it.quantity, available, problem };
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

/** Groups items by unit (the same unit twice becomes one line with the summed quantity). */
export function mergeItems(items: readonly CheckoutItem[]): CheckoutItem[] {
  const m = new Map<string, number>();
  for (const it of items) m.set(it.unitId, (m.get(it.unitId) ?? 0) + it.quantity);
  return [...m].map(([unitId, quantity]) => ({ unitId, quantity }));
}
