import type { D1Stats } from '@medicare/shared/db/instrument';
import type { AuthVariables } from '@medicare/shared/http/auth';
import type { CompanyEnv } from '@medicare/shared/legal/company';
import type { MongoBindings, MongoHandle } from '@medicare/shared/catalog/client.mongo';
import type { CatalogRepository } from '@medicare/shared/catalog/ports';
import type { ChatRoom } from './chat-room';
import type { MongoOrigin } from './mongo-origin';

/**
 * Bindings of the api Worker (see wrangler.toml). The company profile's vars: CompanyEnv (#17 legal); the MongoDB
 * catalogue origin: MongoBindings (#19, ADR 0047).
 */
export interface ApiBindings extends CompanyEnv, MongoBindings {
  DB: D1Database;
  /** Product and brand images (public content, served through /v1/images). */
  IMAGES_BUCKET: R2Bucket;
  /** Private files (prescriptions, invoices): never served without authorisation. */
  FILES_BUCKET: R2Bucket;
  IMAGES: ImagesBinding;
  EVENTS: Queue;
  ASSETS?: Fetcher;
  PAYMENT: Fetcher;
  RECOMMENDATION: Fetcher;
  HOOK: Fetcher;
  CONSUMER: Fetcher;
  /** One ChatRoom Durable Object per chat conversation (#15). */
  CHAT_ROOM: DurableObjectNamespace<ChatRoom>;
  ENVIRONMENT: 'development' | 'test' | 'production';
  JWT_SECRET?: string;
  DOCS_ASSETS_ORIGIN?: string;
  /** Origin of the web app (password-reset links). */
  WEB_ORIGIN?: string;
  /** SendGrid (secret) and the sender address; without them, outside production, mail goes to the dev mailbox. */
  SENDGRID_API_KEY?: string;
  MAIL_FROM?: string;
  /** Only for pointing the SendGrid client at a stand-in. */
  SENDGRID_BASE_URL?: string;
  /** Minutes an unpaid bank-transfer order keeps its stock (default 30). */
  PAYMENT_TTL_MINUTES?: string;
  /** GHN credentials (secrets); without them shipping is quoted from the built-in tariff. */
  GHN_TOKEN?: string;
  GHN_SHOP_ID?: string;
  GHN_BASE_URL?: string;
  /** GHTK credentials (secret token, partner code); without them GHTK waybills are cancelled in GHTK's portal. */
  GHTK_TOKEN?: string;
  GHTK_CLIENT_SOURCE?: string;
  GHTK_BASE_URL?: string;
  /** #16 search origin: `elastic` searches Elasticsearch (falls back to D1 on error/timeout); anything else: D1. */
  SEARCH_BACKEND?: string;
  /** Elasticsearch / Elastic Cloud endpoint, API key (secret) and index alias (default `medicare-products`). */
  ELASTIC_URL?: string;
  ELASTIC_API_KEY?: string;
  ELASTIC_INDEX?: string;
  /** Time bound of one search call to Elasticsearch before falling back to D1 (ms, default 1000). */
  ELASTIC_TIMEOUT_MS?: string;
  /** #19 (ADR 0046): `upstash` counts rate limits in Upstash Redis (D1 answers while it fails); anything else: D1. */
  RATE_LIMIT_BACKEND?: string;
  /** #19: `upstash` reads the catalogue version (edge-cache keys) from Upstash Redis; anything else: D1. */
  CACHE_BACKEND?: string;
  /** Upstash Redis REST URL and token (secrets), and the time bound of one call (ms, default 500). */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  UPSTASH_TIMEOUT_MS?: string;
  /**
   * #19 (ADR 0047), from MongoBindings: CATALOG_BACKEND=`mongo` with MONGODB_URI (secret; `mongodb+srv://…` for Atlas)
   * reads the catalogue from MongoDB, database MONGODB_DB (default `medicare`); anything else: D1.
   * MONGODB_CLIENT: `per-request` (default) opens a client per request; `durable-object` reads through MONGO_ORIGIN.
   */
  MONGODB_CLIENT?: string;
  /** One MongoOrigin Durable Object per colo holding a warm MongoDB client (MONGODB_CLIENT=durable-object). */
  MONGO_ORIGIN?: DurableObjectNamespace<MongoOrigin>;
}

export type ApiEnv = {
  Bindings: ApiBindings;
  /** `catalogVersion`: the catalogue version a cached catalogue GET is keyed by (set by catalogCache on a miss). */
  /** `catalogOrigin`/`mongoHandle`: #19, this request's MongoDB catalogue origin and its per-request client (adapters.ts). */
  Variables: AuthVariables & {
    db: D1Database;
    d1: D1Stats;
    catalogVersion?: number;
    catalogOrigin?: { repo: CatalogRepository; backend: 'd1' | 'mongo' | 'mongo-do' };
    mongoHandle?: MongoHandle;
  };
};
