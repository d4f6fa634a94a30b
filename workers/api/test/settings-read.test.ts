/**
 * The platform settings (#15): pharmacists read them (the console's advice form previews the quote/pickup split with
 * the epidemic exception, `advicePlace`), only admins change them; customers and anonymous callers read nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, seedFixtures, tokenFor } from './fixtures';

let admin = '';
let pharmacist = '';
let customer = '';

beforeAll(async () => {
  await seedFixtures();
  admin = `Bearer ${await tokenFor('admin')}`;
  pharmacist = `Bearer ${await tokenFor('pharmacist')}`;
  customer = `Bearer ${await tokenFor('customer')}`;
});

const get = (auth?: string) => api('/v1/admin/settings', { headers: auth ? { authorization: auth } : {} });
const put = (auth: string, enabled: boolean) =>
  api('/v1/admin/settings/rx-online-exception', { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ enabled, note: 'Công bố dịch nhóm A (kiểm thử)' }) });

describe('GET /v1/admin/settings', () => {
  it('answers a pharmacist with the switch as the admin set it', async () => {
    const first = await get(pharmacist);
    expect(first.status).toBe(200);
    expect((await json(first)).rxOnlineException.enabled).toBe(false);
    expect((await put(admin, true)).status).toBe(200);
    const after = await json(await get(pharmacist));
    expect(after.rxOnlineException).toMatchObject({ enabled: true, note: 'Công bố dịch nhóm A (kiểm thử)' });
    const off = await put(admin, false);
    expect(off.status, await off.clone().text()).toBe(200);
  });

  it('refuses a customer (403) and an anonymous caller (401)', async () => {
    const c = await get(customer);
    expect(c.status, await c.clone().text()).toBe(403);
    expect((await get()).status).toBe(401);
  });

  it('a pharmacist still cannot change the switch (403)', async () => {
    expect((await put(pharmacist, true)).status).toBe(403);
    expect((await json(await get(admin))).rxOnlineException.enabled).toBe(false);
  });
});
