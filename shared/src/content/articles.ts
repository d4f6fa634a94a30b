/** Health articles ("Cẩm nang sức khỏe"): published ones only, newest first. Schemas and the D1 reads. */
import { z } from '@hono/zod-openapi';
import { NotFoundError } from '../errors';
import { intQuery } from '../http/query';

export const ArticleSummarySchema = z
  .object({ slug: z.string(), title: z.string(), summary: z.string(), topic: z.string(), tags: z.array(z.string()), publishedAt: z.number().int() })
  .openapi('ArticleSummary');
export const ArticleSchema = ArticleSummarySchema.extend({ body: z.string().openapi({ description: 'Markdown' }) }).openapi('Article');
export const ArticleListQuerySchema = z.object({
  topic: z.string().trim().min(1).max(80).optional(),
  limit: intQuery(1, 50, 12),
});

type Row = { slug: string; title: string; summary: string; topic: string; tags: string; publishedAt: number; body?: string };
const parse = (r: Row) => ({ ...r, tags: JSON.parse(r.tags) as string[] });
const COLUMNS = 'slug, title, summary, topic, tags, published_at AS publishedAt';

export async function listArticles(db: D1Database, q: z.infer<typeof ArticleListQuerySchema>) {
  const rows = await db
    .prepare(`SELECT ${COLUMNS} FROM articles WHERE status = 'published' AND (?1 IS NULL OR topic = ?1) ORDER BY published_at DESC, id DESC LIMIT ?2`)
    .bind(q.topic ?? null, q.limit)
    .all<Row>();
  return { items: rows.results.map(parse) };
}

export async function getArticle(db: D1Database, slug: string) {
  const row = await db.prepare(`SELECT ${COLUMNS}, body FROM articles WHERE slug = ? AND status = 'published'`).bind(slug).first<Row>();
  if (!row) throw new NotFoundError('Không tìm thấy bài viết.', 'ARTICLE_NOT_FOUND');
  return parse(row) as ReturnType<typeof parse> & { body: string };
}
