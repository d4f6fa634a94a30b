import { describe, expect, it } from 'vitest';
import { GHN_STATUS, GHTK_STATUS, mapCarrierStatus, movesForward, SHIPMENT_LABELS, SHIPMENT_STATES } from '../src/shipping/carrier-status';

describe('carrier status mapping', () => {
  it.each([
    ['ready_to_pick', 'created'], ['picking', 'picking'], ['money_collect_picking', 'picking'], ['picked', 'picked'], ['storing', 'in_transit'],
    ['transporting', 'in_transit'], ['sorting', 'in_transit'], ['delivering', 'delivering'], ['money_collect_delivering', 'delivering'],
    ['delivered', 'delivered'], ['delivery_fail', 'delivery_failed'], ['waiting_to_return', 'returning'], ['return', 'returning'],
    ['return_transporting', 'returning'], ['return_sorting', 'returning'], ['returning', 'returning'], ['return_fail', 'returning'],
    ['returned', 'returned'], ['cancel', 'cancelled'], ['exception', 'exception'], ['damage', 'damaged'], ['lost', 'lost'],
  ])('GHN %s → %s', (s, want) => expect(mapCarrierStatus('ghn', s)).toBe(want));

  it.each([
    ['-1', 'cancelled'], ['1', 'created'], ['2', 'created'], ['3', 'picked'], ['4', 'delivering'], ['5', 'delivered'], ['6', 'delivered'],
    ['7', 'exception'], ['8', 'picking'], ['9', 'delivery_failed'], ['10', 'delivering'], ['11', 'returned'], ['12', 'picking'],
    ['13', 'exception'], ['20', 'returning'], ['21', 'returned'],
  ])('GHTK %s → %s', (s, want) => expect(mapCarrierStatus('ghtk', s)).toBe(want));

  it('returns null for unknown statuses instead of guessing', () => {
    expect(mapCarrierStatus('ghn', 'teleported')).toBeNull();
    expect(mapCarrierStatus('ghtk', '999')).toBeNull();
    expect(Object.keys(GHN_STATUS)).toHaveLength(22);
    expect(Object.keys(GHTK_STATUS)).toHaveLength(16);
  });

  it('every state has a Vietnamese label', () => {
    for (const s of SHIPMENT_STATES) expect(SHIPMENT_LABELS[s]).toMatch(/\S/);
  });
});

describe('movesForward', () => {
  it('moves forward, never back, and never out of a terminal state', () => {
    expect(movesForward('created', 'picked')).toBe(true);
    expect(movesForward('delivering', 'picked')).toBe(false);
    expect(movesForward('delivered', 'returning')).toBe(false);
    expect(movesForward('returned', 'delivered')).toBe(false);
    expect(movesForward('picked', 'picked')).toBe(false);
  });
  it('lets failed delivery and re-delivery alternate', () => {
    expect(movesForward('delivering', 'delivery_failed')).toBe(true);
    expect(movesForward('delivery_failed', 'delivering')).toBe(true);
    expect(movesForward('delivery_failed', 'delivered')).toBe(true);
  });
  it('accepts a carrier cancellation only before pickup', () => {
    expect(movesForward('picking', 'cancelled')).toBe(true);
    expect(movesForward('in_transit', 'cancelled')).toBe(false);
  });
});
