import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogVersionMemo } from '../src/cache';
import { api, json, PNG_96, seedFixtures, tokenFor } from './fixtures';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'thanh pho ho chi minh'), ('01', 'Thành phố Hà Nội', 'Thành phố Trung Ương', 'north', 'thanh pho ha noi')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'phuong ben thanh'), ('26734', '79', 'Phường Sài Gòn', 'phuong sai gon'), ('00004', '01', 'Phường Ba Đình', 'phuong ba dinh')"),
  ]);
});

describe('D1 round trips per catalogue endpoint (budget: 2)', () => {
  // The version memo's clock stands still here, so a slow machine cannot age it past its bound between two requests.
  beforeAll(() => {
    const frozen = Date.now();
    catalogVersionMemo.setClock(() => frozen);
  });
  afterAll(() => catalogVersionMemo.resetClock());
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
    // A miss reads D1 at least once (a missing header would read as 0 and pass a bare upper bound).
    expect(Number(miss.headers.get('x-d1-queries') ?? Number.NaN)).toBeGreaterThanOrEqual(1);
    expect(Number(miss.headers.get('x-d1-queries'))).toBeLessThanOrEqual(2);
    const again = await api(path);
    await again.arrayBuffer();
    if (miss.status === 200) {
      // A hit asks D1 nothing: the catalogue version comes from the isolate's memo (ADR 0032).
      expect(again.headers.get('x-cache')).toBe('HIT');
      expect(Number(again.headers.get('x-d1-queries'))).toBe(0);
    } else {
      // Errors are never cached: answered from D1 again, without re-reading the version.
      expect(again.headers.get('x-cache')).toBe('MISS');
      expect(Number(again.headers.get('x-d1-queries'))).toBeGreaterThanOrEqual(1);
      expect(Number(again.headers.get('x-d1-queries'))).toBeLessThanOrEqual(Number(miss.headers.get('x-d1-queries')));
    }
  });

  it('follows a cursor within the same budget', async () => {
    const first = await json(await api('/v1/products?limit=5&sort=newest'));
    const next = await api(`/v1/products?limit=5&sort=newest&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(Number(next.headers.get('x-d1-queries') ?? Number.NaN)).toBeGreaterThanOrEqual(1);
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

describe('headers and request-body limits (#12 item 19)', () => {
  it('refuses a 5 MB login body with 413 PAYLOAD_TOO_LARGE before parsing it', async () => {
    const huge = JSON.stringify({ email: 'a@b.vn', password: 'x'.repeat(5 * 1024 * 1024) });
    const res = await api('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Dữ liệu gửi lên quá lớn.', details: { maxBytes: 64 * 1024 } } });
  });

  it('counts a body sent without Content-Length too (streamed)', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent++ < 8) ctrl.enqueue(chunk);
        else ctrl.close();
      },
    });
    const res = await api('/v1/checkout/quote', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets the image upload declare its larger cap (and its own code above it)', async () => {
    const admin = await tokenFor('admin');
    const form = (bytes: Uint8Array) => {
      const f = new FormData();
      f.set('file', new Blob([bytes], { type: 'image/png' }), 'a.png');
      f.set('alt', 'Ảnh');
      return f;
    };
    // 1 MB is above the default cap but within the upload's: it reaches the route (which then checks the image).
    const mid = new Uint8Array(1024 * 1024);
    mid.set(PNG_96.slice(0, 8));
    const within = await api('/v1/admin/products/01TESTPRODSERUM0000000000/images', { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form(mid) });
    expect(within.status).not.toBe(413);
    const over = await api('/v1/admin/products/01TESTPRODSERUM0000000000/images', { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form(new Uint8Array(6 * 1024 * 1024)) });
    expect(over.status).toBe(413);
    expect((await json(over)).error.code).toBe('IMAGE_TOO_LARGE');
  });

  it('serves authenticated JSON and errors same-origin only; public images cross-origin', async () => {
    const me = await api('/v1/me', { headers: { authorization: `Bearer ${await tokenFor('customer', 'corp-user')}` } });
    await me.arrayBuffer();
    expect(me.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const products = await api('/v1/products');
    await products.arrayBuffer();
    expect(products.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const missing = await api('/v1/images/products/none/nothing.png');
    await missing.arrayBuffer();
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('sends a Content-Security-Policy on /docs that allows exactly its inline script', async () => {
    for (const path of ['/docs', '/v1/payments/docs']) {
      const res = await api(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      const html = await res.text();
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const inline = /<script>([^<]*)<\/script>/.exec(html)![1]!;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(inline)));
      expect(csp).toContain(`'sha256-${btoa(String.fromCharCode(...digest))}'`);
    }
  });
});

describe('every answer is in the OpenAPI document (#12 item 21)', () => {
  // The answers below are checked against /openapi.json by the Worker test setup (test/openapi-coverage.ts), like
  // every other answer of the suite; these requests make sure the suite sees them.
  it('answers over-long ids on DELETE routes with 400, documented', async () => {
    const token = await tokenFor('customer', 'openapi-user');
    const long = 'x'.repeat(41);
    for (const path of [`/v1/me/sessions/${long}`, `/v1/me/addresses/${long}`, `/v1/cart/items/${long}`]) {
      const res = await api(path, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(400);
      expect((await json(res)).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers a bad token on optional sign-in routes with 401 INVALID_TOKEN, documented', async () => {
    const bad = { authorization: 'Bearer not.a.token' };
    for (const [method, path] of [
      ['GET', '/v1/cart'],
      ['POST', '/v1/checkout/quote'],
      ['GET', '/v1/orders/MC0000AAAA/payment'],
      ['GET', '/v1/orders/MC0000AAAA/invoice.pdf'],
      ['POST', '/v1/auth/logout'],
    ] as const) {
      const res = await api(path, { method, headers: { ...bad, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, path).toBe(401);
      expect((await json(res)).error.code).toBe('INVALID_TOKEN');
    }
  });

  it('declares them in the document: 400 on every operation with input, 401 and the optional security on optional sign-in routes', async () => {
    const spec = await json(await api('/openapi.json'));
    for (const path of ['/v1/me/sessions/{id}', '/v1/me/addresses/{id}', '/v1/cart/items/{id}']) expect(Object.keys(spec.paths[path].delete.responses)).toContain('400');
    expect(spec.paths['/v1/cart'].get.security).toEqual([{}, { bearerAuth: [] }]);
    expect(Object.keys(spec.paths['/v1/cart'].get.responses)).toContain('401');
    expect(Object.keys(spec.paths['/v1/admin/users'].get.responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(Object.keys(spec.paths['/v1/auth/login'].post.responses)).toEqual(expect.arrayContaining(['400', '413']));
    // Routes without sign-in or body do not claim those answers.
    expect(Object.keys(spec.paths['/v1/categories'].get.responses)).not.toContain('401');
    expect(Object.keys(spec.paths['/v1/orders/lookup'].post.responses)).not.toContain('401');
  });
});

