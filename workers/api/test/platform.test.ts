import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, seedFixtures } from './fixtures';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'thanh pho ho chi minh'), ('01', 'Thành phố Hà Nội', 'Thành phố Trung Ương', 'north', 'thanh pho ha noi')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'phuong ben thanh'), ('26734', '79', 'Phường Sài Gòn', 'phuong sai gon'), ('00004', '01', 'Phường Ba Đình', 'phuong ba dinh')"),
  ]);
});

describe('D1 round trips per catalogue endpoint (budget: 2)', () => {
  const endpoints = [
    '/v1/categories',
    '/v1/categories/thuoc-giam-dau',
    '/v1/brands',
    '/v1/brands/alpha',
    '/v1/products?category=thuoc&brand=alpha,beta&minPrice=1&maxPrice=500000&rx=false&dosageForm=Viên nén&inStock=true&sort=price_desc&limit=10',
    '/v1/products?sort=relevance&limit=3',
    '/v1/products/alpha-paracetamol-500',
    '/v1/products/khong-ton-tai',
  ];
  it.each(endpoints)('%s', async (path) => {
    const miss = await api(path);
    await miss.arrayBuffer();
    expect(Number(miss.headers.get('x-d1-queries'))).toBeLessThanOrEqual(2);
    const again = await api(path);
    await again.arrayBuffer();
    const expected = miss.status === 200 ? 1 : 2; // a hit costs only the version read; errors are never cached
    expect(Number(again.headers.get('x-d1-queries'))).toBe(expected);
  });

  it('follows a cursor within the same budget', async () => {
    const first = await json(await api('/v1/products?limit=5&sort=newest'));
    const next = await api(`/v1/products?limit=5&sort=newest&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(Number(next.headers.get('x-d1-queries'))).toBeLessThanOrEqual(2);
  });
});

describe('locations (2025 reform: province → ward)', () => {
  it('lists provinces and the wards of one, with accent-insensitive search', async () => {
    const { items } = await json(await api('/v1/locations/provinces'));
    expect(items.map((p: any) => p.code)).toEqual(['01', '79']);
    const wards = await json(await api('/v1/locations/provinces/79/wards'));
    expect(wards.items.map((w: any) => w.name)).toEqual(['Phường Bến Thành', 'Phường Sài Gòn']);
    const found = await json(await api('/v1/locations/provinces/79/wards?q=ben%20thanh'));
    expect(found.items).toEqual([{ code: '26743', provinceCode: '79', name: 'Phường Bến Thành' }]);
  });

  it('answers an unknown province with 404 and a malformed code with 400', async () => {
    expect((await api('/v1/locations/provinces/99/wards')).status).toBe(404);
    expect((await api('/v1/locations/provinces/abc/wards')).status).toBe(400);
  });
});

describe('one origin, docs and envelopes', () => {
  it('forwards each Worker prefix through its service binding', async () => {
    for (const [prefix, service] of [
      ['/v1/payments', 'payment'],
      ['/v1/recommendations', 'recommendation'],
      ['/v1/hooks', 'hook'],
      ['/v1/consumer', 'consumer'],
    ]) {
      const res = await api(`${prefix}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', service });
      const docs = await api(`${prefix}/docs`);
      expect(docs.headers.get('content-type')).toContain('text/html');
      expect(await docs.text()).toContain(`"${prefix}/openapi.json"`);
      const spec = await json(await api(`${prefix}/openapi.json`));
      expect(spec.openapi).toBe('3.1.0');
    }
  });

  it('documents every catalogue route in OpenAPI 3.1', async () => {
    const spec = await json(await api('/openapi.json'));
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/categories',
        '/v1/categories/{slug}',
        '/v1/brands',
        '/v1/brands/{slug}',
        '/v1/products',
        '/v1/products/{slug}',
        '/v1/images/{key}',
        '/v1/locations/provinces',
        '/v1/locations/provinces/{code}/wards',
        '/v1/admin/products/{id}',
        '/v1/admin/products/{id}/images',
      ]),
    );
    expect(spec.paths['/v1/admin/products/{id}'].patch.security).toEqual([{ bearerAuth: [] }]);
    const html = await (await api('/docs')).text();
    expect(html).toContain('/docs-assets/swagger-ui-bundle.js');
  });

  it('ships the Swagger UI files as static assets (no CDN)', async () => {
    // In production and `wrangler dev` the asset layer answers before the Worker; tests reach it through its binding.
    const res = await (env as unknown as { ASSETS: Fetcher }).ASSETS.fetch('https://api.medicare.test/docs-assets/swagger-ui-bundle.js');
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(100_000);
  });

  it('answers unknown routes and methods with the 404 envelope and sets secure headers', async () => {
    const res = await api('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'Không tìm thấy đường dẫn yêu cầu.' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await api('/v1/products', { method: 'DELETE' })).status).toBe(404);
  });

  it('runs the tests with the test environment', () => {
    expect(env.ENVIRONMENT).toBe('test');
  });
});
