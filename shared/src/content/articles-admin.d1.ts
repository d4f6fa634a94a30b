/**
 * The articles CMS's write model (#14 content): drafts, publishing, Markdown body, cover image, topic and tags, related
 * products. Every write is audited in the same D1 batch; the articles' triggers (0019) bump the catalogue version, so
 * the edge-cached public article routes follow at once.
 */
import { z } from '@hono/zod-openapi';
import { textInput } from '../text-input';
import type { AuditWrite } from '../audit/write.d1';
import { auditStatement } from '../audit/write.d1';
import type { AuditAction } from '../audit/actions';
import { imageUrl } from '../catalog/service';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../errors';
import { newId } from '../ids';
import { slugify } from '../text';
import { POLICY_KEYS } from '../db/schema';

type Actor = AuditWrite['actor'];
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export const MAX_RELATED_PRODUCTS = 8;
const slugSchema = z.string().trim().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang');

export const AdminArticleSummarySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    topic: z.string(),
    tags: z.array(z.string()),
    status: z.enum(ARTICLE_STATUSES),
    publishedAt: z.number().int().nullable(),
    cover: z.object({ url: z.string() }).nullable(),
    authorName: z.string().nullable(),
    updatedAt: z.number().int(),
    /** #17 legal: set on policy pages (their slug, publication and existence are fixed; edits bump `version`). */
    policyKey: z.enum(POLICY_KEYS).nullable(),
    version: z.number().int().openapi({ description: 'Published revisions: 1 at first publication, +1 per published change of title, summary or body' }),
  })
  .openapi('AdminArticleSummary');
export const AdminArticleSchema = AdminArticleSummarySchema.extend({
  summary: z.string(),
  body: z.string().openapi({ description: 'Markdown' }),
  relatedProducts: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
  createdAt: z.number().int(),
}).openapi('AdminArticle');
export type AdminArticle = z.infer<typeof AdminArticleSchema>;

