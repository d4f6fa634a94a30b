/**
 * A product's media after upload (#14): image order, the primary image (position 0: what listings and the product
 * page show first), image deletion, and the certificate PDF kept in the private FILES_BUCKET. Every write is one D1
 * batch with its audit row; R2 objects are deleted only after the row that referenced them is gone, so a failure
 * leaves at worst an unreferenced object, never a row pointing at nothing.
 */
import { auditReadBack, auditStatement, auditWritten } from '../audit/write.d1';
import { ConflictError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { newId } from '../ids';
import { liveProductExistsSql, liveProductSql, requireLiveProduct } from './live.d1';

export interface Actor {
  id: string | null;
  role: string;
}

/** Certificates (giấy chứng nhận, CoA…) are PDFs of at most this many bytes. */
export const MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024;

/** A PDF starts with `%PDF-` (the declared Content-Type and the file name are never trusted). */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;
}

/** The certificate rules on an uploaded file: size cap (413) and PDF signature (415). */
export function checkCertificate(bytes: Uint8Array): void {
  if (bytes.length > MAX_CERTIFICATE_BYTES) throw new PayloadTooLargeError('Tệp chứng nhận vượt quá 10 MiB.', 'CERTIFICATE_TOO_LARGE', { maxBytes: MAX_CERTIFICATE_BYTES });
  if (bytes.length === 0) throw new ValidationError('Tệp chứng nhận rỗng.', undefined, 'CERTIFICATE_EMPTY');
  if (!isPdf(bytes)) throw new UnsupportedMediaTypeError('Chỉ nhận tệp chứng nhận định dạng PDF.', 'CERTIFICATE_NOT_PDF');
}

/** The object key of a certificate in FILES_BUCKET: never under a prefix any public route serves. */
export const certificateKey = (productId: string) => `certificates/${productId}/${newId()}.pdf`;

