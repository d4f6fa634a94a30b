import { describe, expect, it } from 'vitest';
import { issueGuestPass, mayViewOrder, readGuestPass } from '../src/checkout/access';
import { withinLifetime } from '../src/auth/signed';

const accountOrder = { userId: 'U1', phone: '0903123456' };
const guestOrder = { userId: null, phone: '0903123456' };

describe('mayViewOrder (the one rule for order detail, lookup, payment, payment events and invoice)', () => {
  it('lets the owner and admins see any order, and nobody else an account order, whatever phone they give', () => {
    expect(mayViewOrder(accountOrder, { principal: { userId: 'U1', role: 'customer' } })).toBe(true);
    expect(mayViewOrder(accountOrder, { principal: { userId: 'A', role: 'admin' } })).toBe(true);
    // #13: pharmacists read every order (the console's read-only queue); what they may do is the state table's call.
    expect(mayViewOrder(accountOrder, { principal: { userId: 'P', role: 'pharmacist' } })).toBe(true);
    expect(mayViewOrder(guestOrder, { principal: { userId: 'P', role: 'pharmacist' } })).toBe(true);
    expect(mayViewOrder(accountOrder, { principal: { userId: 'U2', role: 'customer' }, phone: '0903123456' })).toBe(false);
    expect(mayViewOrder(accountOrder, { phone: '0903123456', guestPass: true })).toBe(false);
  });

  it('lets a guest see an order placed without an account with the phone used or its guest pass', () => {
    expect(mayViewOrder(guestOrder, { phone: '+84 903 123 456' })).toBe(true);
    expect(mayViewOrder(guestOrder, { phone: '0903123457' })).toBe(false);
    expect(mayViewOrder(guestOrder, { guestPass: true })).toBe(true);
    expect(mayViewOrder(guestOrder, {})).toBe(false);
  });

  it('accepts a guest pass only for its own order, unexpired and unforged', async () => {
    const secret = 'test-secret-0123456789abcdef0123456789abcdef';
    const now = Math.floor(Date.now() / 1000);
    const pass = await issueGuestPass(secret, 'MCAAAAAAAA', now);
    expect(await readGuestPass(secret, pass, 'MCAAAAAAAA', now)).toBe(true);
    expect(await readGuestPass(secret, pass, 'MCBBBBBBBB', now)).toBe(false);
    expect(await readGuestPass(`${secret}x`, pass, 'MCAAAAAAAA', now)).toBe(false);
    expect(await readGuestPass(secret, null, 'MCAAAAAAAA', now)).toBe(false);
  });
});

describe('withinLifetime', () => {
  it('requires exp and iat and refuses lifetimes longer than allowed', () => {
    const now = 1_800_000_000;
    expect(withinLifetime({ iat: now, exp: now + 900 }, 900, now)).toBe(true);
    expect(withinLifetime({ iat: now }, 900, now)).toBe(false);
    expect(withinLifetime({ exp: now + 900 }, 900, now)).toBe(false);
    expect(withinLifetime({ iat: now, exp: now + 10 * 365 * 86_400 }, 900, now)).toBe(false);
    expect(withinLifetime({ iat: now - 1000, exp: now - 100 }, 900, now)).toBe(false);
  });
});
