import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { ConflictError, NotFoundError } from '../src/errors';
import { createApp, errorResponses } from '../src/http/app';

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
