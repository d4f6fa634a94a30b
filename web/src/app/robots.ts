import type { MetadataRoute } from 'next';
import { publicOrigin } from '../lib/site';

/** Read per request: the public origin is configuration of the deployed Worker, not of the build. */
export const dynamic = 'force-dynamic';

/** Crawlers: the catalogue and the articles; not the API, carts, checkout, accounts, orders or internal search. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  const origin = await publicOrigin();
  return {
    rules: { userAgent: '*', allow: '/', disallow: ['/v1/', '/gio-hang', '/thanh-toan', '/don-hang/', '/tra-cuu-don-hang', '/tai-khoan', '/dang-nhap', '/dang-ky', '/quen-mat-khau', '/dat-lai-mat-khau', '/tim-kiem'] },
    sitemap: `${origin}/sitemap.xml`,
  };
}
