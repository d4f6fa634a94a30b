/**
 * #19 (ADR 0047): the MongoDB catalogue origin behind the api Worker's catalogue read port, two ways of holding the
 * client (`MONGODB_CLIENT`):
 * - `per-request` (default): `openMongo` per request, closed after the response (`mongoPerRequest` middleware). Each
 *   catalogue miss pays the connection (TCP + handshake, plus TLS and auth on Atlas).
 * - `durable-object`: one `MongoOrigin` Durable Object per colo holds a warm client; the Worker calls it over RPC with
 *   the read it needs and gets plain values back (`MongoClient`, `Db`, cursors cannot cross RPC). The object is
 *   evicted after some idle time: its next call connects again.
 * Both answer through `MongoCatalogRepository`, and any failure becomes 503 CATALOG_ORIGIN_UNAVAILABLE.
 */
import { DurableObject } from 'cloudflare:workers';
import { openMongo, type MongoConfig, type MongoHandle } from '@medicare/shared/catalog/client.mongo';
import type { CatalogRepository } from '@medicare/shared/catalog/ports';
import { MongoCatalogRepository, mongoError } from '@medicare/shared/catalog/repo.mongo';
import type { ApiBindings } from './env';

/** The read methods of the catalogue port, by name (what crosses RPC). */
export const CATALOG_READS = ['catalogVersion', 'listProducts', 'listProductsWithFacets', 'productBySlug', 'categoryTree', 'categoryBySlug', 'brands', 'brandBySlug'] as const;
export type CatalogRead = (typeof CATALOG_READS)[number];

/** The warm client's options: a few connections so concurrent requests into the object do not queue on one. */
export const WARM_CLIENT_OPTIONS = { maxPoolSize: 4 } as const;

/**
 * One per colo (`idFromName`), holding a MongoClient across requests. The origin's address arrives with each call (the
 * Worker's bindings name it), so the object reconnects if it changes.
 */
export class MongoOrigin extends DurableObject<ApiBindings> {
  private handle: MongoHandle | null = null;
  private key = '';

  async read(cfg: MongoConfig, method: CatalogRead, args: unknown[]): Promise<unknown> {
    if (!CATALOG_READS.includes(method)) throw new Error(`not a catalogue read: ${String(method)}`);
    const key = `${cfg.uri}\n${cfg.db}`;
    if (!this.handle || this.key !== key) {
      const old = this.handle;
      this.handle = openMongo(cfg, WARM_CLIENT_OPTIONS);
      this.key = key;
      if (old) this.ctx.waitUntil(old.close());
    }
    const repo = new MongoCatalogRepository(this.handle.db) as unknown as Record<CatalogRead, (...a: unknown[]) => Promise<unknown>>;
    return repo[method](...args);
  }
}

/** The catalogue port over RPC to the colo's `MongoOrigin`. Errors crossing RPC lose their class: all become 503. */
export function durableMongoRepository(ns: DurableObjectNamespace<MongoOrigin>, cfg: MongoConfig, colo: string): CatalogRepository {
  const stub = ns.get(ns.idFromName(`catalog:${colo}`));
  const call =
    (method: CatalogRead) =>
    async (...args: unknown[]) => {
      try {
        return await stub.read(cfg, method, args);
      } catch (e) {
        throw mongoError(e);
      }
    };
  return Object.fromEntries(CATALOG_READS.map((m) => [m, call(m)])) as unknown as CatalogRepository;
}
