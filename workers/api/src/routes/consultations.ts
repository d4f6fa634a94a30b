/**
 * Consultations, the shopper's side (#15, ADR 0029): the guest one-time code, submitting (photos/PDF to the private
 * bucket, metadata stripped), the shopper's list and page, cancel, the guest link of emails, and the signed file links.
 * Who may see what is ONE rule (`mayViewConsultation`); anyone else gets a 404.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import {
  GUEST_COOKIE,
  GUEST_COOKIE_PATH,
  GUEST_COOKIE_TTL_SECONDS,
  isOwner,
  isStaffReader,
  issueGuestIdentity,
  mayViewConsultation,
  readFileLink,
  readGuestIdentity,
  readGuestLink,
  type GuestIdentity,
} from '@medicare/shared/consultations/access';
import { handoffTranscript, linkConsultation } from '@medicare/shared/assistant/handoff';
import { MAX_SUBMISSION_BYTES, prepareFiles } from '@medicare/shared/consultations/files';
import { EmailCodeSender, requestCode, verifyCode } from '@medicare/shared/consultations/otp';
import { applyMove, consultationDetail, createConsultation, fileViewAudit, listMine, loadConsultation, type ConsultationRow } from '@medicare/shared/consultations/repo.d1';
import {
  ConsultationCodeSchema,
  ConsultationDetailSchema,
  ConsultationListSchema,
  ConsultationPayloadSchema,
  ConsultationSubmitSchema,
  GuestAnswerSchema,
  GuestLinkAnswerSchema,
  GuestLinkSchema,
  OtpRequestAnswerSchema,
  OtpRequestSchema,
  OtpVerifySchema,
} from '@medicare/shared/consultations/schemas';
import { refusal } from '@medicare/shared/consultations/state';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '@medicare/shared/errors';
import { errorResponses, parseJsonField } from '@medicare/shared/http/app';
import { jwtSecret } from '@medicare/shared/http/auth';
import { allowBody } from '@medicare/shared/http/declared';
import { clientIp, mailer, optionalUser } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';
import { rateLimiter } from '../adapters';

const tags = ['Consultations'];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const CodeParam = z.object({ code: ConsultationCodeSchema.openapi({ param: { name: 'code', in: 'path' }, example: 'TV7K2P9QXR' }) });
const TokenParam = z.object({ token: z.string().min(20).max(1000).openapi({ param: { name: 'token', in: 'path' } }) });
const IDENTITY = 'The signed-in shopper, or a guest holding the `mc_gc` cookie (set by the one-time code or the email link).';

const otpRoute = createRoute({
  method: 'post',
  path: '/v1/consultations/otp',
  tags,
  summary: 'Guest: send a one-time code (6 digits, 10 minutes) to the email given, to confirm name + phone + email',
  description: 'Rate-limited: one per minute per phone (429 `OTP_RESEND_TOO_SOON`), 5 an hour per phone and 20 per IP (429 `OTP_RATE_LIMITED`). The code is emailed (no SMS provider: ADR 0029).',
  request: jsonBody(OtpRequestSchema),
  responses: { 202: json(OtpRequestAnswerSchema, 'Code sent'), ...errorResponses(400, 429, 503) },
});
const verifyRoute = createRoute({
  method: 'post',
  path: '/v1/consultations/otp/verify',
  tags,
  summary: 'Guest: confirm the code; sets the HttpOnly guest identity cookie `mc_gc` (24 h, path /v1/consultations)',
  description: '400 `OTP_INVALID` (wrong or expired code; `details.attemptsLeft`), 429 `OTP_LOCKED` after 5 wrong codes (ask for a new one).',
  request: jsonBody(OtpVerifySchema),
  responses: { 200: json(GuestAnswerSchema, 'Guest identity'), ...errorResponses(400, 429) },
});
const guestLinkRoute = createRoute({
  method: 'post',
  path: '/v1/consultations/guest-link',
  tags,
  summary: "Guest: exchange the link of a consultation email (signed, 7 days) for the guest identity cookie `mc_gc`",
  description: '404 `GUEST_LINK_INVALID` for a forged, expired or foreign link.',
  request: jsonBody(GuestLinkSchema),
  responses: { 200: json(GuestLinkAnswerSchema, 'The consultation the link is for, and the guest identity'), ...errorResponses(400, 404) },
});
const submitRoute = createRoute({
  method: 'post',
  path: '/v1/consultations',
  tags,
  security,
  summary: 'Send a consultation (prescription photos or a PDF, products, symptoms/notes, preferred contact time)',
  description:
    `${IDENTITY} Multipart: \`payload\` (JSON) + \`files\`. Files: up to 5 JPEG/PNG/WebP images (8 MiB each) or 1 PDF (10 MiB), ` +
    'the type detected from the bytes (415 `UNSUPPORTED_FILE_TYPE` / `INVALID_FILE`), 413 `FILE_TOO_LARGE`, 400 `TOO_MANY_FILES`; ' +
    'image metadata (EXIF incl. GPS, XMP, IPTC) is removed before storage. 400 `UNKNOWN_PRODUCT`, 400 `CONTACT_PHONE_REQUIRED`. ' +
    '#18: `assistantConversationId` + `assistantHandoffToken` (from the assistant hand-off link) attach that conversation\'s transcript; 404 `ASSISTANT_HANDOFF_INVALID` when the token is not genuine for it, expired, the conversation was already handed off (a link attaches once), or it is another shopper\'s.',
  request: { body: { required: true, content: { 'multipart/form-data': { schema: ConsultationSubmitSchema } } } },
  responses: { 201: json(ConsultationDetailSchema, 'The consultation, in the queue'), ...errorResponses(400, 401, 404, 413, 415) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/v1/consultations',
  tags,
  security,
  summary: 'My consultations, newest first',
  description: IDENTITY,
  responses: { 200: json(ConsultationListSchema, 'Consultations'), ...errorResponses(401) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/v1/consultations/{code}',
  tags,
  security,
  summary: 'One consultation: status, timeline, files (signed links valid 5 minutes), the pharmacist',
  description: `${IDENTITY} Staff may read it too (their file links are audited). Anyone else: 404 \`CONSULTATION_NOT_FOUND\`.`,
  request: { params: CodeParam },
  responses: { 200: json(ConsultationDetailSchema, 'Consultation'), ...errorResponses(400, 404) },
});
const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/consultations/{code}/cancel',
  tags,
  security,
  summary: 'Cancel my consultation while no pharmacist has decided it',
  description: `${IDENTITY} 409 \`CONSULTATION_NOT_CANCELLABLE\` once advised, rejected or cancelled; staff who are not the owner: 403.`,
  request: { params: CodeParam },
  responses: { 200: json(ConsultationDetailSchema, 'Cancelled consultation'), ...errorResponses(400, 403, 404, 409) },
});
const fileRoute = createRoute({
  method: 'get',
  path: '/v1/consultation-files/{token}',
  tags,
  summary: 'A prescription file, through a signed link valid 5 minutes (issued only by authorised routes)',
  description: '403 `FILE_LINK_EXPIRED` once the link is older than 5 minutes (reload the consultation for a new one); 404 for anything else. `Cache-Control: private, no-store`.',
  request: { params: TokenParam },
  responses: {
    200: {
      description: 'The file (metadata already stripped)',
      content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'].map((t) => [t, { schema: z.any().openapi({ type: 'string', format: 'binary' }) }])),
    },
    ...errorResponses(400, 403, 404),
  },
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const notFound = () => new NotFoundError('Không tìm thấy yêu cầu tư vấn.', 'CONSULTATION_NOT_FOUND');

async function guestOf(c: Context<ApiEnv>): Promise<GuestIdentity | null> {
  return readGuestIdentity(jwtSecret(c), getCookie(c, GUEST_COOKIE), nowSeconds());
}

async function setGuestCookie(c: Context<ApiEnv>, g: GuestIdentity) {
  setCookie(c, GUEST_COOKIE, await issueGuestIdentity(jwtSecret(c), g, nowSeconds()), { httpOnly: true, secure: true, sameSite: 'Lax', path: GUEST_COOKIE_PATH, maxAge: GUEST_COOKIE_TTL_SECONDS });
}

/** The consultation `code` when the caller may see it (`mayViewConsultation`), else 404. */
async function visible(c: Context<ApiEnv>, code: string) {
  const row = await loadConsultation(c.var.db, { code });
  const asker = { principal: c.var.principal, guest: await guestOf(c) };
  if (!row || !mayViewConsultation(row, asker)) throw notFound();
  return { row, asker };
}

