// Bindings of the web Worker (see wrangler.toml), as getCloudflareContext() returns them.
interface CloudflareEnv {
  API?: Fetcher;
  ASSETS?: Fetcher;
}
