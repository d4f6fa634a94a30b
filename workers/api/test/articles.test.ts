/** Health articles: published only, newest first, by topic; unpublished ones are invisible. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticles } from '../../../seed/articles.mjs';
import { api, json } from './fixtures';

beforeAll(async () => {
  const rows = buildArticles();
  await env.DB.batch([
    ...rows.map((a) =>
      env.DB.prepare('INSERT INTO articles (id, slug, title, summary, body, topic, tags, status, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').bind(a.id, a.slug, a.title, a.summary, a.body, a.topic, a.tags, a.status, a.publishedAt, a.createdAt, a.updatedAt),
    ),
    env.DB.prepare("INSERT INTO articles (id, slug, title, summary, body, topic, tags, status, published_at, created_at, updated_at) VALUES ('01DRAFTARTICLE000000000000', 'ban-nhap', 'Bản nháp', 's', 'b', 'Dinh dưỡng', '[]', 'draft', NULL, 1, 1)"),
  ]);
});

describe('articles', () => {
  it('lists published articles newest first, filters by topic, and hides drafts', async () => {
    const { items } = await json(await api('/v1/articles'));
    expect(items).toHaveLength(6);
    expect(items.map((a: any) => a.publishedAt)).toEqual([...items.map((a: any) => a.publishedAt)].sort((a, b) => b - a));
    expect(items[0]).toMatchObject({ slug: 'bu-nuoc-dien-giai-khi-tieu-chay', tags: ['tiêu chảy', 'oresol', 'trẻ em'] });
    expect(items[0].body).toBeUndefined();
    const topic = await json(await api(`/v1/articles?topic=${encodeURIComponent('Bệnh thường gặp')}&limit=5`));
    expect(topic.items.map((a: any) => a.slug)).toEqual(['bu-nuoc-dien-giai-khi-tieu-chay', 'phan-biet-cam-lanh-va-cam-cum']);
    expect((await api('/v1/articles/ban-nhap')).status).toBe(404);
  });

  it('serves one article with its Markdown body; 400 for a bad slug or limit', async () => {
    const a = await json(await api('/v1/articles/dung-thuoc-ha-sot-paracetamol-an-toan'));
    expect(a).toMatchObject({ title: 'Dùng thuốc hạ sốt paracetamol an toàn cho cả nhà', topic: 'Dùng thuốc đúng cách' });
    expect(a.body).toContain('## Liều dùng tham khảo');
    expect((await api('/v1/articles/KHONG_HOP_LE')).status).toBe(400);
    expect((await api('/v1/articles?limit=0')).status).toBe(400);
  });
});