/** The shopper's view; a staff member reading it through this route is audited like in the console. */
async function detailFor(c: Context<ApiEnv>, row: ConsultationRow, asker: Parameters<typeof isOwner>[1]) {
  const now = Date.now();
  const { fileIds, ...detail } = await consultationDetail(c.var.db, row, jwtSecret(c), now);
  if (!isOwner(row, asker) && isStaffReader(asker) && fileIds.length) await fileViewAudit(c.var.db, row, fileIds, { id: asker.principal!.userId, role: asker.principal!.role }, now).run();
  return detail;
}

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/consultations', optionalUser());
base.use('/v1/consultations/:code{TV[0-9A-Z]+}', optionalUser());
base.use('/v1/consultations/:code{TV[0-9A-Z]+}/cancel', optionalUser());
base.on('POST', '/v1/consultations', allowBody(MAX_SUBMISSION_BYTES, { code: 'FILE_TOO_LARGE', message: 'Tổng dung lượng tệp gửi lên quá lớn.' }));

export const consultationRoutes = base
  .openapi(otpRoute, async (c) => {
    const guest = c.req.valid('json');
    const deps = { db: c.var.db, limiter: rateLimiter(c), secret: jwtSecret(c), now: Date.now(), ip: clientIp(c), sender: new EmailCodeSender(mailer(c)) };
    return c.json(await requestCode(deps, guest), 202);
  })
  .openapi(verifyRoute, async (c) => {
    const { phone, code } = c.req.valid('json');
    const guest = await verifyCode({ db: c.var.db, limiter: rateLimiter(c), secret: jwtSecret(c), now: Date.now(), ip: clientIp(c) }, phone, code);
    await setGuestCookie(c, guest);
    return c.json({ guest }, 200);
  })
  .openapi(guestLinkRoute, async (c) => {
    const invalid = () => new NotFoundError('Liên kết không hợp lệ hoặc đã hết hạn.', 'GUEST_LINK_INVALID');
    const code = await readGuestLink(jwtSecret(c), c.req.valid('json').token, nowSeconds());
    const row = code ? await loadConsultation(c.var.db, { code }) : null;
    if (!row || row.userId !== null || !row.guestEmail || !row.guestPhone || !row.guestName) throw invalid();
    const guest = { name: row.guestName, phone: row.guestPhone, email: row.guestEmail };
    await setGuestCookie(c, guest);
    return c.json({ code: row.code, guest }, 200);
  })
  .openapi(submitRoute, async (c) => {
    const principal = c.var.principal;
    const guest = principal ? null : await guestOf(c);
    if (!principal && !guest) throw new UnauthorizedError('Vui lòng đăng nhập hoặc xác nhận số điện thoại trước khi gửi yêu cầu tư vấn.', 'CONSULTATION_IDENTITY_REQUIRED');
    const form = c.req.valid('form');
    const payload = parseJsonField(form.payload, ConsultationPayloadSchema);
    const files = await prepareFiles(form.files === undefined ? [] : Array.isArray(form.files) ? form.files : [form.files]);
    let contactPhone = payload.contactPhone ?? guest?.phone ?? null;
    if (!contactPhone && principal) contactPhone = (await c.var.db.prepare('SELECT phone FROM users WHERE id = ?').bind(principal.userId).first<{ phone: string | null }>())?.phone ?? null;
    if (!contactPhone) throw new ValidationError('Vui lòng nhập số điện thoại để dược sĩ liên hệ.', undefined, 'CONTACT_PHONE_REQUIRED');
    // #18: opened from the assistant's "hỏi dược sĩ" — the transcript is read from our storage and attached to the note.
    const assistant = payload.assistantConversationId
      ? await handoffTranscript(c.var.db, jwtSecret(c), payload.assistantConversationId, payload.assistantHandoffToken!, principal?.userId ?? null, Date.now())
      : null;
    const { code } = await createConsultation(c.var.db, c.env.FILES_BUCKET, {
      owner: principal ? { userId: principal.userId } : { guest: guest! },
      productIds: payload.productIds,
      symptoms: payload.symptoms ?? null,
      note: assistant ? [payload.note, assistant].filter(Boolean).join('\n\n') : (payload.note ?? null),
      preferredContactTime: payload.preferredContactTime,
      contactPhone,
      files,
    });
    publishSoon(c);
    const row = (await loadConsultation(c.var.db, { code }))!;
    if (assistant) await linkConsultation(c.var.db, payload.assistantConversationId!, row.id);
    const { fileIds: _ids, ...detail } = await consultationDetail(c.var.db, row, jwtSecret(c), Date.now());
    return c.json(detail, 201);
  })
  .openapi(listRoute, async (c) => {
    const principal = c.var.principal;
    const guest = principal ? null : await guestOf(c);
    if (!principal && !guest) throw new UnauthorizedError('Vui lòng đăng nhập để xem yêu cầu tư vấn.', 'CONSULTATION_IDENTITY_REQUIRED');
    return c.json({ items: await listMine(c.var.db, principal ? { userId: principal.userId } : { guest: guest! }) }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { row, asker } = await visible(c, c.req.valid('param').code);
    return c.json(await detailFor(c, row, asker), 200);
  })
  .openapi(cancelRoute, async (c) => {
    const { row, asker } = await visible(c, c.req.valid('param').code);
    if (!isOwner(row, asker)) throw new ForbiddenError('Chỉ người gửi mới có thể hủy yêu cầu tư vấn.', 'NOT_CONSULTATION_OWNER');
    const ok = await applyMove(c.var.db, { id: row.id, to: 'cancelled', actor: { kind: 'customer', id: asker.principal?.userId ?? null, role: asker.principal?.role ?? 'guest' }, now: Date.now() });
    if (!ok) throw refusal('cancelled', { status: (await loadConsultation(c.var.db, { id: row.id }))?.status });
    publishSoon(c);
    return c.json(await detailFor(c, (await loadConsultation(c.var.db, { id: row.id }))!, asker), 200);
  })
  .openapi(fileRoute, async (c) => {
    const link = await readFileLink(jwtSecret(c), c.req.valid('param').token, nowSeconds());
    if (link === 'expired') throw new ForbiddenError('Liên kết xem tệp đã hết hạn, vui lòng tải lại trang.', 'FILE_LINK_EXPIRED');
    const file = link ? await c.var.db.prepare('SELECT r2_key AS r2Key, content_type AS contentType FROM consultation_files WHERE id = ?').bind(link.fileId).first<{ r2Key: string; contentType: string }>() : null;
    const obj = file ? await c.env.FILES_BUCKET.get(file.r2Key) : null;
    if (!file || !obj) throw new NotFoundError('Không tìm thấy tệp.', 'FILE_NOT_FOUND');
    return new Response(obj.body, {
      headers: {
        'content-type': file.contentType,
        'content-length': String(obj.size),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': 'inline',
        'referrer-policy': 'no-referrer',
      },
    }) as never;
  });
