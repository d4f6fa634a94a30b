import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, seedFixtures, tokenFor } from './fixtures';

const PARA_BOX = '01TESTUNITPARAHOP000000000'; // 100 viên; 220 viên sellable
const PARA_STRIP = '01TESTUNITPARAVI0000000000'; // 10 viên
const AMOX = '01TESTUNITAMOXHOP000000000';
const CLEANSER = '01TESTUNITCLEANSER00000000';

beforeAll(seedFixtures);

const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('mc_cart='))?.split(';')[0];
const call = (method: string, path: string, opts: { body?: unknown; cookie?: string; token?: string } = {}) =>
  api(path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });

describe('guest cart', () => {
  it('starts empty, then keeps lines in an HttpOnly cookie cart priced at read time', async () => {
    expect(await json(await call('GET', '/v1/cart'))).toEqual({ lines: [], subtotal: 0, itemCount: 0, ok: true });
    const add = await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 2 } });
    expect(add.status).toBe(200);
    const cookie = cookieOf(add)!;
    expect(add.headers.getSetCookie().find((c) => c.startsWith('mc_cart='))).toMatch(/HttpOnly; Secure; SameSite=Lax/);
    await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 1 }, cookie });
    const cart = await json(await call('POST', '/v1/cart/items', { body: { unitId: CLEANSER }, cookie }));
    expect(cart.lines.map((l: any) => [l.unitName, l.quantity, l.unitPrice, l.lineTotal])).toEqual([
      ['Vỉ', 3, 11_000, 33_000],
      ['Chai', 1, 199_000, 199_000],
    ]);
    expect(cart).toMatchObject({ subtotal: 232_000, itemCount: 4, ok: true });

    // Price change: the cart shows the new price on the next read (nothing is stored).
    await env.DB.prepare('UPDATE product_units SET price = 12000 WHERE id = ?').bind(PARA_STRIP).run();
    expect((await json(await call('GET', '/v1/cart', { cookie }))).lines[0].unitPrice).toBe(12_000);
    await env.DB.prepare('UPDATE product_units SET price = 11000 WHERE id = ?').bind(PARA_STRIP).run();

    const line = cart.lines[1].id;
    expect((await json(await call('PATCH', `/v1/cart/items/${line}`, { body: { quantity: 2 }, cookie }))).lines[1].quantity).toBe(2);
    expect((await json(await call('DELETE', `/v1/cart/items/${line}`, { cookie }))).lines).toHaveLength(1);
  });

  it('refuses prescription-only products, unknown units and more than is available', async () => {
    const rx = await call('POST', '/v1/cart/items', { body: { unitId: AMOX, quantity: 1 } });
    expect(rx.status).toBe(422);
    expect((await json(rx)).error.code).toBe('RX_REQUIRES_CONSULTATION');
    expect((await call('POST', '/v1/cart/items', { body: { unitId: '01NOSUCHUNIT0000000000000', quantity: 1 } })).status).toBe(404);
    const first = await call('POST', '/v1/cart/items', { body: { unitId: PARA_BOX, quantity: 2 } });
    const cookie = cookieOf(first)!;
    const more = await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 3 }, cookie });
    expect(more.status).toBe(422); // 200 viên in boxes + 30 in strips > 220 sellable
    expect(await json(more)).toMatchObject({ error: { code: 'INSUFFICIENT_STOCK', details: { available: 2 } } });
    expect((await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 2 }, cookie })).status).toBe(200);
    expect((await call('POST', '/v1/cart/items', { body: { unitId: CLEANSER, quantity: 101 }, cookie })).status).toBe(422);
    expect((await call('POST', '/v1/cart/items', { body: { unitId: CLEANSER, quantity: 0 }, cookie })).status).toBe(400);
  });

  it('keeps carts private: another cart cannot touch my lines', async () => {
    const mine = await call('POST', '/v1/cart/items', { body: { unitId: CLEANSER, quantity: 1 } });
    const lineId = (await json(mine)).lines[0].id;
    const theirs = cookieOf(await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 1 } }))!;
    expect((await call('PATCH', `/v1/cart/items/${lineId}`, { body: { quantity: 5 }, cookie: theirs })).status).toBe(404);
    expect((await call('DELETE', `/v1/cart/items/${lineId}`, { cookie: theirs })).status).toBe(404);
    expect((await call('DELETE', `/v1/cart/items/${lineId}`)).status).toBe(404);
  });
});

describe('merge on sign-in', () => {
  it('merges at login itself, so the cart is the account\'s right after signing in', async () => {
    const email = 'cart-login@example.vn';
    await api('/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.77' }, body: JSON.stringify({ email, password: 'MatKhau2026', name: 'Giỏ Hàng', acceptPrivacyPolicy: true }) });
    const { items } = await json(await api(`/dev/mailbox?to=${email}`));
    const code = /\b(\d{6})\b/.exec(items[0].text)![1];
    const guest = cookieOf(await call('POST', '/v1/cart/items', { body: { unitId: CLEANSER, quantity: 2 } }))!;
    const verified = await api('/v1/auth/verify-email', { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token', cookie: guest, 'cf-connecting-ip': '192.0.2.78' }, body: JSON.stringify({ email, code }) });
    expect(verified.headers.getSetCookie().some((c) => c.startsWith('mc_cart=;'))).toBe(true);
    const { accessToken } = await json(verified);
    expect((await json(await call('GET', '/v1/cart', { token: accessToken }))).lines.map((l: any) => [l.unitId, l.quantity])).toEqual([[CLEANSER, 2]]);
  });

  it('adds the guest lines to the user cart, capped by availability, and drops the guest cart', async () => {
    const token = await tokenFor('customer', 'cart-merge-user');
    await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 15 }, token });
    const guest = cookieOf(await call('POST', '/v1/cart/items', { body: { unitId: PARA_STRIP, quantity: 10 } }))!;
    await call('POST', '/v1/cart/items', { body: { unitId: CLEANSER, quantity: 2 }, cookie: guest });
    const merged = await call('GET', '/v1/cart', { token, cookie: guest });
    const cart = await json(merged);
    expect(cart.lines.map((l: any) => [l.unitId, l.quantity])).toEqual([
      [PARA_STRIP, 22], // 15 + 10 capped at the 22 strips available
      [CLEANSER, 2],
    ]);
    expect(merged.headers.getSetCookie().some((c) => c.startsWith('mc_cart=;'))).toBe(true);
    const guestAfter = await json(await call('GET', '/v1/cart', { cookie: guest }));
    expect(guestAfter.lines).toEqual([]);
  });
});
