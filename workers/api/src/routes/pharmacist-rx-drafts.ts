/**
 * #18 prescription reading, the pharmacist's side (ADR 0045): the draft of a consultation's prescription, read from
 * one of its photos by the vision model (through the recommendation Worker's internal route: the OpenAI key stays
 * there) or typed by hand, then corrected row by row (another catalogue match, or none) or discarded. Reads: staff
 * who read consultations (pharmacists, admins; each view audited); writes: the pharmacist holding the consultation
 * (`holdsConsultation`), each audited. The shopper never reads a draft: what reaches them is the pharmacist's advice.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { loadConsultation, type ConsultationRow } from '@medicare/shared/consultations/repo.d1';
import { holdsConsultation, refusal } from '@medicare/shared/consultations/state';
import { AppError, ConflictError, NotFoundError, UnsupportedMediaTypeError, ValidationError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { discardDraft, draftViewAudit, loadDraft, saveDraft } from '@medicare/shared/prescriptions/drafts.d1';
import { matchDrafts } from '@medicare/shared/prescriptions/match.d1';
import {
  AiStatusSchema,
  RX_READER_LABELS,
  RxDraftAnswerSchema,
  RxDraftInputSchema,
  RxReadingSchema,
  RxReadInputSchema,
} from '@medicare/shared/prescriptions/schemas';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Pharmacist: prescription drafts'];
const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const answer = (description: string) => ({ description, content: { 'application/json': { schema: RxDraftAnswerSchema } } });
const PATH = '/v1/pharmacist/consultations/{id}/rx-draft';

const getRoute = createRoute({
  method: 'get',
  path: PATH,
  tags,
  security,
  summary: "A consultation's prescription draft and whether the AI reader is on (pharmacist, admin; the view is audited)",
  request: { params: IdParam },
  responses: { 200: answer('The draft (null when none) and the reader'), ...errorResponses(400, 401, 403, 404) },
});
const readRoute = createRoute({
  method: 'post',
  path: `${PATH}/read`,
  tags,
  security,
  summary: 'Read a prescription photo into the draft with the vision model (the holding pharmacist; audited)',
  description:
    '`fileId`: which of the consultation\'s images (default: its first image). `replace: true` overwrites an existing draft (else 409 `RX_DRAFT_EXISTS`). ' +
    '409 `CONSULTATION_NOT_CLAIMED_BY_YOU`; 404 `RX_FILE_NOT_FOUND` (no such image); 415 `RX_FILE_NOT_IMAGE` (a PDF); 422 `RX_UNREADABLE` (no drug read); ' +
    '502 `RX_READER_FAILED` (the model erred, timed out or answered off-schema); 503 `RX_READER_OFF` (no OpenAI key: type the draft by hand).',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: RxReadInputSchema.extend({ replace: z.boolean().optional() }) } } } },
  responses: { 200: answer('The draft read from the image, matched to the catalogue'), ...errorResponses(400, 401, 403, 404, 409, 415, 422, 502, 503) },
});
const saveRoute = createRoute({
  method: 'put',
  path: PATH,
  tags,
  security,
  summary: 'Save the draft as corrected by the holding pharmacist (rows, chosen products; matches recomputed; audited)',
  description: 'A row\'s `productId`: absent keeps the best match, null keeps none, an id picks that product (400 `UNKNOWN_PRODUCT` if it is not an approved product). 409 `CONSULTATION_NOT_CLAIMED_BY_YOU`.',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RxDraftInputSchema } } } },
  responses: { 200: answer('The saved draft'), ...errorResponses(400, 401, 403, 404, 409) },
});
const discardRoute = createRoute({
  method: 'delete',
  path: PATH,
  tags,
  security,
  summary: 'Discard the draft (the holding pharmacist; audited)',
  description: '404 `RX_DRAFT_NOT_FOUND` when there is none; 409 `CONSULTATION_NOT_CLAIMED_BY_YOU`.',
  request: { params: IdParam },
  responses: { 200: answer('No draft any more'), ...errorResponses(400, 401, 403, 404, 409) },
});

const notFound = () => new NotFoundError('Không tìm thấy yêu cầu tư vấn.', 'CONSULTATION_NOT_FOUND');
const INTERNAL = 'https://recommendation.internal';

async function load(c: Context<ApiEnv>, id: string) {
  const row = await loadConsultation(c.var.db, { id });
  if (!row) throw notFound();
  return row;
}

/** The pharmacist must hold the consultation: the same 409 as advising it. */
function mustHold(c: Context<ApiEnv>, row: ConsultationRow) {
  if (!holdsConsultation(row, staffActor(c).id)) throw refusal('advised', { status: row.status });
}

