/**
 * #19 (ADR 0047): the MongoDB catalogue origin behind the api Worker's catalogue read port, two ways of holding the
 * client (`MONGODB_CLIENT`):
 * - `per-request` (default): `openMongo` per request, closed after the response (`mongoPerRequest` middleware). Each
 *   catalogue miss pays the connection (TCP + handshake, plus TLS and auth on Atlas).
 * - `durable-object`: one `MongoOrigin` Durable Object per colo holds a warm client; the Worker calls it over RPC with
 *   the read it needs and gets plain values back (`MongoClient`, `Db`, cursors cannot cross RPC). The object is
 *   evicted after some idle time: its next call connects again.
 * Both answer through `MongoCatalogRepository`, and any failure becomes 503 CATALOG_ORIGIN_UNAVAILABLE.
 *
 * The object never throws across RPC: it answers a failure as a value (`ReadResult`), which the Worker turns back into
 * the same AppError. An exception thrown by an RPC method is logged by workerd as an uncaught exception of the object
 * (seen in the mongo-worker test output, cloudflare/workers-sdk#7707), and loses its class and status on the way.
 */
import { DurableObject } from 'cloudflare:workers';
import { AppError } from '@medicare/shared/errors';
import { openMongo, type MongoConfig, type MongoHandle } from '@medicare/shared/catalog/client.mongo';
import type { CatalogRepository } from '@medicare/shared/catalog/ports';
import { MongoCatalogRepository, mongoError } from '@medicare/shared/catalog/repo.mongo';
import type { ApiBindings } from './env';

/** The read methods of the catalogue port, by name (what crosses RPC). */
export const CATALOG_READS = ['catalogVersion', 'listProducts', 'listProductsWithFacets', 'productBySlug', 'categoryTree', 'categoryBySlug', 'brands', 'brandBySlug'] as const;
export type CatalogRead = (typeof CATALOG_READS)[number];

/** The warm client's options: a few connections so concurrent requests into the object do not queue on one. */
export const WARM_CLIENT_OPTIONS = { maxPoolSize: 4 } as const;

/** What crosses RPC from the object: the read's value, or its failure as `mongoError` mapped it (status, code, message). */
export type ReadResult = { ok: true; value: unknown } | { ok: false; status: AppError['status']; code: string; message: string };

/**
 * One per colo (`idFromName`), holding a MongoClient across requests. The origin's address arrives with each call (the
 * Worker's bindings name it), so the object reconnects if it changes.
 */
export class MongoOrigin extends DurableObject<ApiBindings> {
  private handle: MongoHandle | null = null;
  private key = '';

  async read(cfg: MongoConfig, method: CatalogRead, args: unknown[]): Promise<ReadResult> {
    try {
      return { ok: true, value: await this.run(cfg, method, args) };
    } catch (e) {
      const err = mongoError(e);
      return { ok: false, status: err.status, code: err.code, message: err.message };
    }
  }

  private async run(cfg: MongoConfig, method: CatalogRead, args: unknown[]): Promise<unknown> {
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

/**
 * The catalogue port over RPC to the colo's `MongoOrigin`. A failure the object answers becomes the same AppError again;
 * a failed call itself (object unreachable, overloaded) becomes 503 CATALOG_ORIGIN_UNAVAILABLE.
 */
export function durableMongoRepository(ns: DurableObjectNamespace<MongoOrigin>, cfg: MongoConfig, colo: string): CatalogRepository {
  const stub = ns.get(ns.idFromName(`catalog:${colo}`));
  const call =
    (method: CatalogRead) =>
    async (...args: unknown[]) => {
      let res: ReadResult;
      try {
        res = (await stub.read(cfg, method, args)) as ReadResult;
      } catch (e) {
        throw mongoError(e);
      }
      if (!res.ok) throw new AppError(res.status, res.code, res.message);
      return res.value;
    };
  return Object.fromEntries(CATALOG_READS.map((m) => [m, call(m)])) as unknown as CatalogRepository;
}
