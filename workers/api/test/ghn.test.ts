/** Shipping quotes through the GHN fee API (stand-in) when GHN is configured; the tariff otherwise. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { app } from '../src/app';
import { seedFixtures } from './fixtures';

const ghn = inject('ghnStandinUrl');
const ghnEnv = (over: Record<string, unknown> = {}) => ({ ...env, GHN_TOKEN: 'ghn-test-token', GHN_SHOP_ID: '885', GHN_BASE_URL: ghn, ...over }) as never;
const address = { recipientName: 'Lê Na', phone: '0903123456', provinceCode: '01', wardCode: '00004', street: '5 Hoàng Diệu' };
const quote = (items: unknown[], e: never, addr = address) =>
  app.fetch(new Request('https://api.medicare.test/v1/checkout/quote', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items, address: addr, paymentMethod: 'cod' }) }), e, { waitUntil() {}, passThroughOnException() {} } as never);

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('01', 'Thành phố Hà Nội', 'Thành phố Trung Ương', 'north', 'x'), ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'y')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('00004', '01', 'Phường Ba Đình', 'a'), ('26743', '79', 'Phường Bến Thành', 'b')"),
    env.DB.prepare("INSERT INTO carrier_ward_mappings (carrier, ward_code, district_id, carrier_ward_code, updated_at) VALUES ('ghn', '00004', 1484, '1A0101', 1)"),
  ]);
});

describe('GHN fee API', () => {
  it('quotes the fee from GHN with the mapped district and ward codes', async () => {
    const res = await quote([{ unitId: '01TESTUNITPARAHOP000000000', quantity: 2 }], ghnEnv());
    const body = (await res.json()) as { shippingFee: number; subtotal: number };
    expect(res.status).toBe(200);
    // 2 boxes × 1,000 g = 2,000 g → 15,000 + 3 × 3,000 (the stand-in's documented formula)
    expect(body.shippingFee).toBe(24_000);
    const sent = (await (await fetch(`${ghn}/__standin/requests`)).json()) as Array<Record<string, unknown>>;
    expect(sent.at(-1)).toMatchObject({ to_district_id: 1484, to_ward_code: '1A0101', weight: 2000, service_type_id: 2, cod_value: body.subtotal });
  });

  it('falls back to the tariff for a ward GHN has no code for, and answers 503 (never a wrong price) when GHN refuses', async () => {
    const fallback = (await (await quote([{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], ghnEnv(), { ...address, provinceCode: '79', wardCode: '26743' })).json()) as { shippingFee: number };
    expect(fallback.shippingFee).toBe(16_000);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bad = await quote([{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], ghnEnv({ GHN_TOKEN: 'wrong' }));
    spy.mockRestore();
    expect(bad.status).toBe(503);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('SHIPPING_QUOTE_UNAVAILABLE');
  });
});