/** Whether the recommendation Worker has a vision model (an OpenAI key); off when it cannot say within a second. */
async function readerMode(c: Context<ApiEnv>): Promise<'model' | 'off'> {
  try {
    const res = await c.env.RECOMMENDATION.fetch(new Request(`${INTERNAL}/internal/ai/status`, { signal: AbortSignal.timeout(1_000) }));
    if (!res.ok) return 'off';
    return AiStatusSchema.parse(await res.json()).vision ? 'model' : 'off';
  } catch {
    return 'off';
  }
}

const reader = (mode: 'model' | 'off') => ({ mode, label: RX_READER_LABELS[mode] });

/** The recommendation Worker's error envelope, answered as ours (its codes are this route's documented ones). */
class Upstream extends AppError {}
async function upstreamError(res: Response): Promise<AppError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const allowed = [400, 413, 415, 422, 502, 503] as const;
  const status = (allowed as readonly number[]).includes(res.status) ? (res.status as (typeof allowed)[number]) : 502;
  return new Upstream(status, body?.error?.code ?? 'RX_READER_FAILED', body?.error?.message ?? 'Trình đọc AI không trả lời được lúc này.');
}

const base = new OpenAPIHono<ApiEnv>();
base.on('GET', '/v1/pharmacist/consultations/:id/rx-draft', requireRole('admin', 'pharmacist'));
base.on(['PUT', 'DELETE'], '/v1/pharmacist/consultations/:id/rx-draft', requireRole('pharmacist'));
base.on('POST', '/v1/pharmacist/consultations/:id/rx-draft/read', requireRole('pharmacist'));