/** A file name safe in a Content-Disposition header (no quotes, slashes or control characters), ending in .pdf. */
export function certificateFileName(name: string): string {
  const base = name
    .replace(/[\u0000-\u001f\u007f"\\/]/g, '')
    .trim()
    .slice(0, 120);
  if (!base) return 'chung-nhan.pdf';
  return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}

export interface ImageRow {
  id: string;
  r2Key: string;
  alt: string;
  position: number;
}

/** The product's images in order (404 PRODUCT_NOT_FOUND when there is no such product). */
export async function productImages(db: D1Database, productId: string): Promise<ImageRow[]> {
  const exists = await db.prepare('SELECT 1 AS x FROM products WHERE id = ?').bind(productId).first();
  if (!exists) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
  const { results } = await db
    .prepare('SELECT id, r2_key AS r2Key, alt, position FROM product_images WHERE product_id = ? ORDER BY position, id')
    .bind(productId)
    .all<ImageRow>();
  return results;
}

/**
 * Writes the product's images in the order `ids` (position 0 = primary), guarded: each UPDATE names the product,
 * and the batch fails (409 IMAGES_CHANGED) unless the product still has exactly these images, so a concurrent upload
 * or delete is never half-overwritten.
 */
async function writeOrder(db: D1Database, productId: string, ids: string[], actor: Actor, action: 'product.image.reorder' | 'product.image.primary', now: number): Promise<void> {
  const guardId = newId();
  const set = JSON.stringify(ids);
  const statements = [
    // The guard is the audit row itself: inserted only when the product's image set is exactly `ids`; the updates
    // after it are conditioned on that row existing, so a stale order changes nothing (and records nothing).
    auditStatement(db, { id: guardId, actor, action, entityType: 'product', entityId: productId, data: { order: ids } }, now, {
      sql: `${liveProductExistsSql} AND (SELECT COUNT(*) FROM product_images WHERE product_id = ?) = ? AND (SELECT COUNT(*) FROM product_images WHERE product_id = ? AND id IN (SELECT value FROM json_each(?))) = ?`,
      binds: [productId, productId, ids.length, productId, set, ids.length],
    }),
    ...ids.map((id, i) =>
      db.prepare('UPDATE product_images SET position = ? WHERE id = ? AND product_id = ? AND EXISTS (SELECT 1 FROM audit_log WHERE id = ?)').bind(i, id, productId, guardId),
    ),
    db.prepare('UPDATE products SET updated_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM audit_log WHERE id = ?)').bind(now, productId, guardId),
    auditReadBack(db, guardId),
  ];
  const res = await db.batch(statements);
  if (!auditWritten(res[res.length - 1])) {
    await requireLiveProduct(db, productId); // deleted meanwhile: 409 PRODUCT_DELETED
    throw new ConflictError('Danh sách ảnh đã thay đổi, vui lòng tải lại.', 'IMAGES_CHANGED');
  }
}

/** Reorders the product's images: `ids` must be exactly its images, each once (400 INVALID_IMAGE_ORDER otherwise). */
export async function reorderImages(db: D1Database, productId: string, ids: string[], actor: Actor, now: number): Promise<ImageRow[]> {
  await requireLiveProduct(db, productId);
  const current = await productImages(db, productId);
  const have = new Set(current.map((i) => i.id));
  if (new Set(ids).size !== ids.length || ids.length !== current.length || !ids.every((id) => have.has(id))) {
    throw new ValidationError('Thứ tự ảnh phải liệt kê đúng mỗi ảnh của sản phẩm một lần.', { expected: current.map((i) => i.id) }, 'INVALID_IMAGE_ORDER');
  }
  await writeOrder(db, productId, ids, actor, 'product.image.reorder', now);
  return productImages(db, productId);
}

/** Makes `imageId` the primary image (position 0), keeping the others' relative order. */
export async function setPrimaryImage(db: D1Database, productId: string, imageId: string, actor: Actor, now: number): Promise<ImageRow[]> {
  await requireLiveProduct(db, productId);
  const current = await productImages(db, productId);
  if (!current.some((i) => i.id === imageId)) throw new NotFoundError('Không tìm thấy ảnh của sản phẩm này.', 'IMAGE_NOT_FOUND');
  const ids = [imageId, ...current.filter((i) => i.id !== imageId).map((i) => i.id)];
  await writeOrder(db, productId, ids, actor, 'product.image.primary', now);
  return productImages(db, productId);
}

/**
 * Deletes an image row (audited), then its R2 object — only when the key is the product's own upload
 * (`products/<productId>/…`) and no other row still references it (seeded placeholders are shared).
 */
export async function deleteImage(db: D1Database, bucket: R2Bucket, productId: string, imageId: string, actor: Actor, now: number): Promise<void> {
  await requireLiveProduct(db, productId);
  const row = await db.prepare('SELECT r2_key AS r2Key FROM product_images WHERE id = ? AND product_id = ?').bind(imageId, productId).first<{ r2Key: string }>();
  if (!row) throw new NotFoundError('Không tìm thấy ảnh của sản phẩm này.', 'IMAGE_NOT_FOUND');
  // Success is read back from the audit row (inserted only when the DELETE, guarded on a live product, changed one
  // row): D1's meta.changes also counts the rows the catalogue-version triggers touch.
  const auditId = newId();
  const res = await db.batch([
    db.prepare(`DELETE FROM product_images WHERE id = ? AND product_id = ? AND ${liveProductExistsSql}`).bind(imageId, productId, productId),
    auditStatement(db, { id: auditId, actor, action: 'product.image.delete', entityType: 'product', entityId: productId, data: { imageId, r2Key: row.r2Key } }, now, 'changed'),
    db.prepare('UPDATE products SET updated_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM audit_log WHERE id = ?)').bind(now, productId, auditId),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(res[res.length - 1])) {
    await requireLiveProduct(db, productId);
    throw new NotFoundError('Không tìm thấy ảnh của sản phẩm này.', 'IMAGE_NOT_FOUND');
  }
  if (!row.r2Key.startsWith(`products/${productId}/`)) return;
  const still = await db.prepare('SELECT 1 AS x FROM product_images WHERE r2_key = ? LIMIT 1').bind(row.r2Key).first();
  if (!still) await bucket.delete(row.r2Key);
}

export interface NewImage {
  id: string;
  productId: string;
  r2Key: string;
  alt: string;
  contentType: string;
  width: number;
  height: number;
}

/** Adds an uploaded image (last position) to a live product, audited; 404/409 PRODUCT_DELETED otherwise. */
export async function addImage(db: D1Database, image: NewImage, actor: Actor, now: number): Promise<void> {
  const auditId = newId();
  const res = await db.batch([
    db
      .prepare(
        `INSERT INTO product_images (id, product_id, r2_key, alt, content_type, width, height, position, created_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position) + 1, 0) FROM product_images WHERE product_id = ?), ? WHERE ${liveProductExistsSql}`,
      )
      .bind(image.id, image.productId, image.r2Key, image.alt, image.contentType, image.width, image.height, image.productId, now, image.productId),
    auditStatement(db, { id: auditId, actor, action: 'product.image.add', entityType: 'product', entityId: image.productId, data: { imageId: image.id, r2Key: image.r2Key } }, now, 'changed'),
    db.prepare('UPDATE products SET updated_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM audit_log WHERE id = ?)').bind(now, image.productId, auditId),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(res[res.length - 1])) await requireLiveProduct(db, image.productId);
}

export interface Certificate {
  fileName: string;
  size: number;
  uploadedAt: number;
}

export interface CertificateRow {
  key: string | null;
  name: string | null;
  size: number | null;
  uploadedAt: number | null;
}

async function certificateRow(db: D1Database, productId: string): Promise<CertificateRow> {
  const row = await db
    .prepare('SELECT certificate_key AS key, certificate_name AS name, certificate_size AS size, certificate_uploaded_at AS uploadedAt FROM products WHERE id = ?')
    .bind(productId)
    .first<CertificateRow>();
  if (!row) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
  return row;
}

/** The certificate's metadata from its product columns (aliased key, name, size, uploadedAt); null when none. */
export const toCertificate = (r: CertificateRow): Certificate | null =>
  r.key && r.name !== null && r.size !== null && r.uploadedAt !== null ? { fileName: r.name, size: r.size, uploadedAt: r.uploadedAt } : null;

/** The certificate's metadata for AdminProduct (null when none). */
export async function productCertificate(db: D1Database, productId: string): Promise<Certificate | null> {
  return toCertificate(await certificateRow(db, productId));
}

/**
 * Stores a checked PDF as the product's certificate: the object first, then the row (audited) in one batch; the
 * replaced object is deleted after the row points at the new one, and the new object is deleted if the row write fails.
 */
export async function putCertificate(db: D1Database, bucket: R2Bucket, productId: string, file: { bytes: Uint8Array; name: string }, actor: Actor, now: number): Promise<Certificate> {
  checkCertificate(file.bytes);
  await requireLiveProduct(db, productId);
  const before = await certificateRow(db, productId);
  const key = certificateKey(productId);
  const fileName = certificateFileName(file.name);
  await bucket.put(key, file.bytes, { httpMetadata: { contentType: 'application/pdf' }, customMetadata: { productId } });
  try {
    const auditId = newId();
    const res = await db.batch([
      db
        .prepare(`UPDATE products SET certificate_key = ?, certificate_name = ?, certificate_size = ?, certificate_uploaded_at = ?, updated_at = ? WHERE id = ? AND ${liveProductSql('products')}`)
        .bind(key, fileName, file.bytes.length, now, now, productId),
      auditStatement(db, { id: auditId, actor, action: 'product.certificate.upload', entityType: 'product', entityId: productId, data: { fileName, size: file.bytes.length } }, now, 'changed'),
      auditReadBack(db, auditId),
    ]);
    if (!auditWritten(res[res.length - 1])) await requireLiveProduct(db, productId); // 404 or 409 PRODUCT_DELETED
  } catch (e) {
    await bucket.delete(key);
    throw e;
  }
  if (before.key) await bucket.delete(before.key);
  return { fileName, size: file.bytes.length, uploadedAt: now };
}

/** Removes the certificate: the row first (audited), then the object. 404 CERTIFICATE_NOT_FOUND when there is none. */
export async function deleteCertificate(db: D1Database, bucket: R2Bucket, productId: string, actor: Actor, now: number): Promise<void> {
  await requireLiveProduct(db, productId);
  const row = await certificateRow(db, productId);
  if (!row.key) throw new NotFoundError('Sản phẩm chưa có tệp chứng nhận.', 'CERTIFICATE_NOT_FOUND');
  const auditId = newId();
  const res = await db.batch([
    db
      .prepare(`UPDATE products SET certificate_key = NULL, certificate_name = NULL, certificate_size = NULL, certificate_uploaded_at = NULL, updated_at = ? WHERE id = ? AND certificate_key = ? AND ${liveProductSql('products')}`)
      .bind(now, productId, row.key),
    auditStatement(db, { id: auditId, actor, action: 'product.certificate.delete', entityType: 'product', entityId: productId, data: { fileName: row.name } }, now, 'changed'),
    auditReadBack(db, auditId),
  ]);
  if (!auditWritten(res[res.length - 1])) {
    await requireLiveProduct(db, productId);
    throw new ConflictError('Tệp chứng nhận vừa được thay đổi, vui lòng tải lại.', 'CERTIFICATE_CHANGED');
  }
  await bucket.delete(row.key);
}

/** The certificate's bytes for staff (the route checks the role); 404 when the product has none. */
export async function readCertificate(db: D1Database, bucket: R2Bucket, productId: string): Promise<{ body: ReadableStream; fileName: string; size: number }> {
  const row = await certificateRow(db, productId);
  const obj = row.key ? await bucket.get(row.key) : null;
  if (!row.key || !obj) throw new NotFoundError('Sản phẩm chưa có tệp chứng nhận.', 'CERTIFICATE_NOT_FOUND');
  return { body: obj.body, fileName: row.name ?? 'chung-nhan.pdf', size: obj.size };
}
