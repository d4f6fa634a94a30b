/**
 * The authorisation matrix of the satellite Workers (payment, recommendation, hook, consumer), called through the one
 * public origin as each kind of caller (#12 item 26). Every route of each Worker has a row: a public route and what
 * every caller gets there (a user's token grants nothing on a webhook), or `bindingOnly` for the routes no outside
 * request may reach (the payment Worker's `/internal/*`, each Worker's root aliases), with the public requests that
 * try to reach them. The deployed side of "binding only" is in workers-config.test.ts (`workers_dev = false`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { app as consumerApp } from '../../consumer/src/index';
import { app as hookApp } from '../../hook/src/index';
import { app as paymentApp } from '../../payment/src/index';
import { app as recommendationApp } from '../../recommendation/src/index';
import { api, json, seedFixtures, tokenFor } from './fixtures';

type Caller = 'anonymous' | 'customer' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'customer', 'admin'];
const tokens: Partial<Record<Caller, string>> = {};

interface PublicRow {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** The answer's error code, when it is an error. */
  code?: string;
}
/** Routes only the api Worker's service binding may call: each listed public request must miss them. */
interface BindingOnlyRow {
  bindingOnly: Array<{ path: string; method?: string; service?: string }>;
}
type Row = PublicRow | BindingOnlyRow;

const docs = (prefix: string): Record<string, Row> => ({
  [`GET ${prefix}/health`]: { path: `${prefix}/health`, status: 200 },
  [`GET ${prefix}/openapi.json`]: { path: `${prefix}/openapi.json`, status: 200 },
  [`GET ${prefix}/docs`]: { path: `${prefix}/docs`, status: 200 },
  // The root aliases exist for a Worker's own route; through the public origin the api Worker answers them itself.
  'GET /health': { bindingOnly: [{ path: '/health', service: 'api' }] },
  'GET /openapi.json': { bindingOnly: [{ path: '/openapi.json', service: 'api' }] },
  'GET /docs': { bindingOnly: [{ path: '/docs', service: 'api' }] },
});

const JSON_HEADERS = { 'content-type': 'application/json' };
const MATRIX: Record<string, { app: { routes: Array<{ method: string; path: string; handler: Function }> }; rows: Record<string, Row> }> = {
  payment: {
    app: paymentApp,
    rows: {
      ...docs('/v1/payments'),
      // Unsigned: nobody's bearer token or cookie stands in for SePay's signature.
      'POST /v1/payments/sepay/webhook': { path: '/v1/payments/sepay/webhook', method: 'POST', headers: JSON_HEADERS, body: '{"id":1}', status: 401, code: 'UNAUTHENTICATED' },
      'GET /internal/orders/:code/payment': {
        bindingOnly: [
          { path: '/internal/orders/{A}/payment' },
          { path: '/v1/payments/internal/orders/{A}/payment' },
          { path: '/v1/payments/../internal/orders/{A}/payment' },
          { path: '/v1/payments/%2e%2e/%2e%2e/internal/orders/{A}/payment' },
          { path: '/v1/payments/%2E%2E/%2E%2E/internal/orders/{A}/payment' },
          { path: '/v1/payments//internal/orders/{A}/payment' },
          { path: '/v1/payments/%2Finternal/orders/{A}/payment' },
          { path: '/v1/payments/internal/orders/{A}/payment', method: 'POST' },
        ],
      },
    },
  },
  recommendation: {
    app: recommendationApp,
    rows: {
      ...docs('/v1/recommendations'),
      'GET /v1/recommendations/products/:slug/bought-together': { path: '/v1/recommendations/products/alpha-paracetamol-500/bought-together', status: 200 },
      // #18 recommendations: public; "for you" answers a guest from the recently-viewed cookie and a shopper from the account.
      'GET /v1/recommendations/trending': { path: '/v1/recommendations/trending', status: 200 },
      'GET /v1/recommendations/for-you': { path: '/v1/recommendations/for-you', status: 200 },
      // #18: photo search is public (an empty form is refused the same for everyone); the vision routes are the api Worker's binding's only.
      'POST /v1/recommendations/photo-search': { path: '/v1/recommendations/photo-search', method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--\r\n', status: 400 },
      'GET /internal/ai/status': { bindingOnly: [{ path: '/internal/ai/status' }, { path: '/v1/recommendations/internal/ai/status' }, { path: '/v1/recommendations/../internal/ai/status' }, { path: '/v1/recommendations/%2e%2e/internal/ai/status' }] },
      'POST /internal/rx/read': { bindingOnly: [{ path: '/internal/rx/read', method: 'POST' }, { path: '/v1/recommendations/internal/rx/read', method: 'POST' }, { path: '/v1/recommendations/%2E%2E/internal/rx/read', method: 'POST' }, { path: '/v1/recommendations//internal/rx/read', method: 'POST' }] },
      // #18 assistant: public (a new conversation for anyone); a conversation nobody here owns is a 404 for everyone
      // (owner checks: workers/recommendation/test/assistant.test.ts and workers/api/test/assistant-handoff.test.ts).
      'POST /v1/recommendations/assistant/messages': { path: '/v1/recommendations/assistant/messages', method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ message: 'Vitamin C có tác dụng gì?' }), status: 200 },
      'POST /v1/recommendations/assistant/conversations/:id/handoff': { path: '/v1/recommendations/assistant/conversations/01JDNOSUCHCONVERSATION000/handoff', method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ token: 'x'.repeat(43) }), status: 404, code: 'ASSISTANT_CONVERSATION_NOT_FOUND' },
    },
  },
  hook: {
    app: hookApp,
    rows: {
      ...docs('/v1/hooks'),
      'POST /v1/hooks/ghn/:secret': { path: '/v1/hooks/ghn/not-the-secret', method: 'POST', headers: JSON_HEADERS, body: '{}', status: 401, code: 'UNAUTHENTICATED' },
      'POST /v1/hooks/ghtk': { path: '/v1/hooks/ghtk?hash=not-the-secret', method: 'POST', headers: JSON_HEADERS, body: '{}', status: 401, code: 'UNAUTHENTICATED' },
    },
  },
  consumer: { app: consumerApp, rows: docs('/v1/consumer') },
};

