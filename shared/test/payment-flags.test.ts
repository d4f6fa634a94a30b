/**
 * #13 review 9: the payments list's "late" flag reads the states an order is called off in from the state table
 * (`CALLED_OFF`, payments/admin.ts), not a typed-out list.
 */
import { describe, expect, it } from 'vitest';
import { CALLED_OFF, paymentFlagSql } from '../src/payments/admin';
import { HOLDS_STOCK, ORDER_STATUS_LIST, statusInSql, TRANSITIONS, UNFULFILLED } from '../src/orders/state';

describe('called off (the late-transfer flag)', () => {
  it('is every unfulfilled state entered only from a state that still holds the goods: cancelled and expired', () => {
    expect(CALLED_OFF).toEqual(['cancelled', 'expired']);
    for (const s of ORDER_STATUS_LIST) {
      const into = TRANSITIONS.filter((t) => t.to === s);
      const beforeShipping = into.length > 0 && into.every((t) => HOLDS_STOCK.has(t.from));
      expect({ s, calledOff: CALLED_OFF.includes(s) }).toEqual({ s, calledOff: UNFULFILLED.has(s) && beforeShipping });
    }
  });

  it('is the list the late flag tests in SQL', () => {
    expect(paymentFlagSql('late')).toContain(statusInSql(CALLED_OFF, 'e.to_status'));
  });
});
