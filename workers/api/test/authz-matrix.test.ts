/**
 * The authorisation matrix: every route of the api Worker, called as each kind of caller. A route added without a
 * row here fails the first test, so nobody ships an endpoint without stating who may call it.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { api, ids, PNG_96, seedFixtures, tokenFor } from './fixtures';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'thanh pho ho chi minh')"),
    env.DB.prepare("INSERT INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'phuong ben thanh')"),
  ]);
});

type Caller = 'anonymous' | 'customerA' | 'customerB' | 'pharmacist' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'customerA', 'customerB', 'pharmacist', 'admin'];
const PUBLIC = { anonymous: 200, customerA: 200, customerB: 200, pharmacist: 200, admin: 200 } as const;
const ADMIN_ONLY = (ok: number) => ({ anonymous: 401, customerA: 403, customerB: 403, pharmacist: 403, admin: ok }) as const;

interface Row {
  /** Concrete request for the route. */
  path: string;
  body?: () => BodyInit;
  headers?: Record<string, string>;
  expect: Record<Caller, number>;
}

const form = () => {
  const f = new FormData();
  f.set('file', new Blob([PNG_96], { type: 'image/png' }), 'a.png');
  f.set('alt', 'Ảnh');
  return f;
};

const MATRIX: Record<string, Row> = {
  'GET /health': { path: '/health', expect: PUBLIC },
  'GET /openapi.json': { path: '/openapi.json', expect: PUBLIC },
  'GET /docs': { path: '/docs', expect: PUBLIC },
  'GET /v1/categories': { path: '/v1/categories', expect: PUBLIC },
  'GET /v1/categories/:slug': { path: '/v1/categories/thuoc', expect: PUBLIC },
  'GET /v1/brands': { path: '/v1/brands', expect: PUBLIC },
  'GET /v1/brands/:slug': { path: '/v1/brands/alpha', expect: PUBLIC },
  'GET /v1/products': { path: '/v1/products', expect: PUBLIC },
  'GET /v1/products/:slug': { path: '/v1/products/alpha-paracetamol-500', expect: PUBLIC },
  'GET /v1/images/:key{.+}': { path: '/v1/images/products/placeholder/test-box.png', expect: PUBLIC },
  'GET /v1/search': { path: '/v1/search?q=paracetamol', expect: PUBLIC },
  'GET /v1/search/suggest': { path: '/v1/search/suggest?q=para', expect: PUBLIC },
  'GET /v1/locations/provinces': { path: '/v1/locations/provinces', expect: PUBLIC },
  'GET /v1/locations/provinces/:code/wards': { path: '/v1/locations/provinces/79/wards', expect: PUBLIC },
  'PATCH /v1/admin/products/:id': {
    path: `/v1/admin/products/${ids.serum}`,
    body: () => JSON.stringify({ shortDescription: 'Serum dưỡng ẩm.' }),
    headers: { 'content-type': 'application/json' },
    expect: ADMIN_ONLY(200),
  },
  'POST /v1/admin/products/:id/images': { path: `/v1/admin/products/${ids.serum}/images`, body: form, expect: ADMIN_ONLY(201) },
};

function routeKeys(): string[] {
  const keys = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue; // middleware and the forwarding prefixes (checked in platform.test.ts)
    keys.add(`${r.method} ${r.path}`);
  }
  return [...keys].sort();
}

const tokens: Partial<Record<Caller, string>> = {};
beforeAll(async () => {
  tokens.customerA = await tokenFor('customer', 'customer-a');
  tokens.customerB = await tokenFor('customer', 'customer-b');
  tokens.pharmacist = await tokenFor('pharmacist', 'pharmacist-1');
  tokens.admin = await tokenFor('admin', 'admin-1');
});

describe('authorisation matrix', () => {
  it('has exactly one row per route of the api Worker', () => {
    expect(routeKeys()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, row] of Object.entries(MATRIX)) {
    it.each(CALLERS)(`${route} as %s`, async (caller) => {
      const method = route.split(' ')[0]!;
      const headers: Record<string, string> = { ...row.headers };
      if (tokens[caller]) headers.authorization = `Bearer ${tokens[caller]}`;
      const res = await api(row.path, { method, headers, body: row.body?.() });
      await res.arrayBuffer();
      expect(res.status).toBe(row.expect[caller]);
    });
  }
});
