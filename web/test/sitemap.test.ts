/**
 * The sitemap (web/src/app/sitemap.ts) with the real typed client; only the network (global fetch) is replaced, to
 * answer as the api Worker would. #17 review finding i: the policy pages, the brand pages and the collection pages
 * are listed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import sitemap from '../src/app/sitemap';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const ANSWERS: Record<string, unknown> = {
  '/v1/categories': { items: [{ slug: 'thuoc', children: [{ slug: 'thuoc-giam-dau', children: [] }] }] },
  '/v1/articles': { items: [{ slug: 'cam-cum', publishedAt: 1_700_000_000_000 }] },
  '/v1/products': { items: [{ slug: 'panadol-extra' }], nextCursor: null },
  '/v1/legal': {
    company: {},
    policies: [
      { key: 'privacy', slug: 'chinh-sach-bao-mat', title: 'Chính sách bảo mật', version: 2, updatedAt: 1_760_000_000_000 },
      { key: 'returns', slug: 'chinh-sach-doi-tra', title: 'Chính sách đổi trả', version: 1, updatedAt: 1_750_000_000_000 },
    ],
  },
  '/v1/brands': { items: [{ slug: 'alpha', name: 'Alpha', productCount: 3 }, { slug: 'rong', name: 'Rỗng', productCount: 0 }] },
};

beforeEach(() => {
  vi.stubEnv('API_ORIGIN', 'http://api.test');
  vi.stubEnv('WEB_ORIGIN', 'https://medicare.vn');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      return path in ANSWERS ? json(ANSWERS[path]) : new Response('{}', { status: 404 });
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('sitemap.xml', () => {
  it('lists the published policy pages with their update date', async () => {
    const entries = await sitemap();
    const policy = entries.find((e) => e.url === 'https://medicare.vn/chinh-sach/chinh-sach-bao-mat');
    expect(policy).toMatchObject({ lastModified: new Date(1_760_000_000_000) });
    expect(entries.map((e) => e.url)).toContain('https://medicare.vn/chinh-sach/chinh-sach-doi-tra');
  });

  it('lists the brand directory, brands with products, the collection pages, and still the catalogue and articles', async () => {
    const urls = (await sitemap()).map((e) => e.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        'https://medicare.vn/',
        'https://medicare.vn/danh-muc/thuoc-giam-dau',
        'https://medicare.vn/san-pham/panadol-extra',
        'https://medicare.vn/cam-nang/cam-cum',
        'https://medicare.vn/thuong-hieu',
        'https://medicare.vn/thuong-hieu/alpha',
        'https://medicare.vn/bo-suu-tap/uu-dai',
        'https://medicare.vn/bo-suu-tap/ban-chay',
        'https://medicare.vn/bo-suu-tap/hang-moi',
      ]),
    );
    expect(urls).not.toContain('https://medicare.vn/thuong-hieu/rong');
    expect(new Set(urls).size).toBe(urls.length);
  });
});
