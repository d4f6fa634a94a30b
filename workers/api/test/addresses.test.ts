import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, tokenFor } from './fixtures';

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'thanh pho ho chi minh'), ('01', 'Thành phố Hà Nội', 'Thành phố Trung Ương', 'north', 'thanh pho ha noi')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'phuong ben thanh'), ('00004', '01', 'Phường Ba Đình', 'phuong ba dinh')"),
  ]);
});

const address = (over: Record<string, unknown> = {}) => ({ recipientName: 'Trần Thị Bình', phone: '0987 654 321', provinceCode: '79', wardCode: '26743', street: '12 Lê Lợi', ...over });
const call = async (token: string, method: string, path: string, body?: unknown) =>
  api(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('address book', () => {
  it('adds addresses on the 2025 reference data, with exactly one default', async () => {
    const t = await tokenFor('customer', 'addr-owner');
    const first = await call(t, 'POST', '/v1/me/addresses', address());
    expect(first.status).toBe(201);
    const a1 = await json(first);
    expect(a1).toMatchObject({ isDefault: true, phone: '0987654321', province: { code: '79', name: 'Thành phố Hồ Chí Minh' }, ward: { code: '26743', name: 'Phường Bến Thành' } });
    const a2 = await json(await call(t, 'POST', '/v1/me/addresses', address({ provinceCode: '01', wardCode: '00004', street: '1 Hoàng Diệu', isDefault: true })));
    expect(a2.isDefault).toBe(true);
    const list = (await json(await call(t, 'GET', '/v1/me/addresses'))).items;
    expect(list.filter((a: any) => a.isDefault).map((a: any) => a.id)).toEqual([a2.id]);

    expect((await json(await call(t, 'PATCH', `/v1/me/addresses/${a1.id}`, { isDefault: true }))).isDefault).toBe(true);
    expect((await json(await call(t, 'PATCH', `/v1/me/addresses/${a1.id}`, { isDefault: false }))).error.code).toBe('DEFAULT_REQUIRED');

    expect((await call(t, 'DELETE', `/v1/me/addresses/${a1.id}`)).status).toBe(200);
    const after = (await json(await call(t, 'GET', '/v1/me/addresses'))).items;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: a2.id, isDefault: true }); // the remaining one was promoted
  });

  it('rejects a ward outside the province, bad phones and unknown codes', async () => {
    const t = await tokenFor('customer', 'addr-validate');
    expect((await json(await call(t, 'POST', '/v1/me/addresses', address({ wardCode: '00004' })))).error.code).toBe('INVALID_WARD');
    expect((await json(await call(t, 'POST', '/v1/me/addresses', address({ phone: '0123' })))).error.code).toBe('INVALID_PHONE');
    expect((await call(t, 'POST', '/v1/me/addresses', address({ provinceCode: 'HCM' }))).status).toBe(400);
    expect((await call(t, 'POST', '/v1/me/addresses', address({ district: 'Quận 1' }))).status).toBe(400);
  });

  it('holds at most 10 addresses', async () => {
    const t = await tokenFor('customer', 'addr-limit');
    for (let i = 0; i < 10; i++) expect((await call(t, 'POST', '/v1/me/addresses', address({ street: `${i + 1} Nguyễn Huệ` }))).status).toBe(201);
    const over = await call(t, 'POST', '/v1/me/addresses', address({ street: '11 Nguyễn Huệ' }));
    expect(over.status).toBe(409);
    expect((await json(over)).error.code).toBe('ADDRESS_LIMIT');
  });

  it('keeps each book private to its owner', async () => {
    const owner = await tokenFor('customer', 'addr-private-a');
    const other = await tokenFor('customer', 'addr-private-b');
    const a = await json(await call(owner, 'POST', '/v1/me/addresses', address()));
    expect((await json(await call(other, 'GET', '/v1/me/addresses'))).items).toEqual([]);
    expect((await call(other, 'PATCH', `/v1/me/addresses/${a.id}`, { street: '99 Đồng Khởi' })).status).toBe(404);
    expect((await call(other, 'DELETE', `/v1/me/addresses/${a.id}`)).status).toBe(404);
    expect((await api('/v1/me/addresses')).status).toBe(401);
  });
});
