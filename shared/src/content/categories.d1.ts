/**
 * The category tree's write model (#14 content): create, rename, move, reorder, image, SEO description, delete.
 * The materialised `path`/`level` of a moved category and of every descendant are rewritten by ONE UPDATE (atomic),
 * the placement rule is `placeCategory` (catalog/tree.ts), every write is audited in the same D1 batch, and the
 * categories' triggers (0001) bump the catalogue version so the storefront's cached tree and listings follow.
 */
import { z } from '@hono/zod-openapi';
import { optionalTextInput, textInput } from '../text-input';
import type { AuditWrite } from '../audit/write.d1';
import { auditStatement } from '../audit/write.d1';
import { imageUrl } from '../catalog/service';
import { placeCategory, reorderSiblings } from '../catalog/tree';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { newId } from '../ids';
import { slugify } from '../text';

type Actor = AuditWrite['actor'];
const slugSchema = z.string().trim().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
const idSchema = z.string().min(10).max(40);

export const AdminCategorySchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    level: z.number().int().min(1).max(3),
    slug: z.string(),
    name: z.string(),
    path: z.string(),
    position: z.number().int(),
    description: z.string().nullable().openapi({ description: 'SEO description (meta description of the category page)' }),
    image: z.object({ url: z.string() }).nullable(),
    /** Products linked directly to this category (any state), and its direct children. */
    productCount: z.number().int(),
    childCount: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('AdminCategory');
export type AdminCategory = z.infer<typeof AdminCategorySchema>;

export const CategoryCreateSchema = z
  .object({
    name: textInput(2, 120),
    slug: slugSchema.optional().openapi({ description: 'Defaults to the name without accents; stable afterwards (storefront URLs)' }),
    parentId: idSchema.nullable().default(null),
    description: optionalTextInput(500).nullable().optional(),
    position: z.number().int().min(0).max(10_000).optional().openapi({ description: 'Index among its siblings; default last' }),
  })
  .strict()
  .openapi('CategoryCreate');

