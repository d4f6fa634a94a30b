import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { IMAGE_KEY_PATTERN, IMAGE_WIDTHS, variantFormat, type ImageType } from '@medicare/shared/catalog/images';
import { NotFoundError, ValidationError } from '@medicare/shared/errors';
import { crossOriginResource, errorResponses, zodValidationError } from '@medicare/shared/http/app';
import { intQuery } from '@medicare/shared/http/query';
import { edgeCache } from '../cache';
import type { ApiEnv } from '../env';

/** Image keys are immutable (a new upload gets a new key), so every response may be cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const VARIANT_CACHE_ORIGIN = 'https://image-variants.medicare.internal';

const imageRoute = createRoute({
  method: 'get',
  path: '/v1/images/{key}',
  tags: ['Images'],
  summary: 'A product/brand image from R2, optionally resized (?w=) to WebP',
  description: `Allowed widths: ${IMAGE_WIDTHS.join(', ')}. Variants are produced by the Images binding and kept in the edge cache.`,
  request: {
    params: z.object({ key: z.string().openapi({ param: { name: 'key', in: 'path' }, example: 'products/01J9.../01J9....png' }) }),
    query: z.object({
      w: intQuery(1, 10_000)
        .refine((w) => (IMAGE_WIDTHS as readonly number[]).includes(w), { message: `w phải là một trong ${IMAGE_WIDTHS.join(', ')}` })
        .optional(),
    }),
  },
  responses: {
    200: { description: 'The image', content: { 'image/webp': { schema: z.any().openapi({ type: 'string', format: 'binary' }) } } },
    ...errorResponses(400, 404),
  },
});

export const imageRoutes = new OpenAPIHono<ApiEnv>();
imageRoutes.openAPIRegistry.registerPath(imageRoute);
// Public product images may be embedded by any site (the storefront's origin differs from the api's).
imageRoutes.use('/v1/images/*', crossOriginResource());

// Image keys contain slashes, so the route takes the rest of the path; the query is validated by the same schema
// the OpenAPI document declares.
imageRoutes.get('/v1/images/:key{.+}', async (c) => {
  const key = c.req.param('key');
  if (!key || !IMAGE_KEY_PATTERN.test(key)) throw new ValidationError('Đường dẫn ảnh không hợp lệ.', undefined, 'INVALID_IMAGE_KEY');
  const parsed = imageRoute.request.query.safeParse(c.req.query());
  if (!parsed.success) throw zodValidationError(parsed.error);
  const { w } = parsed.data;

  if (w === undefined) {
    const obj = await c.env.IMAGES_BUCKET.get(key);
    if (!obj) throw new NotFoundError('Không tìm thấy ảnh.', 'IMAGE_NOT_FOUND');
    return new Response(obj.body, {
      headers: { 'Content-Type': obj.httpMetadata?.contentType ?? 'application/octet-stream', 'Cache-Control': IMMUTABLE, ETag: obj.httpEtag },
    });
  }

  const accept = c.req.header('accept');
  const cacheKey = `${VARIANT_CACHE_ORIGIN}/${key}?w=${w}&f=${accept?.includes('image/webp') ? 'webp' : 'orig'}`;
  const cached = await edgeCache().match(cacheKey);
  if (cached) {
    const res = new Response(cached.body, cached);
    res.headers.set('X-Cache', 'HIT');
    return res;
  }
  const obj = await c.env.IMAGES_BUCKET.get(key);
  if (!obj) throw new NotFoundError('Không tìm thấy ảnh.', 'IMAGE_NOT_FOUND');
  const original = (obj.httpMetadata?.contentType ?? 'image/png') as ImageType;
  const result = await c.env.IMAGES.input(obj.body)
    .transform({ width: w, fit: 'scale-down' })
    .output({ format: variantFormat(accept, original) });
  const res = result.response();
  const out = new Response(res.body, {
    headers: { 'Content-Type': result.contentType(), 'Cache-Control': IMMUTABLE, Vary: 'Accept' },
  });
  await edgeCache().put(cacheKey, out.clone());
  out.headers.set('X-Cache', 'MISS');
  return out;
});
