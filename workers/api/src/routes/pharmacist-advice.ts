/**
 * #15 advice (ADR 0030): the pharmacist's decision on a consultation they hold — advise (OTC items → an online quote,
 * prescription items → a pickup reservation with FEFO stock, or into the quote while the epidemic exception is on) or
 * reject with a reason — and the shopper's one click from the quote to the cart.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { CartService } from '@medicare/shared/cart/service';
import { AdviceBodySchema, RejectBodySchema } from '@medicare/shared/consultations/advice';
import { adviseConsultation, quoteForCart, rejectConsultation } from '@medicare/shared/consultations/advice.d1';
import { GUEST_COOKIE, isOwner, mayViewConsultation, readGuestIdentity } from '@medicare/shared/consultations/access';
import { loadConsultation, staffConsultationDetail } from '@medicare/shared/consultations/repo.d1';
import { ConsultationCodeSchema, StaffConsultationDetailSchema } from '@medicare/shared/consultations/schemas';
import { ForbiddenError, NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { jwtSecret } from '@medicare/shared/http/auth';
import { optionalUser, requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';
import { CartSchema, ownerOf, setGuestCartCookie } from './cart';

const security = [{ bearerAuth: [] }];
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const CodeParam = z.object({ code: ConsultationCodeSchema.openapi({ param: { name: 'code', in: 'path' }, example: 'TV7K2P9QXR' }) });
const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const detail = (description: string) => ({ description, content: { 'application/json': { schema: StaffConsultationDetailSchema } } });

const adviseRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/consultations/{id}/advice',
  tags: ['Pharmacist: consultations'],
  security,
  summary: 'Advise (the pharmacist holding it; audited): OTC items become a quote, prescription items a pickup reservation',
  description:
    'Each item: product, selling unit, quantity, dosage instructions. OTC items go into the online quote (valid `quoteValidHours`, default 48) at the current price; prescription-only items are reserved for pickup at `locationId` (required then) from FEFO batches for `pickupValidHours` (default 48) — or go into the quote while the epidemic exception is on (special-control drugs never). 409 `CONSULTATION_NOT_CLAIMED_BY_YOU`, 409 `INSUFFICIENT_STOCK` { productId, available }.',
  request: { params: IdParam, ...jsonBody(AdviceBodySchema) },
  responses: { 200: detail('The consultation with its advice'), ...errorResponses(400, 401, 403, 404, 409) },
});

const rejectRoute = createRoute({
  method: 'post',
  path: '/v1/pharmacist/consultations/{id}/reject',
  tags: ['Pharmacist: consultations'],
  security,
  summary: 'Reject with a reason and a note (the pharmacist holding it; audited)',
  description: '`reason`: unreadable | expired_prescription | needs_doctor | not_stocked | other. 409 `CONSULTATION_NOT_CLAIMED_BY_YOU`.',
  request: { params: IdParam, ...jsonBody(RejectBodySchema) },
  responses: { 200: detail('The rejected consultation'), ...errorResponses(400, 401, 403, 404, 409) },
});

const QuoteCartSchema = z.object({ added: z.number().int(), cart: CartSchema }).openapi('QuoteToCart');
const quoteCartRoute = createRoute({
  method: 'post',
  path: '/v1/consultations/{code}/quote/cart',
  tags: ['Consultations'],
  summary: "Put the pharmacist's quote into my cart at the quoted prices (the consultation's owner: account or guest identity)",
  description:
    'One line per quote item at its quoted quantity; checkout charges the quoted unit price (or the current one when lower) while the quote is valid. 404 for anyone who may not see the consultation, 403 for staff, 409 `QUOTE_EXPIRED`, 409 `QUOTE_ALREADY_ORDERED` (every item is on an order that is not cancelled or expired; items still free are added alone), 404 `QUOTE_NOT_FOUND`, 422 with the line problem of an item the cart refuses (e.g. `RX_REQUIRES_CONSULTATION` once the epidemic exception is off).',
  request: { params: CodeParam },
  responses: { 200: { description: 'The cart, priced now', content: { 'application/json': { schema: QuoteCartSchema } } }, ...errorResponses(400, 403, 404, 409, 422) },
});

const notFound = () => new NotFoundError('Không tìm thấy yêu cầu tư vấn.', 'CONSULTATION_NOT_FOUND');

async function view(c: Context<ApiEnv>, id: string) {
  const row = await loadConsultation(c.var.db, { id });
  if (!row) throw notFound();
  return staffConsultationDetail(c.var.db, row, jwtSecret(c), Date.now(), staffActor(c));
}

const base = new OpenAPIHono<ApiEnv>();
const pharmacist = requireRole('pharmacist');
base.on('POST', '/v1/pharmacist/consultations/:id/advice', pharmacist);
base.on('POST', '/v1/pharmacist/consultations/:id/reject', pharmacist);
base.on('POST', '/v1/consultations/:code/quote/cart', optionalUser());

export const pharmacistAdviceRoutes = base
  .openapi(adviseRoute, async (c) => {
    const { id } = c.req.valid('param');
    await adviseConsultation(c.var.db, id, c.req.valid('json'), staffActor(c), Date.now());
    publishSoon(c);
    return c.json(await view(c, id), 200);
  })
  .openapi(rejectRoute, async (c) => {
    const { id } = c.req.valid('param');
    await rejectConsultation(c.var.db, id, c.req.valid('json'), staffActor(c), Date.now());
    publishSoon(c);
    return c.json(await view(c, id), 200);
  })
  .openapi(quoteCartRoute, async (c) => {
    const row = await loadConsultation(c.var.db, { code: c.req.valid('param').code });
    const asker = { principal: c.var.principal, guest: await readGuestIdentity(jwtSecret(c), getCookie(c, GUEST_COOKIE), Math.floor(Date.now() / 1000)) };
    if (!row || !mayViewConsultation(row, asker)) throw notFound();
    if (!isOwner(row, asker)) throw new ForbiddenError('Chỉ người gửi yêu cầu tư vấn mới có thể đặt theo báo giá.', 'NOT_CONSULTATION_OWNER');
    const now = Date.now();
    const items = await quoteForCart(c.var.db, row.id, now);
    const cart = new CartService(c.var.db, now);
    const res = await cart.addQuote(await ownerOf(c, cart), items);
    if (res.newGuestToken) setGuestCartCookie(c, res.newGuestToken);
    return c.json({ added: items.length, cart: res.cart }, 200);
  });
