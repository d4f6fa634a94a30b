/**
 * #14 content: the category tree editor, brands and the articles CMS through the api, as the console calls them, and
 * what the storefront's public routes answer afterwards (edge cache keyed by the catalogue version).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, ids, json, PNG_96, seedFixtures, tokenFor } from './fixtures';

let admin = '';
beforeAll(async () => {
  await seedFixtures();
  admin = await tokenFor('admin', 'content-admin');
});

const call = (method: string, path: string, body?: unknown) =>
  api(path, { method, headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
const upload = (path: string, bytes: Uint8Array = PNG_96) => {
  const f = new FormData();
  f.set('file', new Blob([bytes], { type: 'image/png' }), 'anh.png');
  return api(path, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: f });
};
const category = (id: string) => env.DB.prepare('SELECT parent_id AS parentId, level, path, position FROM categories WHERE id = ?').bind(id).first<{ parentId: string | null; level: number; path: string; position: number }>();
const audits = (entityId: string) => env.DB.prepare('SELECT action FROM audit_log WHERE entity_id = ? ORDER BY created_at, rowid').bind(entityId).all<{ action: string }>().then((r) => r.results.map((x) => x.action));
const version = async () => (await env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<{ value: number }>())!.value;

describe('category tree editor', () => {
  it('creates a level-3 category, refuses a 4th level, and the public tree shows the new one at once', async () => {
    const treeBefore = await json(await api('/v1/categories'));
    const res = await call('POST', '/v1/admin/categories', { name: 'Thuốc giảm đau hạ sốt trẻ em', parentId: ids.catGiamDau, description: 'Siro, viên đặt hạ sốt cho bé.' });
    expect(res.status).toBe(201);
    const c = await json(res);
    expect(c).toMatchObject({ level: 3, slug: 'thuoc-giam-dau-ha-sot-tre-em', path: '/thuoc/thuoc-giam-dau/thuoc-giam-dau-ha-sot-tre-em/', position: 1, productCount: 0, childCount: 0 });
    expect(await audits(c.id)).toEqual(['category.create']);

    const deep = await call('POST', '/v1/admin/categories', { name: 'Cấp bốn', parentId: c.id });
    expect(deep.status).toBe(422);
    expect((await json(deep)).error.code).toBe('CATEGORY_TOO_DEEP');
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM categories WHERE name = 'Cấp bốn'").first('n')).toBe(0);

    const treeAfter = await json(await api('/v1/categories'));
    expect(JSON.stringify(treeAfter)).toContain('thuoc-giam-dau-ha-sot-tre-em');
    expect(JSON.stringify(treeBefore)).not.toContain('thuoc-giam-dau-ha-sot-tre-em');
  });

  it('moves a level-2 category with its children under another root: paths and levels of the whole subtree follow, products keep their links', async () => {
    const v0 = await version();
    const res = await call('PATCH', `/v1/admin/categories/${ids.catKhangSinhL2}`, { parentId: ids.catMyPham, position: 0 });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ parentId: ids.catMyPham, level: 2, path: '/duoc-my-pham/khang-sinh-nhom/', position: 0 });
    expect(await category(ids.catKhangSinh)).toEqual({ parentId: ids.catKhangSinhL2, level: 3, path: '/duoc-my-pham/khang-sinh-nhom/thuoc-khang-sinh/', position: 0 });
    // The sibling it was inserted before moved down; the products of the moved leaf are still there and listed under the new root.
    expect((await category(ids.catDaMat))!.position).toBe(1);
    expect(await version()).toBeGreaterThan(v0);
    const list = await json(await api('/v1/products?category=duoc-my-pham&limit=60'));
    expect(list.items.map((p: any) => p.slug)).toContain('beta-amoxicillin-500');
    expect(await audits(ids.catKhangSinhL2)).toEqual(['category.move']);
    // Move it back: level-2 under Thuốc again, at its old place.
    expect((await call('PATCH', `/v1/admin/categories/${ids.catKhangSinhL2}`, { parentId: ids.catThuoc, position: 1 })).status).toBe(200);
    expect(await category(ids.catKhangSinh)).toMatchObject({ level: 3, path: '/thuoc/khang-sinh-nhom/thuoc-khang-sinh/' });
    expect((await category(ids.catDaMat))!.position).toBe(0);
  });

  it('refuses a move that would put a descendant on a 4th level, or a category under itself, and changes nothing', async () => {
    const tree = async () => (await env.DB.prepare('SELECT id, path, level, parent_id, position FROM categories ORDER BY id').all()).results;
    const before = await tree();
    const deep = await call('PATCH', `/v1/admin/categories/${ids.catGiamDau}`, { parentId: ids.catDaMat });
    expect(deep.status).toBe(422);
    expect((await json(deep)).error.code).toBe('CATEGORY_TOO_DEEP');
    const self = await call('PATCH', `/v1/admin/categories/${ids.catThuoc}`, { parentId: ids.catHaSot });
    expect(self.status).toBe(422);
    expect((await json(self)).error.code).toBe('CATEGORY_MOVE_INTO_ITSELF');
    expect(await tree()).toEqual(before);
    // A level-3 leaf may become a root: its level and path follow.
    expect(await json(await call('PATCH', `/v1/admin/categories/${ids.catSuaRua}`, { parentId: null }))).toMatchObject({ level: 1, path: '/sua-rua-mat/', parentId: null, position: 2 });
    expect(await json(await call('PATCH', `/v1/admin/categories/${ids.catSuaRua}`, { parentId: ids.catDaMat }))).toMatchObject({ level: 3, path: '/duoc-my-pham/cham-soc-da-mat/sua-rua-mat/' });
    expect(await tree()).toEqual(before);
  });

  it('renames and reorders siblings', async () => {
    const res = await call('PATCH', `/v1/admin/categories/${ids.catMyPham}`, { name: 'Dược mỹ phẩm chính hãng', position: 0 });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: 'Dược mỹ phẩm chính hãng', slug: 'duoc-my-pham', position: 0, path: '/duoc-my-pham/' });
    expect((await category(ids.catThuoc))!.position).toBe(1);
    expect((await json(await api('/v1/categories'))).items[0].name).toBe('Dược mỹ phẩm chính hãng');
  });

  it('refuses to delete a category with products or children with 409 naming the counts; deletes an empty one', async () => {
    const full = await call('DELETE', `/v1/admin/categories/${ids.catHaSot}`);
    expect(full.status).toBe(409);
    const body = await json(full);
    expect(body.error.code).toBe('CATEGORY_NOT_EMPTY');
    const n = (await env.DB.prepare('SELECT COUNT(*) AS n FROM products WHERE category_id = ?').bind(ids.catHaSot).first<{ n: number }>())!.n;
    expect(body.error.details).toEqual({ products: n, children: 0, vouchers: 0 });
    expect(body.error.message).toContain(`${n} sản phẩm`);
    const parent = await json(await call('DELETE', `/v1/admin/categories/${ids.catThuoc}`));
    expect(parent.error).toMatchObject({ code: 'CATEGORY_NOT_EMPTY', details: { products: 0, children: 2 } });
    expect(parent.error.message).toContain('2 danh mục con');

    const empty = await json(await call('POST', '/v1/admin/categories', { name: 'Tạm thời', parentId: null }));
    expect((await call('DELETE', `/v1/admin/categories/${empty.id}`)).status).toBe(200);
    expect(await category(empty.id)).toBeNull();
    expect(await audits(empty.id)).toEqual(['category.create', 'category.delete']);
  });

  it('stores a category image in R2 and refuses a file that is not an image', async () => {
    const res = await upload(`/v1/admin/categories/${ids.catDaMat}/image`);
    expect(res.status).toBe(201);
    const c = await json(res);
    expect(c.image.url).toMatch(/^\/v1\/images\/categories\//);
    expect((await api(c.image.url)).status).toBe(200);
    const bad = await upload(`/v1/admin/categories/${ids.catDaMat}/image`, new TextEncoder().encode('không phải ảnh'));
    expect(bad.status).toBe(415);
    expect((await json(bad)).error.code).toBe('UNSUPPORTED_IMAGE_TYPE');
  });
});

describe('brands', () => {
  it('creates a brand with a logo; the public directory and brand page show it and its products', async () => {
    const res = await call('POST', '/v1/admin/brands', { name: 'Delta Nhật Bản', country: 'Nhật Bản', description: 'Dược phẩm Nhật.' });
    expect(res.status).toBe(201);
    const b = await json(res);
    expect(b).toMatchObject({ slug: 'delta-nhat-ban', productCount: 0, logo: null });
    const logo = await upload(`/v1/admin/brands/${b.id}/logo`);
    expect(logo.status).toBe(201);
    const withLogo = await json(logo);
    expect(withLogo.logo.url).toMatch(/^\/v1\/images\/brands\//);
    const pub = await json(await api('/v1/brands/delta-nhat-ban'));
    expect(pub).toMatchObject({ name: 'Delta Nhật Bản', country: 'Nhật Bản', logo: { url: withLogo.logo.url } });
    expect((await json(await api('/v1/brands'))).items.map((x: any) => x.slug)).toContain('delta-nhat-ban');
    // A second logo replaces the first in R2.
    const second = await json(await upload(`/v1/admin/brands/${b.id}/logo`));
    expect(await env.IMAGES_BUCKET.head(withLogo.logo.url.replace('/v1/images/', ''))).toBeNull();
    expect(await env.IMAGES_BUCKET.head(second.logo.url.replace('/v1/images/', ''))).not.toBeNull();
    expect(await audits(b.id)).toEqual(['brand.create', 'brand.logo', 'brand.logo']);
  });

  it('edits a brand, refuses a taken slug, and refuses deleting a brand with products (409 with the count)', async () => {
    const edited = await call('PATCH', `/v1/admin/brands/${ids.brandBeta}`, { country: 'Đức', description: 'Thương hiệu Đức.' });
    expect(await json(edited)).toMatchObject({ country: 'Đức', description: 'Thương hiệu Đức.' });
    expect((await json(await api('/v1/brands/beta'))).country).toBe('Đức');
    const taken = await call('PATCH', `/v1/admin/brands/${ids.brandBeta}`, { slug: 'alpha' });
    expect(taken.status).toBe(409);
    expect((await json(taken)).error.code).toBe('BRAND_SLUG_TAKEN');
    const del = await call('DELETE', `/v1/admin/brands/${ids.brandBeta}`);
    expect(del.status).toBe(409);
    expect((await json(del)).error).toMatchObject({ code: 'BRAND_NOT_EMPTY', details: { products: 1, vouchers: 0 } });
    const empty = await json(await call('POST', '/v1/admin/brands', { name: 'Epsilon' }));
    expect((await call('DELETE', `/v1/admin/brands/${empty.id}`)).status).toBe(200);
    expect((await api('/v1/brands/epsilon')).status).toBe(404);
  });
});

describe('articles CMS', () => {
  const draft = {
    title: 'Chăm sóc da mặt mùa hanh khô',
    summary: 'Những bước đơn giản giúp da mặt đủ ẩm trong mùa khô.',
    body: '## Làm sạch nhẹ nhàng\n\nDùng **sữa rửa mặt** dịu nhẹ.\n\n- Rửa mặt 2 lần mỗi ngày\n- Thoa kem dưỡng ẩm',
    topic: 'Chăm sóc da',
    tags: ['da khô', 'dưỡng ẩm'],
    relatedProductIds: [ids.serum, ids.cleanser, ids.hidden],
  };

  it('keeps a draft out of the shop; publishing shows it with its cover and only the related products the shop shows', async () => {
    const res = await call('POST', '/v1/admin/articles', draft);
    expect(res.status).toBe(201);
    const a = await json(res);
    expect(a).toMatchObject({ slug: 'cham-soc-da-mat-mua-hanh-kho', status: 'draft', publishedAt: null, authorName: 'Test admin' });
    expect(a.relatedProducts.map((p: any) => p.id)).toEqual([ids.serum, ids.cleanser, ids.hidden]);
    expect((await api(`/v1/articles/${a.slug}`)).status).toBe(404);
    expect((await json(await call('GET', '/v1/admin/articles?status=draft'))).items.map((x: any) => x.id)).toContain(a.id);

    const cover = await upload(`/v1/admin/articles/${a.id}/cover`);
    expect(cover.status).toBe(201);
    const published = await json(await call('PATCH', `/v1/admin/articles/${a.id}`, { status: 'published' }));
    expect(published.publishedAt).toEqual(expect.any(Number));

    const pub = await json(await api(`/v1/articles/${a.slug}`));
    expect(pub).toMatchObject({ title: draft.title, topic: 'Chăm sóc da', tags: ['da khô', 'dưỡng ẩm'], cover: { url: expect.stringMatching(/^\/v1\/images\/articles\//) } });
    expect(pub.relatedProducts.map((p: any) => p.slug)).toEqual(['gamma-serum', 'gamma-cleanser']); // the hidden one is left out
    expect(pub.relatedProducts[0].defaultUnit.price).toEqual(expect.any(Number));
    expect((await json(await api('/v1/articles'))).items[0].slug).toBe(a.slug);

    // An edit after publishing keeps the publication date and is served at once (the version moved).
    const edited = await json(await call('PATCH', `/v1/admin/articles/${a.id}`, { title: 'Chăm sóc da mặt khi trời hanh khô', relatedProductIds: [ids.cleanser] }));
    expect(edited.publishedAt).toBe(published.publishedAt);
    const again = await json(await api(`/v1/articles/${a.slug}`));
    expect(again.title).toBe('Chăm sóc da mặt khi trời hanh khô');
    expect(again.relatedProducts.map((p: any) => p.slug)).toEqual(['gamma-cleanser']);

    // Withdrawn to draft: gone from the shop.
    await call('PATCH', `/v1/admin/articles/${a.id}`, { status: 'draft' });
    expect((await api(`/v1/articles/${a.slug}`)).status).toBe(404);
    expect(await audits(a.id)).toEqual(['article.create', 'article.cover', 'article.publish', 'article.update', 'article.unpublish']);
  });

  it('answers 409 for a taken slug, 422 for an unknown related product, 400 for a bad body', async () => {
    const first = await json(await call('POST', '/v1/admin/articles', { ...draft, title: 'Bài viết trùng đường dẫn', relatedProductIds: [] }));
    const dup = await call('POST', '/v1/admin/articles', { ...draft, title: 'Bài viết trùng đường dẫn', relatedProductIds: [] });
    expect(dup.status).toBe(409);
    expect((await json(dup)).error.code).toBe('ARTICLE_SLUG_TAKEN');
    const unknown = await call('PATCH', `/v1/admin/articles/${first.id}`, { relatedProductIds: ['01NOSUCHPRODUCT0000000000'] });
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).error).toMatchObject({ code: 'RELATED_PRODUCT_NOT_FOUND', details: { missing: ['01NOSUCHPRODUCT0000000000'] } });
    expect((await call('POST', '/v1/admin/articles', { ...draft, status: 'scheduled' })).status).toBe(400);
    expect((await call('DELETE', `/v1/admin/articles/${first.id}`)).status).toBe(200);
    expect((await call('GET', `/v1/admin/articles/${first.id}`)).status).toBe(404);
  });
});
