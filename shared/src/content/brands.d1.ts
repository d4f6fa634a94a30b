/**
 * Brands' write model (#14 content): create, edit (name, slug, country, description), logo, delete. Every write is
 * audited in the same D1 batch; the brands' triggers (0001) bump the catalogue version (storefront directory, pages).
 */
import { z } from '@hono/zod-openapi';
import { optionalTextInput, textInput } from '../text-input';
import type { AuditWrite } from '../audit/write.d1';
import { auditStatement } from '../audit/write.d1';
import { imageUrl } from '../catalog/service';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { newId } from '../ids';
import { foldVietnamese, slugify } from '../text';

type Actor = AuditWrite['actor'];
const slugSchema = z.string().trim().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang');

export const AdminBrandSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    description: z.string().nullable(),
    logo: z.object({ url: z.string() }).nullable(),
    /** Products of this brand in any state (a brand with products cannot be deleted). */
    productCount: z.number().int(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('AdminBrand');
export type AdminBrand = z.infer<typeof AdminBrandSchema>;

const fields = {
  name: textInput(1, 120),
  slug: slugSchema.optional().openapi({ description: 'Defaults to the name without accents' }),
  country: textInput(2, 80).nullable().optional(),
  description: optionalTextInput(5000).nullable().optional().openapi({ description: 'Plain text or Markdown' }),
};
export const BrandCreateSchema = z.object(fields).strict().openapi('BrandCreate');
export const BrandPatchSchema = z
  .object({ ...fields, name: fields.name.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' })
  .openapi('BrandPatch');
export const BrandListQuerySchema = z.object({ q: z.string().trim().max(100).optional().openapi({ description: 'Part of the name (accents optional)' }) });

type Row = { id: string; slug: string; name: string; country: string | null; description: string | null; logoKey: string | null; productCount: number; createdAt: number; updatedAt: number };
const SELECT =
  'SELECT b.id, b.slug, b.name, b.country, b.description, b.logo_key AS logoKey, b.created_at AS createdAt, b.updated_at AS updatedAt, (SELECT COUNT(*) FROM products p WHERE p.brand_id = b.id) AS productCount FROM brands b';
const present = ({ logoKey, ...r }: Row): AdminBrand => ({ ...r, logo: logoKey ? { url: imageUrl(logoKey) } : null });

/** Every brand by name (a pharmacy has a few hundred at most), optionally narrowed to names containing `q`. */
export async function listAdminBrands(db: D1Database, q?: string): Promise<AdminBrand[]> {
  const rows = (await db.prepare(`${SELECT} ORDER BY b.name COLLATE NOCASE, b.id`).all<Row>()).results;
  const needle = q ? foldVietnamese(q) : '';
  return rows.filter((r) => !needle || foldVietnamese(r.name).includes(needle) || r.slug.includes(slugify(q!))).map(present);
}

export async function getAdminBrand(db: D1Database, id: string): Promise<AdminBrand> {
  const r = await db.prepare(`${SELECT} WHERE b.id = ?`).bind(id).first<Row>();
  if (!r) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND');
  return present(r);
}

async function slugFree(db: D1Database, slug: string, self: string | null) {
  const taken = await db.prepare('SELECT id FROM brands WHERE slug = ? AND id IS NOT ?').bind(slug, self).first();
  if (taken) throw new ConflictError(`Đường dẫn "${slug}" đã được dùng cho thương hiệu khác.`, 'BRAND_SLUG_TAKEN', { slug });
}

export async function createBrand(db: D1Database, input: z.infer<typeof BrandCreateSchema>, actor: Actor, now: number): Promise<AdminBrand> {
  const slug = input.slug ?? slugify(input.name);
  if (!slug) throw new UnprocessableError('Tên thương hiệu cần có chữ cái hoặc chữ số.', 'BRAND_SLUG_EMPTY');
  await slugFree(db, slug, null);
  const id = newId();
  await db.batch([
    db
      .prepare('INSERT INTO brands (id, slug, name, country, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(id, slug, input.name, input.country ?? null, input.description ?? null, now, now),
    auditStatement(db, { actor, action: 'brand.create', entityType: 'brand', entityId: id, data: { name: input.name, slug } }, now),
  ]);
  return getAdminBrand(db, id);
}

export async function updateBrand(db: D1Database, id: string, patch: z.infer<typeof BrandPatchSchema>, actor: Actor, now: number): Promise<AdminBrand> {
  const b = await getAdminBrand(db, id);
  if (patch.slug && patch.slug !== b.slug) await slugFree(db, patch.slug, id);
  const next = { name: patch.name ?? b.name, slug: patch.slug ?? b.slug, country: patch.country === undefined ? b.country : patch.country, description: patch.description === undefined ? b.description : patch.description };
  const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => (b as Record<string, unknown>)[k] !== v).map(([k, v]) => [k, { from: (b as Record<string, unknown>)[k], to: v }]));
  if (Object.keys(changed).length === 0) return b;
  await db.batch([
    db.prepare('UPDATE brands SET name = ?, slug = ?, country = ?, description = ?, updated_at = ? WHERE id = ?').bind(next.name, next.slug, next.country, next.description, now, id),
    auditStatement(db, { actor, action: 'brand.update', entityType: 'brand', entityId: id, data: changed }, now),
  ]);
  return getAdminBrand(db, id);
}

/** Deletes a brand no product or voucher uses; otherwise 409 BRAND_NOT_EMPTY with the counts. */
export async function deleteBrand(db: D1Database, id: string, actor: Actor, now: number): Promise<string | null> {
  const b = await db.prepare('SELECT name, logo_key AS logoKey FROM brands WHERE id = ?').bind(id).first<{ name: string; logoKey: string | null }>();
  if (!b) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND');
  const counts = async () =>
    (await db
      .prepare('SELECT (SELECT COUNT(*) FROM products WHERE brand_id = ?1) AS products, (SELECT COUNT(*) FROM vouchers WHERE scope_brand_id = ?1) AS vouchers')
      .bind(id)
      .first<{ products: number; vouchers: number }>())!;
  const refuse = (c: { products: number; vouchers: number }) =>
    new ConflictError(`Không thể xóa thương hiệu "${b.name}": còn ${[c.products ? `${c.products} sản phẩm` : '', c.vouchers ? `${c.vouchers} mã giảm giá` : ''].filter(Boolean).join(', ')}.`, 'BRAND_NOT_EMPTY', c);
  const before = await counts();
  if (before.products || before.vouchers) throw refuse(before);
  const [del] = await db.batch([
    db.prepare('DELETE FROM brands WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM products WHERE brand_id = ?1) AND NOT EXISTS (SELECT 1 FROM vouchers WHERE scope_brand_id = ?1)').bind(id),
    auditStatement(db, { actor, action: 'brand.delete', entityType: 'brand', entityId: id, data: { name: b.name } }, now, 'changed'),
  ]);
  if (!del!.meta.changes) throw refuse(await counts());
  return b.logoKey;
}

export async function setBrandLogo(db: D1Database, id: string, key: string, actor: Actor, now: number): Promise<string | null> {
  const b = await db.prepare('SELECT logo_key AS logoKey FROM brands WHERE id = ?').bind(id).first<{ logoKey: string | null }>();
  if (!b) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND');
  await db.batch([
    db.prepare('UPDATE brands SET logo_key = ?, updated_at = ? WHERE id = ?').bind(key, now, id),
    auditStatement(db, { actor, action: 'brand.logo', entityType: 'brand', entityId: id, data: { key } }, now),
  ]);
  return b.logoKey;
}
