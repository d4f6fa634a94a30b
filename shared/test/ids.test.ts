import { describe, expect, it } from 'vitest';
import { newConsultationCode, newId, newOrderCode, ORDER_CODE_PATTERN } from '../src/ids';

describe('ids', () => {
  it('order codes are MC + 8 Crockford base32 characters and do not repeat', () => {
    const codes = Array.from({ length: 5000 }, newOrderCode);
    for (const c of codes) expect(c).toMatch(ORDER_CODE_PATTERN);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.join('')).not.toMatch(/[ILOU]/);
    expect(newConsultationCode()).toMatch(/^TV[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('ids are time-ordered ULIDs', () => {
    const a = newId();
    const b = newId();
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(b > a).toBe(true);
  });
});
