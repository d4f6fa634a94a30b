/**
 * The api Worker's one adapter factory: every route gets its ports from here. D1 is the embedded default; the
 * optional origin adapters (MongoDB, Elasticsearch, Upstash) plug in here behind the same ports.
 */
import type { Context } from 'hono';
import { D1CatalogRepository } from '@medicare/shared/catalog/repo.d1';
import { D1LocationRepository } from '@medicare/shared/locations/repo.d1';
import { D1SearchIndex } from '@medicare/shared/search/index.d1';
import { GhnCarrier, GhtkCarrier, type WaybillCanceller } from '@medicare/shared/checkout/carrier';
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

/** GHN (fee quotes, waybills, cancellations) when its credentials are configured; destinations come from carrier_ward_mappings. */
export function ghnCarrier(c: Context<ApiEnv>): GhnCarrier | null {
  const { GHN_TOKEN, GHN_SHOP_ID, GHN_BASE_URL } = c.env;
  if (!GHN_TOKEN || !GHN_SHOP_ID) return null;
  return new GhnCarrier({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, baseUrl: GHN_BASE_URL ?? 'https://online-gateway.ghn.vn' }, (ward) =>
    c.var.db.prepare("SELECT district_id AS districtId, carrier_ward_code AS carrierWardCode FROM carrier_ward_mappings WHERE carrier = 'ghn' AND ward_code = ?").bind(ward).first(),
  );
}

/** GHTK (waybill cancellation) when its token and partner code are configured. */
export function ghtkCarrier(c: Context<ApiEnv>): GhtkCarrier | null {
  const { GHTK_TOKEN, GHTK_CLIENT_SOURCE, GHTK_BASE_URL } = c.env;
  if (!GHTK_TOKEN || !GHTK_CLIENT_SOURCE) return null;
  return new GhtkCarrier({ token: GHTK_TOKEN, clientSource: GHTK_CLIENT_SOURCE, baseUrl: GHTK_BASE_URL ?? 'https://services.giaohangtietkiem.vn' });
}

/** The carriers whose waybills we can cancel through their API, by carrier name (unconfigured ones are absent). */
export function waybillCancellers(c: Context<ApiEnv>): Partial<Record<'ghn' | 'ghtk', WaybillCanceller>> {
  const ghn = ghnCarrier(c);
  const ghtk = ghtkCarrier(c);
  return { ...(ghn ? { ghn } : {}), ...(ghtk ? { ghtk } : {}) };
}
