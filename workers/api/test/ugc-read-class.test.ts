/**
 * #17 review finding j (ADR 0033): the public #17 GETs read any replica (catalogue class), and the shopper's own #17
 * lists start from their bookmark (account class) so what they just wrote shows. Each route goes through SELF.fetch and
 * the session it opens is read from `env.DB.withSession`.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BOOKMARK_COOKIE, BOOKMARK_HEADER, d1RouteClass } from '../src/middleware';
import { api, ids, json, seedFixtures, tokenFor } from './fixtures';

const SLUG = 'alpha-paracetamol-500';
const J = { 'content-type': 'application/json' };
let token = '';
beforeAll(async () => {
  await seedFixtures();
  token = await tokenFor('customer', 'rc-shopper');
});

/** The start of the first D1 session the request opened, the response status and its Set-Cookie headers. */
async function sessionOf(path: string, headers: Record<string, string> = {}) {
  const spy = vi.spyOn(env.DB, 'withSession');
  try {
    const res = await api(path, { headers });
    const body = await res.text();
    expect(spy).toHaveBeenCalled();
    return { start: spy.mock.calls[0]![0], status: res.status, cookies: res.headers.getSetCookie(), body };
  } finally {
    spy.mockRestore();
  }
}

describe('#17 public GETs read any replica (catalogue class)', () => {
  const bookmark = 'ffffffff-ffffffff-ffffffff-ffffffff';
  const routes = [
    `/v1/product-reviews/${SLUG}`,
    `/v1/questions?product=${SLUG}`,
    '/v1/collections/best-sellers',
    `/v1/related/${SLUG}`,
    '/v1/legal',
    '/v1/policies/chinh-sach-bao-mat',
  ];
  for (const path of routes) {
    it(`GET ${path.split('?')[0]} starts on any replica, ignores a carried bookmark, sets no cookie`, async () => {
      expect(d1RouteClass('GET', path.split('?')[0]!)).toBe('catalogue');
      const r = await sessionOf(path, { cookie: `${BOOKMARK_COOKIE}=${bookmark}`, [BOOKMARK_HEADER]: bookmark });
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.start).toBe('first-unconstrained');
      expect(r.cookies).toEqual([]);
    });
  }
  it('their writes and everything staff stay on the primary', () => {
    expect(d1RouteClass('POST', '/v1/questions')).toBe('primary');
    expect(d1RouteClass('POST', '/v1/reviews/x/helpful')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/review-photos/x')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/admin/reviews')).toBe('primary');
    expect(d1RouteClass('GET', '/v1/pharmacist/questions')).toBe('primary');
  });
});

describe("#17 the shopper's own lists start from their bookmark (account class)", () => {
  it('GET /v1/questions/mine: a question just asked shows, read from its bookmark (not the public catalogue class)', async () => {
    expect(d1RouteClass('GET', '/v1/questions/mine')).toBe('account');
    const ask = await api('/v1/questions', { method: 'POST', headers: { ...J, authorization: `Bearer ${token}` }, body: JSON.stringify({ productId: ids.paracetamol, body: 'Thuốc này uống trước hay sau bữa ăn ạ?' }) });
    expect(ask.status).toBe(201);
    const mark = ask.headers.get(BOOKMARK_HEADER)!;
    expect(mark).toMatch(/^[0-9a-f]{8}-/);
    const r = await sessionOf('/v1/questions/mine', { authorization: `Bearer ${token}`, [BOOKMARK_HEADER]: mark });
    expect(r.status).toBe(200);
    expect(r.start).toBe(mark);
    expect(JSON.parse(r.body).items.map((q: any) => q.id)).toContain((await json(ask)).id);
  });

  it('GET /v1/recently-viewed: a view just recorded shows, read from its bookmark', async () => {
    expect(d1RouteClass('GET', '/v1/recently-viewed')).toBe('account');
    const view = await api('/v1/recently-viewed', { method: 'POST', headers: { ...J, authorization: `Bearer ${token}` }, body: JSON.stringify({ productId: ids.paracetamol }) });
    expect(view.status).toBe(200);
    const mark = view.headers.get(BOOKMARK_HEADER)!;
    expect(mark).toMatch(/^[0-9a-f]{8}-/);
    const r = await sessionOf('/v1/recently-viewed', { authorization: `Bearer ${token}`, [BOOKMARK_HEADER]: mark });
    expect(r.status).toBe(200);
    expect(r.start).toBe(mark);
    expect(JSON.parse(r.body).items.map((p: any) => p.slug)).toContain(SLUG);
  });
});
