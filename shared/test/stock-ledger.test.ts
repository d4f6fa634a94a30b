/**
 * #14 stock (ADR 0027): unit conversion, cost rounding and the short-expiry rule of a receipt.
 */
import { describe, expect, it } from 'vitest';
import { adjustmentProblem, costPerBaseUnit, shortExpiry, toBaseUnits } from '../src/stock/ledger.d1';

describe('receipt conversion (#14)', () => {
  it('counts base units as quantity × factor and refuses what is not a whole number', () => {
    expect(toBaseUnits(3, 100)).toBe(300);
    expect(toBaseUnits(0, 10)).toBe(0);
    expect(() => toBaseUnits(1.5, 10)).toThrow(RangeError);
    expect(() => toBaseUnits(1, 0)).toThrow(RangeError);
    expect(() => toBaseUnits(Number.MAX_SAFE_INTEGER, 10)).toThrow(RangeError);
  });

  it('rounds the cost per base unit half up to whole VND', () => {
    expect(costPerBaseUnit(25_005, 10)).toBe(2_501);
    expect(costPerBaseUnit(25_004, 10)).toBe(2_500);
    expect(costPerBaseUnit(100_000, 3)).toBe(33_333);
    expect(costPerBaseUnit(200_000, 3)).toBe(66_667);
    expect(costPerBaseUnit(1, 2)).toBe(1);
    expect(costPerBaseUnit(1, 3)).toBe(0);
    expect(costPerBaseUnit(7_000, 1)).toBe(7_000);
  });
});

describe('short expiry (#14)', () => {
  it('flags expired (expiry today or before) and ≤ 30 days left, and nothing further out', () => {
    expect(shortExpiry('2026-11-29', '2026-11-29')).toEqual({ expired: true, daysToExpiry: 0 });
    expect(shortExpiry('2026-11-01', '2026-11-29')).toEqual({ expired: true, daysToExpiry: -28 });
    expect(shortExpiry('2026-11-30', '2026-11-29')).toEqual({ expired: false, daysToExpiry: 1 });
    expect(shortExpiry('2026-12-29', '2026-11-29')).toEqual({ expired: false, daysToExpiry: 30 });
    expect(shortExpiry('2026-12-30', '2026-11-29')).toBeNull();
  });
});

describe('adjustments (#14)', () => {
  it('refuses going below what open orders reserve, and a count that changes nothing', () => {
    expect(adjustmentProblem({ quantity: 250, reserved: 30 }, 'damage', 221)).toEqual({ problem: 'below_reserved', after: 29 });
    expect(adjustmentProblem({ quantity: 250, reserved: 30 }, 'damage', 220)).toBeNull();
    expect(adjustmentProblem({ quantity: 250, reserved: 30 }, 'count', 29)).toEqual({ problem: 'below_reserved', after: 29 });
    expect(adjustmentProblem({ quantity: 250, reserved: 30 }, 'count', 250)).toEqual({ problem: 'no_change', after: 250 });
    expect(adjustmentProblem({ quantity: 250, reserved: 30 }, 'count', 400)).toBeNull();
  });
});
