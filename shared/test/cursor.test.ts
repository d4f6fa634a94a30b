import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/catalog/cursor';
import { ValidationError } from '../src/errors';

describe('cursor', () => {
  it('round-trips', () => {
    const c = { sort: 'price_asc', keys: [125000], id: '01JABCDEFGHJKMNPQRSTVWXYZ0' };
    expect(decodeCursor(encodeCursor(c), 'price_asc', 1)).toEqual(c);
  });

  it.each([
    ['garbage', 'not-base64-json!!'],
    ['wrong shape', btoa(JSON.stringify({ a: 1 }))],
    ['non-numeric key', btoa(JSON.stringify(['price_asc', ['x'], 'id']))],
    ['wrong key count', btoa(JSON.stringify(['price_asc', [1, 2], 'id']))],
  ])('rejects %s with INVALID_CURSOR', (_name, raw) => {
    expect(() => decodeCursor(raw, 'price_asc', 1)).toThrowError(ValidationError);
  });

  it('carries a string key where the sort says so (the admin list\'s name sort), checked per position', () => {
    const c = { sort: 'name', keys: ['Siro ho Bảo Thanh'], id: '01JABCDEFGHJKMNPQRSTVWXYZ0' };
    expect(decodeCursor(encodeCursor(c), 'name', ['string'])).toEqual(c);
    expect(() => decodeCursor(encodeCursor({ sort: 'name', keys: [1], id: 'x' }), 'name', ['string'])).toThrowError(ValidationError);
    expect(() => decodeCursor(encodeCursor({ sort: 'name', keys: ['x'.repeat(401)], id: 'x' }), 'name', ['string'])).toThrowError(ValidationError);
    // Numeric sorts stay numeric: a string smuggled into a storefront cursor is refused.
    expect(() => decodeCursor(encodeCursor({ sort: 'price_asc', keys: ['1'], id: 'x' }), 'price_asc', 1)).toThrowError(ValidationError);
  });

  it('rejects a cursor made for another sort', () => {
    const raw = encodeCursor({ sort: 'newest', keys: [-1], id: 'x' });
    expect(() => decodeCursor(raw, 'price_asc', 1)).toThrow(/không hợp lệ/);
  });
});
