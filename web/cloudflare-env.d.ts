// Bindings of the web Worker (see wrangler.toml), as getCloudflareContext() returns them.
interface CloudflareEnv {
  API?: Fetcher;
  ASSETS?: Fetcher;
  /** Public origin of the storefront (sitemap and robots URLs); the dev origin when unset. */
  WEB_ORIGIN?: string;
}
