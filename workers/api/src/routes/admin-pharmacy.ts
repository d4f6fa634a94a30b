/**
 * #15 advice: pharmacy locations (public read of the active ones; admin CRUD) and the platform settings (the epidemic
 * exception switch: admin only, every change audited). ADR 0030.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  createLocation,
  listLocations,
  PharmacyLocationCreateSchema,
  PharmacyLocationListSchema,
  PharmacyLocationPatchSchema,
  PharmacyLocationSchema,
  updateLocation,
} from '@medicare/shared/pickup/locations';
import { readRxOnlineException, RxOnlineExceptionBodySchema, setRxOnlineException, SettingsSchema } from '@medicare/shared/settings/rx-exception.d1';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';

const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const list = { description: 'Pharmacy locations', content: { 'application/json': { schema: PharmacyLocationListSchema } } };
const one = (description: string) => ({ description, content: { 'application/json': { schema: PharmacyLocationSchema } } });
const settings = { description: 'The platform settings', content: { 'application/json': { schema: SettingsSchema } } };

const publicList = createRoute({
  method: 'get',
  path: '/v1/pharmacy-locations',
  tags: ['Pharmacy'],
  summary: 'The active pharmacy locations: address, hours, phone, licence numbers (public)',
  responses: { 200: list },
});
const adminList = createRoute({ method: 'get', path: '/v1/admin/pharmacy-locations', tags: ['Admin: pharmacy'], security, summary: 'Every pharmacy location, inactive ones too (admin)', responses: { 200: list, ...errorResponses(401, 403) } });
const create = createRoute({
  method: 'post',
  path: '/v1/admin/pharmacy-locations',
  tags: ['Admin: pharmacy'],
  security,
  summary: 'Add a pharmacy location (admin; audited)',
  request: jsonBody(PharmacyLocationCreateSchema),
  responses: { 201: one('The new location'), ...errorResponses(400, 401, 403) },
});
const patch = createRoute({
  method: 'patch',
  path: '/v1/admin/pharmacy-locations/{id}',
  tags: ['Admin: pharmacy'],
  security,
  summary: 'Change a pharmacy location, or deactivate it (admin; audited)',
  request: { params: IdParam, ...jsonBody(PharmacyLocationPatchSchema) },
  responses: { 200: one('The location'), ...errorResponses(400, 401, 403, 404) },
});
const getSettings = createRoute({ method: 'get', path: '/v1/admin/settings', tags: ['Admin: settings'], security, summary: 'Platform settings (admin; pharmacists read)', responses: { 200: settings, ...errorResponses(401, 403) } });
const putRx = createRoute({
  method: 'put',
  path: '/v1/admin/settings/rx-online-exception',
  tags: ['Admin: settings'],
  security,
  summary: 'Turn the epidemic exception on or off (admin; audited with its note)',
  description:
    'While on, prescription items of an advised consultation go into its online quote and may be ordered with delivery (special-control drugs never). Off by default (Law 44/2024/QH15: only during a declared group-A epidemic).',
  request: jsonBody(RxOnlineExceptionBodySchema),
  responses: { 200: settings, ...errorResponses(400, 401, 403) },
});

const base = new OpenAPIHono<ApiEnv>();
const admin = requireRole('admin');
base.use('/v1/admin/pharmacy-locations', admin);
base.use('/v1/admin/pharmacy-locations/*', admin);
// Pharmacists read the settings (the advice form previews which items the exception lets into the online quote).
// (Hono's `/v1/admin/settings/*` would also match the bare `/v1/admin/settings`: one setting per `:key` path instead.)
base.on('GET', '/v1/admin/settings', requireRole('admin', 'pharmacist'));
base.use('/v1/admin/settings/:key', admin);

export const adminPharmacyRoutes = base
  .openapi(publicList, async (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({ items: await listLocations(c.var.db, { activeOnly: true }) }, 200);
  })
  .openapi(adminList, async (c) => c.json({ items: await listLocations(c.var.db, { activeOnly: false }) }, 200))
  .openapi(create, async (c) => c.json(await createLocation(c.var.db, c.req.valid('json'), staffActor(c), Date.now()), 201))
  .openapi(patch, async (c) => c.json(await updateLocation(c.var.db, c.req.valid('param').id, c.req.valid('json'), staffActor(c), Date.now()), 200))
  .openapi(getSettings, async (c) => c.json({ rxOnlineException: await readRxOnlineException(c.var.db) }, 200))
  .openapi(putRx, async (c) => {
    const body = c.req.valid('json');
    await setRxOnlineException(c.var.db, { ...body, actor: staffActor(c) }, Date.now());
    return c.json({ rxOnlineException: await readRxOnlineException(c.var.db) }, 200);
  });
