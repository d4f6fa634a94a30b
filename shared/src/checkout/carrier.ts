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

export interface GhnCreateInput {
  code: string;
  recipientName: string;
  phone: string;
  street: string;
  wardCode: string;
  codAmount: number;
  value: number;
  weightGrams: number;
  items: Array<{ name: string; quantity: number; price: number }>;
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
    const body = await this.call<{ total?: number }>('/shiip/public-api/v2/shipping-order/fee', {
      service_type_id: this.opts.serviceTypeId ?? 2,
      to_district_id: dest.districtId,
      to_ward_code: dest.carrierWardCode,
      weight: Math.max(1, Math.ceil(input.weightGrams)),
      length: 20,
      width: 15,
      height: 10,
      insurance_value: Math.min(input.subtotal, 5_000_000),
      cod_value: input.codAmount,
    });
    if (typeof body?.total !== 'number') {
      throw new ServiceUnavailableError('Chưa lấy được phí vận chuyển, vui lòng thử lại sau ít phút.', 'SHIPPING_QUOTE_UNAVAILABLE');
    }
    const days = tariff.routes[routeOf(tariff, input.provinceCode)].days;
    const free = tariff.freeShippingFrom !== null && input.subtotal >= tariff.freeShippingFrom;
    return { fee: free ? 0 : body.total, route: routeOf(tariff, input.provinceCode), days, freeShipping: free };
  }

  /**
   * `POST /v2/shipping-order/create`: GHN's waybill for a confirmed order. The shop pays the carrier
   * (payment_type_id 1, the shopper already paid shipping to us); GHN collects `codAmount` at the door.
   */
  async createOrder(o: GhnCreateInput): Promise<{ orderCode: string; fee: number }> {
    const dest = await this.lookup(o.wardCode);
    if (!dest) throw new ServiceUnavailableError('GHN chưa hỗ trợ phường/xã này; hãy nhập mã vận đơn thủ công.', 'CARRIER_WARD_UNKNOWN');
    const data = await this.call<{ order_code?: string; total_fee?: number }>('/shiip/public-api/v2/shipping-order/create', {
      payment_type_id: 1,
      required_note: 'CHOXEMHANGKHONGTHU',
      client_order_code: o.code,
      to_name: o.recipientName,
      to_phone: o.phone,
      to_address: o.street,
      to_ward_code: dest.carrierWardCode,
      to_district_id: dest.districtId,
      cod_amount: o.codAmount,
      content: `Đơn hàng ${o.code}`,
      weight: Math.max(1, Math.ceil(o.weightGrams)),
      length: 20,
      width: 15,
      height: 10,
      insurance_value: Math.min(o.value, 5_000_000),
      service_type_id: this.opts.serviceTypeId ?? 2,
      items: o.items.map((i) => ({ name: i.name.slice(0, 200), quantity: i.quantity, price: i.price })),
    });
    if (!data?.order_code) throw new ServiceUnavailableError('Chưa tạo được vận đơn GHN, vui lòng thử lại.', 'CARRIER_UNAVAILABLE');
    return { orderCode: data.order_code, fee: Math.max(0, Math.round(data.total_fee ?? 0)) };
  }

  /** `POST /v2/switch-status/cancel`: asks GHN to cancel waybills (only possible before pickup). */
  async cancel(orderCodes: string[]): Promise<Array<{ orderCode: string; cancelled: boolean }>> {
    const data = await this.call<Array<{ order_code: string; result: boolean }>>('/shiip/public-api/v2/switch-status/cancel', { order_codes: orderCodes });
    return (data ?? []).map((r) => ({ orderCode: r.order_code, cancelled: r.result === true }));
  }

  /** One GHN call: `Token` + `ShopId` headers, GHN's `{ code, message, data }` envelope; failures log only status codes. */
  private async call<T>(path: string, payload: unknown): Promise<T | null> {
    const res = await fetch(`${this.opts.baseUrl.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Token: this.opts.token, ShopId: this.opts.shopId },
      body: JSON.stringify(payload),
    });
    const body = (await res.json().catch(() => null)) as { code?: number; data?: T } | null;
    if (!res.ok || body?.code !== 200) {
      console.error(JSON.stringify({ level: 'error', msg: 'GHN API failed', path, status: res.status, code: body?.code ?? null }));
      return null;
    }
    return body.data ?? null;
  }
}

/** A carrier that can cancel waybills (before pickup); one result per code, `cancelled: false` when refused or down. */
export interface WaybillCanceller {
  cancel(trackingCodes: string[]): Promise<Array<{ orderCode: string; cancelled: boolean }>>;
}

/**
 * GHTK's cancel API: `POST /services/shipment/cancel/{label}` with `Token` and `X-Client-Source` (partner code)
 * headers, one call per waybill; GHTK answers `{ success, message }` and refuses once the parcel was picked up.
 */
export class GhtkCarrier implements WaybillCanceller {
  constructor(private readonly opts: { token: string; clientSource: string; baseUrl: string }) {}

  async cancel(trackingCodes: string[]) {
    return Promise.all(
      trackingCodes.map(async (label) => {
        const res = await fetch(`${this.opts.baseUrl.replace(/\/$/, '')}/services/shipment/cancel/${encodeURIComponent(label)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', Token: this.opts.token, 'X-Client-Source': this.opts.clientSource },
        }).catch(() => null);
        const body = (await res?.json().catch(() => null)) as { success?: boolean } | null;
        if (!res?.ok || body?.success !== true) console.error(JSON.stringify({ level: 'error', msg: 'GHTK cancel refused or failed', status: res?.status ?? null }));
        return { orderCode: label, cancelled: Boolean(res?.ok && body?.success === true) };
      }),
    );
  }
}
