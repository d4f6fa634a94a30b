import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { ConflictError, NotFoundError } from '../src/errors';
import { createApp, errorResponses } from '../src/http/app';
import { allowBody, declared } from '../src/http/declared';

function app() {
  const a = createApp({ service: 'test', prefix: '/v1/test', title: 'Test', description: 'Test app' });
  a.openapi(
    createRoute({
      method: 'post',
      path: '/v1/test/items',
      request: { body: { content: { 'application/json': { schema: z.object({ qty: z.number().int().positive() }).strict() } } } },
      responses: { 201: { description: 'ok' }, ...errorResponses(400) },
    }),
    (c) => c.json({ ok: true }, 201),
  );
  a.get('/v1/test/missing', () => {
    throw new NotFoundError('Không thấy.', 'THING_NOT_FOUND', { id: 1 });
  });
  a.get('/v1/test/conflict', () => {
    throw new ConflictError('Xung đột.');
  });
  a.get('/v1/test/boom', () => {
    throw new Error('secret detail 0901234567');
  });
  return a;
}

const post = (body: string) => app().request('/v1/test/items', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('createApp', () => {
  it('answers health on / and under its prefix', async () => {
    for (const p of ['/health', '/v1/test/health']) {
      const res = await app().request(p);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', service: 'test' });
    }
  });

  it('turns zod failures into a 400 envelope with issues', async () => {
    const res = await post(JSON.stringify({ qty: -1, extra: true }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { issues: unknown[] } } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.issues.length).toBeGreaterThan(0);
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const res = await post('{"qty": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTypeOf('string');
  });

  it('maps domain errors to their status and code', async () => {
    const nf = await app().request('/v1/test/missing');
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ error: { code: 'THING_NOT_FOUND', message: 'Không thấy.', details: { id: 1 } } });
    expect((await app().request('/v1/test/conflict')).status).toBe(409);
  });

  it('hides unknown failures behind a generic 500 and logs no request data', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await app().request('/v1/test/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret detail');
    expect(JSON.parse(text).error.code).toBe('INTERNAL');
    spy.mockRestore();
  });

  it('answers unknown routes with the 404 envelope', async () => {
    const res = await app().request('/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('publishes OpenAPI 3.1 and an offline docs page', async () => {
    const spec = (await (await app().request('/v1/test/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/v1/test/items');
    const html = await (await app().request('/v1/test/docs')).text();
    expect(html).toContain('/docs-assets/swagger-ui-bundle.js');
    expect(html).toContain('"/v1/test/openapi.json"');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });
});

describe('createApp edges (#12 items 19, 21)', () => {
  function edgeApp() {
    const a = createApp({ service: 'test', prefix: '/v1/test', title: 'Test', description: 'Test app' });
    a.use('/v1/test/uploads', allowBody(200 * 1024, { code: 'UPLOAD_TOO_LARGE', message: 'Tệp quá lớn.' }));
    a.use('/v1/test/private/*', declared(async (_c, next) => next(), { statuses: [401, 403], auth: 'required' }));
    const body = { body: { content: { 'application/json': { schema: z.object({ s: z.string() }) } } } };
    a.openapi(createRoute({ method: 'post', path: '/v1/test/notes', request: body, responses: { 200: { description: 'ok' } } }), (c) => c.json({ ok: true }, 200));
    a.openapi(createRoute({ method: 'post', path: '/v1/test/uploads', request: body, responses: { 200: { description: 'ok' } } }), (c) => c.json({ ok: true }, 200));
    a.openapi(createRoute({ method: 'get', path: '/v1/test/private/{id}', request: { params: z.object({ id: z.string().max(40) }) }, responses: { 200: { description: 'ok' } } }), (c) => c.json({ ok: true }, 200));
    a.openapi(createRoute({ method: 'get', path: '/v1/test/open', responses: { 200: { description: 'ok' } } }), (c) => c.json({ ok: true }, 200));
    return a;
  }
  const postJson = (path: string, bytes: number) => edgeApp().request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ s: 'x'.repeat(bytes) }) });

  it('caps bodies at 64 KiB by default with 413 PAYLOAD_TOO_LARGE', async () => {
    expect((await postJson('/v1/test/notes', 60 * 1024)).status).toBe(200);
    const res = await postJson('/v1/test/notes', 70 * 1024);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Dữ liệu gửi lên quá lớn.', details: { maxBytes: 65536 } } });
  });

  it('applies the larger cap a route declares, with its own code', async () => {
    expect((await postJson('/v1/test/uploads', 150 * 1024)).status).toBe(200);
    const res = await postJson('/v1/test/uploads', 250 * 1024);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_TOO_LARGE');
  });

  it('answers same-origin resource policy by default', async () => {
    const res = await edgeApp().request('/v1/test/open');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('documents 400 for input, 413 for bodies and what path middlewares declare, and nothing more', async () => {
    const spec = (await (await edgeApp().request('/v1/test/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>> };
    expect(Object.keys(spec.paths['/v1/test/notes']!.post!.responses).sort()).toEqual(['200', '400', '413']);
    expect(Object.keys(spec.paths['/v1/test/private/{id}']!.get!.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(spec.paths['/v1/test/private/{id}']!.get!.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(spec.paths['/v1/test/open']!.get!.responses)).toEqual(['200']);
  });
});

