// The contract every Worker keeps: health, OpenAPI 3.1, an offline docs page and the one error envelope.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

export function describeWorkerBasics(service: string, prefix: string) {
  describe(`${service} worker basics`, () => {
    it('answers GET /health on its own route and under its public prefix', async () => {
      for (const path of ['/health', `${prefix}/health`]) {
        const res = await SELF.fetch(`https://${service}.medicare.test${path}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'ok', service });
      }
    });

    it('publishes its OpenAPI document and docs page', async () => {
      const spec = (await (await SELF.fetch(`https://${service}.medicare.test${prefix}/openapi.json`)).json()) as { openapi: string; info: { title: string } };
      expect(spec.openapi).toBe('3.1.0');
      expect(spec.info.title).toMatch(/^Medicare /);
      const docs = await SELF.fetch(`https://${service}.medicare.test/docs`);
      expect(docs.headers.get('content-type')).toContain('text/html');
      expect(await docs.text()).toContain('"/openapi.json"');
    });

    it('answers unknown routes with the 404 error envelope', async () => {
      const res = await SELF.fetch(`https://${service}.medicare.test${prefix}/does-not-exist`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'Không tìm thấy đường dẫn yêu cầu.' } });
    });
  });
}
