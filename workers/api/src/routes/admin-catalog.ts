import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { EXTENSION, MAX_IMAGE_BYTES, MAX_IMAGE_DIMENSION, sniffImageType } from '@medicare/shared/catalog/images';
import { requireLiveProduct } from '@medicare/shared/catalog/live.d1';
import { addImage } from '@medicare/shared/catalog/media.d1';
import { imageUrl } from '@medicare/shared/catalog/service';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { allowBody } from '@medicare/shared/http/declared';
import { newId } from '@medicare/shared/ids';
import { requireRole } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: catalogue'];
const security = [{ bearerAuth: [] }];
const ProductIdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

const uploadImage = createRoute({
  method: 'post',
  path: '/v1/admin/products/{id}/images',
  tags,
  security,
  summary: 'Upload a product image to R2 (admin only)',
  description: `PNG, JPEG or WebP, at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB and ${MAX_IMAGE_DIMENSION}px per side. The type is detected from the bytes. 409 \`PRODUCT_DELETED\` on a soft-deleted product.`,
  request: {
    params: ProductIdParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.custom<File>((v) => v instanceof File, { message: 'Cần gửi tệp ảnh trong trường file' }).openapi({ type: 'string', format: 'binary' }),
            alt: z.string().trim().min(1).max(200),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored',
      content: { 'application/json': { schema: z.object({ id: z.string(), key: z.string(), url: z.string(), width: z.number().int(), height: z.number().int() }) } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415),
  },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
// Only this file's route: the product routes (admin-products.ts) guard each method and path themselves.
base.on('POST', '/v1/admin/products/:id/images', requireRole('admin'));

// The upload's body cap (instead of createApp's default), checked before the body is read or while it streams.
base.use('/v1/admin/products/:id/images', allowBody(MAX_IMAGE_BYTES + 64 * 1024, { code: 'IMAGE_TOO_LARGE', message: 'Ảnh vượt quá 5 MiB.' }));

export const adminCatalogRoutes = base
  .openapi(uploadImage, async (c) => {
    const { id } = c.req.valid('param');
    const { file, alt } = c.req.valid('form');
    if (file.size > MAX_IMAGE_BYTES) throw new PayloadTooLargeError('Ảnh vượt quá 5 MiB.', 'IMAGE_TOO_LARGE', { maxBytes: MAX_IMAGE_BYTES });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = sniffImageType(bytes);
    if (!type) throw new UnsupportedMediaTypeError('Chỉ nhận ảnh PNG, JPEG hoặc WebP.', 'UNSUPPORTED_IMAGE_TYPE');
    await requireLiveProduct(c.var.db, id);

    let info: Awaited<ReturnType<ImagesBinding['info']>>;
    try {
      info = await c.env.IMAGES.info(new Blob([bytes]).stream());
    } catch {
      throw new UnsupportedMediaTypeError('Tệp không phải là ảnh hợp lệ.', 'INVALID_IMAGE');
    }
    if (!('width' in info)) throw new UnsupportedMediaTypeError('Chỉ nhận ảnh PNG, JPEG hoặc WebP.', 'UNSUPPORTED_IMAGE_TYPE');
    if (info.width > MAX_IMAGE_DIMENSION || info.height > MAX_IMAGE_DIMENSION) {
      throw new ValidationError(`Ảnh không được lớn hơn ${MAX_IMAGE_DIMENSION}px mỗi chiều.`, { width: info.width, height: info.height }, 'IMAGE_TOO_LARGE_DIMENSIONS');
    }

    const imageId = newId();
    const key = `products/${id}/${imageId}.${EXTENSION[type]}`;
    await c.env.IMAGES_BUCKET.put(key, bytes, { httpMetadata: { contentType: type, cacheControl: 'public, max-age=31536000, immutable' } });
    const principal = c.var.principal!;
    try {
      await addImage(c.var.db, { id: imageId, productId: id, r2Key: key, alt, contentType: type, width: info.width, height: info.height }, { id: principal.userId, role: principal.role }, Date.now());
    } catch (e) {
      await c.env.IMAGES_BUCKET.delete(key); // keep R2 and D1 consistent when the row cannot be written
      throw e;
    }
    return c.json({ id: imageId, key, url: imageUrl(key), width: info.width, height: info.height }, 201);
  });
