import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CartService, GUEST_CART_DAYS, type CartOwner } from '@medicare/shared/cart/service';
import { MAX_LINE_QUANTITY } from '@medicare/shared/checkout/pricing';
import { QuoteLineSchema } from '@medicare/shared/checkout/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import { optionalUser } from '../auth';
import type { ApiEnv } from '../env';

export const CART_COOKIE = 'mc_cart';
const tags = ['Cart'];
export const CartSchema = z
  .object({
    lines: z.array(QuoteLineSchema.extend({ id: z.string() })),
    subtotal: z.number().int(),
    itemCount: z.number().int(),
    ok: z.boolean(),
  })
  .openapi('Cart');
const ok = { description: 'The cart, priced now', content: { 'application/json': { schema: CartSchema } } };
const ItemParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const Quantity = z.number().int().positive().max(MAX_LINE_QUANTITY * 10);

const getCart = createRoute({ method: 'get', path: '/v1/cart', tags, summary: 'My cart (guest cookie or signed-in); a guest cart is merged in after sign-in', responses: { 200: ok } });
const addItem = createRoute({
  method: 'post',
  path: '/v1/cart/items',
  tags,
  summary: 'Add a selling unit (prescription-only products answer 422 RX_REQUIRES_CONSULTATION)',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ unitId: z.string().min(10).max(40), quantity: Quantity.default(1) }).strict() } } } },
  responses: { 200: ok, ...errorResponses(400, 404, 422) },
});
const patchItem = createRoute({
  method: 'patch',
  path: '/v1/cart/items/{id}',
  tags,
  summary: 'Change the quantity of a line',
  request: { params: ItemParam, body: { required: true, content: { 'application/json': { schema: z.object({ quantity: Quantity }).strict() } } } },
  responses: { 200: ok, ...errorResponses(400, 404, 422) },
});
const deleteItem = createRoute({ method: 'delete', path: '/v1/cart/items/{id}', tags, summary: 'Remove a line', request: { params: ItemParam }, responses: { 200: ok, ...errorResponses(404) } });

/** Who owns the cart for this request; a guest cart still held after sign-in is merged first. */
export async function ownerOf(c: Context<ApiEnv>, cart: CartService): Promise<CartOwner> {
  const guestToken = getCookie(c, CART_COOKIE) ?? null;
  const userId = c.var.principal?.userId ?? null;
  if (userId && guestToken) {
    await cart.mergeGuestInto(userId, guestToken);
    deleteCookie(c, CART_COOKIE, { path: '/', secure: true });
    return { userId, guestToken: null };
  }
  return { userId, guestToken };
}

/** A new guest cart's token, in its HttpOnly cookie. */
export const setGuestCartCookie = (c: Context<ApiEnv>, token: string) =>
  setCookie(c, CART_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: GUEST_CART_DAYS * 86_400 });

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/cart', optionalUser());
base.use('/v1/cart/*', optionalUser());
export const cartRoutes = base
  .openapi(getCart, async (c) => {
    const cart = new CartService(c.var.db, Date.now());
    return c.json(await cart.view(await ownerOf(c, cart)), 200);
  })
  .openapi(addItem, async (c) => {
    const cart = new CartService(c.var.db, Date.now());
    const { unitId, quantity } = c.req.valid('json');
    const res = await cart.add(await ownerOf(c, cart), unitId, quantity);
    if (res.newGuestToken) setGuestCartCookie(c, res.newGuestToken);
    return c.json(res.cart, 200);
  })
  .openapi(patchItem, async (c) => {
    const cart = new CartService(c.var.db, Date.now());
    return c.json(await cart.setQuantity(await ownerOf(c, cart), c.req.valid('param').id, c.req.valid('json').quantity), 200);
  })
  .openapi(deleteItem, async (c) => {
    const cart = new CartService(c.var.db, Date.now());
    return c.json(await cart.remove(await ownerOf(c, cart), c.req.valid('param').id), 200);
  });
