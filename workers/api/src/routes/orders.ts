import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as checkout from '@medicare/shared/checkout/service';
import { TariffCarrier, type ShippingCarrier } from '@medicare/shared/checkout/carrier';
import { OrderDetailSchema, OrderListSchema, OrderViewSchema, QuoteSchema } from '@medicare/shared/checkout/schemas';
import { PaymentStatusViewSchema, type PaymentStatusView } from '@medicare/shared/payments/status';
import { ghnCarrier, rateLimiter } from '../adapters';
import { cancelOpenWaybills } from '../waybills';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { D1ShipmentRepository } from '@medicare/shared/shipping/repo.d1';
import { GUEST_PASS_COOKIE, GUEST_PASS_TTL_SECONDS, guestPassPath, issueGuestPass, mayViewOrder, readGuestPass, withPhoneProofLimit } from '@medicare/shared/checkout/access';
import { ConflictError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '@medicare/shared/errors';
import { jwtSecret } from '@medicare/shared/http/auth';
import { getCookie, setCookie } from 'hono/cookie';
import { decideInvoiceDownload } from '@medicare/shared/invoice/access';
import { invoiceForOrderCode } from '@medicare/shared/invoice/repo.d1';
import { errorResponses } from '@medicare/shared/http/app';
import { intQuery } from '@medicare/shared/http/query';
import { ORDER_CODE_PATTERN } from '@medicare/shared/ids';
import { AWAITING_PAYMENT } from '@medicare/shared/orders/state';
import { clientIp, optionalUser, requireUser } from '../auth';
import { CartService } from '@medicare/shared/cart/service';
import { CART_COOKIE } from './cart';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';

const tags = ['Checkout & orders'];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const CodeParam = z.object({ code: z.string().regex(ORDER_CODE_PATTERN).openapi({ param: { name: 'code', in: 'path' }, example: 'MC7K2P9QXR' }) });

const quoteRoute = createRoute({
  method: 'post',
  path: '/v1/checkout/quote',
  tags,
  summary: 'Itemised totals for lines, address, vouchers and payment method, with per-line problems',
  description: 'Anyone (vouchers need a signed-in customer). Prices are always recomputed; nothing is reserved.',
  request: { body: { required: true, content: { 'application/json': { schema: checkout.CheckoutRequestSchema } } } },
  responses: { 200: json(QuoteSchema, 'Quote'), ...errorResponses(400, 401) },
});
const placeRoute = createRoute({
  method: 'post',
  path: '/v1/orders',
  tags,
  summary: 'Place an order (Idempotency-Key required): re-validates, reserves stock FEFO, redeems vouchers, atomically',
  description: 'Anyone (guests too). The same key and body returns the same order (200); the same key with another body is 409. 409 `OUT_OF_STOCK` / `VOUCHER_UNAVAILABLE` when stock or a voucher went meanwhile, 409 `QUOTE_ALREADY_ORDERED` (#15) when the quote item of a line was ordered meanwhile (a quote is bought once).',
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(8).max(100).openapi({ description: 'A fresh random value per order attempt (UUID recommended)' }) }),
    body: { required: true, content: { 'application/json': { schema: checkout.CheckoutRequestSchema } } },
  },
  responses: { 201: json(OrderViewSchema, 'Created'), 200: json(OrderViewSchema, 'Replay of an earlier request with the same key'), ...errorResponses(400, 401, 409, 422) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/v1/orders',
  tags,
  security,
  summary: 'My orders, newest first',
  request: { query: z.object({ limit: intQuery(1, 50, 20), cursor: z.string().max(40).optional() }) },
  responses: { 200: json(OrderListSchema, 'Orders'), ...errorResponses(400, 401) },
});
const lookupRoute = createRoute({
  method: 'post',
  path: '/v1/orders/lookup',
  tags,
  summary: 'Guest order lookup by code and the phone number used (orders placed without an account)',
  description:
    'The phone travels in the body, never in a URL. Rate-limited per IP and per order. On success the answer sets a ' +
    'short-lived HttpOnly guest pass (`mc_go`, path `/v1/orders/{code}`) that the order, payment, payment events and ' +
    'invoice routes accept for that order.',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ code: z.string().trim().toUpperCase().pipe(z.string().regex(ORDER_CODE_PATTERN)), phone: z.string().max(20) }).strict() } } } },
  responses: { 200: json(OrderDetailSchema, 'Order'), ...errorResponses(400, 404, 429) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/v1/orders/{code}',
  tags,
  security,
  summary: 'One order with its timeline: the owner, admins, or a guest holding the order\'s guest pass (set by the lookup or at checkout)',
  request: { params: CodeParam },
  responses: { 200: json(OrderDetailSchema, 'Order'), ...errorResponses(400, 401, 404) },
});
const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/orders/{code}/cancel',
  tags,
  security,
  summary: 'Cancel my order while it has not left (stock and vouchers are released)',
  request: { params: CodeParam },
  responses: { 200: json(OrderDetailSchema, 'Cancelled order'), ...errorResponses(400, 401, 403, 404, 409) },
});

