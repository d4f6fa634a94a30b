import { env } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../src/app';
import { api, json, tokenFor } from './fixtures';

// Each call comes from its own documentation-range address unless a test sets one, so per-IP limits only bite
// in the tests about them.
let ipCounter = 0;
const nextIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': nextIp(), ...headers }, body: JSON.stringify(body) });
const TOKEN_MODE = { 'x-auth-mode': 'token' };

/** The newest 6-digit code the dev mailbox holds for this address. */
async function codeFor(email: string): Promise<string> {
  const { items } = await json(await api(`/dev/mailbox?to=${encodeURIComponent(email)}`));
  const m = /\b(\d{6})\b/.exec(items[0]?.text ?? '');
  if (!m) throw new Error(`no code for ${email}`);
  return m[1]!;
}

async function resetTokenFor(email: string): Promise<string> {
  const { items } = await json(await api(`/dev/mailbox?to=${encodeURIComponent(email)}`));
  const m = /token=([A-Za-z0-9_%-]+)/.exec(items[0]?.text ?? '');
  if (!m) throw new Error(`no reset link for ${email}`);
  return decodeURIComponent(m[1]!);
}

async function signUp(email: string, password = 'MatKhau2026') {
  expect((await post('/v1/auth/register', { acceptPrivacyPolicy: true, email, password, name: 'Nguyễn Văn An', phone: '+84 912 345 678' })).status).toBe(202);
  const res = await post('/v1/auth/verify-email', { email, code: await codeFor(email) }, TOKEN_MODE);
  expect(res.status).toBe(200);
  return json(res);
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** The `name=value` of a cookie the response sets. */
const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];

/**
 * Injected clock for the tests about windows and grace periods: Date is faked (timers stay real) and pinned to the start
 * of a 15-minute window, so a test never straddles a window boundary and moves time forward explicitly.
 */
const WINDOW_MS = 15 * 60_000;
let clockBase = Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS + 10 * WINDOW_MS;
function pinClock() {
  clockBase += 4 * WINDOW_MS; // every test gets fresh windows
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clockBase);
  return { advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
}
afterEach(() => {
  vi.useRealTimers();
});

