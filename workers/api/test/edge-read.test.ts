/**
 * The edge read path (#16, ADR 0032 and 0033): a catalogue cache hit asks D1 nothing (the catalogue version comes
 * from the isolate's memo), writes reach the cache keys within the documented bound, and D1 sessions carry the
 * shopper's bookmark so they read their own writes from a replica.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogVersionMemo, VERSION_FRESH_MS, VERSION_MAX_AGE_MS } from '../src/cache';
import { BOOKMARK_COOKIE, BOOKMARK_HEADER, BOOKMARK_MAX_AGE_SECONDS, d1RouteClass } from '../src/middleware';
import { api, ids, json, seedFixtures, tokenFor } from './fixtures';

const IBU_BOX = '01TESTUNITIBUHOP0000000000';
const PARA_STRIP = '01TESTUNITPARAVI0000000000';

// The memo's clock stands still unless a test moves it: nothing here depends on how fast the machine is.
let clock = 1_000_000;
beforeAll(async () => {
  catalogVersionMemo.setClock(() => clock);
  await seedFixtures();
});
afterAll(() => catalogVersionMemo.resetClock());

const queries = (res: Response) => Number(res.headers.get('x-d1-queries'));
const catalogVersion = async () => (await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!.value;
const boxPrice = async (res: Response) => (await json(res)).units.find((u: any) => u.id === IBU_BOX).price as number;
const detail = () => api('/v1/products/alpha-ibuprofen-400');

describe('catalogue cache hit without D1 (ADR 0032)', () => {
  it('answers a hit with X-D1-Queries: 0', async () => {
    const miss = await detail();
    await miss.arrayBuffer();
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const hit = await detail();
    await hit.arrayBuffer();
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('x-d1-queries')).toBe('0');
    // Listings and search hit the same way.
    for (const path of ['/v1/products?category=thuoc', '/v1/search?q=ibuprofen', '/v1/categories']) {
      await (await api(path)).arrayBuffer();
      const again = await api(path);
      await again.arrayBuffer();
      expect([path, again.headers.get('x-cache'), queries(again)]).toEqual([path, 'HIT', 0]);
    }
  });

  it("shows an admin's price change on the next read from the same isolate (the write forgets the memo)", async () => {
    expect((await detail()).headers.get('x-cache')).toBe('HIT'); // the memo is fresh: the clock has not moved
    const admin = await tokenFor('admin');
    const p = await json(await api(`/v1/admin/products/${ids.ibuprofen}`, { headers: { authorization: `Bearer ${admin}` } }));
    const units = p.units.map(({ retiredAt: _r, ...u }: any) => (u.id === IBU_BOX ? { ...u, price: 64_000 } : u));
    const edit = await api(`/v1/admin/products/${ids.ibuprofen}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ units }),
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    const after = await detail();
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(Number(after.headers.get('x-catalog-version'))).toBe(await catalogVersion());
    expect(await boxPrice(after)).toBe(64_000);
    const hit = await detail();
    expect([hit.headers.get('x-cache'), queries(hit), await boxPrice(hit)]).toEqual(['HIT', 0, 64_000]);
  });

  it('sees a write made elsewhere within the bound: served from the memo, refreshed in the background, then new', async () => {
    await (await detail()).arrayBuffer(); // memo and cache warm
    // Another isolate (or the queue consumer) writes: this isolate's memo does not know.
    await env.DB.prepare('UPDATE product_units SET price = 63000 WHERE id = ?').bind(IBU_BOX).run();
    const fresh = await detail();
    expect([fresh.headers.get('x-cache'), queries(fresh), await boxPrice(fresh)]).toEqual(['HIT', 0, 64_000]);

    // Past the fresh window, within the bound: still answered from the memo without waiting for D1...
    clock += VERSION_FRESH_MS + 1;
    const stale = await detail();
    expect([stale.headers.get('x-cache'), queries(stale), await boxPrice(stale)]).toEqual(['HIT', 0, 64_000]);
    // ...while `waitUntil` re-reads the version, after which the next read takes the new key.
    const v = await catalogVersion();
    await vi.waitFor(() => expect(catalogVersionMemo.snapshot()?.version).toBe(v), { timeout: 10_000, interval: 20 });
    const next = await detail();
    expect([next.headers.get('x-cache'), await boxPrice(next)]).toEqual(['MISS', 63_000]);
  });

  it('reads the version before answering once the memo is older than the bound', async () => {
    await (await detail()).arrayBuffer();
    await env.DB.prepare('UPDATE product_units SET price = 62000 WHERE id = ?').bind(IBU_BOX).run();
    clock += VERSION_MAX_AGE_MS + 1;
    const res = await detail();
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect(queries(res)).toBeGreaterThanOrEqual(1); // the version read (then the product)
    expect(await boxPrice(res)).toBe(62_000);
    expect(catalogVersionMemo.snapshot()).toMatchObject({ version: await catalogVersion(), readAt: clock });
  });
});

describe('D1 sessions and the bookmark (ADR 0033)', () => {
  const cartAdd = (cookie?: string) =>
    api('/v1/cart/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ unitId: PARA_STRIP, quantity: 1 }),
    });

  it('classifies routes: catalogue GETs on any replica, account reads by bookmark, mutations and staff on the primary', () => {
    expect(d1RouteClass('GET', '/v1/products')).toBe('catalogue');
    expect(d1RouteClass('GET', '/v1/products/alpha-ibuprofen-400')).toBe('catalogue');
    expect(d1RouteClass('GET', '/v1/search/suggest')).toBe('catalogue');
    expect(d1RouteClass('GET', '/v1/articles/x')).toBe('catalogue');
    expect(d1RouteClass('GET', '/v1/me')).toBe('account');
    expect(d1RouteClass('GET', '/v1/me/addresses')).toBe('account');
    expect(d1RouteClass('GET', '/v1/cart')).toBe('account');
    expect(d1RouteClass('GET', '/v1/vouchers')).toBe('account');
    // State other actors write (payment webhook, admin, carrier, pharmacist): the shopper holds no bookmark for it.
    expect(d1RouteClass('GET', '/v1/orders/DH1')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/orders')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/consultations')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/chat/conversations/current')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/productsx')).toBe('primary'); // unlisted: primary by default
    expect(d1RouteClass('POST', '/v1/cart/items')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/admin/products')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/pharmacist/consultations')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/pharmacists/on-duty')).toBe('catalogue');
    expect(d1RouteClass('HEAD', '/v1/products')).toBe('catalogue');
    expect(d1RouteClass('DELETE', '/v1/me/addresses/1')).toBe('primary');
  });

  it('answers a successful write with its bookmark (header and a short HttpOnly cookie), and a read with it sees the write', async () => {
    const spy = vi.spyOn(env.DB, 'withSession');
    try {
      const add = await cartAdd();
      expect(add.status).toBe(200);
      const bookmark = add.headers.get(BOOKMARK_HEADER);
      expect(bookmark).toMatch(/^[0-9a-f]{8}-/);
      const cookie = add.headers.getSetCookie().find((c) => c.startsWith(`${BOOKMARK_COOKIE}=`))!;
      expect(cookie).toBe(`${BOOKMARK_COOKIE}=${bookmark}; Max-Age=${BOOKMARK_MAX_AGE_SECONDS}; Path=/; HttpOnly; Secure; SameSite=Lax`);
      const cart = add.headers.getSetCookie().find((c) => c.startsWith('mc_cart='))!.split(';')[0]!;
      expect(spy).toHaveBeenLastCalledWith('first-primary'); // the mutation's session

      const read = await api('/v1/cart', { headers: { cookie: `${cart}; ${cookie.split(';')[0]}` } });
      expect(read.status).toBe(200);
      expect((await json(read)).lines.map((l: any) => [l.unitName, l.quantity])).toEqual([['Vỉ', 1]]);
      expect(spy).toHaveBeenLastCalledWith(bookmark); // the read started at the write
      expect(read.headers.getSetCookie()).toEqual([]); // a read hands out no bookmark

      // API clients carry it in a header instead; a malformed one is ignored, not handed to D1.
      const byHeader = await api('/v1/cart', { headers: { cookie: cart, [BOOKMARK_HEADER]: bookmark! } });
      expect((await json(byHeader)).itemCount).toBe(1);
      const junk = await api('/v1/cart', { headers: { cookie: cart, [BOOKMARK_HEADER]: "x'; DROP TABLE carts" } });
      expect((await json(junk)).itemCount).toBe(1);
      expect(spy).toHaveBeenLastCalledWith('first-unconstrained');
    } finally {
      spy.mockRestore();
    }
  });

  it('answers a read carrying a forged but well-formed bookmark (never a 500; R16-X6)', async () => {
    const forged = 'ffffffff-ffffffff-ffffffff-ffffffff';
    for (const headers of [{ [BOOKMARK_HEADER]: forged }, { cookie: `${BOOKMARK_COOKIE}=${forged}` }] as Record<string, string>[]) {
      const res = await api('/v1/cart', { headers });
      expect(res.status).toBe(200);
      expect((await json(res)).itemCount).toBe(0);
    }
  });

  it('sets no bookmark on a refused write', async () => {
    const bad = await api('/v1/cart/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unitId: 'nope', quantity: 1 }) });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.headers.get(BOOKMARK_HEADER)).toBeNull();
    expect(bad.headers.getSetCookie().filter((c) => c.startsWith(`${BOOKMARK_COOKIE}=`))).toEqual([]);
  });

  it('never sets a cookie on a cacheable catalogue GET, even for a shopper carrying a bookmark', async () => {
    const add = await cartAdd();
    const cookie = add.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toContain(`${BOOKMARK_COOKIE}=`);
    for (const path of ['/v1/products', '/v1/products/alpha-paracetamol-500', '/v1/categories', '/v1/brands', '/v1/search?q=paracetamol', '/v1/search/suggest?q=para', '/v1/articles']) {
      for (let i = 0; i < 2; i++) {
        const res = await api(path, { headers: { cookie } });
        await res.arrayBuffer();
        expect([path, res.status, res.headers.getSetCookie()]).toEqual([path, 200, []]);
        expect(res.headers.get(BOOKMARK_HEADER)).toBeNull();
      }
      expect((await api(path, { headers: { cookie } })).headers.get('x-cache')).toBe('HIT');
    }
  });
});
