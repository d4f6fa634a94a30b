/**
 * #17 refill reminders (ADR 0040): the shopper's reminders (list, turn on for a received line, change cadence/lead,
 * pause/stop) and the email's one-click links: "Đặt lại" (rebuilds the cart at current prices and stock through the cart
 * service, then redirects to /gio-hang); "Tạm dừng" and "Dừng nhắc" open the storefront page whose button POSTs them
 * (a GET changes nothing; mail clients POST the RFC 8058 one-click stop). A prescription-only
 * line is never reordered: `rxLineProblem` (shared/src/checkout/pricing.ts) refuses it.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CartService } from '@medicare/shared/cart/service';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { rxLineProblem } from '@medicare/shared/checkout/pricing';
import { AppError, ValidationError } from '@medicare/shared/errors';
import { ActionDoneSchema, emailActionPage } from '@medicare/shared/alerts/links';
import { jwtSecret } from '@medicare/shared/http/auth';
import { errorResponses } from '@medicare/shared/http/app';
import {
  CreateReminderSchema,
  createReminder,
  listReminders,
  readReminderLink,
  reminderForReorder,
  ReminderSchema,
  RemindersViewSchema,
  setReminderStatus,
  UpdateReminderSchema,
  updateReminder,
} from '@medicare/shared/alerts/refill';
import { optionalUser, requireUser } from '../auth';
import type { ApiEnv } from '../env';
import { ownerOf, setGuestCartCookie } from './cart';
import { actionBody, isOneClick } from './stock-alerts';

const tags = ['Refill reminders'];
const security = [{ bearerAuth: [] }];
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const TokenQuery = z.object({ t: z.string().min(20).max(2000).openapi({ param: { name: 't', in: 'query' }, description: 'The signed link token from the reminder email' }) });
const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const listRoute = createRoute({ method: 'get', path: '/v1/me/refill-reminders', tags, security, summary: 'My refill reminders and the received lines that can get one', responses: { 200: json(RemindersViewSchema, 'Reminders and eligible lines'), ...errorResponses(401) } });
const createReminderRoute = createRoute({
  method: 'post',
  path: '/v1/me/refill-reminders',
  tags,
  security,
  summary: 'Turn on a reminder for a received line of my order (or turn its stopped reminder on again)',
  description: '404 ORDER_LINE_NOT_FOUND (not your line), 409 ORDER_NOT_DELIVERED, 409 REMINDER_EXISTS (active or paused: use PATCH), 422 NOT_REFILL_ELIGIBLE (not a chronic/regular-use product).',
  request: { body: { required: true, content: { 'application/json': { schema: CreateReminderSchema } } } },
  responses: { 201: json(ReminderSchema, 'The reminder'), ...errorResponses(400, 401, 404, 409, 422) },
});
const updateRoute = createRoute({
  method: 'patch',
  path: '/v1/me/refill-reminders/{id}',
  tags,
  security,
  summary: 'Change cadence or lead days, pause, resume, stop or turn on again a stopped reminder',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: UpdateReminderSchema } } } },
  responses: { 200: json(ReminderSchema, 'The reminder'), ...errorResponses(400, 401, 404) },
});
const redirect = (to: string) => ({ description: `Redirect to ${to}`, headers: z.object({ location: z.string() }) });
const reorderRoute = createRoute({
  method: 'get',
  path: '/v1/refill/reorder',
  tags,
  summary: '"Đặt lại" (signed link): puts the reminded line into the caller\'s cart at current price and stock, then redirects to /gio-hang',
  description:
    'Redirects to `/gio-hang?dat-lai=` `ok` (added, or already in the cart), `mot-phan` (only what is in stock), `het-hang` (nothing available), ' +
    '`thuoc-ke-don` (prescription-only: never reordered, ask a pharmacist) or `lien-ket-loi` (invalid/expired link). Never oversells: quantities are checked by the cart service.',
  request: { query: TokenQuery },
  responses: { 303: redirect('/gio-hang'), ...errorResponses(400) },
});
const manageRoute = createRoute({
  method: 'get',
  path: '/v1/refill/manage',
  tags,
  summary: '"Tạm dừng" / "Dừng nhắc" link (signed): opens the storefront page whose button POSTs it (a GET changes nothing)',
  request: { query: TokenQuery },
  responses: { 303: redirect('/thong-bao-email/tam-dung|dung-nhac?t=… (or the notice page for an invalid link)'), ...errorResponses(400) },
});
const managePostRoute = createRoute({
  method: 'post',
  path: '/v1/refill/manage',
  tags,
  summary: 'Pauses or stops the reminder named by the signed token (no sign-in): the storefront page\'s button, or a mail client\'s RFC 8058 one-click POST',
  description: 'Body `List-Unsubscribe=One-Click` → 200 (400 LINK_INVALID for a bad or expired token); otherwise 303 to the notice page.',
  request: { query: TokenQuery, body: actionBody },
  responses: { 200: json(ActionDoneSchema, 'Done (RFC 8058 one-click POST from a mail client)'), 303: redirect('/thong-bao-email?kq=…'), ...errorResponses(400) },
});

const web = (c: { env: ApiEnv['Bindings'] }) => c.env.WEB_ORIGIN ?? 'http://127.0.0.1:3000';

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/me/refill-reminders', requireUser());
base.use('/v1/me/refill-reminders/*', requireUser());
base.use('/v1/refill/reorder', optionalUser());
export const refillReminderRoutes = base
  .openapi(listRoute, async (c) => c.json(await listReminders(c.var.db, c.var.principal!.userId), 200))
  .openapi(createReminderRoute, async (c) => c.json(await createReminder(c.var.db, c.var.principal!.userId, c.req.valid('json'), Date.now()), 201))
  .openapi(updateRoute, async (c) => c.json(await updateReminder(c.var.db, c.var.principal!.userId, c.req.valid('param').id, c.req.valid('json'), Date.now()), 200))
  .openapi(reorderRoute, async (c) => {
    const now = Date.now();
    const to = (outcome: string) => c.redirect(`${web(c)}/gio-hang?dat-lai=${outcome}`, 303) as never;
    const link = await readReminderLink(jwtSecret(c), c.req.valid('query').t, Math.floor(now / 1000));
    const r = link?.act === 'reorder' ? await reminderForReorder(c.var.db, link.id) : null;
    if (!r) return to('lien-ket-loi');
    // THE prescription rule (no quote: a prescription-only line is never reordered online).
    const { units, pricing } = await new D1CheckoutRepository(c.var.db).load([r.unitId], [], null);
    const unit = units.get(r.unitId);
    if (unit && rxLineProblem(unit, null, pricing)) return to('thuoc-ke-don');
    const cart = new CartService(c.var.db, now);
    const owner = await ownerOf(c, cart);
    // Idempotent: a second click (or a mail scanner's prefetch) does not add the line again.
    if ((await cart.view(owner)).lines.some((l) => l.unitId === r.unitId)) return to('ok');
    const add = async (quantity: number) => {
      const res = await cart.add(owner, r.unitId, quantity);
      if (res.newGuestToken) setGuestCartCookie(c, res.newGuestToken);
    };
    try {
      await add(r.quantity);
      return to('ok');
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const available = Number((e.details as { available?: number } | undefined)?.available ?? 0);
      if (e.code === 'INSUFFICIENT_STOCK' && available > 0) {
        await add(available);
        return to('mot-phan');
      }
      if (e.code === 'RX_REQUIRES_CONSULTATION') return to('thuoc-ke-don');
      return to('het-hang');
    }
  })
  .openapi(manageRoute, async (c) => {
    const { t } = c.req.valid('query');
    const link = await readReminderLink(jwtSecret(c), t, Math.floor(Date.now() / 1000));
    if (link?.act === 'pause' || link?.act === 'stop') return c.redirect(emailActionPage(web(c), link.act, t), 303) as never;
    return c.redirect(`${web(c)}/thong-bao-email?kq=lien-ket-loi`, 303) as never;
  })
  .openapi(managePostRoute, async (c) => {
    const now = Date.now();
    const link = await readReminderLink(jwtSecret(c), c.req.valid('query').t, Math.floor(now / 1000));
    const status = link?.act === 'pause' ? 'paused' : link?.act === 'stop' ? 'stopped' : null;
    const done = link && status ? await setReminderStatus(c.var.db, link.id, status, now) : false;
    if (await isOneClick(c)) {
      if (!done) throw new ValidationError('Liên kết không hợp lệ hoặc đã hết hạn.', undefined, 'LINK_INVALID');
      return c.json({ done: true as const }, 200);
    }
    return c.redirect(`${web(c)}/thong-bao-email?kq=${!done ? 'lien-ket-loi' : status === 'paused' ? 'da-tam-dung' : 'da-dung-nhac'}`, 303) as never;
  });
