/**
 * The Carrier port for shipping quotes. The default is the built-in tariff (data); GHN's fee API replaces it when
 * configured. Shop policy (free shipping above a subtotal) applies on top of whatever the carrier charges.
 */
import { ServiceUnavailableError } from '../errors';
import { DEFAULT_TARIFF, routeOf, tariffQuote, type ShippingQuote, type Tariff } from './shipping';

export interface QuoteInput {
  provinceCode: string;
  wardCode: string;
  weightGrams: number;
  subtotal: number;
  codAmount: number;
}

export interface ShippingCarrier {
  readonly name: string;
  quote(input: QuoteInput): Promise<ShippingQuote>;
}

export class TariffCarrier implements ShippingCarrier {
  readonly name = 'tariff';
  constructor(private readonly tariff: Tariff = DEFAULT_TARIFF) {}
  async quote(input: QuoteInput) {
    return tariffQuote(this.tariff, input);
  }
}

/**
 * GHN: `POST /shiip/public-api/v2/shipping-order/fee` with `Token` and `ShopId` headers; the destination is GHN's
 * district id + ward code, looked up in carrier_ward_mappings (data). A ward GHN does not know falls back to the
 * tariff so checkout never dead-ends.
 */
export class GhnCarrier implements ShippingCarrier {
  readonly name = 'ghn';
  constructor(
    private readonly opts: { token: string; shopId: string; baseUrl: string; serviceTypeId?: number; fallback?: ShippingCarrier; tariff?: Tariff },
    private readonly lookup: (wardCode: string) => Promise<{ districtId: number; carrierWardCode: string } | null>,
  ) {}

  async quote(input: QuoteInput): Promise<ShippingQuote> {
    const tariff = this.opts.tariff ?? DEFAULT_TARIFF;
    const fallback = this.opts.fallback ?? new TariffCarrier(tariff);
    const dest = await this.lookup(input.wardCode);
    if (!dest) return fallback.quote(input);
    const res = await fetch(`${this.opts.baseUrl.replace(/\/$/, '')}/shiip/public-api/v2/shipping-order/fee`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Token: this.opts.token, ShopId: this.opts.shopId },
      body: JSON.stringify({
        service_type_id: this.opts.serviceTypeId ?? 2,
        to_district_id: dest.districtId,
        to_ward_code: dest.carrierWardCode,
        weight: Math.max(1, Math.ceil(input.weightGrams)),
        length: 20,
        width: 15,
        height: 10,
        insurance_value: Math.min(input.subtotal, 5_000_000),
        cod_value: input.codAmount,
      }),
    });
    const body = (await res.json().catch(() => null)) as { code?: number; data?: { total?: number } } | null;
    if (!res.ok || body?.code !== 200 || typeof body.data?.total !== 'number') {
      console.error(JSON.stringify({ level: 'error', msg: 'GHN fee API failed', status: res.status, code: body?.code ?? null }));
      throw new ServiceUnavailableError('Chưa lấy được phí vận chuyển, vui lòng thử lại sau ít phút.', 'SHIPPING_QUOTE_UNAVAILABLE');
    }
    const days = tariff.routes[routeOf(tariff, input.provinceCode)].days;
    const free = tariff.freeShippingFrom !== null && input.subtotal >= tariff.freeShippingFrom;
    return { fee: free ? 0 : body.data.total, route: routeOf(tariff, input.provinceCode), days, freeShipping: free };
  }
}
