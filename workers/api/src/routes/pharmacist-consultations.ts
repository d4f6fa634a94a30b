/**
 * Consultations, the pharmacist's side (#15, ADR 0029): the queue (oldest first, with counts), the detail (files'
 * links audited), claim and release. Reads: pharmacists and admins; claim/release: pharmacists only. One pharmacist
 * per consultation: the claim is an UPDATE guarded by the state table, so of two simultaneous claims exactly one wins.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { applyMove, loadConsultation, staffConsultationDetail, staffQueue } from '@medicare/shared/consultations/repo.d1';
import { StaffConsultationDetailSchema, StaffQueueQuerySchema, StaffQueueSchema } from '@medicare/shared/consultations/schemas';
import { refusal } from '@medicare/shared/consultations/state';
import { NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { jwtSecret } from '@medicare/shared/http/auth';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';

const tags = ['Pharmacist: consultations'];
const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const detail = (description: string) => ({ description, content: { 'application/json': { schema: StaffConsultationDetailSchema } } });

const queueRoute = createRoute({
  method: 'get',
  path: '/v1/pharmacist/consultations',
  tags,
  security,
  summary: 'The consultation queue (pharmacist, admin): waiting ones oldest first, with waiting time; counts of waiting and mine',
  description: '`status`: waiting (default, in the queue) | mine (held by me) | in_review | advised | rejected | cancelled | all. `rx`: asks about a prescription-only product. `q`: code, name or phone. Open lists run oldest first, decided ones newest first.',
  request: { query: StaffQueueQuerySchema },
  responses: { 200: { description: 'A page of the queue', content: { 'application/json': { schema: StaffQueueSchema } } }, ...errorResponses(400, 401, 403) },
});
const detailRoute = createRoute({
  method: 'get',
  path: '/v1/pharmacist/consultations/{id}',
  tags,
  security,
  summary: "A consultation with the customer's history (pharmacist, admin); giving out its file links is audited",
  request: { params: IdParam },
  responses: { 200: detail('The consultation'), ...errorResponses(400, 401, 403, 404) },
});
const claimRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/consultations/{id}/claim',
  tags,
  security,
  summary: 'Claim a waiting consultation (pharmacist): it is mine until I advise, reject or release it (audited)',
  description: '409 `CONSULTATION_CLAIMED` (`details.holderName`) when another pharmacist holds it or it is no longer waiting. Claiming one I already hold answers it again.',
  request: { params: IdParam },
  responses: { 200: detail('The claimed consultation'), ...errorResponses(400, 401, 403, 404, 409) },
});
const releaseRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/consultations/{id}/release',
  tags,
  security,
  summary: 'Put a consultation I hold back in the queue (pharmacist, the holder; audited)',
  description: '409 `CONSULTATION_NOT_CLAIMED_BY_YOU` when I do not hold it.',
  request: { params: IdParam },
  responses: { 200: detail('The released consultation'), ...errorResponses(400, 401, 403, 404, 409) },
});

const notFound = () => new NotFoundError('Không tìm thấy yêu cầu tư vấn.', 'CONSULTATION_NOT_FOUND');

async function load(c: Context<ApiEnv>, id: string) {
  const row = await loadConsultation(c.var.db, { id });
  if (!row) throw notFound();
  return row;
}

const view = async (c: Context<ApiEnv>, id: string) => staffConsultationDetail(c.var.db, await load(c, id), jwtSecret(c), Date.now(), staffActor(c));

const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
const pharmacist = requireRole('pharmacist');
base.on('GET', '/v1/pharmacist/consultations', staff);
base.on('GET', '/v1/pharmacist/consultations/:id', staff);
base.on('POST', '/v1/pharmacist/consultations/:id/claim', pharmacist);
base.on('POST', '/v1/pharmacist/consultations/:id/release', pharmacist);

export const pharmacistConsultationRoutes = base
  .openapi(queueRoute, async (c) => c.json(await staffQueue(c.var.db, c.req.valid('query'), c.var.principal!.userId, Date.now()), 200))
  .openapi(detailRoute, async (c) => c.json(await view(c, c.req.valid('param').id), 200))
  .openapi(claimRoute, async (c) => {
    const { id } = c.req.valid('param');
    const me = staffActor(c);
    const row = await load(c, id);
    if (!(row.status === 'in_review' && row.pharmacistId === me.id)) {
      const ok = await applyMove(c.var.db, { id, to: 'in_review', actor: { kind: 'pharmacist', ...me }, now: Date.now(), audit: { action: 'consultation.claim', data: { code: row.code } } });
      if (!ok) {
        const now = await c.var.db.prepare('SELECT c.status, u.name AS holderName FROM consultations c LEFT JOIN users u ON u.id = c.pharmacist_id WHERE c.id = ?').bind(id).first<{ status: string; holderName: string | null }>();
        throw refusal('in_review', { status: now?.status, holderName: now?.status === 'in_review' ? now.holderName : null });
      }
      publishSoon(c);
    }
    return c.json(await view(c, id), 200);
  })
  .openapi(releaseRoute, async (c) => {
    const { id } = c.req.valid('param');
    const me = staffActor(c);
    const row = await load(c, id);
    const ok = await applyMove(c.var.db, { id, to: 'submitted', actor: { kind: 'pharmacist', ...me }, now: Date.now(), audit: { action: 'consultation.release', data: { code: row.code } } });
    if (!ok) throw refusal('submitted', { status: row.status });
    return c.json(await view(c, id), 200);
  });
