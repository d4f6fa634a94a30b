import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../env';

const PharmacistSchema = z.object({ name: z.string(), practisingCertificate: z.string() }).openapi('PharmacistOnDuty');

const route = createRoute({
  method: 'get',
  path: '/v1/pharmacists/on-duty',
  tags: ['Pharmacy'],
  summary: 'The pharmacists on duty and their practising certificates (shown on every product page, as the law requires)',
  description: 'Public. Only the name and the certificate number: no contact details.',
  responses: { 200: { description: 'Pharmacists', content: { 'application/json': { schema: z.object({ items: z.array(PharmacistSchema) }) } } } },
});

export const pharmacistRoutes = new OpenAPIHono<ApiEnv>().openapi(route, async (c) => {
  const rows = await c.var.db
    .prepare("SELECT name, practising_certificate AS practisingCertificate FROM users WHERE role = 'pharmacist' AND status = 'active' AND practising_certificate IS NOT NULL ORDER BY name")
    .all<{ name: string; practisingCertificate: string }>();
  c.header('Cache-Control', 'public, max-age=60');
  return c.json({ items: rows.results }, 200);
});