let orderOfA = '';
beforeAll(async () => {
  await seedFixtures();
  tokens.customer = await tokenFor('customer', 'satellite-customer');
  tokens.admin = await tokenFor('admin', 'satellite-admin');
  const { env } = await import('cloudflare:test');
  const { hcmWard } = await import('./fixtures');
  await env.DB.batch(hcmWard());
  const placed = await api('/v1/orders', {
    method: 'POST',
    headers: { ...JSON_HEADERS, 'idempotency-key': 'satellite-matrix-order', authorization: `Bearer ${tokens.customer}` },
    body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { recipientName: 'A', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '1 Lê Lợi' }, paymentMethod: 'bank_transfer' }),
  });
  expect(placed.status).toBe(201);
  orderOfA = (await json(placed)).code;
});

const headersFor = (caller: Caller, extra?: Record<string, string>) => ({ ...extra, ...(tokens[caller] ? { authorization: `Bearer ${tokens[caller]}` } : {}) });

describe('satellite authorisation matrix', () => {
  for (const [service, { app, rows }] of Object.entries(MATRIX)) {
    it(`${service}: exactly one row per route`, () => {
      const keys = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
      expect([...keys].sort()).toEqual(Object.keys(rows).sort());
      // Its app.all() entries are middleware only (Hono's rule: a middleware takes `next`): no catch-all handler hides a route.
      expect(app.routes.filter((r) => r.method === 'ALL' && r.handler.length < 2).map((r) => r.path)).toEqual([]);
    });

    for (const [route, row] of Object.entries(rows)) {
      if ('bindingOnly' in row) {
        it.each(CALLERS)(`${service} ${route} is not reachable from outside, as %s`, async (caller) => {
          for (const attempt of row.bindingOnly) {
            const res = await api(attempt.path.replace('{A}', orderOfA), { method: attempt.method ?? 'GET', headers: headersFor(caller) });
            const text = await res.text();
            if (attempt.service) {
              // The api Worker's own route answered, not the satellite's.
              if (route === 'GET /health') expect(JSON.parse(text)).toEqual({ status: 'ok', service: attempt.service });
              else if (route === 'GET /openapi.json') expect(JSON.parse(text).info.title).toBe('Medicare API');
              else expect(text).toContain('"/openapi.json"');
              continue;
            }
            expect(res.status, attempt.path).toBe(404);
            expect(JSON.parse(text), attempt.path).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
            expect(text).not.toContain(orderOfA);
          }
        });
      } else {
        it.each(CALLERS)(`${service} ${route} as %s`, async (caller) => {
          const res = await api(row.path, { method: row.method ?? 'GET', headers: headersFor(caller, row.headers), body: row.body });
          const text = await res.text();
          expect(res.status).toBe(row.status);
          if (row.code) expect(JSON.parse(text)).toMatchObject({ error: { code: row.code } });
        });
      }
    }
  }

  it('the api Worker forwards exactly the four satellite prefixes (its only app.all() handlers)', async () => {
    const { app } = await import('../src/app');
    const { FORWARDS } = await import('../src/proxy');
    const handlers = app.routes.filter((r) => r.method === 'ALL' && r.handler.length < 2).map((r) => r.path);
    expect(handlers.sort()).toEqual(FORWARDS.flatMap((f) => [f.prefix, `${f.prefix}/*`]).sort());
    expect(Object.keys(MATRIX).map((s) => `/v1/${s === 'payment' ? 'payments' : s === 'hook' ? 'hooks' : s === 'recommendation' ? 'recommendations' : s}`).sort()).toEqual(FORWARDS.map((f) => f.prefix).sort());
  });
});