export const pharmacistRxDraftRoutes = base
  .openapi(getRoute, async (c) => {
    const row = await load(c, c.req.valid('param').id);
    const [draft, mode] = await Promise.all([loadDraft(c.var.db, row.id), readerMode(c)]);
    if (draft) await draftViewAudit(c.var.db, row, staffActor(c), Date.now()).run();
    return c.json({ draft, reader: reader(mode) }, 200);
  })
  .openapi(readRoute, async (c) => {
    const row = await load(c, c.req.valid('param').id);
    mustHold(c, row);
    const input = (c.req.valid('json') ?? {}) as { fileId?: string; replace?: boolean };
    if (!input.replace && (await loadDraft(c.var.db, row.id))) throw new ConflictError('Phiếu này đã có bản nháp đơn thuốc. Bỏ bản nháp hoặc chọn đọc lại để thay thế.', 'RX_DRAFT_EXISTS');
    const file = await c.var.db
      .prepare(
        `SELECT id, r2_key AS key, content_type AS contentType FROM consultation_files WHERE consultation_id = ? AND content_type <> 'application/pdf'${input.fileId ? ' AND id = ?' : ''} ORDER BY position LIMIT 1`,
      )
      .bind(row.id, ...(input.fileId ? [input.fileId] : []))
      .first<{ id: string; key: string; contentType: string }>();
    if (!file) {
      const pdf = input.fileId ? await c.var.db.prepare("SELECT 1 FROM consultation_files WHERE consultation_id = ? AND id = ? AND content_type = 'application/pdf'").bind(row.id, input.fileId).first() : null;
      if (pdf) throw new UnsupportedMediaTypeError('Trình đọc AI chỉ đọc ảnh JPEG, PNG hoặc WebP.', 'RX_FILE_NOT_IMAGE');
      throw new NotFoundError('Phiếu này không có ảnh đơn thuốc để đọc.', 'RX_FILE_NOT_FOUND');
    }
    const obj = await c.env.FILES_BUCKET.get(file.key);
    if (!obj) throw new NotFoundError('Không tìm thấy tệp đơn thuốc.', 'RX_FILE_NOT_FOUND');
    // The image's bytes go to the recommendation Worker over the service binding (≤ the 8 MiB upload cap, already
    // stripped of metadata at upload); it holds the key, reads, matches, and stores nothing.
    const res = await c.env.RECOMMENDATION.fetch(new Request(`${INTERNAL}/internal/rx/read`, { method: 'POST', headers: { 'content-type': file.contentType }, body: await obj.arrayBuffer() }));
    if (!res.ok) throw await upstreamError(res);
    const reading = RxReadingSchema.parse(await res.json());
    const now = Date.now();
    const ok = await saveDraft(c.var.db, { consultationId: row.id, code: row.code, fileId: file.id, source: 'model', model: reading.model, prescriber: reading.prescriber, prescribedOn: reading.prescribedOn, items: reading.items, actor: staffActor(c), action: 'consultation.rx_draft_read', now });
    if (!ok) throw refusal('advised', { status: (await load(c, row.id)).status });
    return c.json({ draft: await loadDraft(c.var.db, row.id), reader: reader('model') }, 200);
  })
  .openapi(saveRoute, async (c) => {
    const row = await load(c, c.req.valid('param').id);
    mustHold(c, row);
    const input = c.req.valid('json');
    const picked = [...new Set(input.items.map((i) => i.productId).filter((p): p is string => typeof p === 'string'))];
    if (picked.length) {
      const found = await c.var.db
        .prepare(`SELECT id FROM products WHERE id IN (${picked.map(() => '?').join(', ')}) AND deleted_at IS NULL AND approval_state = 'approved'`)
        .bind(...picked)
        .all<{ id: string }>();
      const known = new Set(found.results.map((r) => r.id));
      const unknown = picked.filter((p) => !known.has(p));
      if (unknown.length) throw new ValidationError('Sản phẩm không tồn tại hoặc chưa được duyệt.', { productIds: unknown }, 'UNKNOWN_PRODUCT');
    }
    const before = await loadDraft(c.var.db, row.id);
    const orNull = (v: string | undefined) => (v ? v : null);
    const drugs = input.items.map((i) => ({ name: i.name, strength: orNull(i.strength), form: orNull(i.form), quantity: orNull(i.quantity), instructions: orNull(i.instructions) }));
    const items = await matchDrafts(c.var.db, drugs, Date.now(), input.items.map((i) => i.productId));
    const ok = await saveDraft(c.var.db, {
      consultationId: row.id,
      code: row.code,
      fileId: before?.fileId ?? null,
      source: before && before.source !== 'manual' ? 'edited' : 'manual',
      model: before?.model ?? null,
      prescriber: orNull(input.prescriber),
      prescribedOn: orNull(input.prescribedOn),
      items,
      actor: staffActor(c),
      action: 'consultation.rx_draft_save',
      now: Date.now(),
    });
    if (!ok) throw refusal('advised', { status: (await load(c, row.id)).status });
    return c.json({ draft: await loadDraft(c.var.db, row.id), reader: reader(await readerMode(c)) }, 200);
  })
  .openapi(discardRoute, async (c) => {
    const row = await load(c, c.req.valid('param').id);
    mustHold(c, row);
    if (!(await discardDraft(c.var.db, row, staffActor(c), Date.now()))) throw new NotFoundError('Phiếu này chưa có bản nháp đơn thuốc.', 'RX_DRAFT_NOT_FOUND');
    return c.json({ draft: null, reader: reader(await readerMode(c)) }, 200);
  });

