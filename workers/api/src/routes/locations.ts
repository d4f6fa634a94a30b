import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { intQuery } from '@medicare/shared/http/query';
import { searchWards } from '@medicare/shared/locations/lookup';
import { locationRepository } from '../adapters';
import type { ApiEnv } from '../env';

const tags = ['Locations'];
const ProvinceSchema = z
  .object({ code: z.string(), name: z.string(), placeType: z.string(), region: z.enum(['north', 'central', 'south']) })
  .openapi('Province');
const WardSchema = z.object({ code: z.string(), provinceCode: z.string(), name: z.string() }).openapi('Ward');
/** Reference data changes only with a new administrative reform: browsers and the edge may keep it a day. */
const REFERENCE_CACHE = 'public, max-age=86400';

const provincesRoute = createRoute({
  method: 'get',
  path: '/v1/locations/provinces',
  tags,
  summary: 'The 34 provinces and centrally-run cities (after the 2025 reform)',
  responses: { 200: { description: 'Provinces', content: { 'application/json': { schema: z.object({ items: z.array(ProvinceSchema) }) } } } },
});

const wardsRoute = createRoute({
  method: 'get',
  path: '/v1/locations/provinces/{code}/wards',
  tags,
  summary: 'Wards and communes of a province; optional accent-insensitive search',
  request: {
    params: z.object({ code: z.string().regex(/^\d{2}$/).openapi({ param: { name: 'code', in: 'path' }, example: '79' }) }),
    query: z.object({
      q: z.string().max(100).optional().openapi({ description: 'Part of the ward name, accents optional', example: 'ben thanh' }),
      limit: intQuery(1, 500, 500),
    }),
  },
  responses: {
    200: { description: 'Wards', content: { 'application/json': { schema: z.object({ province: z.object({ code: z.string(), name: z.string() }), items: z.array(WardSchema) }) } } },
    ...errorResponses(400, 404),
  },
});

export const locationRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(provincesRoute, async (c) => {
    c.header('Cache-Control', REFERENCE_CACHE);
    return c.json({ items: await locationRepository(c).provinces() }, 200);
  })
  .openapi(wardsRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { q, limit } = c.req.valid('query');
    const res = await locationRepository(c).wardsOf(code);
    if (!res) throw new NotFoundError('Không tìm thấy tỉnh/thành phố.', 'PROVINCE_NOT_FOUND', { code });
    c.header('Cache-Control', REFERENCE_CACHE);
    return c.json({ province: res.province, items: q ? searchWards(res.wards, q, limit) : res.wards.slice(0, limit) }, 200);
  });
