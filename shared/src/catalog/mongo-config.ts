/**
 * Whether this deployment keeps its catalogue in MongoDB (#19, ADR 0047), without loading the `mongodb` driver: the
 * api Worker asks it after every catalogue write (to announce the change feed at once) and on every cron run; only
 * where the answer is yes is the driver loaded (client.mongo.ts, which re-exports these).
 */
export interface MongoConfig {
  uri: string;
  db: string;
}

/** The bindings that select the MongoDB origin (api Worker, consumer Worker, scripts). */
export interface MongoBindings {
  CATALOG_BACKEND?: string;
  MONGODB_URI?: string;
  MONGODB_DB?: string;
}

export const DEFAULT_MONGODB_DB = 'medicare';

/** This deployment's MongoDB origin, or null when the catalogue is read from D1 (the default). */
export function mongoConfig(env: MongoBindings): MongoConfig | null {
  if (env.CATALOG_BACKEND !== 'mongo' || !env.MONGODB_URI) return null;
  return { uri: env.MONGODB_URI, db: env.MONGODB_DB || DEFAULT_MONGODB_DB };
}
