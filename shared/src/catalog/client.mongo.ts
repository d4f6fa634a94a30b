/**
 * The one place a Worker (or a script) opens the MongoDB catalogue origin (#19, ADR 0047).
 *
 * `mongoConfig(env)` says whether this deployment reads its catalogue from MongoDB (`CATALOG_BACKEND=mongo` with
 * `MONGODB_URI`; database `MONGODB_DB`, default `medicare`). `openMongo(cfg)` opens a client for ONE unit of work (a
 * request, a queue batch) and gives a `close()` to call when it is done (in `ctx.waitUntil` in a Worker): the
 * `mongodb` driver's module-level client hangs on later requests inside workerd (TOOLCHAIN.md), so a Worker either
 * opens per unit of work, or keeps a warm client in a Durable Object. Timeouts are bounded so an unreachable origin
 * fails in about two seconds (`mongoError` turns the failure into 503 CATALOG_ORIGIN_UNAVAILABLE).
 */
import { MongoClient, type Db } from 'mongodb';
import type { MongoConfig } from './mongo-config';

export { DEFAULT_MONGODB_DB, mongoConfig, type MongoBindings, type MongoConfig } from './mongo-config';

/** Driver options for one unit of work: one connection, bounded waits. */
export const PER_REQUEST_OPTIONS = {
  maxPoolSize: 1,
  minPoolSize: 0,
  serverSelectionTimeoutMS: 2000,
  connectTimeoutMS: 2000,
  socketTimeoutMS: 5000,
} as const;

export interface MongoHandle {
  db: Db;
  close(): Promise<void>;
}

/**
 * A client for one unit of work. Connects lazily (the driver connects on the first operation), so opening costs
 * nothing when the request is answered from the edge cache.
 */
export function openMongo(cfg: MongoConfig, options: Partial<Record<keyof typeof PER_REQUEST_OPTIONS, number>> = {}): MongoHandle {
  const client = new MongoClient(cfg.uri, { ...PER_REQUEST_OPTIONS, ...options });
  return {
    db: client.db(cfg.db),
    close: () => client.close().catch(() => undefined),
  };
}
