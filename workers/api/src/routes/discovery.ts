/**
 * #17 discovery (ADR 0039): collections and related products (the same for every shopper: the catalogue edge cache),
 * and recently viewed (per shopper: never cached; a guest's list lives in a cookie, an account's in D1).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { COLLECTIONS, D1DiscoveryRepository, type Collection } from '@medicare/shared/catalog/discovery.d1';
import {
  D1RecentlyViewed,
  guestCookieValue,
  guestList,
  pushViewed,
  RECENTLY_VIEWED_COOKIE,
  RECENTLY_VIEWED_COOKIE_DAYS,
} from '@medicare/shared/catalog/recently-viewed.d1';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ProductSummarySchema, SlugParamSchema } from '@medicare/shared/catalog/schemas';
import { NotFoundError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { intQuery } from '@medicare/shared/http/query';
import { optionalUser } from '../auth';
import { catalogCache } from '../cache';
import type { ApiEnv } from '../env';

const tags = ['Discovery'];
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const slug = z.string().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug không hợp lệ');

export const CollectionQuerySchema = z.object({
  category: slug.optional().openapi({ description: 'Category slug at any level (its descendants included): e.g. best sellers of one category', example: 'thuoc' }),
  limit: intQuery(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(512).optional().openapi({ description: 'Opaque cursor from `nextCursor`' }),
});

const CollectionParamSchema = z.object({
  collection: z.enum(COLLECTIONS).openapi({ param: { name: 'collection', in: 'path' }, description: 'deals: sale active now, biggest discount first; best-sellers: most sold first; new-arrivals: most recently published first' }),
});

const CollectionPageSchema = z
  .object({
    collection: z.enum(COLLECTIONS),
    title: z.string(),
    items: z.array(ProductSummarySchema),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  })
  .openapi('CollectionPage');

const BoughtTogetherSchema = ProductSummarySchema.extend({ boughtTogether: z.number().int() });
const RelatedSchema = z
  .object({
    product: z.string(),
    alternatives: z.array(ProductSummarySchema).openapi({ description: 'Generic alternatives: same active ingredients and strengths, OTC only, sellable first, cheapest first' }),
    sameCategory: z.array(ProductSummarySchema),
    sameBrand: z.array(ProductSummarySchema),
    boughtTogether: z.array(BoughtTogetherSchema).openapi({ description: 'From the recommendation Worker (empty when it does not answer)' }),
  })
  .openapi('RelatedProducts');

const RecentlyViewedSchema = z.object({ items: z.array(ProductSummarySchema) }).openapi('RecentlyViewed');
const ViewBodySchema = z.object({ productId: z.string().min(1).max(40).regex(/^[0-9A-Za-z_-]+$/, 'Mã sản phẩm không hợp lệ.') }).strict();

const collectionRoute = createRoute({
  method: 'get',
  path: '/v1/collections/{collection}',
  tags,
  summary: 'A collection: deals, best sellers (per category too) or new arrivals, cursor-paged',
  description:
    'Public, cached at the edge (catalogue version + minute). Only products sold through the cart and in stock: ' +
    'prescription-only and specially controlled products are never promoted.',
  request: { params: CollectionParamSchema, query: CollectionQuerySchema },
  responses: { 200: json(CollectionPageSchema, 'A page of the collection'), ...errorResponses(400, 404) },
});

const relatedRoute = createRoute({
  method: 'get',
  path: '/v1/related/{slug}',
  tags,
  summary: "A product page's related products: generic alternatives, same category, same brand, bought together",
  description: 'Public, cached at the edge (catalogue version + minute).',
  request: { params: SlugParamSchema },
  responses: { 200: json(RelatedSchema, 'The related groups'), ...errorResponses(400, 404) },
});

const getRecentlyViewed = createRoute({
  method: 'get',
  path: '/v1/recently-viewed',
  tags,
  summary: 'My recently viewed products (account, or the guest cookie), newest first, at most 20',
  description: 'Per shopper, never cached. After sign-in, a guest list still in the cookie is merged into the account.',
  responses: { 200: json(RecentlyViewedSchema, 'Newest first') },
});

const postRecentlyViewed = createRoute({
  method: 'post',
  path: '/v1/recently-viewed',
  tags,
  summary: 'Record a product view; answers the list without that product (what its page shows)',
  request: { body: { required: true, content: { 'application/json': { schema: ViewBodySchema } } } },
  responses: { 200: json(RecentlyViewedSchema, 'The other recently viewed products, newest first'), ...errorResponses(400, 404) },
});

/** The clock is part of what these answers depend on (sale windows, in-stock by day): the key moves every minute. */
const minute = () => `m${Math.floor(Date.now() / 60_000)}`;

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/collections/*', catalogCache(Object.fromEntries(COLLECTIONS.map((k) => [`/v1/collections/${k}`, CollectionQuerySchema])), minute));
base.use('/v1/related/*', catalogCache({}, minute));
base.use('/v1/recently-viewed', optionalUser());

const noStore = (c: Context<ApiEnv>) => c.header('Cache-Control', 'private, no-store');
const setGuestCookie = (c: Context<ApiEnv>, list: string[]) =>
  setCookie(c, RECENTLY_VIEWED_COOKIE, guestCookieValue(list), { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: RECENTLY_VIEWED_COOKIE_DAYS * 86_400 });

/** The caller's list (ids, newest first): the account's (a guest list left in the cookie merged in first) or the cookie's. */
async function viewedIds(c: Context<ApiEnv>, store: D1RecentlyViewed, now: number): Promise<{ userId: string | null; ids: string[] }> {
  const userId = c.var.principal?.userId ?? null;
  const guest = guestList(getCookie(c, RECENTLY_VIEWED_COOKIE));
  if (!userId) return { userId, ids: guest };
  if (getCookie(c, RECENTLY_VIEWED_COOKIE) !== undefined) {
    await store.merge(userId, guest, now);
    deleteCookie(c, RECENTLY_VIEWED_COOKIE, { path: '/', secure: true });
  }
  return { userId, ids: await store.list(userId) };
}

