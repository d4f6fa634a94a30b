import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFefo, availableBaseUnits, fefoOrder, isSellable, nearestExpiry, unitsAvailable, vietnamDate, type Batch } from '../src/catalog/availability';

const b = (id: string, expiryDate: string, quantity: number, reserved = 0): Batch => ({ id, lotNumber: id, expiryDate, quantity, reserved });

describe('vietnamDate', () => {
  it('is the calendar date in UTC+7', () => {
    expect(vietnamDate(Date.parse('2026-11-24T16:59:59Z'))).toBe('2026-11-24');
    expect(vietnamDate(Date.parse('2026-11-24T17:00:00Z'))).toBe('2026-11-25');
  });
});

describe('sellable stock', () => {
  const today = '2026-11-25';
  it('a batch is sellable strictly before its expiry date', () => {
    expect(isSellable({ expiryDate: '2026-11-26' }, today)).toBe(true);
    expect(isSellable({ expiryDate: '2026-11-25' }, today)).toBe(false);
    expect(isSellable({ expiryDate: '2025-01-01' }, today)).toBe(false);
  });

  it('available = on hand − reserved over non-expired batches', () => {
    const batches = [b('a', '2026-01-01', 500), b('b', '2027-01-01', 250, 30), b('c', '2028-01-01', 10, 10)];
    expect(availableBaseUnits(batches, today)).toBe(220);
    expect(unitsAvailable(220, 100)).toBe(2);
    expect(unitsAvailable(220, 10)).toBe(22);
    expect(unitsAvailable(220, 1)).toBe(220);
    expect(() => unitsAvailable(10, 0)).toThrow(RangeError);
  });

  it('flags stock expiring within 90 days', () => {
    const now = Date.parse('2026-11-25T03:00:00Z');
    expect(nearestExpiry([b('x', '2027-01-10', 5), b('y', '2028-01-01', 5)], today, now)).toEqual({ date: '2027-01-10', nearExpiry: true });
    expect(nearestExpiry([b('y', '2028-01-01', 5), b('z', '2027-01-10', 0)], today, now)).toEqual({ date: '2028-01-01', nearExpiry: false });
    expect(nearestExpiry([b('old', '2025-01-01', 5)], today, now)).toBeNull();
  });
});

describe('allocateFefo', () => {
  const today = '2026-11-25';
  it('takes the first-expiring sellable batches first and skips expired ones', () => {
    const batches = [b('late', '2028-01-01', 100), b('expired', '2026-11-01', 100), b('soon', '2027-01-01', 30, 10)];
    expect(allocateFefo(batches, 50, today)).toEqual([
      { batchId: 'soon', quantity: 20 },
      { batchId: 'late', quantity: 30 },
    ]);
    expect(allocateFefo(batches, 121, today)).toBeNull();
  });

  it('never over-allocates and honours FEFO (property)', () => {
    const batchArb = fc.record({
      id: fc.uuid(),
      lotNumber: fc.string({ minLength: 1, maxLength: 6 }),
      expiryDate: fc.constantFrom('2025-06-01', '2026-11-25', '2026-12-01', '2027-03-01', '2028-01-01'),
      quantity: fc.integer({ min: 0, max: 500 }),
      reserved: fc.integer({ min: 0, max: 500 }),
    }).map((x) => ({ ...x, reserved: Math.min(x.reserved, x.quantity) }));
    fc.assert(
      fc.property(fc.array(batchArb, { maxLength: 6 }), fc.integer({ min: 1, max: 2000 }), (batches, qty) => {
        const plan = allocateFefo(batches, qty, today);
        const available = availableBaseUnits(batches, today);
        if (qty > available) {
          expect(plan).toBeNull();
          return;
        }
        expect(plan).not.toBeNull();
        expect(plan!.reduce((s, a) => s + a.quantity, 0)).toBe(qty);
        const byId = new Map(batches.map((x) => [x.id, x]));
        for (const a of plan!) {
          const batch = byId.get(a.batchId)!;
          expect(isSellable(batch, today)).toBe(true);
          expect(a.quantity).toBeLessThanOrEqual(batch.quantity - batch.reserved);
        }
        const order = fefoOrder(plan!.map((a) => byId.get(a.batchId)!));
        expect(order.map((x) => x.id)).toEqual(plan!.map((a) => a.batchId));
      }),
    );
  });
});
