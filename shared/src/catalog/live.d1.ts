/**
 * THE rule "staff may still write to this product" (issue 14, ADR 0024): it exists and is not soft-deleted. A deleted
 * product is read-only until restored (PATCH, bulk actions, images, certificate, stock receipts). `liveProductSql` is
 * the condition every guarded write puts inside its own SQL (so a delete racing the write wins cleanly);
 * `requireLiveProduct` is the pre-read that answers the right error (404 PRODUCT_NOT_FOUND, 409 PRODUCT_DELETED).
 */
import { ConflictError, NotFoundError, type AppError } from '../errors';

/** SQL: product `p` (a table alias or table name) is not soft-deleted. */
export const liveProductSql = (p: string): string => `${p}.deleted_at IS NULL`;

/** SQL condition with one `?` (the product id): that product exists and is live. */
export const liveProductExistsSql = `EXISTS (SELECT 1 FROM products live_p WHERE live_p.id = ? AND ${liveProductSql('live_p')})`;

export const productNotFound = (): AppError => new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
export const productDeleted = (): AppError => new ConflictError('Sản phẩm đã bị xóa; hãy khôi phục trước khi thao tác.', 'PRODUCT_DELETED');

/** The error for a product row already read (null: the product is writable). */
export function productWriteProblem(row: { deletedAt: number | null } | null | undefined): AppError | null {
  if (!row) return productNotFound();
  return row.deletedAt !== null ? productDeleted() : null;
}

/** Throws 404 PRODUCT_NOT_FOUND or 409 PRODUCT_DELETED unless the product exists and is live. */
export async function requireLiveProduct(db: D1Database, productId: string): Promise<void> {
  const row = await db.prepare('SELECT deleted_at AS deletedAt FROM products WHERE id = ?').bind(productId).first<{ deletedAt: number | null }>();
  const problem = productWriteProblem(row);
  if (problem) throw problem;
}