export const discoveryRoutes = base
  .openapi(collectionRoute, async (c) => {
    const { collection } = c.req.valid('param');
    return c.json(await new D1DiscoveryRepository(c.var.db).collection(collection as Collection, c.req.valid('query'), Date.now()), 200);
  })
  .openapi(relatedRoute, async (c) => {
    const { slug: productSlug } = c.req.valid('param');
    const now = Date.now();
    const [groups, boughtTogether] = await Promise.all([new D1DiscoveryRepository(c.var.db).related(productSlug, now), boughtTogetherOf(c, productSlug)]);
    if (!groups) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND', { slug: productSlug });
    return c.json({ ...groups, boughtTogether }, 200);
  })
  .openapi(getRecentlyViewed, async (c) => {
    const now = Date.now();
    const store = new D1RecentlyViewed(c.var.db);
    const { ids } = await viewedIds(c, store, now);
    noStore(c);
    return c.json({ items: await new D1DiscoveryRepository(c.var.db).cards(ids, now) }, 200);
  })
  .openapi(postRecentlyViewed, async (c) => {
    const now = Date.now();
    const { productId } = c.req.valid('json');
    const store = new D1RecentlyViewed(c.var.db);
    const { userId, ids } = await viewedIds(c, store, now);
    const notFound = () => new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND', { productId });
    if (userId) {
      if (!(await store.record(userId, productId, now))) throw notFound();
    } else {
      if (!(await store.visible(productId))) throw notFound();
      setGuestCookie(c, pushViewed(ids, productId));
    }
    noStore(c);
    const others = ids.filter((id) => id !== productId).slice(0, 19);
    return c.json({ items: await new D1DiscoveryRepository(c.var.db).cards(others, now) }, 200);
  });

/**
 * "Bought together" from the recommendation Worker (it owns the counting), through the api's service binding. Its
 * failure or slowness leaves the group empty: the rest of the related products still answer.
 */
async function boughtTogetherOf(c: Context<ApiEnv>, productSlug: string): Promise<Array<z.infer<typeof BoughtTogetherSchema>>> {
  try {
    const res = await c.env.RECOMMENDATION.fetch(
      new Request(`https://recommendation.internal/v1/recommendations/products/${encodeURIComponent(productSlug)}/bought-together?limit=8`, { signal: AbortSignal.timeout(1_000) }),
    );
    if (!res.ok) {
      await res.body?.cancel();
      return [];
    }
    const parsed = z.object({ items: z.array(BoughtTogetherSchema) }).safeParse(await res.json());
    return parsed.success ? parsed.data.items : [];
  } catch {
    return [];
  }
}
