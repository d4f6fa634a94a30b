import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ApprovalDetailSchema, ApprovalQueueSchema, RevisionSchema } from '@medicare/shared/catalog/admin-product';
import { adminProduct, approvalQueue, ApprovalQuerySchema, revisionDiff, revisionView } from '@medicare/shared/catalog/admin-product.d1';
import { loadProductForWrite, loadRevision, planRevisionDecision } from '@medicare/shared/catalog/product-write.d1';
import { ConflictError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: pharmacist approval'];
const security = [{ bearerAuth: [] }];
const RevisionParam = z.object({ revisionId: z.string().min(10).max(40).openapi({ param: { name: 'revisionId', in: 'path' } }) });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const revision = (description: string) => ({ description, content: { 'application/json': { schema: RevisionSchema } } });

const ApproveBodySchema = z.object({ note: z.string().trim().max(2000).optional() }).strict().openapi('ApproveBody');
const RejectBodySchema = z
  .object({ note: z.string().trim().min(3, 'Cần ghi rõ lý do từ chối (ít nhất 3 ký tự)').max(2000) })
  .strict()
  .openapi('RejectBody');

const queueRoute = createRoute({
  method: 'get',
  path: '/v1/admin/approvals',
  tags,
  security,
  summary: 'The pharmacist approval queue (admin, pharmacist): pending revisions, oldest first; counts per kind',
  description: '`kind`: new (a new product, hidden until approved) or edit (medical fields of a live product). `categoryId` includes descendants.',
  request: { query: ApprovalQuerySchema },
  responses: { 200: { description: 'A page of the queue', content: { 'application/json': { schema: ApprovalQueueSchema } } }, ...errorResponses(400, 401, 403) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/v1/admin/approvals/{revisionId}',
  tags,
  security,
  summary: 'A revision with its product and the side-by-side diff (admin, pharmacist)',
  request: { params: RevisionParam },
  responses: { 200: { description: 'The revision', content: { 'application/json': { schema: ApprovalDetailSchema } } }, ...errorResponses(400, 401, 403, 404) },
});

const approveRoute = createRoute({
  method: 'post',
  path: '/v1/admin/approvals/{revisionId}/approve',
  tags,
  security,
  summary: 'Approve a revision (pharmacist only; audited): a new product becomes visible, an edit goes live',
  description: '409 `REVISION_NOT_PENDING` when it was already decided or replaced by a newer submission.',
  request: { params: RevisionParam, ...jsonBody(ApproveBodySchema) },
  responses: { 200: revision('The decided revision'), ...errorResponses(400, 401, 403, 404, 409) },
});

const rejectRoute = createRoute({
  method: 'post',
  path: '/v1/admin/approvals/{revisionId}/reject',
  tags,
  security,
  summary: 'Reject a revision with a note (pharmacist only; audited): the admin sees the note and may resubmit',
  description: 'A rejected new product stays hidden; a rejected edit leaves the approved text live. 409 `REVISION_NOT_PENDING` as for approve.',
  request: { params: RevisionParam, ...jsonBody(RejectBodySchema) },
  responses: { 200: revision('The decided revision'), ...errorResponses(400, 401, 403, 404, 409) },
});

async function decide(c: Context<ApiEnv>, revisionId: string, approve: boolean, note: string | null) {
  const db = c.var.db;
  const rev = await loadRevision(db, revisionId);
  if (!rev) throw new NotFoundError('Không tìm thấy yêu cầu duyệt.', 'REVISION_NOT_FOUND');
  const notPending = () => new ConflictError('Yêu cầu này đã được xử lý hoặc đã được thay bằng bản gửi mới hơn.', 'REVISION_NOT_PENDING', { state: rev.state });
  if (rev.state !== 'pending') throw notPending();
  const p = c.var.principal!;
  const now = Date.now();
  const [first] = await db.batch(planRevisionDecision(db, rev, { approve, note, actor: { id: p.userId, role: p.role }, now }));
  if (!first!.meta.changes) throw notPending();
  return revisionView(db, (await loadRevision(db, revisionId))!);
}

/** Reads: admin and pharmacist; decisions: pharmacist only (the law asks for a pharmacist's eye). */
const base = new OpenAPIHono<ApiEnv>();
const staff = requireRole('admin', 'pharmacist');
const pharmacist = requireRole('pharmacist');
base.on('GET', '/v1/admin/approvals', staff);
base.on('GET', '/v1/admin/approvals/:revisionId', staff);
base.on('POST', '/v1/admin/approvals/:revisionId/approve', pharmacist);
base.on('POST', '/v1/admin/approvals/:revisionId/reject', pharmacist);

export const adminApprovalRoutes = base
  .openapi(queueRoute, async (c) => c.json(await approvalQueue(c.var.db, c.req.valid('query')), 200))
  .openapi(detailRoute, async (c) => {
    const db = c.var.db;
    const rev = await loadRevision(db, c.req.valid('param').revisionId);
    if (!rev) throw new NotFoundError('Không tìm thấy yêu cầu duyệt.', 'REVISION_NOT_FOUND');
    const existing = await loadProductForWrite(db, rev.productId);
    const product = existing ? await adminProduct(db, rev.productId, Date.now(), existing) : null;
    if (!existing || !product) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
    return c.json({ revision: await revisionView(db, rev), product, changes: revisionDiff(rev, existing) }, 200);
  })
  .openapi(approveRoute, async (c) => c.json(await decide(c, c.req.valid('param').revisionId, true, c.req.valid('json').note || null), 200))
  .openapi(rejectRoute, async (c) => c.json(await decide(c, c.req.valid('param').revisionId, false, c.req.valid('json').note), 200));
