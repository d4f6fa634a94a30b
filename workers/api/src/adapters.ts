/**
 * The api Worker's one adapter factory: every route gets its ports from here. D1 is the embedded default; the
 * optional origin adapters (MongoDB, Elasticsearch, Upstash) plug in here behind the same ports.
 */
import type { Context } from 'hono';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { D1LocationRepository } from '@medicare/shared/locations/repo.d1';
import { D1SearchIndex } from '@medicare/shared/search/index.d1';
import type { ApiEnv } from './env';

export function catalogRepository(c: Context<ApiEnv>) {
  return new D1CatalogRepository(c.var.db);
}

export function locationRepository(c: Context<ApiEnv>) {
  return new D1LocationRepository(c.var.db);
}

export function searchIndex(c: Context<ApiEnv>) {
  return new D1SearchIndex(c.var.db);
}
