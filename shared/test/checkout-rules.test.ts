import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartSaleSql, consultationOnly, mergeItems, totals } from '../src/checkout/pricing';
import { DEFAULT_TARIFF, routeOf, tariffQuote } from '../src/checkout/shipping';
import { discountAmount, eligibleSubtotal, evaluateVoucher, type Voucher } from '../src/checkout/vouchers';
import { actorFor, ACTORS, CARRIER_OUT, canTransition, customerMayCancel, decideTransition, HOLDS_STOCK, ORDER_STATUS_LIST, sourcesOf, transitionGuardSql, TRANSITIONS, type OrderStatus } from '../src/orders/state';

const NOW = 1_800_000_000_000;
const base: Voucher = {
  id: 'v', code: 'X', name: 'X', kind: 'order', discountType: 'percent', discountValue: 10, maxDiscount: 50_000, minSubtotal: 100_000,
  startsAt: NOW - 1000, endsAt: NOW + 1000, usageLimit: 100, usedCount: 0, perUserLimit: 1,
  scopeCategoryPath: null, scopeBrandId: null, excludedProductIds: [], active: true,
};
const lines = [
  { productId: 'p1', brandId: 'b1', categoryPath: '/thuoc/giam-dau/', prescriptionRequired: false, lineTotal: 300_000 },
  { productId: 'p2', brandId: 'b2', categoryPath: '/my-pham/da-mat/', prescriptionRequired: false, lineTotal: 200_000 },
];
const ctx: { lines: typeof lines; shippingFee: number; now: number; userId: string | null; userRedemptions: number } = { lines, shippingFee: 30_000, now: NOW, userId: 'u', userRedemptions: 0 };

describe('evaluateVoucher', () => {
  it.each<[string, Partial<Voucher>, Partial<typeof ctx>, unknown]>([
    ['percent of the subtotal', {}, {}, { ok: true, discount: 50_000 }],
    ['percent under the cap', { discountValue: 5 }, {}, { ok: true, discount: 25_000 }],
    ['fixed amount', { discountType: 'fixed', discountValue: 30_000, maxDiscount: null }, {}, { ok: true, discount: 30_000 }],
    ['scoped to a category', { scopeCategoryPath: '/my-pham/' }, {}, { ok: true, discount: 20_000 }],
    ['scoped to a brand', { scopeBrandId: 'b1' }, {}, { ok: true, discount: 30_000 }],
    ['excluding a product', { excludedProductIds: ['p1'] }, {}, { ok: true, discount: 20_000 }],
    ['shipping voucher capped by the fee', { kind: 'shipping', discountType: 'fixed', discountValue: 50_000, maxDiscount: null }, {}, { ok: true, discount: 30_000 }],
    ['inactive', { active: false }, {}, { ok: false, problem: 'VOUCHER_INACTIVE' }],
    ['not started', { startsAt: NOW + 1 }, {}, { ok: false, problem: 'VOUCHER_NOT_STARTED' }],
    ['ended (end exclusive)', { endsAt: NOW }, {}, { ok: false, problem: 'VOUCHER_EXPIRED' }],
    ['used up', { usageLimit: 3, usedCount: 3 }, {}, { ok: false, problem: 'VOUCHER_USED_UP' }],
    ['per-user limit', {}, { userRedemptions: 1 }, { ok: false, problem: 'VOUCHER_USER_LIMIT' }],
    ['guest', {}, { userId: null }, { ok: false, problem: 'VOUCHER_LOGIN_REQUIRED' }],
    ['minimum on the eligible part', { scopeBrandId: 'b2', minSubtotal: 250_000 }, {}, { ok: false, problem: 'VOUCHER_MIN_SUBTOTAL' }],
    ['nothing eligible', { scopeBrandId: 'b9' }, {}, { ok: false, problem: 'VOUCHER_NOT_APPLICABLE' }],
  ])('%s', (_name, v, c, expected) => {
    expect(evaluateVoucher({ ...base, ...v }, { ...ctx, ...c })).toEqual(expected);
  });

  it('rounds percent discounts down and never exceeds the base (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.constantFrom<'percent' | 'fixed'>('percent', 'fixed'),
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 1_000_000 })),
        (amount, type, value, cap) => {
          const v = { discountType: type, discountValue: type === 'percent' ? value : value * 1000, maxDiscount: cap };
          const d = discountAmount(v, amount);
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(amount);
          if (cap !== null) expect(d).toBeLessThanOrEqual(cap);
          if (type === 'percent' && cap === null) expect(d).toBe(Math.floor((amount * value) / 100));
        },
      ),
    );
  });

  it('eligible subtotal respects scope and exclusions', () => {
    expect(eligibleSubtotal({ ...base, scopeCategoryPath: '/thuoc/' }, lines)).toBe(300_000);
  });

  it('never discounts prescription medicine, even when the voucher is scoped to its category', () => {
    const rx = { productId: 'p3', brandId: 'b1', categoryPath: '/thuoc/khang-sinh/', prescriptionRequired: true, lineTotal: 400_000 };
    expect(eligibleSubtotal(base, [...lines, rx])).toBe(500_000);
    expect(evaluateVoucher({ ...base, scopeCategoryPath: '/thuoc/khang-sinh/' }, { ...ctx, lines: [...lines, rx] })).toEqual({ ok: false, problem: 'VOUCHER_NOT_APPLICABLE' });
  });
});