const paymentRoute = createRoute({
  method: 'get',
  path: '/v1/orders/{code}/payment',
  tags,
  summary: "Payment status and bank-transfer instructions (VietQR) for polling (owner, admin, or a guest holding the order's guest pass)",
  request: { params: CodeParam },
  responses: { 200: json(PaymentStatusViewSchema, 'Payment'), ...errorResponses(400, 404, 503) },
});
const paymentEventsRoute = createRoute({
  method: 'get',
  path: '/v1/orders/{code}/payment/events',
  tags,
  summary: 'Server-sent events: the payment status now and on every change, while the order waits for a transfer (at most 10 minutes)',
  request: { params: CodeParam },
  responses: { 200: { description: 'text/event-stream of `payment` events', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses(400, 404, 503) },
});

const invoiceRoute = createRoute({
  method: 'get',
  path: '/v1/orders/{code}/invoice.pdf',
  tags,
  security,
  summary: "The order's invoice PDF (owner, admin, or a guest holding the order's guest pass)",
  description: 'Issued once the order is paid (bank transfer confirmed, or COD collected on delivery). 409 `INVOICE_NOT_AVAILABLE` while unpaid, 409 `INVOICE_NOT_READY` (with Retry-After) while it is being rendered.',
  request: { params: CodeParam },
  responses: { 200: { description: 'The invoice', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses(400, 404, 409) },
});

const repo = (c: Context<ApiEnv>) => new D1CheckoutRepository(c.var.db);

/** Who is asking about order `code`: the signed-in principal and whether they hold this order's guest pass. */
async function askerFor(c: Context<ApiEnv>, code: string) {
  return { principal: c.var.principal, guestPass: await readGuestPass(jwtSecret(c), getCookie(c, GUEST_PASS_COOKIE), code, Math.floor(Date.now() / 1000)) };
}

/** Gives this browser the order's guest pass (HttpOnly, only sent to this order's API paths). */
async function grantGuestPass(c: Context<ApiEnv>, code: string) {
  setCookie(c, GUEST_PASS_COOKIE, await issueGuestPass(jwtSecret(c), code, Math.floor(Date.now() / 1000)), {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: guestPassPath(code),
    maxAge: GUEST_PASS_TTL_SECONDS,
  });
}

/** The order's payment from the payment Worker (service binding), after checking who is asking. */
async function paymentFor(c: Context<ApiEnv>, code: string, asker: Awaited<ReturnType<typeof askerFor>>) {
  const found = await checkout.orderView(repo(c), code);
  if (!found || !mayViewOrder({ userId: found.owner, phone: found.phone }, asker)) throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
  const res = await c.env.PAYMENT.fetch(`https://payment.internal/internal/orders/${code}/payment`);
  const parsed = res.ok ? PaymentStatusViewSchema.safeParse(await res.json()) : null;
  if (!parsed?.success) throw new ServiceUnavailableError('Chưa lấy được trạng thái thanh toán, vui lòng thử lại.', 'PAYMENT_STATUS_UNAVAILABLE');
  return parsed.data;
}

const SSE_POLL_MS = 2_000;
const SSE_MAX_MS = 10 * 60_000;
/** The stream ends once the order no longer waits for a transfer (paid, cancelled, expired, or not a bank transfer). */
const FINAL = (s: PaymentStatusView) => !AWAITING_PAYMENT.has(s.orderStatus);
/** GHN's fee API when its credentials are configured, otherwise the built-in tariff. */
const carrier = (c: Context<ApiEnv>): ShippingCarrier => ghnCarrier(c) ?? new TariffCarrier();
const deps = (c: Context<ApiEnv>): checkout.CheckoutDeps => ({ repo: repo(c), d1: c.var.db, carrier: carrier(c), now: Date.now(), paymentTtlMinutes: c.env.PAYMENT_TTL_MINUTES ? Number(c.env.PAYMENT_TTL_MINUTES) : undefined });

/**
 * #15: checkout deps for a request whose lines may name quote items: only those in the caller's own cart (the signed-in
 * cart, or the guest cart of the cookie) are honoured — the quote-to-cart route checked who may read the consultation.
 */
async function checkoutDeps(c: Context<ApiEnv>, req: checkout.CheckoutRequest): Promise<checkout.CheckoutDeps> {
  if (!req.items.some((i) => i.quoteItemId)) return deps(c);
  const cart = new CartService(c.var.db, Date.now());
  const userId = c.var.principal?.userId ?? null;
  const guestToken = getCookie(c, CART_COOKIE) ?? null;
  const [mine, guest] = await Promise.all([
    userId ? cart.quoteItemIds({ userId, guestToken: null }) : new Set<string>(),
    guestToken ? cart.quoteItemIds({ userId: null, guestToken }) : new Set<string>(),
  ]);
  return { ...deps(c), quoteItemsAllowed: new Set([...mine, ...guest]) };
}

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/checkout/quote', optionalUser());
base.on(['POST'], '/v1/orders', optionalUser());
base.on(['GET'], '/v1/orders', requireUser());
base.use('/v1/orders/:code{MC[0-9A-Z]+}', optionalUser());
base.use('/v1/orders/:code{MC[0-9A-Z]+}/cancel', requireUser());
base.use('/v1/orders/:code{MC[0-9A-Z]+}/payment', optionalUser());
base.use('/v1/orders/:code{MC[0-9A-Z]+}/payment/*', optionalUser());
base.use('/v1/orders/:code{MC[0-9A-Z]+}/invoice.pdf', optionalUser());

export const orderRoutes = base
  .openapi(quoteRoute, async (c) => c.json(await checkout.quote(await checkoutDeps(c, c.req.valid('json')), c.req.valid('json'), c.var.principal ?? null), 200))
  .openapi(placeRoute, async (c) => {
    const key = c.req.valid('header')['idempotency-key'];
    const res = await checkout.placeOrder(await checkoutDeps(c, c.req.valid('json')), c.req.valid('json'), c.var.principal ?? null, key);
    // A guest follows the order with its guest pass (no phone in URLs).
    if (!c.var.principal) await grantGuestPass(c, res.code);
    if (!res.replayed) {
      // Publish after commit; the cron re-publishes anything that did not make it.
      publishSoon(c);
    }
    const view = (await checkout.orderView(repo(c), res.code))!.view;
    return c.json(view, res.replayed ? 200 : 201);
  })
  .openapi(listRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const rows = (await repo(c).listOrders(c.var.principal!.userId, limit, cursor)).results;
    const page = rows.slice(0, limit);
    return c.json({ items: page.map(({ id: _id, ...o }) => o), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }, 200);
  })
  .openapi(lookupRoute, async (c) => {
    const { code, phone } = c.req.valid('json');
    // The phone is guessable: attempts are limited per IP and per order (checkout/access.ts).
    const order = await withPhoneProofLimit(rateLimiter(c), clientIp(c), code, Date.now(), () =>
      checkout.viewOrder(repo(c), code, { phone }).catch((e: unknown) => {
        if (e instanceof NotFoundError) return null;
        throw e;
      }),
    );
    if (!order) throw new NotFoundError('Không tìm thấy đơn hàng với mã và số điện thoại này.', 'ORDER_NOT_FOUND');
    await grantGuestPass(c, order.code);
    return c.json({ ...order, delivery: await new D1ShipmentRepository(c.var.db).forOrder(order.code) }, 200);
  })
  .openapi(invoiceRoute, async (c) => {
    const { code } = c.req.valid('param');
    const decision = decideInvoiceDownload(await invoiceForOrderCode(c.var.db, code), await askerFor(c, code));
    if (decision.kind === 'not_found') throw new NotFoundError('Không tìm thấy đơn hàng.', 'ORDER_NOT_FOUND');
    if (decision.kind === 'unpaid') throw new ConflictError('Đơn hàng chưa được thanh toán nên chưa có hóa đơn.', 'INVOICE_NOT_AVAILABLE');
    const obj = decision.kind === 'ok' ? await c.env.FILES_BUCKET.get(decision.key) : null;
    if (!obj || decision.kind !== 'ok') {
      c.header('Retry-After', '30');
      throw new ConflictError('Hóa đơn đang được tạo, vui lòng thử lại sau ít phút.', 'INVOICE_NOT_READY');
    }
    return new Response(obj.body, {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${decision.number}.pdf"`,
        'content-length': String(obj.size),
        'cache-control': 'private, no-store',
        etag: obj.httpEtag,
      },
    }) as never;
  })
  .openapi(paymentRoute, async (c) => {
    const { code } = c.req.valid('param');
    return c.json(await paymentFor(c, code, await askerFor(c, code)), 200);
  })
  .openapi(paymentEventsRoute, async (c) => {
    const { code } = c.req.valid('param');
    const asker = await askerFor(c, code);
    let last = JSON.stringify(await paymentFor(c, code, asker));
    const started = Date.now();
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const emit = (data: string) => controller.enqueue(enc.encode(`event: payment\ndata: ${data}\n\n`));
        emit(last);
        while (!FINAL(JSON.parse(last)) && Date.now() - started < SSE_MAX_MS) {
          await new Promise((r) => setTimeout(r, SSE_POLL_MS));
          const now = JSON.stringify(await paymentFor(c, code, asker).catch(() => JSON.parse(last)));
          if (now !== last) emit((last = now));
          else controller.enqueue(enc.encode(': keep-alive\n\n'));
        }
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } }) as never;
  })
  .openapi(getRoute, async (c) => {
    const { code } = c.req.valid('param');
    const asker = await askerFor(c, code);
    if (!asker.principal && !asker.guestPass) throw new UnauthorizedError();
    const order = await checkout.viewOrder(repo(c), code, asker);
    return c.json({ ...order, delivery: await new D1ShipmentRepository(c.var.db).forOrder(code) }, 200);
  })
  .openapi(cancelRoute, async (c) => {
    const { code } = c.req.valid('param');
    const order = await checkout.cancelOrder(repo(c), code, c.var.principal!, Date.now());
    await cancelOpenWaybills(c, code);
    const shipments = new D1ShipmentRepository(c.var.db);
    return c.json({ ...order, delivery: await shipments.forOrder(code) }, 200);
  });

