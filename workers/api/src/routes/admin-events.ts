import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { auditStatement } from '@medicare/shared/audit/write.d1';
import { EventEnvelopeSchema } from '@medicare/shared/events/envelope';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: events'];
const security = [{ bearerAuth: [] }];

/**
 * A dead letter's body: the event envelope it carried (events/envelope.ts), its payload as scalars (payloads carry
 * ids, codes and amounts only; anything nested is given as JSON text). A body that is not an envelope is `null` and
 * its stored text is in `raw`, so a broken message is still shown (and refused for replay).
 */
const DeadLetterEnvelopeSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    aggregateType: z.string(),
    aggregateId: z.string(),
    occurredAt: z.number().int(),
    payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .openapi('DeadLetterEnvelope');
export const DeadLetterSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    eventId: z.string().nullable(),
    type: z.string().nullable(),
    aggregateId: z.string().nullable(),
    body: DeadLetterEnvelopeSchema.nullable(),
    raw: z.string().nullable().openapi({ description: 'The stored body when it is not an event envelope' }),
    attempts: z.number().int(),
    receivedAt: z.number().int(),
    replayedAt: z.number().int().nullable(),
    replayedBy: z.string().nullable(),
    failedAttempts: z.number().int().nullable().openapi({ description: "The consumer's own count of failed attempts" }),
    lastError: z.string().nullable(),
    lastFailedAt: z.number().int().nullable(),
  })
  .openapi('DeadLetter');
type DeadLetterRow = Omit<z.infer<typeof DeadLetterSchema>, 'body' | 'raw'> & { body: string };

function toDeadLetter(r: DeadLetterRow): z.infer<typeof DeadLetterSchema> {
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    // shown as raw text below
  }
  const env = EventEnvelopeSchema.safeParse(parsed);
  if (!env.success) return { ...r, body: null, raw: r.body };
  const payload = Object.fromEntries(
    Object.entries(env.data.payload).map(([k, v]) => [k, v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as string | number | boolean | null) : JSON.stringify(v)]),
  );
  return { ...r, body: { ...env.data, payload }, raw: null };
}
// `failedAttempts` and `lastError` come from the consumer's failure record (the DLQ delivery counts its own attempts).
const COLUMNS = `d.id, d.message_id AS messageId, d.event_id AS eventId, d.type, d.aggregate_id AS aggregateId, d.body, d.attempts, d.received_at AS receivedAt,
  d.replayed_at AS replayedAt, d.replayed_by AS replayedBy, f.attempts AS failedAttempts, f.last_error AS lastError, f.last_failed_at AS lastFailedAt`;
const FROM = 'dead_letters d LEFT JOIN event_failures f ON f.event_id = d.event_id';

const list = createRoute({
  method: 'get',
  path: '/v1/admin/dead-letters',
  tags,
  security,
  summary: 'Events the queue gave up on, newest first; `status=pending` (default) or `all` (admin only)',
  request: { query: z.object({ status: z.enum(['pending', 'all']).default('pending'), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: { description: 'Dead letters', content: { 'application/json': { schema: z.object({ items: z.array(DeadLetterSchema) }) } } },
    ...errorResponses(400, 401, 403),
  },
});
const replay = createRoute({
  method: 'post',
  path: '/v1/admin/dead-letters/{id}/replay',
  tags,
  security,
  summary: 'Send a dead event back to the events queue, once (admin only; audited). Handlers are idempotent per event id.',
  request: { params: z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: { description: 'Replayed', content: { 'application/json': { schema: DeadLetterSchema } } }, ...errorResponses(401, 403, 404, 409) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/dead-letters', requireRole('admin'));
base.use('/v1/admin/dead-letters/*', requireRole('admin'));
export const adminEventRoutes = base
  .openapi(list, async (c) => {
    const { status, limit } = c.req.valid('query');
    const where = status === 'pending' ? 'WHERE d.replayed_at IS NULL' : '';
    const rows = await c.var.db.prepare(`SELECT ${COLUMNS} FROM ${FROM} ${where} ORDER BY d.received_at DESC, d.rowid DESC LIMIT ?`).bind(limit).all<DeadLetterRow>();
    return c.json({ items: rows.results.map(toDeadLetter) }, 200);
  })
  .openapi(replay, async (c) => {
    const { id } = c.req.valid('param');
    const p = c.var.principal!;
    const row = await c.var.db.prepare('SELECT body, event_id AS eventId, replayed_at AS replayedAt FROM dead_letters WHERE id = ?').bind(id).first<{ body: string; eventId: string | null; replayedAt: number | null }>();
    if (!row) throw new NotFoundError('Không tìm thấy sự kiện lỗi.', 'DEAD_LETTER_NOT_FOUND');
    if (row.replayedAt !== null) throw new ConflictError('Sự kiện này đã được gửi lại.', 'ALREADY_REPLAYED');
    if (!row.eventId) throw new ConflictError('Sự kiện không hợp lệ, không thể gửi lại.', 'NOT_REPLAYABLE');
    const now = Date.now();
    // Claim first so two admins cannot both replay; the send happens only for the winner.
    const [claim] = await c.var.db.batch([
      c.var.db.prepare('UPDATE dead_letters SET replayed_at = ?, replayed_by = ? WHERE id = ? AND replayed_at IS NULL').bind(now, p.userId, id),
      auditStatement(c.var.db, { actor: { id: p.userId, role: p.role }, action: 'event.replay', entityType: 'dead_letter', entityId: id, data: { eventId: row.eventId } }, now, 'changed'),
    ]);
    if (claim!.meta.changes !== 1) throw new ConflictError('Sự kiện này đã được gửi lại.', 'ALREADY_REPLAYED');
    try {
      await c.env.EVENTS.send(JSON.parse(row.body));
    } catch (e) {
      await c.var.db.prepare('UPDATE dead_letters SET replayed_at = NULL, replayed_by = NULL WHERE id = ?').bind(id).run();
      throw e;
    }
    return c.json(toDeadLetter((await c.var.db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = ?`).bind(id).first<DeadLetterRow>())!), 200);
  });