describe('sign-up → verify → login → refresh → reset → logout', () => {
  it('walks the whole path with cookies for the browser', async () => {
    const email = 'an.nguyen@example.vn';
    const reg = await post('/v1/auth/register', { acceptPrivacyPolicy: true, email: 'An.Nguyen@Example.vn', password: 'MatKhau2026', name: 'Nguyễn Văn An', phone: '0912 345 678' });
    expect(reg.status).toBe(202);
    const mail = (await json(await api(`/dev/mailbox?to=${email}`))).items[0];
    expect(mail.subject).toMatch(/^Mã xác minh Medicare: \d{6}$/);

    // Not verified yet: login is refused with a clear code.
    expect((await json(await post('/v1/auth/login', { email, password: 'MatKhau2026' }))).error.code).toBe('EMAIL_NOT_VERIFIED');

    const verified = await post('/v1/auth/verify-email', { email, code: await codeFor(email) });
    expect(verified.status).toBe(200);
    const cookies = verified.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('mc_at='))).toMatch(/HttpOnly; Secure; SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('mc_rt='))).toMatch(/Path=\/v1\/auth; HttpOnly; Secure; SameSite=Strict/);
    const body = await json(verified);
    expect(body.user).toMatchObject({ email, emailVerified: true, phone: '0912345678', role: 'customer' });
    expect(body.accessToken).toBeUndefined(); // browsers never see tokens
    expect(JSON.stringify(body)).not.toMatch(/pbkdf2|password/i);

    const at = cookies.find((c) => c.startsWith('mc_at='))!.split(';')[0]!;
    const rt = cookies.find((c) => c.startsWith('mc_rt='))!.split(';')[0]!;
    const me = await api('/v1/me', { headers: { cookie: at } });
    expect((await json(me)).email).toBe(email);

    const refreshed = await api('/v1/auth/refresh', { method: 'POST', headers: { cookie: rt, 'content-type': 'application/json' }, body: '{}' });
    expect(refreshed.status).toBe(200);
    const rt2 = refreshed.headers.getSetCookie().find((c) => c.startsWith('mc_rt='))!.split(';')[0]!;
    expect(rt2).not.toBe(rt);

    const out = await api('/v1/auth/logout', { method: 'POST', headers: { cookie: `${at}; ${rt2}`, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('mc_at=;'))).toBe(true);
    expect((await api('/v1/me', { headers: { cookie: at } })).status).toBe(401); // the access token's session ended
    expect((await api('/v1/auth/refresh', { method: 'POST', headers: { cookie: rt2, 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('gives API clients tokens in the body and accepts Bearer', async () => {
    const s = await signUp('api.client@example.vn');
    expect(s.accessToken).toBeTypeOf('string');
    expect(s.refreshToken).toBeTypeOf('string');
    expect((await api('/v1/me', { headers: bearer(s.accessToken) })).status).toBe(200);
    const r = await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE);
    expect(r.status).toBe(200);
    expect((await json(r)).refreshToken).not.toBe(s.refreshToken);
  });

  it('revokes the whole family when an old refresh token is reused after the grace window', async () => {
    const clock = pinClock();
    const s = await signUp('reuse@example.vn');
    const r1 = await json(await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE));
    clock.advance(31_000); // beyond the 30 s grace for a just-rotated token
    const reuse = await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE);
    expect(reuse.status).toBe(401);
    expect((await json(reuse)).error.code).toBe('REFRESH_TOKEN_REUSED');
    // The legitimate holder of the newer token is signed out too, and its access token stops working.
    expect((await post('/v1/auth/refresh', { refreshToken: r1.refreshToken }, TOKEN_MODE)).status).toBe(401);
    expect((await api('/v1/me', { headers: bearer(r1.accessToken) })).status).toBe(401);
  });

  it('keeps both tabs signed in when two refreshes race with the same token (grace window)', async () => {
    pinClock();
    const s = await signUp('race@example.vn');
    const results = await Promise.all([1, 2].map(() => post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const tabs = await Promise.all(results.map((r) => json(r)));
    expect(tabs[0].refreshToken).not.toBe(tabs[1].refreshToken);
    for (const tab of tabs) {
      // Each winner's tokens work: the access token now, the refresh token for the next rotation.
      expect((await api('/v1/me', { headers: bearer(tab.accessToken) })).status).toBe(200);
      const next = await post('/v1/auth/refresh', { refreshToken: tab.refreshToken }, TOKEN_MODE);
      expect(next.status).toBe(200);
      expect((await api('/v1/me', { headers: bearer((await json(next)).accessToken) })).status).toBe(200);
    }
  });

  it('accepts a just-rotated token within 30 s only, and never after its family was revoked', async () => {
    const clock = pinClock();
    const s = await signUp('grace@example.vn');
    const r1 = await json(await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE));
    clock.advance(20_000);
    const late = await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE);
    expect(late.status).toBe(200); // a slow second tab
    clock.advance(11_000);
    expect((await json(await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE))).error.code).toBe('REFRESH_TOKEN_REUSED');
    for (const t of [r1, await json(late)]) expect((await api('/v1/me', { headers: bearer(t.accessToken) })).status).toBe(401);
  });

  it('resets a forgotten password with a single-use link and ends every session', async () => {
    const email = 'forgot@example.vn';
    const s = await signUp(email);
    expect((await post('/v1/auth/password/forgot', { email })).status).toBe(202);
    const token = await resetTokenFor(email);
    const mails = (await json(await api(`/dev/mailbox?to=${email}`))).items;
    expect(mails[0].text).not.toContain('MatKhau2026'); // the password is never emailed
    expect((await post('/v1/auth/password/reset', { token, password: 'ngan' })).status).toBe(400);
    expect((await post('/v1/auth/password/reset', { token, password: 'MatKhauMoi2027' })).status).toBe(200);
    expect((await post('/v1/auth/password/reset', { token, password: 'MatKhauKhac2028' })).status).toBe(422); // single use
    expect((await api('/v1/me', { headers: bearer(s.accessToken) })).status).toBe(401);
    expect((await post('/v1/auth/login', { email, password: 'MatKhau2026' })).status).toBe(401);
    expect((await post('/v1/auth/login', { email, password: 'MatKhauMoi2027' })).status).toBe(200);
  });

  it('expires reset links', async () => {
    const email = 'expired-link@example.vn';
    await signUp(email);
    await post('/v1/auth/password/forgot', { email });
    const token = await resetTokenFor(email);
    await env.DB.prepare("UPDATE auth_tokens SET expires_at = 1 WHERE purpose = 'password_reset'").run();
    const res = await post('/v1/auth/password/reset', { token, password: 'MatKhauMoi2027' });
    expect((await json(res)).error.code).toBe('INVALID_RESET_TOKEN');
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const email = 'change@example.vn';
    const a = await signUp(email);
    const b = await json(await post('/v1/auth/login', { email, password: 'MatKhau2026' }, TOKEN_MODE));
    const res = await api('/v1/me/password', { method: 'POST', headers: { ...bearer(a.accessToken), 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'MatKhau2026', newPassword: 'MatKhauMoi2027' }) });
    expect(res.status).toBe(200);
    expect((await api('/v1/me', { headers: bearer(a.accessToken) })).status).toBe(200);
    expect((await api('/v1/me', { headers: bearer(b.accessToken) })).status).toBe(401);
  });
});

