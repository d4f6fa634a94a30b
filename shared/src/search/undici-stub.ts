/**
 * Stands in for `undici` inside Workers (#16, ADR 0035): @elastic/transport imports it for its default connection,
 * which workerd cannot run (it compiles Wasm); the Workers use `HttpConnection` instead, so nothing here is ever
 * called. Aliased in wrangler.toml, workers/consumer/wrangler.toml and the vitest worker projects; it also keeps undici
 * out of the bundles.
 */
function unavailable(): never {
  throw new Error('undici is not available in Workers: use HttpConnection');
}
export class Pool {
  constructor() {
    unavailable();
  }
}
export const buildConnector = unavailable;
export default { Pool, buildConnector };
