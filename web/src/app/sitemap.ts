import type { MetadataRoute } from 'next';
import { serverApi } from '../lib/api';
import { COLLECTION_PAGES } from '../lib/collections';
import { publicOrigin } from '../lib/site';

/** Built per request from the live catalogue (the api's catalogue reads are edge-cached); nothing baked at build time. */
export const dynamic = 'force-dynamic';

/** Safety bound on catalogue pages (60 products each): the sitemap format allows 50,000 URLs per file. */
const MAX_PAGES = 800;

/**
 * Every slug of the category tree (`GET /v1/categories`). The typed client stops at CategoryNodeSchema's recursion
 * (below the first level, `children` is any JSON), so the levels are walked with a guard rather than a cast.
 */
const flatten = (nodes: unknown): string[] =>
  Array.isArray(nodes) ? nodes.flatMap((n: unknown) => (typeof n === 'object' && n !== null && 'slug' in n && typeof n.slug === 'string' ? [n.slug, ...flatten('children' in n ? n.children : [])] : [])) : [];

/**
 * Home, every category (all levels), every visible product, every published article, the published policy pages
 * (`/v1/legal`, the footer's list), the brand directory and every brand with products, and the collection pages, with
 * the public origin.
 */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [origin, api] = await Promise.all([publicOrigin(), serverApi()]);
  const [categories, articles, legal, brands] = await Promise.all([api.v1.categories.$get(), api.v1.articles.$get({ query: { limit: '50' } }), api.v1.legal.$get(), api.v1.brands.$get()]);
  if (!categories.ok || !articles.ok || !legal.ok || !brands.ok) throw new Error(`sitemap: the api answered ${[categories, articles, legal, brands].map((r) => r.status).join('/')}`);

  const products: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await api.v1.products.$get({ query: { limit: '60', sort: 'newest', ...(cursor ? { cursor } : {}) } });
    if (!res.ok) throw new Error(`sitemap: the api answered ${res.status} for products`);
    const body = await res.json();
    products.push(...body.items.map((p) => p.slug));
    cursor = body.nextCursor;
    if (!cursor) break;
  }

  return [
    { url: `${origin}/`, changeFrequency: 'daily', priority: 1 },
    { url: `${origin}/cam-nang`, changeFrequency: 'weekly', priority: 0.5 },
    ...flatten((await categories.json()).items).map((slug) => ({ url: `${origin}/danh-muc/${slug}`, changeFrequency: 'daily' as const, priority: 0.8 })),
    ...products.map((slug) => ({ url: `${origin}/san-pham/${slug}`, changeFrequency: 'weekly' as const, priority: 0.7 })),
    ...(await articles.json()).items.map((a) => ({ url: `${origin}/cam-nang/${a.slug}`, lastModified: new Date(a.publishedAt), changeFrequency: 'monthly' as const, priority: 0.5 })),
    ...(await legal.json()).policies.map((p) => ({ url: `${origin}/chinh-sach/${p.slug}`, lastModified: new Date(p.updatedAt), changeFrequency: 'monthly' as const, priority: 0.3 })),
    { url: `${origin}/thuong-hieu`, changeFrequency: 'weekly', priority: 0.5 },
    ...(await brands.json()).items.filter((b) => b.productCount > 0).map((b) => ({ url: `${origin}/thuong-hieu/${b.slug}`, changeFrequency: 'weekly' as const, priority: 0.6 })),
    ...Object.keys(COLLECTION_PAGES).map((slug) => ({ url: `${origin}/bo-suu-tap/${slug}`, changeFrequency: 'daily' as const, priority: 0.6 })),
  ];
}
