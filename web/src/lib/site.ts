/**
 * The storefront's public origin (`WEB_ORIGIN`, e.g. https://medicare.vn), for absolute URLs a crawler reads
 * (sitemap, robots). Never built from the request: behind `wrangler dev` or a proxy the request's host is not the
 * public one. Locally it is the dev storefront's origin.
 */
export const DEV_WEB_ORIGIN = 'http://127.0.0.1:3000';

export async function publicOrigin(): Promise<string> {
  let origin = process.env.WEB_ORIGIN;
  if (!origin) {
    try {
      const { getCloudflareContext } = await import('@opennextjs/cloudflare');
      origin = (await getCloudflareContext({ async: true })).env.WEB_ORIGIN;
    } catch {
      /* next dev without a Worker context */
    }
  }
  return new URL(origin || DEV_WEB_ORIGIN).origin;
}
