import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
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
  expect((await post('/v1/auth/register', { email, password, name: 'Nguyễn Văn An', phone: '+84 912 345 678' })).status).toBe(202);
  const res = await post('/v1/auth/verify-email', { email, code: await codeFor(email) }, TOKEN_MODE);
  expect(res.status).toBe(200);
  return json(res);
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('sign-up → verify → login → refresh → reset → logout', () => {
  it('walks the whole path with cookies for the browser', async () => {
    const email = 'an.nguyen@example.vn';
    const reg = await post('/v1/auth/register', { email: 'An.Nguyen@Example.vn', password: 'MatKhau2026', name: 'Nguyễn Văn An', phone: '0912 345 678' });
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

  it('revokes the whole family when an old refresh token is reused', async () => {
    const s = await signUp('reuse@example.vn');
    const r1 = await json(await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE));
    const reuse = await post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE);
    expect(reuse.status).toBe(401);
    expect((await json(reuse)).error.code).toBe('REFRESH_TOKEN_REUSED');
    // The legitimate holder of the newer token is signed out too, and its access token stops working.
    expect((await post('/v1/auth/refresh', { refreshToken: r1.refreshToken }, TOKEN_MODE)).status).toBe(401);
    expect((await api('/v1/me', { headers: bearer(r1.accessToken) })).status).toBe(401);
  });

  it('lets exactly one of two racing refreshes with the same token win', async () => {
    const s = await signUp('race@example.vn');
    const results = await Promise.all([1, 2].map(() => post('/v1/auth/refresh', { refreshToken: s.refreshToken }, TOKEN_MODE)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
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
    const email = 'codes@example.vn';
    await post('/v1/auth/register', { email, password: 'MatKhau2026', name: 'Mã Sai' });
    const code = await codeFor(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await json(await post('/v1/auth/verify-email', { email, code: wrong }))).error.code).toBe('INVALID_CODE');
    expect((await post('/v1/auth/verify-email', { email, code })).status).toBe(422); // even the right code: attempts used up
    await env.DB.prepare("UPDATE auth_tokens SET created_at = created_at - 120000 WHERE purpose = 'verify_email'").run();
    expect((await post('/v1/auth/resend-code', { email })).status).toBe(202);
    expect((await post('/v1/auth/verify-email', { email, code: await codeFor(email) })).status).toBe(200);
  });

  it('expires codes and enforces the resend cooldown with Retry-After', async () => {
    const email = 'cooldown@example.vn';
    await post('/v1/auth/register', { email, password: 'MatKhau2026', name: 'Chờ' });
    const res = await post('/v1/auth/resend-code', { email });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(res)).error.code).toBe('RESEND_COOLDOWN');
    const code = await codeFor(email);
    await env.DB.prepare("UPDATE auth_tokens SET expires_at = 1 WHERE purpose = 'verify_email'").run();
    expect((await post('/v1/auth/verify-email', { email, code })).status).toBe(422);
  });

  it('locks an account after 5 wrong passwords, even for the right one, and says so with 429', async () => {
    const email = 'lockout@example.vn';
    await signUp(email);
    for (let i = 0; i < 5; i++) expect((await post('/v1/auth/login', { email, password: 'SaiMatKhau1' })).status).toBe(401);
    const locked = await post('/v1/auth/login', { email, password: 'MatKhau2026' });
    expect(locked.status).toBe(429);
    expect((await json(locked)).error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('rate-limits sign-in attempts per account across addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post('/v1/auth/login', { email: 'ghost@example.vn', password: 'SaiMatKhau1' }, { 'cf-connecting-ip': `203.0.113.${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('rate-limits per IP across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await post('/v1/auth/login', { email: `ip${i}@example.vn`, password: 'SaiMatKhau1' }, { 'cf-connecting-ip': '198.51.100.7' })).status);
    expect(statuses.filter((s) => s === 429).length).toBe(2);
  });

  it('answers the same for known and unknown emails', async () => {
    await signUp('known@example.vn');
    const known = await post('/v1/auth/password/forgot', { email: 'known@example.vn' });
    const unknown = await post('/v1/auth/password/forgot', { email: 'unknown@example.vn' });
    expect(known.status).toBe(unknown.status);
    expect(await json(known)).toEqual(await json(unknown));
    const l1 = await json(await post('/v1/auth/login', { email: 'known@example.vn', password: 'SaiMatKhau1' }));
    const l2 = await json(await post('/v1/auth/login', { email: 'unknown@example.vn', password: 'SaiMatKhau1' }));
    expect(l1).toEqual(l2);
    const r1 = await post('/v1/auth/register', { email: 'known@example.vn', password: 'MatKhau2026', name: 'X' });
    expect(r1.status).toBe(202); // and the owner gets an "already registered" email instead of a code
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
    const res = await post('/v1/auth/register', body);
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
