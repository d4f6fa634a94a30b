/**
 * A product's media after upload (#14): image order, primary image, image deletion (upload stays in
 * admin-catalog.ts), and the certificate PDF — kept in the private FILES_BUCKET, served only to staff by this route
 * (no public URL exists: /v1/images serves IMAGES_BUCKET keys of the images pattern only). The rules are in
 * shared/src/catalog/media.d1.ts.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { imageUrl } from '@medicare/shared/catalog/service';
import {
  deleteCertificate,
  deleteImage,
  MAX_CERTIFICATE_BYTES,
  productImages,
  putCertificate,
  readCertificate,
  reorderImages,
  setPrimaryImage,
  type ImageRow,
} from '@medicare/shared/catalog/media.d1';
import { errorResponses } from '@medicare/shared/http/app';
import { allowBody } from '@medicare/shared/http/declared';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';

const tags = ['Admin: catalogue'];
const security = [{ bearerAuth: [] }];
const idParam = z.string().min(10).max(40);
const ProductIdParam = z.object({ id: idParam.openapi({ param: { name: 'id', in: 'path' } }) });
const ImageParams = z.object({
  id: idParam.openapi({ param: { name: 'id', in: 'path' } }),
  imageId: idParam.openapi({ param: { name: 'imageId', in: 'path' } }),
});

const AdminImageSchema = z.object({ id: z.string(), url: z.string(), alt: z.string(), position: z.number().int() }).openapi('AdminProductImage');
const ImagesSchema = z.object({ images: z.array(AdminImageSchema) }).openapi('AdminProductImages');
export const CertificateSchema = z
  .object({ fileName: z.string(), size: z.number().int(), uploadedAt: z.number().int() })
  .openapi('ProductCertificate', { description: 'The certificate PDF (private; downloaded by staff through GET .../certificate).' });

const imagesOk = { description: 'The product images in their new order (position 0 is the primary image)', content: { 'application/json': { schema: ImagesSchema } } };

const reorderRoute = createRoute({
  method: 'put',
  path: '/v1/admin/products/{id}/images/order',
  tags,
  security,
  summary: 'Reorder the product images (admin); the first is the primary image',
  request: {
    params: ProductIdParam,
    body: { required: true, content: { 'application/json': { schema: z.object({ ids: z.array(idParam).min(1).max(50) }).strict() } } },
  },
  responses: { 200: imagesOk, ...errorResponses(400, 401, 403, 404, 409) },
});

const primaryRoute = createRoute({
  method: 'post',
  path: '/v1/admin/products/{id}/images/{imageId}/primary',
  tags,
  security,
  summary: 'Make an image the primary image (admin); the others keep their order',
  request: { params: ImageParams },
  responses: { 200: imagesOk, ...errorResponses(400, 401, 403, 404, 409) },
});

const deleteImageRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/products/{id}/images/{imageId}',
  tags,
  security,
  summary: 'Delete a product image (admin): the row, then its R2 object',
  request: { params: ImageParams },
  responses: { 200: imagesOk, ...errorResponses(400, 401, 403, 404, 409) },
});

const putCertificateRoute = createRoute({
  method: 'put',
  path: '/v1/admin/products/{id}/certificate',
  tags,
  security,
  summary: 'Upload or replace the product certificate PDF (admin); stored privately',
  description: `A PDF (detected from its first bytes, %PDF-), at most ${MAX_CERTIFICATE_BYTES / 1024 / 1024} MiB.`,
  request: {
    params: ProductIdParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.custom<File>((v) => v instanceof File, { message: 'Cần gửi tệp PDF trong trường file' }).openapi({ type: 'string', format: 'binary' }),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: CertificateSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415),
  },
});

const getCertificateRoute = createRoute({
  method: 'get',
  path: '/v1/admin/products/{id}/certificate',
  tags,
  security,
  summary: 'Download the product certificate PDF (admin, pharmacist)',
  request: { params: ProductIdParam },
  responses: {
    200: { description: 'The PDF', content: { 'application/pdf': { schema: z.any().openapi({ type: 'string', format: 'binary' }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const deleteCertificateRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/products/{id}/certificate',
  tags,
  security,
  summary: 'Remove the product certificate (admin)',
  request: { params: ProductIdParam },
  responses: {
    200: { description: 'Removed', content: { 'application/json': { schema: z.object({ deleted: z.literal(true) }) } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** RFC 5987 ext-value: percent-encoding, including the characters encodeURIComponent leaves as they are. */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
const answerImages = (rows: ImageRow[]) => ({ images: rows.map((r) => ({ id: r.id, url: imageUrl(r.r2Key), alt: r.alt, position: r.position })) });

/** Middleware first (per method and path, so the pharmacist's download is not caught by an admin-only guard). */
const base = new OpenAPIHono<ApiEnv>();
const admin = requireRole('admin');
base.on('PUT', '/v1/admin/products/:id/images/order', admin);
base.on('POST', '/v1/admin/products/:id/images/:imageId/primary', admin);
base.on('DELETE', '/v1/admin/products/:id/images/:imageId', admin);
base.on('PUT', '/v1/admin/products/:id/certificate', admin);
base.on('DELETE', '/v1/admin/products/:id/certificate', admin);
base.on('GET', '/v1/admin/products/:id/certificate', requireRole('admin', 'pharmacist'));
base.on(
  'PUT',
  '/v1/admin/products/:id/certificate',
  allowBody(MAX_CERTIFICATE_BYTES + 64 * 1024, { code: 'CERTIFICATE_TOO_LARGE', message: 'Tệp chứng nhận vượt quá 10 MiB.' }),
);

export const adminProductMediaRoutes = base
  .openapi(reorderRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(answerImages(await reorderImages(c.var.db, id, c.req.valid('json').ids, staffActor(c), Date.now())), 200);
  })
  .openapi(primaryRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    return c.json(answerImages(await setPrimaryImage(c.var.db, id, imageId, staffActor(c), Date.now())), 200);
  })
  .openapi(deleteImageRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    await deleteImage(c.var.db, c.env.IMAGES_BUCKET, id, imageId, staffActor(c), Date.now());
    return c.json(answerImages(await productImages(c.var.db, id)), 200);
  })
  .openapi(putCertificateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { file } = c.req.valid('form');
    const bytes = new Uint8Array(await file.arrayBuffer());
    return c.json(await putCertificate(c.var.db, c.env.FILES_BUCKET, id, { bytes, name: file.name }, staffActor(c), Date.now()), 200);
  })
  .openapi(getCertificateRoute, async (c) => {
    const cert = await readCertificate(c.var.db, c.env.FILES_BUCKET, c.req.valid('param').id);
    return new Response(cert.body, {
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(cert.size),
        // RFC 6266: an ASCII fallback plus the UTF-8 name (Vietnamese file names).
        'content-disposition': `attachment; filename="${cert.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${rfc5987(cert.fileName)}`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    }) as never;
  })
  .openapi(deleteCertificateRoute, async (c) => {
    await deleteCertificate(c.var.db, c.env.FILES_BUCKET, c.req.valid('param').id, staffActor(c), Date.now());
    return c.json({ deleted: true as const }, 200);
  });
