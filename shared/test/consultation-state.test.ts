/** The consultation state table (#15): the SQL guards are generated from it, and its shape is the one ADR 0029 states. */
import { describe, expect, it } from 'vitest';
import { decideMove, holderGuardSql, moveGuardSql, OPEN, TERMINAL, TRANSITIONS } from '../src/consultations/state';

describe('consultation state machine', () => {
  it('has exactly the moves of the spec', () => {
    expect(TRANSITIONS.map((t) => `${t.from}→${t.to}:${t.actors.join('|')}`)).toEqual([
      'submitted→in_review:pharmacist',
      'submitted→cancelled:customer',
      'in_review→submitted:pharmacist',
      'in_review→advised:pharmacist',
      'in_review→rejected:pharmacist',
      'in_review→cancelled:customer',
    ]);
    expect([...TERMINAL].sort()).toEqual(['advised', 'cancelled', 'rejected']);
    expect([...OPEN].sort()).toEqual(['in_review', 'submitted']);
  });

  it('generates the write guards from the table, with the holder guard on moves out of in_review', () => {
    expect(moveGuardSql('in_review', 'pharmacist')).toBe("status IN ('submitted')");
    expect(moveGuardSql('cancelled', 'customer')).toBe("status IN ('submitted', 'in_review')");
    expect(moveGuardSql('advised', 'customer')).toBe('0');
    expect(holderGuardSql('in_review')).toBe('1');
    expect(holderGuardSql('advised')).toBe("(status <> 'in_review' OR pharmacist_id = ?)");
    expect(decideMove('advised', 'cancelled', 'customer')).toMatchObject({ ok: false, code: 'CONSULTATION_NOT_CANCELLABLE' });
    expect(decideMove('in_review', 'in_review', 'pharmacist')).toMatchObject({ ok: false, code: 'CONSULTATION_CLAIMED' });
  });
});