export const CategoryPatchSchema = z
  .object({
    name: textInput(2, 120).optional(),
    description: optionalTextInput(500).nullable().optional(),
    parentId: idSchema.nullable().optional().openapi({ description: 'Move under this category (null: make it a root); its subtree moves with it' }),
    position: z.number().int().min(0).max(10_000).optional().openapi({ description: 'Index among its (new) siblings' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' })
  .openapi('CategoryPatch');

type Row = { id: string; parentId: string | null; level: number; slug: string; name: string; path: string; position: number; description: string | null; imageKey: string | null; updatedAt: number };
const COLUMNS = 'id, parent_id AS parentId, level, slug, name, path, position, description, image_key AS imageKey, updated_at AS updatedAt';

/** Every category, flat, in tree order (path), with its direct product and child counts. */
export async function listAdminCategories(db: D1Database): Promise<AdminCategory[]> {
  const rows = await db
    .prepare(
      `SELECT ${COLUMNS}, (SELECT COUNT(*) FROM products p WHERE p.category_id = c.id) AS productCount, (SELECT COUNT(*) FROM categories ch WHERE ch.parent_id = c.id) AS childCount FROM categories c`,
    )
    .all<Row & { productCount: number; childCount: number }>();
  const byParent = new Map<string | null, typeof rows.results>();
  for (const r of rows.results) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const out: AdminCategory[] = [];
  const walk = (parent: string | null) => {
    for (const r of (byParent.get(parent) ?? []).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'vi'))) {
      out.push(present(r));
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

function present(r: Row & { productCount: number; childCount: number }): AdminCategory {
  const { imageKey, ...rest } = r;
  return { ...rest, image: imageKey ? { url: imageUrl(imageKey) } : null };
}

export async function getAdminCategory(db: D1Database, id: string): Promise<AdminCategory> {
  const r = await db
    .prepare(
      `SELECT ${COLUMNS}, (SELECT COUNT(*) FROM products p WHERE p.category_id = c.id) AS productCount, (SELECT COUNT(*) FROM categories ch WHERE ch.parent_id = c.id) AS childCount FROM categories c WHERE id = ?`,
    )
    .bind(id)
    .first<Row & { productCount: number; childCount: number }>();
  if (!r) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND');
  return present(r);
}

async function rowOf(db: D1Database, id: string, code = 'CATEGORY_NOT_FOUND', message = 'Không tìm thấy danh mục.') {
  const r = await db.prepare(`SELECT ${COLUMNS} FROM categories WHERE id = ?`).bind(id).first<Row>();
  if (!r) throw new NotFoundError(message, code);
  return r;
}

/** How many levels a category's subtree reaches below it (0: no children). */
async function heightOf(db: D1Database, path: string, level: number): Promise<number> {
  const r = await db.prepare('SELECT MAX(level) AS deepest FROM categories WHERE instr(path, ?) = 1').bind(path).first<{ deepest: number }>();
  return (r?.deepest ?? level) - level;
}

/** Renumbers the siblings under `parentId` so `id` sits at index `at` (statements for the rows whose position changes). */
async function positionStatements(db: D1Database, parentId: string | null, id: string, at: number | undefined, now: number) {
  const sib = await db.prepare('SELECT id, position FROM categories WHERE parent_id IS ? ORDER BY position, name').bind(parentId).all<{ id: string; position: number }>();
  const order = reorderSiblings(
    sib.results.map((r) => r.id),
    id,
    at,
  );
  const current = new Map(sib.results.map((r) => [r.id, r.position]));
  return order.flatMap((sid, i) => (current.get(sid) === i && sid !== id ? [] : [{ id: sid, position: i }])).map((p) =>
    p.id === id ? { id, position: p.position, stmt: null } : { id: p.id, position: p.position, stmt: db.prepare('UPDATE categories SET position = ?, updated_at = ? WHERE id = ?').bind(p.position, now, p.id) },
  );
}

function placed(p: ReturnType<typeof placeCategory>) {
  if (!p.ok) throw new UnprocessableError(p.message, p.code);
  return p;
}

async function slugFree(db: D1Database, slug: string) {
  const taken = await db.prepare('SELECT id FROM categories WHERE slug = ?').bind(slug).first();
  if (taken) throw new ConflictError(`Đường dẫn "${slug}" đã được dùng cho danh mục khác.`, 'CATEGORY_SLUG_TAKEN', { slug });
}

export async function createCategory(db: D1Database, input: z.infer<typeof CategoryCreateSchema>, actor: Actor, now: number): Promise<AdminCategory> {
  const parent = input.parentId ? await rowOf(db, input.parentId, 'PARENT_CATEGORY_NOT_FOUND', 'Không tìm thấy danh mục cha.') : null;
  const slug = input.slug ?? slugify(input.name);
  if (!slug) throw new UnprocessableError('Tên danh mục cần có chữ cái hoặc chữ số.', 'CATEGORY_SLUG_EMPTY');
  const at = placed(placeCategory({ slug, path: null, height: 0 }, parent));
  await slugFree(db, slug);
  const id = newId();
  const positions = await positionStatements(db, parent?.id ?? null, id, input.position, now);
  await db.batch([
    db
      .prepare('INSERT INTO categories (id, parent_id, level, slug, name, description, path, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(id, parent?.id ?? null, at.level, slug, input.name, input.description ?? null, at.path, positions.find((p) => p.id === id)!.position, now, now),
    ...positions.flatMap((p) => (p.stmt ? [p.stmt] : [])),
    auditStatement(db, { actor, action: 'category.create', entityType: 'category', entityId: id, data: { name: input.name, slug, parentId: parent?.id ?? null } }, now),
  ]);
  return getAdminCategory(db, id);
}

export async function updateCategory(db: D1Database, id: string, patch: z.infer<typeof CategoryPatchSchema>, actor: Actor, now: number): Promise<AdminCategory> {
  const node = await rowOf(db, id);
  const moving = patch.parentId !== undefined && patch.parentId !== node.parentId;
  const parentId = patch.parentId === undefined ? node.parentId : patch.parentId;
  const stmts: D1PreparedStatement[] = [];
  let path = node.path;
  let level = node.level;
  if (moving) {
    const parent = parentId ? await rowOf(db, parentId, 'PARENT_CATEGORY_NOT_FOUND', 'Không tìm thấy danh mục cha.') : null;
    ({ path, level } = placed(placeCategory({ slug: node.slug, path: node.path, height: await heightOf(db, node.path, node.level) }, parent)));
  }
  const positions = moving || patch.position !== undefined ? await positionStatements(db, parentId, id, patch.position, now) : [];
  const position = positions.find((p) => p.id === id)?.position ?? node.position;
  // One statement rewrites the node and its whole subtree: new path prefix, level shift, and the node's own fields.
  stmts.push(
    db
      .prepare(
        `UPDATE categories SET
           path = ?1 || substr(path, length(?2) + 1),
           level = level + ?3,
           parent_id = CASE WHEN id = ?4 THEN ?5 ELSE parent_id END,
           name = CASE WHEN id = ?4 THEN ?6 ELSE name END,
           description = CASE WHEN id = ?4 THEN ?7 ELSE description END,
           position = CASE WHEN id = ?4 THEN ?8 ELSE position END,
           updated_at = ?9
         WHERE instr(path, ?2) = 1`,
      )
      .bind(path, node.path, level - node.level, id, parentId, patch.name ?? node.name, patch.description === undefined ? node.description : patch.description, position, now),
  );
  for (const p of positions) if (p.stmt) stmts.push(p.stmt);
  // Siblings left behind close the gap.
  if (moving) {
    stmts.push(
      db.prepare('UPDATE categories SET position = position - 1, updated_at = ?3 WHERE parent_id IS ?1 AND position > ?2 AND id != ?4').bind(node.parentId, node.position, now, id),
    );
  }
  const changed = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { from: (node as Record<string, unknown>)[k] ?? null, to: v }]));
  stmts.push(auditStatement(db, { actor, action: moving ? 'category.move' : 'category.update', entityType: 'category', entityId: id, data: { ...changed, ...(moving ? { path: { from: node.path, to: path } } : {}) } }, now));
  await db.batch(stmts);
  return getAdminCategory(db, id);
}

/** Deletes an empty category; one with products or children answers 409 CATEGORY_NOT_EMPTY naming both counts. */
export async function deleteCategory(db: D1Database, id: string, actor: Actor, now: number): Promise<void> {
  const node = await rowOf(db, id);
  const counts = () =>
    db
      .prepare(
        'SELECT (SELECT COUNT(*) FROM products WHERE category_id = ?1) AS products, (SELECT COUNT(*) FROM categories WHERE parent_id = ?1) AS children, (SELECT COUNT(*) FROM vouchers WHERE scope_category_id = ?1) AS vouchers',
      )
      .bind(id)
      .first<{ products: number; children: number; vouchers: number }>();
  const refuse = (c: { products: number; children: number; vouchers: number }) => {
    const parts = [c.products ? `${c.products} sản phẩm` : '', c.children ? `${c.children} danh mục con` : '', c.vouchers ? `${c.vouchers} mã giảm giá` : ''].filter(Boolean);
    return new ConflictError(`Không thể xóa danh mục "${node.name}": còn ${parts.join(', ')}. Hãy chuyển chúng sang danh mục khác trước.`, 'CATEGORY_NOT_EMPTY', c);
  };
  const before = (await counts())!;
  if (before.products || before.children || before.vouchers) throw refuse(before);
  // Guarded: a product or child added since the count above leaves the row in place (and the audit unwritten).
  const [del] = await db.batch([
    db
      .prepare(
        'DELETE FROM categories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM products WHERE category_id = ?1) AND NOT EXISTS (SELECT 1 FROM categories WHERE parent_id = ?1) AND NOT EXISTS (SELECT 1 FROM vouchers WHERE scope_category_id = ?1)',
      )
      .bind(id),
    auditStatement(db, { actor, action: 'category.delete', entityType: 'category', entityId: id, data: { name: node.name, path: node.path } }, now, 'changed'),
    db.prepare('UPDATE categories SET position = position - 1, updated_at = ?3 WHERE parent_id IS ?1 AND position > ?2 AND NOT EXISTS (SELECT 1 FROM categories WHERE id = ?4)').bind(node.parentId, node.position, now, id),
  ]);
  if (!del!.meta.changes) throw refuse((await counts())!);
}

/** Points the category at a new image (already stored in R2); answers the previous key so the caller can drop it. */
export async function setCategoryImage(db: D1Database, id: string, key: string, actor: Actor, now: number): Promise<string | null> {
  const node = await rowOf(db, id);
  await db.batch([
    db.prepare('UPDATE categories SET image_key = ?, updated_at = ? WHERE id = ?').bind(key, now, id),
    auditStatement(db, { actor, action: 'category.image', entityType: 'category', entityId: id, data: { key } }, now),
  ]);
  return node.imageKey;
}
