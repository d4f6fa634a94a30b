import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectivePrice, isSaleActive } from '../src/catalog/pricing';

const T = 1_800_000_000_000;

describe('effectivePrice', () => {
  it('uses the sale price only inside its window (start inclusive, end exclusive)', () => {
    const unit = { price: 100_000, salePrice: 85_000, saleStartsAt: T, saleEndsAt: T + 1000 };
    expect(effectivePrice(unit, T - 1).price).toBe(100_000);
    expect(effectivePrice(unit, T)).toEqual({ price: 85_000, listPrice: 100_000, onSale: true, saleEndsAt: T + 1000, discountPercent: 15 });
    expect(effectivePrice(unit, T + 999).onSale).toBe(true);
    expect(effectivePrice(unit, T + 1000)).toMatchObject({ price: 100_000, onSale: false, saleEndsAt: null, discountPercent: 0 });
  });

  it('treats open-ended windows as open and ignores a sale price that is not lower', () => {
    expect(isSaleActive({ price: 10_000, salePrice: 9_000, saleStartsAt: null, saleEndsAt: null }, T)).toBe(true);
    expect(isSaleActive({ price: 10_000, salePrice: 10_000, saleStartsAt: null, saleEndsAt: null }, T)).toBe(false);
    expect(isSaleActive({ price: 10_000, salePrice: null, saleStartsAt: null, saleEndsAt: null }, T)).toBe(false);
  });

  it('rounds the displayed discount down so it never overstates it', () => {
    expect(effectivePrice({ price: 30_000, salePrice: 20_001, saleStartsAt: null, saleEndsAt: null }, T).discountPercent).toBe(33);
  });

  it('always returns integer VND no greater than the list price (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.option(fc.integer({ min: 1, max: 50_000_000 })),
        fc.option(fc.integer({ min: 0, max: 2 * T })),
        fc.option(fc.integer({ min: 0, max: 2 * T })),
        fc.integer({ min: 0, max: 2 * T }),
        (price, salePrice, start, end, now) => {
          const r = effectivePrice({ price, salePrice, saleStartsAt: start, saleEndsAt: end }, now);
          expect(Number.isInteger(r.price)).toBe(true);
          expect(r.price).toBeGreaterThan(0);
          expect(r.price).toBeLessThanOrEqual(price);
          expect(r.listPrice).toBe(price);
          expect(r.discountPercent).toBeGreaterThanOrEqual(0);
          expect(r.discountPercent).toBeLessThan(100);
          if (!r.onSale) expect(r.price).toBe(price);
        },
      ),
    );
  });
});
