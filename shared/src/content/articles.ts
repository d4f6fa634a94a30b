/** Health articles ("Cẩm nang sức khỏe"): published ones only, newest first. Schemas and the D1 reads.
 *  Policy pages are articles too (policy_key, #17 legal): they are served by legal/policies.ts, never listed here. */
import { z } from '@hono/zod-openapi';
import { imageUrl } from '../catalog/service';
import { ProductSummarySchema } from '../catalog/schemas';
import { NotFoundError } from '../errors';
import { intQuery } from '../http/query';

export const ArticleSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    topic: z.string(),
    tags: z.array(z.string()),
    publishedAt: z.number().int(),
    cover: z.object({ url: z.string(), alt: z.string() }).nullable(),
  })
  .openapi('ArticleSummary');
export const ArticleSchema = ArticleSummarySchema.extend({
  body: z.string().openapi({ description: 'Markdown' }),
  relatedProducts: z.array(ProductSummarySchema).openapi({ description: 'Products the article recommends that the shop shows, in the editor’s order' }),
}).openapi('Article');
export const ArticleListQuerySchema = z.object({
  topic: z.string().trim().min(1).max(80).optional(),
  limit: intQuery(1, 50, 12),
});

type Row = { id: string; slug: string; title: string; summary: string; topic: string; tags: string; publishedAt: number; coverKey: string | null; body?: string };
const parse = ({ id: _id, coverKey, ...r }: Row) => ({ ...r, tags: JSON.parse(r.tags) as string[], cover: coverKey ? { url: imageUrl(coverKey), alt: r.title } : null });
const COLUMNS = 'id, slug, title, summary, topic, tags, published_at AS publishedAt, cover_image_key AS coverKey';

export async function listArticles(db: D1Database, q: z.infer<typeof ArticleListQuerySchema>) {
  const rows = await db
    .prepare(`SELECT ${COLUMNS} FROM articles WHERE status = 'published' AND policy_key IS NULL AND (?1 IS NULL OR topic = ?1) ORDER BY published_at DESC, id DESC LIMIT ?2`)
    .bind(q.topic ?? null, q.limit)
    .all<Row>();
  return { items: rows.results.map(parse) };
}

/** One published article and the ids of its related products (the caller reads them as the shop shows them). */
export async function getArticle(db: D1Database, slug: string) {
  const [row, related] = await db.batch([
    db.prepare(`SELECT ${COLUMNS}, body FROM articles WHERE slug = ? AND status = 'published' AND policy_key IS NULL`).bind(slug),
    db.prepare("SELECT ap.product_id AS id FROM article_products ap JOIN articles a ON a.id = ap.article_id WHERE a.slug = ? AND a.status = 'published' AND a.policy_key IS NULL ORDER BY ap.position").bind(slug),
  ]);
  const r = (row!.results as Row[])[0];
  if (!r) throw new NotFoundError('Không tìm thấy bài viết.', 'ARTICLE_NOT_FOUND');
  return { ...(parse(r) as ReturnType<typeof parse> & { body: string }), relatedProductIds: (related!.results as Array<{ id: string }>).map((x) => x.id) };
}
