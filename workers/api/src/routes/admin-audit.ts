/**
 * The audit log viewer's API (admin only). Read-only by design: there is no route that updates or deletes an entry,
 * and the database refuses both (migrations/0015_audit_append_only.sql); workers/api/test/audit.test.ts proves both.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { errorResponses } from '@medicare/shared/http/app';
import { vietnamDayQuery } from '@medicare/shared/http/query';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from '@medicare/shared/audit/actions';
import { auditActors, listAudit } from '@medicare/shared/audit/repo.d1';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: audit'];
const security = [{ bearerAuth: [] }];

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable().openapi({ description: "The staff member's current name (null for a system action or a removed account)" }),
    actorRole: z.string(),
    action: z.string().openapi({ description: 'e.g. payment.match; the known actions are listed in `actions`' }),
    actionLabel: z.string().openapi({ description: 'Vietnamese label (shared/src/audit/actions.ts)' }),
    entityType: z.string(),
    entityLabel: z.string(),
    entityId: z.string(),
    orderCode: z.string().nullable().openapi({ description: "The order's code when the entry is about an order" }),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).openapi({ description: 'What the action recorded, flattened: nested keys dotted (`from.role`), lists as JSON text' }),
    createdAt: z.number().int(),
  })
  .openapi('AuditEntry');

const list = createRoute({
  method: 'get',
  path: '/v1/admin/audit',
  tags,
  security,
  summary: 'Audit log, newest first (keyset), filtered by actor, action, entity and Vietnam calendar days `from`..`to` (inclusive; an empty filter is no filter); append-only (admin only)',
  request: {
    query: z.object({
      actorId: z.string().max(60).optional(),
      action: z.string().max(60).optional(),
      entityType: z.string().max(40).optional(),
      entityId: z.string().max(60).optional(),
      from: vietnamDayQuery('First Vietnam day (UTC+7), inclusive'),
      to: vietnamDayQuery('Last Vietnam day (UTC+7), inclusive'),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: 'Entries',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(AuditEntrySchema),
            nextCursor: z.string().nullable(),
            actions: z.array(z.string()).openapi({ description: 'Every known action (filter choices)' }),
            actionLabels: z.record(z.string(), z.string()).openapi({ description: 'Vietnamese label per known action' }),
            actors: z.array(z.object({ id: z.string(), name: z.string().nullable(), role: z.string().nullable() })).openapi({ description: 'Everyone with an entry (actor filter choices)' }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/audit', requireRole('admin'));
base.use('/v1/admin/audit/*', requireRole('admin'));
export const adminAuditRoutes = base.openapi(list, async (c) => {
  const [page, actors] = await Promise.all([listAudit(c.var.db, c.req.valid('query')), auditActors(c.var.db)]);
  return c.json({ ...page, actions: [...AUDIT_ACTIONS], actionLabels: { ...AUDIT_ACTION_LABELS }, actors }, 200);
});
