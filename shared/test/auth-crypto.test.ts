import { describe, expect, it } from 'vitest';
import { hashPassword, PBKDF2_ITERATIONS, randomToken, sixDigitCode, timingSafeEqual, verifyPassword } from '../src/auth/crypto';
import { normalizeEmail, normalizeVietnamesePhone, passwordProblem } from '../src/auth/policy';

describe('password hashing', () => {
  it('hashes with PBKDF2-SHA256 at 100,000 iterations and a per-user salt', async () => {
    const a = await hashPassword('MatKhau2026');
    const b = await hashPassword('MatKhau2026');
    expect(a).toMatch(new RegExp(`^pbkdf2_sha256\\$${PBKDF2_ITERATIONS}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
    expect(await verifyPassword('MatKhau2026', a)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('MatKhau2027', a)).ok).toBe(false);
  });

  it('asks for a rehash when the stored parameters are older, and refuses malformed hashes', async () => {
    const old = await hashPassword('MatKhau2026', 1000);
    expect(await verifyPassword('MatKhau2026', old)).toEqual({ ok: true, needsRehash: true });
    expect((await verifyPassword('x', 'bcrypt$2b$13$abc')).ok).toBe(false);
    expect((await verifyPassword('x', 'pbkdf2_sha256$9999999$a$b')).ok).toBe(false);
  });

  it('treats Unicode-equivalent passwords as equal (NFC)', async () => {
    const h = await hashPassword('Mật khẩu 2026');
    expect((await verifyPassword('Mật khẩu 2026'.normalize('NFD'), h)).ok).toBe(true);
  });

  it('compares in constant time and makes random tokens and codes', () => {
    expect(timingSafeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(timingSafeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const codes = Array.from({ length: 2000 }, sixDigitCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
  });
});

describe('account input rules', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['091.234.5678', '0912345678'],
    ['0387-123-456', '0387123456'],
    ['02838123456', '02838123456'],
    ['0123456789', null],
    ['091234567', null],
    ['+1 415 555 0100', null],
    ['abc', null],
  ])('phone %s → %s', (input, expected) => expect(normalizeVietnamesePhone(input)).toBe(expected));

  it('requires 8+ characters with letters and digits, not the email', () => {
    expect(passwordProblem('MatKhau2026')).toBeNull();
    expect(passwordProblem('ngan1')).toMatch(/8 ký tự/);
    expect(passwordProblem('chiconchu')).toMatch(/chữ và số/);
    expect(passwordProblem('12345678')).toMatch(/chữ và số/);
    expect(passwordProblem('a1@example.vn', 'A1@Example.vn')).toMatch(/trùng email/);
    expect(passwordProblem('Mậtkhẩu1')).toBeNull();
  });

  it('normalises emails', () => expect(normalizeEmail('  An.Nguyen@Example.VN ')).toBe('an.nguyen@example.vn'));
});