describe('codes, lockout and rate limits', () => {
  it('rejects wrong codes and stops after 5 attempts', async () => {
    const clock = pinClock();
    const email = 'codes@example.vn';
    await post('/v1/auth/register', { acceptPrivacyPolicy: true, email, password: 'MatKhau2026', name: 'Mã Sai' });
    const code = await codeFor(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await json(await post('/v1/auth/verify-email', { email, code: wrong }))).error.code).toBe('INVALID_CODE');
    expect((await post('/v1/auth/verify-email', { email, code })).status).toBe(422); // even the right code: attempts used up
    clock.advance(61_000); // past the resend cooldown
    expect((await post('/v1/auth/resend-code', { email })).status).toBe(202);
    expect((await post('/v1/auth/verify-email', { email, code: await codeFor(email) })).status).toBe(200);
  });

  it('expires codes and enforces the resend cooldown with Retry-After', async () => {
    const email = 'cooldown@example.vn';
    await post('/v1/auth/register', { acceptPrivacyPolicy: true, email, password: 'MatKhau2026', name: 'Chờ' });
    const res = await post('/v1/auth/resend-code', { email });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(res)).error.code).toBe('RESEND_COOLDOWN');
    const code = await codeFor(email);
    await env.DB.prepare("UPDATE auth_tokens SET expires_at = 1 WHERE purpose = 'verify_email'").run();
    expect((await post('/v1/auth/verify-email', { email, code })).status).toBe(422);
  });

  it('throttles guessing from strangers without locking the owner out (device cookie, reset link)', async () => {
    const clock = pinClock();
    const email = 'lockout@example.vn';
    expect((await post('/v1/auth/register', { acceptPrivacyPolicy: true, email, password: 'MatKhau2026', name: 'Chủ Tài Khoản' })).status).toBe(202);
    const verified = await post('/v1/auth/verify-email', { email, code: await codeFor(email) });
    const ownerDevice = cookieOf(verified, 'mc_dev')!;
    expect(verified.headers.getSetCookie().find((c) => c.startsWith('mc_dev='))).toMatch(/Path=\/v1\/auth; HttpOnly; Secure; SameSite=Strict/);

    // Successful sign-ins never count toward the limit.
    for (let i = 0; i < 8; i++) expect((await post('/v1/auth/login', { email, password: 'MatKhau2026' })).status).toBe(200);

    // A stranger's five wrong passwords throttle the address for every untrusted client, the right password included…
    for (let i = 0; i < 5; i++) expect((await post('/v1/auth/login', { email, password: 'SaiMatKhau1' })).status).toBe(401);
    const throttled = await post('/v1/auth/login', { email, password: 'MatKhau2026' });
    expect(throttled.status).toBe(429);
    expect((await json(throttled)).error.code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers.get('retry-after'))).toBe(15 * 60);

    // …but the owner's browser, which signed in before, still gets in; its own wrong passwords answer 401.
    expect((await post('/v1/auth/login', { email, password: 'SaiMatKhau1' }, { cookie: ownerDevice })).status).toBe(401);
    expect((await post('/v1/auth/login', { email, password: 'MatKhau2026' }, { cookie: ownerDevice })).status).toBe(200);
    // A device cookie of another account does not help.
    await signUp('lockout-other@example.vn');
    const otherDevice = cookieOf(await post('/v1/auth/login', { email: 'lockout-other@example.vn', password: 'MatKhau2026' }), 'mc_dev')!;
    expect((await post('/v1/auth/login', { email, password: 'MatKhau2026' }, { cookie: otherDevice })).status).toBe(429);

    // On a new device the owner unlocks through the emailed reset link: that browser becomes trusted.
    expect((await post('/v1/auth/password/forgot', { email })).status).toBe(202);
    const reset = await post('/v1/auth/password/reset', { token: await resetTokenFor(email), password: 'MatKhauMoi2027' });
    expect(reset.status).toBe(200);
    expect((await post('/v1/auth/login', { email, password: 'MatKhauMoi2027' }, { cookie: cookieOf(reset, 'mc_dev')! })).status).toBe(200);

    // Strangers' throttle ends with the window.
    expect((await post('/v1/auth/login', { email, password: 'MatKhauMoi2027' })).status).toBe(429);
    clock.advance(15 * 60_000);
    expect((await post('/v1/auth/login', { email, password: 'MatKhauMoi2027' })).status).toBe(200);
  });

  it('counts parallel guesses exactly (attempts are reserved before the password check)', async () => {
    pinClock();
    const email = 'parallel-guess@example.vn';
    await signUp(email);
    const statuses = await Promise.all(Array.from({ length: 12 }, () => post('/v1/auth/login', { email, password: 'SaiMatKhau1' })));
    expect(statuses.map((r) => r.status).sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  });

  it('rate-limits failed sign-ins per address across IPs, known or not', async () => {
    pinClock();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post('/v1/auth/login', { email: 'ghost@example.vn', password: 'SaiMatKhau1' }, { 'cf-connecting-ip': `203.0.113.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('rate-limits per IP across accounts', async () => {
    pinClock();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await post('/v1/auth/login', { email: `ip${i}@example.vn`, password: 'SaiMatKhau1' }, { 'cf-connecting-ip': '198.51.100.7' })).status);
    expect(statuses.filter((s) => s === 429).length).toBe(2);
  });

  it('counts only wrong passwords per IP: many shoppers behind one address sign in freely', async () => {
    pinClock();
    await signUp('nat-shopper@example.vn');
    const ip = { 'cf-connecting-ip': '198.51.100.9' };
    const ok: number[] = [];
    for (let i = 0; i < 35; i++) ok.push((await post('/v1/auth/login', { email: 'nat-shopper@example.vn', password: 'MatKhau2026' }, ip)).status);
    expect(ok.every((s) => s === 200)).toBe(true);
    const wrong: number[] = [];
    for (let i = 0; i < 32; i++) wrong.push((await post('/v1/auth/login', { email: `nat${i}@example.vn`, password: 'SaiMatKhau1' }, ip)).status);
    expect(wrong.filter((s) => s === 429).length).toBe(2);
  });

  it('ignores X-Real-IP and X-Forwarded-For, which a client can set, for per-IP limits', async () => {
    pinClock();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await api('/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-real-ip': `192.0.2.${i}`, 'x-forwarded-for': `192.0.2.${i}` },
        body: JSON.stringify({ email: `spoof${i}@example.vn`, password: 'SaiMatKhau1' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it('answers every auth route the same (status and body) for a known and an unknown address', async () => {
    const clock = pinClock();
    await signUp('known@example.vn'); // verified
    expect((await post('/v1/auth/register', { acceptPrivacyPolicy: true, email: 'pending@example.vn', password: 'MatKhau2026', name: 'Chưa Xác Minh' })).status).toBe(202);
    clock.advance(61_000);
    const pairs: Array<[known: string, unknown: string]> = [
      ['known@example.vn', 'unknown@example.vn'],
      ['pending@example.vn', 'unknown-pending@example.vn'],
    ];
    const same = async (call: (email: string) => Promise<Response>, known: string, unknown: string) => {
      const [a, b] = [await call(known), await call(unknown)];
      const [ja, jb] = [await a.text(), await b.text()];
      expect({ status: a.status, body: ja, retryAfter: a.headers.get('retry-after') }).toEqual({ status: b.status, body: jb, retryAfter: b.headers.get('retry-after') });
      return a.status;
    };
    for (const [known, unknown] of pairs) {
      expect(await same((email) => post('/v1/auth/register', { acceptPrivacyPolicy: true, email, password: 'MatKhau2026', name: 'X' }), known, unknown)).toBe(202);
      // The code cooldown belongs to the address: right after register both answer 429, a minute later both 202.
      expect(await same((email) => post('/v1/auth/resend-code', { email }), known, unknown)).toBe(429);
      clock.advance(61_000);
      expect(await same((email) => post('/v1/auth/resend-code', { email }), known, unknown)).toBe(202);
      expect(await same((email) => post('/v1/auth/resend-code', { email }), known, unknown)).toBe(429);
      expect(await same((email) => post('/v1/auth/verify-email', { email, code: '000000' }), known, unknown)).toBe(422);
      expect(await same((email) => post('/v1/auth/password/forgot', { email }), known, unknown)).toBe(202);
      for (let i = 0; i < 5; i++) expect(await same((email) => post('/v1/auth/login', { email, password: 'SaiMatKhau1' }), known, unknown)).toBe(401);
      expect(await same((email) => post('/v1/auth/login', { email, password: 'SaiMatKhau1' }), known, unknown)).toBe(429);
    }
    // The owner of the known address gets an "already registered" email instead of a code.
    const subjects = (await json(await api('/dev/mailbox?to=known@example.vn'))).items.map((m: any) => m.subject);
    expect(subjects).toContain('Có người vừa đăng ký Medicare bằng email của bạn');
  });
});

describe('input validation', () => {
  it.each([
    [{ email: 'khong-phai-email', password: 'MatKhau2026', name: 'A' }, 'VALIDATION_FAILED'],
    [{ email: 'a@example.vn', password: 'ngan1', name: 'A' }, 'WEAK_PASSWORD'],
    [{ email: 'a@example.vn', password: 'chiconchu', name: 'A' }, 'WEAK_PASSWORD'],
    [{ email: 'a@example.vn', password: 'MatKhau2026', name: 'A', phone: '12345' }, 'INVALID_PHONE'],
    [{ email: 'a@example.vn', password: 'MatKhau2026', name: 'A', role: 'admin' }, 'VALIDATION_FAILED'],
  ])('register %j → 400 %s', async (body, code) => {
    const res = await post('/v1/auth/register', { ...body, acceptPrivacyPolicy: true });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe(code);
  });
});

describe('roles', () => {
  it('never lets a user give themselves a role', async () => {
    const s = await signUp('climber@example.vn');
    const patchMe = await api('/v1/me', { method: 'PATCH', headers: { ...bearer(s.accessToken), 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) });
    expect(patchMe.status).toBe(400);
    const patchAdmin = await api(`/v1/admin/users/${s.user.id}`, { method: 'PATCH', headers: { ...bearer(s.accessToken), 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) });
    expect(patchAdmin.status).toBe(403);
    const forged = await api('/v1/me', { headers: bearer(s.accessToken.replace(/\.[^.]+$/, '.forged-signature')) });
    expect(forged.status).toBe(401);
  });

  it('lets admins create pharmacists (with a certificate), change roles and deactivate, with audit rows', async () => {
    const admin = await tokenFor('admin', 'admin-roles');
    const h = { ...bearer(admin), 'content-type': 'application/json' };
    const noCert = await api('/v1/admin/users', { method: 'POST', headers: h, body: JSON.stringify({ email: 'ds@example.vn', name: 'DS Lan', role: 'pharmacist', password: 'MatKhau2026' }) });
    expect((await json(noCert)).error.code).toBe('CERTIFICATE_REQUIRED');
    const created = await api('/v1/admin/users', { method: 'POST', headers: h, body: JSON.stringify({ email: 'ds@example.vn', name: 'DS Lan', role: 'pharmacist', practisingCertificate: '1234/CCHN-D-SYT-HCM', password: 'MatKhau2026' }) });
    expect(created.status).toBe(201);
    const pharmacist = await json(created);
    expect(pharmacist).toMatchObject({ role: 'pharmacist', practisingCertificate: '1234/CCHN-D-SYT-HCM', emailVerified: true });
    const dup = await api('/v1/admin/users', { method: 'POST', headers: h, body: JSON.stringify({ email: 'ds@example.vn', name: 'X', role: 'admin', password: 'MatKhau2026' }) });
    expect(dup.status).toBe(409);

    const s = await signUp('promote@example.vn');
    const promoted = await api(`/v1/admin/users/${s.user.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ role: 'pharmacist', practisingCertificate: '5678/CCHN-D-SYT-HN' }) });
    expect((await json(promoted)).role).toBe('pharmacist');
    expect((await api('/v1/me', { headers: bearer(s.accessToken) })).status).toBe(401); // old role's sessions ended

    const off = await api(`/v1/admin/users/${pharmacist.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ status: 'deactivated' }) });
    expect((await json(off)).status).toBe('deactivated');
    expect((await post('/v1/auth/login', { email: 'ds@example.vn', password: 'MatKhau2026' })).status).toBe(403);

    const self = await api('/v1/admin/users/admin-roles', { method: 'PATCH', headers: h, body: JSON.stringify({ role: 'customer' }) });
    expect(self.status).toBe(403);

    const audit = await env.DB.prepare("SELECT action, entity_id AS entityId FROM audit_log WHERE entity_type = 'user' ORDER BY created_at").all();
    expect(audit.results).toEqual(
      expect.arrayContaining([
        { action: 'user.create', entityId: pharmacist.id },
        { action: 'user.update', entityId: s.user.id },
        { action: 'user.update', entityId: pharmacist.id },
      ]),
    );
    const onDuty = await json(await api('/v1/pharmacists/on-duty'));
    expect(onDuty.items).toContainEqual({ name: 'Nguyễn Văn An', practisingCertificate: '5678/CCHN-D-SYT-HN' }); // promoted, active
    expect(JSON.stringify(onDuty)).not.toContain('ds@example.vn'); // deactivated, and never contact details
    const list = await json(await api('/v1/admin/users?role=pharmacist&q=example.vn', { headers: bearer(admin) }));
    expect(list.items.map((u: any) => u.email)).toEqual(expect.arrayContaining(['ds@example.vn', 'promote@example.vn']));
    expect(JSON.stringify(list)).not.toMatch(/pbkdf2/);
  });
});

describe('access tokens', () => {
  it('refuses tokens signed with the real key but without an expiry or with a lifetime beyond 15 minutes', async () => {
    const s = await signUp('lifetime@example.vn');
    const claims = JSON.parse(atob(s.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const now = Math.floor(Date.now() / 1000);
    const forge = (c: Record<string, unknown>) => sign(c, env.JWT_SECRET, 'HS256');
    const { exp: _exp, ...noExp } = claims;
    expect((await api('/v1/me', { headers: bearer(s.accessToken) })).status).toBe(200);
    for (const token of [
      await forge(noExp),
      await forge({ ...claims, iat: now, exp: now + 10 * 365 * 86_400 }),
      await forge({ ...claims, iat: now - 10 * 365 * 86_400 + 60, exp: now + 60 }),
    ]) {
      const res = await api('/v1/me', { headers: bearer(token) });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe('INVALID_TOKEN');
    }
  });
});

describe('admin user search', () => {
  it('answers long and wildcard queries without a 500 and still finds the account', async () => {
    const admin = await tokenFor('admin', 'admin-search');
    const name = 'Đặng Đình Đức Đoàn Đỗ Đạt Đồng Đào Điền Đông';
    const created = await api('/v1/admin/users', {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dd-search@example.vn', name, role: 'admin', password: 'MatKhau2026' }),
    });
    expect(created.status).toBe(201);
    const search = (q: string) => api(`/v1/admin/users?q=${encodeURIComponent(q)}`, { headers: bearer(admin) });
    expect(new TextEncoder().encode(name).length).toBeGreaterThan(50);
    const found = await search(name);
    expect(found.status).toBe(200);
    expect((await json(found)).items.map((u: any) => u.email)).toEqual(['dd-search@example.vn']);
    for (const q of ['đ'.repeat(25), 'đ'.repeat(100), '%'.repeat(100), '_%\\'.repeat(25)]) {
      const res = await search(q);
      expect(res.status).toBe(200);
      expect((await json(res)).items).toEqual([]);
    }
    // % and _ are plain characters, not wildcards.
    expect((await json(await search('dd%search'))).items).toEqual([]);
    expect((await json(await search('DD-SEARCH@'))).items.map((u: any) => u.email)).toEqual(['dd-search@example.vn']);
  });
});

describe('sessions', () => {
  it('lists my sign-ins and ends one of them', async () => {
    const email = 'devices@example.vn';
    const phone = await signUp(email);
    const laptop = await json(await post('/v1/auth/login', { email, password: 'MatKhau2026' }, { ...TOKEN_MODE, 'user-agent': 'Laptop' }));
    const { items } = await json(await api('/v1/me/sessions', { headers: bearer(phone.accessToken) }));
    expect(items).toHaveLength(2);
    const other = items.find((x: any) => !x.current);
    expect(other.userAgent).toBe('Laptop');
    expect((await api(`/v1/me/sessions/${other.id}`, { method: 'DELETE', headers: bearer(phone.accessToken) })).status).toBe(200);
    expect((await api('/v1/me', { headers: bearer(laptop.accessToken) })).status).toBe(401);
  });
});

describe('dev mailbox', () => {
  it('is absent in production', async () => {
    const res = await app.fetch(new Request('https://api.medicare.test/dev/mailbox'), { ...env, ENVIRONMENT: 'production' } as never);
    expect(res.status).toBe(404);
    expect((await res.json()) as unknown).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'Không tìm thấy đường dẫn yêu cầu.' } });
    const spec = await json(await api('/openapi.json'));
    expect(Object.keys(spec.paths)).not.toContain('/dev/mailbox');
  });
});