const tag = textInput(1, 40);
const fields = {
  title: textInput(5, 200),
  slug: slugSchema.optional().openapi({ description: 'Defaults to the title without accents' }),
  summary: textInput(10, 500),
  body: textInput(20, 50_000).openapi({ description: 'Markdown (rendered sanitised: raw HTML is dropped)' }),
  topic: textInput(2, 80),
  tags: z
    .array(tag)
    .max(10)
    .transform((t) => [...new Set(t)])
    .default([]),
  status: z.enum(ARTICLE_STATUSES).default('draft'),
  relatedProductIds: z
    .array(z.string().min(10).max(40))
    .max(MAX_RELATED_PRODUCTS)
    .refine((a) => new Set(a).size === a.length, 'Sản phẩm liên quan bị trùng')
    .default([]),
};
export const ArticleCreateSchema = z.object(fields).strict().openapi('ArticleCreate');
export const ArticlePatchSchema = z
  .object({
    title: fields.title.optional(),
    slug: slugSchema.optional(),
    summary: fields.summary.optional(),
    body: fields.body.optional(),
    topic: fields.topic.optional(),
    tags: z.array(tag).max(10).transform((t) => [...new Set(t)]).optional(),
    status: z.enum(ARTICLE_STATUSES).optional(),
    relatedProductIds: z.array(z.string().min(10).max(40)).max(MAX_RELATED_PRODUCTS).refine((a) => new Set(a).size === a.length, 'Sản phẩm liên quan bị trùng').optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' })
  .openapi('ArticlePatch');
export const ArticleListQuerySchema = z.object({
  status: z.enum(ARTICLE_STATUSES).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'Part of the title' }),
  cursor: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

type Row = {
  id: string; slug: string; title: string; summary: string; body: string; topic: string; tags: string; status: 'draft' | 'published';
  publishedAt: number | null; coverKey: string | null; authorName: string | null; createdAt: number; updatedAt: number;
  policyKey: (typeof POLICY_KEYS)[number] | null; version: number;
};
const SELECT = `SELECT a.id, a.slug, a.title, a.summary, a.body, a.topic, a.tags, a.status, a.published_at AS publishedAt, a.cover_image_key AS coverKey,
  u.name AS authorName, a.created_at AS createdAt, a.updated_at AS updatedAt, a.policy_key AS policyKey, a.version FROM articles a LEFT JOIN users u ON u.id = a.author_id`;
const summary = ({ summary: _s, body: _b, coverKey, tags, createdAt: _c, ...r }: Row) => ({ ...r, tags: JSON.parse(tags) as string[], cover: coverKey ? { url: imageUrl(coverKey) } : null });

/** Newest edits first, keyset on (updated_at, id). */
export async function listAdminArticles(db: D1Database, q: z.infer<typeof ArticleListQuerySchema>) {
  const [ts, cid] = q.cursor?.split('.') ?? [];
  const after = q.cursor && Number.isSafeInteger(Number(ts)) && cid ? { ts: Number(ts), id: cid } : null;
  if (q.cursor && !after) throw new ValidationError('Con trỏ phân trang không hợp lệ.', undefined, 'INVALID_CURSOR');
  const rows = (
    await db
      .prepare(
        `${SELECT} WHERE (?1 IS NULL OR a.status = ?1) AND (?2 IS NULL OR instr(lower(a.title), lower(?2)) > 0)
         AND (?3 IS NULL OR (a.updated_at, a.id) < (?3, ?4)) ORDER BY a.updated_at DESC, a.id DESC LIMIT ?5`,
      )
      .bind(q.status ?? null, q.q ?? null, after?.ts ?? null, after?.id ?? null, q.limit + 1)
      .all<Row>()
  ).results;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(summary), nextCursor: rows.length > q.limit && last ? `${last.updatedAt}.${last.id}` : null };
}

export async function getAdminArticle(db: D1Database, id: string): Promise<AdminArticle> {
  const [row, related] = await db.batch([
    db.prepare(`${SELECT} WHERE a.id = ?`).bind(id),
    db.prepare('SELECT p.id, p.slug, p.name FROM article_products ap JOIN products p ON p.id = ap.product_id WHERE ap.article_id = ? ORDER BY ap.position').bind(id),
  ]);
  const r = (row!.results as Row[])[0];
  if (!r) throw new NotFoundError('Không tìm thấy bài viết.', 'ARTICLE_NOT_FOUND');
  return { ...summary(r), summary: r.summary, body: r.body, createdAt: r.createdAt, relatedProducts: related!.results as AdminArticle['relatedProducts'] };
}

async function checkSlug(db: D1Database, slug: string, self: string | null) {
  if (!slug) throw new UnprocessableError('Tiêu đề cần có chữ cái hoặc chữ số.', 'ARTICLE_SLUG_EMPTY');
  const taken = await db.prepare('SELECT id FROM articles WHERE slug = ? AND id IS NOT ?').bind(slug, self).first();
  if (taken) throw new ConflictError(`Đường dẫn "${slug}" đã được dùng cho bài viết khác.`, 'ARTICLE_SLUG_TAKEN', { slug });
}

async function checkProducts(db: D1Database, ids: readonly string[]) {
  if (ids.length === 0) return;
  const found = await db.prepare(`SELECT id FROM products WHERE id IN (${ids.map(() => '?').join(',')})`).bind(...ids).all<{ id: string }>();
  const known = new Set(found.results.map((r) => r.id));
  const missing = ids.filter((i) => !known.has(i));
  if (missing.length) throw new UnprocessableError('Không tìm thấy sản phẩm liên quan.', 'RELATED_PRODUCT_NOT_FOUND', { missing });
}

const relatedStatements = (db: D1Database, id: string, ids: readonly string[]) => [
  db.prepare('DELETE FROM article_products WHERE article_id = ?').bind(id),
  ...ids.map((p, i) => db.prepare('INSERT INTO article_products (article_id, product_id, position) VALUES (?, ?, ?)').bind(id, p, i)),
];

export async function createArticle(db: D1Database, input: z.infer<typeof ArticleCreateSchema>, actor: Actor, now: number): Promise<AdminArticle> {
  const slug = input.slug ?? slugify(input.title).slice(0, 120).replace(/-+$/, '');
  await checkSlug(db, slug, null);
  await checkProducts(db, input.relatedProductIds);
  const id = newId();
  await db.batch([
    db
      .prepare('INSERT INTO articles (id, slug, title, summary, body, topic, tags, author_id, status, published_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(id, slug, input.title, input.summary, input.body, input.topic, JSON.stringify(input.tags), actor.id, input.status, input.status === 'published' ? now : null, now, now, input.status === 'published' ? 1 : 0),
    ...relatedStatements(db, id, input.relatedProductIds).slice(1),
    auditStatement(db, { actor, action: input.status === 'published' ? 'article.publish' : 'article.create', entityType: 'article', entityId: id, data: { title: input.title, slug, status: input.status } }, now),
  ]);
  return getAdminArticle(db, id);
}

/**
 * Edits an article. Publishing stamps `published_at` the first time only (a later edit or re-publish keeps the date
 * readers saw); withdrawing to draft hides it from the shop at once.
 */
export async function updateArticle(db: D1Database, id: string, patch: z.infer<typeof ArticlePatchSchema>, actor: Actor, now: number): Promise<AdminArticle> {
  const a = await getAdminArticle(db, id);
  if (a.policyKey) policyEditOrThrow(a, patch);
  if (patch.slug && patch.slug !== a.slug) await checkSlug(db, patch.slug, id);
  if (patch.relatedProductIds) await checkProducts(db, patch.relatedProductIds);
  const status = patch.status ?? a.status;
  const action: AuditAction = status !== a.status ? (status === 'published' ? 'article.publish' : 'article.unpublish') : 'article.update';
  await db.batch([
    db
      .prepare(
        `UPDATE articles SET
         version = version + (?7 = 'published' AND (status <> 'published' OR title IS NOT ?2 OR summary IS NOT ?3 OR body IS NOT ?4)),
         slug = ?1, title = ?2, summary = ?3, body = ?4, topic = ?5, tags = ?6, status = ?7,
         published_at = CASE WHEN ?7 = 'published' THEN COALESCE(published_at, ?8) ELSE published_at END, updated_at = ?8 WHERE id = ?9`,
      )
      .bind(patch.slug ?? a.slug, patch.title ?? a.title, patch.summary ?? a.summary, patch.body ?? a.body, patch.topic ?? a.topic, JSON.stringify(patch.tags ?? a.tags), status, now, id),
    ...(patch.relatedProductIds ? relatedStatements(db, id, patch.relatedProductIds) : []),
    auditStatement(db, { actor, action, entityType: 'article', entityId: id, data: { fields: Object.keys(patch), status } }, now),
  ]);
  return getAdminArticle(db, id);
}

/**
 * #17 legal: the footer links to a policy's slug and sign-up records consent to its published version, so a policy
 * page keeps its address and stays published; it changes by publishing a new version (ADR 0041).
 */
function policyEditOrThrow(a: AdminArticle, patch: z.infer<typeof ArticlePatchSchema>) {
  if (patch.slug !== undefined && patch.slug !== a.slug) throw new ConflictError('Đường dẫn của trang chính sách là cố định.', 'POLICY_FIXED', { field: 'slug' });
  if (patch.status === 'draft') throw new ConflictError('Trang chính sách phải luôn được đăng; hãy sửa nội dung và đăng phiên bản mới.', 'POLICY_FIXED', { field: 'status' });
}

export async function deleteArticle(db: D1Database, id: string, actor: Actor, now: number): Promise<string | null> {
  const a = await db.prepare('SELECT title, cover_image_key AS coverKey, policy_key AS policyKey FROM articles WHERE id = ?').bind(id).first<{ title: string; coverKey: string | null; policyKey: string | null }>();
  if (!a) throw new NotFoundError('Không tìm thấy bài viết.', 'ARTICLE_NOT_FOUND');
  if (a.policyKey) throw new ConflictError('Không thể xóa trang chính sách; hãy sửa nội dung và đăng phiên bản mới.', 'POLICY_FIXED');
  await db.batch([
    db.prepare('DELETE FROM article_products WHERE article_id = ?').bind(id),
    db.prepare('DELETE FROM articles WHERE id = ?').bind(id),
    auditStatement(db, { actor, action: 'article.delete', entityType: 'article', entityId: id, data: { title: a.title } }, now, 'changed'),
  ]);
  return a.coverKey;
}

export async function setArticleCover(db: D1Database, id: string, key: string, actor: Actor, now: number): Promise<string | null> {
  const a = await db.prepare('SELECT cover_image_key AS coverKey FROM articles WHERE id = ?').bind(id).first<{ coverKey: string | null }>();
  if (!a) throw new NotFoundError('Không tìm thấy bài viết.', 'ARTICLE_NOT_FOUND');
  await db.batch([
    db.prepare('UPDATE articles SET cover_image_key = ?, updated_at = ? WHERE id = ?').bind(key, now, id),
    auditStatement(db, { actor, action: 'article.cover', entityType: 'article', entityId: id, data: { key } }, now),
  ]);
  return a.coverKey;
}
