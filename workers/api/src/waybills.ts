import type { Context } from 'hono';
import { D1ShipmentRepository } from '@medicare/shared/shipping/repo.d1';
import { waybillCancellers } from './adapters';
import type { ApiEnv } from './env';

/**
 * After an order is cancelled (by its customer or by staff): every open waybill is cancelled at its carrier too (GHN,
 * GHTK: only before pickup). A refusal or an outage leaves the shipment open and visible to staff; the order itself
 * stays cancelled. The one copy of this loop, called by both cancel routes.
 */
export async function cancelOpenWaybills(c: Context<ApiEnv>, code: string): Promise<void> {
  const shipments = new D1ShipmentRepository(c.var.db);
  const cancellers = waybillCancellers(c);
  const open = Object.keys(cancellers).length ? await shipments.openShipments(code) : [];
  for (const [carrier, canceller] of Object.entries(cancellers)) {
    const mine = open.filter((s) => s.carrier === carrier);
    if (!mine.length) continue;
    const results = await canceller.cancel(mine.map((s) => s.trackingCode)).catch(() => []);
    for (const s of mine) if (results.some((r) => r.orderCode === s.trackingCode && r.cancelled)) await shipments.markCancelled(s.id, Date.now());
  }
}