describe('totals', () => {
  it('are integers that add up and never go negative (property)', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e6), fc.nat(2e9), fc.nat(2e6), (sub, ship, od, sd) => {
        const t = totals(sub, ship, od, sd);
        expect(t.total).toBe(t.subtotal + t.shippingFee - t.orderDiscount - t.shippingDiscount);
        expect(t.total).toBeGreaterThanOrEqual(0);
        expect(t.orderDiscount).toBeLessThanOrEqual(sub);
        expect(t.shippingDiscount).toBeLessThanOrEqual(ship);
      }),
    );
  });

  it('merges repeated units into one line', () => {
    expect(mergeItems([{ unitId: 'a', quantity: 1 }, { unitId: 'b', quantity: 2 }, { unitId: 'a', quantity: 3 }])).toEqual([{ unitId: 'a', quantity: 4 }, { unitId: 'b', quantity: 2 }]);
  });
});

describe('shipping tariff', () => {
  it('routes by province and region from the HCMC warehouse', () => {
    expect(routeOf(DEFAULT_TARIFF, '79')).toBe('intra_province');
    expect(routeOf(DEFAULT_TARIFF, '92')).toBe('same_region');
    expect(routeOf(DEFAULT_TARIFF, '01')).toBe('cross_region');
  });

  it.each([
    ['79', 300, 100_000, 16_000],
    ['79', 3_000, 100_000, 25_000],
    ['79', 4_200, 100_000, 32_500],
    ['92', 800, 100_000, 30_000],
    ['01', 500, 100_000, 32_000],
    ['01', 5_000, 499_999, 68_000],
    ['01', 5_000, 500_000, 0],
  ])('province %s, %i g, subtotal %i → %i đ', (province, grams, subtotal, fee) => {
    expect(tariffQuote(DEFAULT_TARIFF, { provinceCode: province, weightGrams: grams, subtotal }).fee).toBe(fee);
  });
});

