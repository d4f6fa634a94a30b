/**
 * An uploaded image checked the way every catalogue image is (#14 content: category images, brand logos, article
 * covers): size, real type from the bytes, decodable by the Images binding, dimensions; then stored in R2 under an
 * immutable key. The rules themselves live in shared/src/catalog/images.ts.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { EXTENSION, MAX_IMAGE_BYTES, MAX_IMAGE_DIMENSION, sniffImageType } from '@medicare/shared/catalog/images';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@medicare/shared/errors';
import { allowBody } from '@medicare/shared/http/declared';
import { newId } from '@medicare/shared/ids';
import type { ApiEnv } from './env';

export const ImageUploadSchema = z.object({
  file: z.custom<File>((v) => v instanceof File, { message: 'Cần gửi tệp ảnh trong trường file' }).openapi({ type: 'string', format: 'binary' }),
});
export const ImageUploadBody = { required: true, content: { 'multipart/form-data': { schema: ImageUploadSchema } } } as const;
export const IMAGE_UPLOAD_DESCRIPTION = `PNG, JPEG or WebP, at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB and ${MAX_IMAGE_DIMENSION}px per side. The type is detected from the bytes.`;

/** The upload's body cap (instead of createApp's default), checked before the body is read or while it streams. */
export const imageBodyLimit = () => allowBody(MAX_IMAGE_BYTES + 64 * 1024, { code: 'IMAGE_TOO_LARGE', message: 'Ảnh vượt quá 5 MiB.' });

/** Validates the file and stores it at `<kind>/<ownerId>/<new id>.<ext>`; answers the key. */
export async function storeImage(c: Context<ApiEnv>, file: File, kind: 'brands' | 'categories' | 'articles', ownerId: string): Promise<string> {
  if (file.size > MAX_IMAGE_BYTES) throw new PayloadTooLargeError('Ảnh vượt quá 5 MiB.', 'IMAGE_TOO_LARGE', { maxBytes: MAX_IMAGE_BYTES });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (!type) throw new UnsupportedMediaTypeError('Chỉ nhận ảnh PNG, JPEG hoặc WebP.', 'UNSUPPORTED_IMAGE_TYPE');
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
  const key = `${kind}/${ownerId}/${newId()}.${EXTENSION[type]}`;
  await c.env.IMAGES_BUCKET.put(key, bytes, { httpMetadata: { contentType: type, cacheControl: 'public, max-age=31536000, immutable' } });
  return key;
}

/**
 * Stores the image, points the row at it (`attach` answers the previous key), then drops the previous object; when the
 * row cannot be written, the new object is removed so R2 and D1 stay consistent.
 */
export async function replaceImage(c: Context<ApiEnv>, file: File, kind: 'brands' | 'categories' | 'articles', ownerId: string, attach: (key: string) => Promise<string | null>) {
  const key = await storeImage(c, file, kind, ownerId);
  let previous: string | null;
  try {
    previous = await attach(key);
  } catch (e) {
    await c.env.IMAGES_BUCKET.delete(key);
    throw e;
  }
  if (previous && previous !== key) await c.env.IMAGES_BUCKET.delete(previous);
  return key;
}
