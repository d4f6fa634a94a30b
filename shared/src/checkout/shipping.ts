/**
 * The built-in shipping tariff (data, not code paths): route from the warehouse province to the destination
 * province's region, weight tiers, a per-500 g step above the last tier, and free shipping above a subtotal.
 * The Carrier port lets GHN's fee API replace it.
 */
import { regionOfProvince } from '../locations/region';

export type Route = 'intra_province' | 'same_region' | 'cross_region';

export interface Tariff {
  warehouseProvince: string;
  freeShippingFrom: number | null;
  routes: Record<Route, { tiers: Array<{ upToGrams: number; fee: number }>; stepGrams: number; stepFee: number; days: [number, number] }>;
}

export const DEFAULT_TARIFF: Tariff = {
  warehouseProvince: '79', // Thành phố Hồ Chí Minh
  freeShippingFrom: 500_000,
  routes: {
    intra_province: { tiers: [{ upToGrams: 500, fee: 16_000 }, { upToGrams: 1_000, fee: 20_000 }, { upToGrams: 3_000, fee: 25_000 }], stepGrams: 500, stepFee: 2_500, days: [1, 2] },
    same_region: { tiers: [{ upToGrams: 500, fee: 25_000 }, { upToGrams: 1_000, fee: 30_000 }, { upToGrams: 3_000, fee: 38_000 }], stepGrams: 500, stepFee: 4_000, days: [2, 3] },
    cross_region: { tiers: [{ upToGrams: 500, fee: 32_000 }, { upToGrams: 1_000, fee: 38_000 }, { upToGrams: 3_000, fee: 48_000 }], stepGrams: 500, stepFee: 5_000, days: [3, 5] },
  },
};

export function routeOf(tariff: Tariff, destinationProvince: string): Route {
  if (destinationProvince === tariff.warehouseProvince) return 'intra_province';
  return regionOfProvince(destinationProvince) === regionOfProvince(tariff.warehouseProvince) ? 'same_region' : 'cross_region';
}

export interface ShippingQuote {
  fee: number;
  route: Route;
  /** Estimated delivery window in days from dispatch. */
  days: [number, number];
  freeShipping: boolean;
}

export function tariffQuote(tariff: Tariff, input: { provinceCode: string; weightGrams: number; subtotal: number }): ShippingQuote {
  const route = routeOf(tariff, input.provinceCode);
  const r = tariff.routes[route];
  const weight = Math.max(1, Math.ceil(input.weightGrams));
  const tier = r.tiers.find((t) => weight <= t.upToGrams);
  const last = r.tiers[r.tiers.length - 1]!;
  const fee = tier ? tier.fee : last.fee + Math.ceil((weight - last.upToGrams) / r.stepGrams) * r.stepFee;
  const free = tariff.freeShippingFrom !== null && input.subtotal >= tariff.freeShippingFrom;
  return { fee: free ? 0 : fee, route, days: r.days, freeShipping: free };
}