describe('order state machine', () => {
  const all: OrderStatus[] = ['pending_payment', 'confirmed', 'packing', 'shipping', 'delivered', 'completed', 'cancelled', 'expired', 'return_requested', 'returned', 'refunded'];
  it('lets carriers only move forward along delivery', () => {
    const order = ['confirmed', 'packing', 'shipping', 'delivered'] as const;
    for (let i = 0; i < order.length; i++) for (let j = 0; j < i; j++) expect(canTransition(order[i]!, order[j]!, 'carrier')).toBe(false);
    expect(canTransition('shipping', 'delivered', 'carrier')).toBe(true);
    // Carriers may skip steps they never reported, but only forward.
    expect(sourcesOf('shipping', 'carrier')).toEqual(['confirmed', 'packing']);
    expect(sourcesOf('delivered', 'carrier')).toEqual(['confirmed', 'packing', 'shipping']);
    expect(sourcesOf('returned', 'carrier')).toEqual(['confirmed', 'packing', 'shipping', 'return_requested']);
  });

  it('has terminal states with no way out', () => {
    for (const s of ['completed', 'expired', 'refunded'] as const) for (const t of all) expect(canTransition(s, t, 'admin')).toBe(false);
  });

  it('lets customers cancel only before the parcel leaves', () => {
    expect(all.filter(customerMayCancel)).toEqual(['pending_payment', 'confirmed']);
  });

  it('expires only unpaid orders, and only by the system', () => {
    expect(all.filter((s) => canTransition(s, 'expired', 'system'))).toEqual(['pending_payment']);
    expect(canTransition('pending_payment', 'expired', 'customer')).toBe(false);
  });

  // #13: one decider, and the SQL guard generated from the same table.
  it('decides every (from, to, actor) exactly as the table, with the guard of the same from-set', () => {
    expect([...ORDER_STATUS_LIST].sort()).toEqual([...all].sort());
    for (const from of all)
      for (const to of all)
        for (const actor of ACTORS) {
          const d = decideTransition(from, to, actor);
          expect(d.ok).toBe(canTransition(from, to, actor));
          expect(d.ok).toBe(TRANSITIONS.some((t) => t.from === from && t.to === to && t.actors.includes(actor)));
          if (d.ok) expect(d.guard).toBe(transitionGuardSql(to, actor));
          else expect(d).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
        }
  });

  it('generates guards as status IN (…) over the from-set, false when the actor can never make the move', () => {
    expect(transitionGuardSql('cancelled', 'customer')).toBe("status IN ('pending_payment', 'confirmed')");
    expect(transitionGuardSql('cancelled', 'admin')).toBe("status IN ('pending_payment', 'confirmed', 'packing')");
    expect(transitionGuardSql('expired', 'system', 'o.status')).toBe("o.status IN ('pending_payment')");
    expect(transitionGuardSql('confirmed', 'payment')).toBe("status IN ('pending_payment')");
    expect(transitionGuardSql('cancelled', 'pharmacist')).toBe('0');
  });

  it('acts as a customer on your own order and as your staff role on anyone else\'s', () => {
    expect(actorFor({ userId: 'U1', role: 'customer' }, 'U1')).toBe('customer');
    expect(actorFor({ userId: 'A', role: 'admin' }, 'A')).toBe('customer');
    expect(actorFor({ userId: 'A', role: 'admin' }, 'U1')).toBe('admin');
    expect(actorFor({ userId: 'P', role: 'pharmacist' }, null)).toBe('pharmacist');
  });

  it('takes goods out on every carrier landing outside the holding states', () => {
    expect([...CARRIER_OUT]).toEqual(['shipping', 'delivered', 'returned']);
    for (const s of CARRIER_OUT) expect(HOLDS_STOCK.has(s)).toBe(false);
  });
});

describe('cartSaleSql (the online prescription rule as SQL)', () => {
  it('is true exactly where consultationOnly is false, for every flag combination, on real SQLite', async () => {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(':memory:');
    for (const rx of [0, 1]) {
      for (const sc of [0, 1]) {
        const row = db.prepare(`SELECT ${cartSaleSql('p')} AS open FROM (SELECT ? AS prescription_required, ? AS special_control) p`).get(rx, sc) as { open: number };
        expect(Boolean(row.open), `rx=${rx} sc=${sc}`).toBe(!consultationOnly({ prescriptionRequired: rx === 1, specialControl: sc === 1 }));
      }
    }
    db.close();
  });
});
