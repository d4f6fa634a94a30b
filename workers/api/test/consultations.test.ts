/**
 * Consultations through the api Worker (#15, ADR 0029): who may read a consultation and its files, signed file links
 * that expire, prescription photos type-checked by their bytes and stripped of GPS/EXIF, the guest one-time code, the
 * pharmacist queue and its one-holder claim, and the emails of each step (once).
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ids, json, PNG_96, seedFixtures, tokenFor } from './fixtures';
import { contains, GPS_LATITUDE, GPS_LONGITUDE, jpegMarkers, jpegStripped, jpegWithGps, pngChunks, pngWithGps, webpChunks, webpWithGps } from './consultation-files';

beforeAll(async () => {
  await seedFixtures();
});
afterEach(() => {
  vi.useRealTimers();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
type FilePart = { bytes: Uint8Array; name: string; type: string };
const png = (name = 'don-thuoc.png'): FilePart => ({ bytes: PNG_96, name, type: 'image/png' });

function submission(payload: Record<string, unknown>, files: FilePart[] = []) {
  const f = new FormData();
  f.set('payload', JSON.stringify(payload));
  for (const file of files) f.append('files', new Blob([file.bytes], { type: file.type }), file.name);
  return f;
}

async function submit(headers: Record<string, string>, payload: Record<string, unknown> = {}, files: FilePart[] = [png()]) {
  return api('/v1/consultations', { method: 'POST', headers, body: submission({ productIds: [ids.amoxicillin], contactPhone: '0903123456', preferredContactTime: 'morning', ...payload }, files) });
}

async function created(headers: Record<string, string>, payload: Record<string, unknown> = {}, files: FilePart[] = [png()]) {
  const res = await submit(headers, payload, files);
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

const idOf = async (code: string) => (await env.DB.prepare('SELECT id FROM consultations WHERE code = ?').bind(code).first<{ id: string }>())!.id;
const bytesOf = async (url: string, headers: Record<string, string> = {}) => new Uint8Array(await (await api(url, { headers })).arrayBuffer());

describe('who may read a consultation', () => {
  it("another customer, a guest or an anonymous caller gets 404 for A's consultation; its files are reachable only through A's signed links", async () => {
    const a = bearer(await tokenFor('customer', 'consult-owner-a'));
    const b = bearer(await tokenFor('customer', 'consult-other-b'));
    const c = await created(a, { symptoms: 'Ho, sốt 38 độ' });
    expect(c).toMatchObject({ status: 'submitted', statusLabel: 'Đang chờ dược sĩ', symptoms: 'Ho, sốt 38 độ', preferredContactTime: 'morning', contactPhone: '0903123456', cancellable: true, pharmacist: null });
    expect(c.products).toEqual([expect.objectContaining({ id: ids.amoxicillin, prescriptionRequired: true })]);
    expect(c.timeline).toEqual([expect.objectContaining({ status: 'submitted', label: 'Đã gửi yêu cầu tư vấn' })]);
    expect(c.files).toHaveLength(1);

    for (const headers of [b, {}]) {
      const res = await api(`/v1/consultations/${c.code}`, { headers });
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe('CONSULTATION_NOT_FOUND');
      expect((await api(`/v1/consultations/${c.code}/cancel`, { method: 'POST', headers })).status).toBe(404);
    }
    expect((await json(await api('/v1/consultations', { headers: b }))).items.map((i: { code: string }) => i.code)).not.toContain(c.code);
    expect((await json(await api('/v1/consultations', { headers: a }))).items.map((i: { code: string }) => i.code)).toContain(c.code);
    // The file: through A's link yes; a link for it can't be made up (a forged token is a 404, not the file).
    const mine = await api(c.files[0].url);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.headers.get('content-type')).toBe('image/png');
    const [head, , sig] = c.files[0].url.split('/').pop()!.split('.');
    const forged = `/v1/consultation-files/${head}.${btoa(JSON.stringify({ sub: c.files[0].id, typ: 'consultation-file', iat: 1, exp: 9e9 })).replace(/=+$/, '')}.${sig}`;
    expect((await api(forged)).status).toBe(404);
    // A guest identity that did not create it reads nothing either.
    const guest = await guestCookie('Người Lạ', '0987000111', 'nguoi.la@example.vn');
    expect((await api(`/v1/consultations/${c.code}`, { headers: { cookie: guest } })).status).toBe(404);
  });

  it('a signed file link works for 5 minutes, then answers 403 FILE_LINK_EXPIRED; reloading the page gives a fresh one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now());
    const a = bearer(await tokenFor('customer', 'consult-link-a'));
    const c = await created(a);
    const url = c.files[0].url as string;
    expect(c.files[0].urlExpiresAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    expect((await api(url)).status).toBe(200);
    vi.setSystemTime(Date.now() + 4 * 60_000);
    expect((await api(url)).status).toBe(200);
    vi.setSystemTime(Date.now() + 60_000 + 1000);
    const expired = await api(url);
    expect(expired.status).toBe(403);
    expect((await json(expired)).error.code).toBe('FILE_LINK_EXPIRED');
    const fresh = await json(await api(`/v1/consultations/${c.code}`, { headers: a }));
    expect(fresh.files[0].url).not.toBe(url);
    expect((await api(fresh.files[0].url)).status).toBe(200);
  });
});

describe('prescription files', () => {
  it('removes EXIF/GPS, XMP, IPTC and comments from a JPEG, keeping the image bytes', async () => {
    const a = bearer(await tokenFor('customer', 'consult-exif'));
    const original = jpegWithGps();
    expect(contains(original, GPS_LATITUDE)).toBe(true);
    const c = await created(a, {}, [{ bytes: original, name: 'IMG_0001.jpg', type: 'image/jpeg' }]);
    expect(c.files[0]).toMatchObject({ contentType: 'image/jpeg' });
    const stored = await bytesOf(c.files[0].url);
    expect(jpegMarkers(stored)).toEqual([0xe0, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]);
    for (const needle of [GPS_LATITUDE, GPS_LONGITUDE, 'Exif', 'GPSLatitude', 'Photoshop', 'Chup tai nha']) expect(contains(stored, needle)).toBe(false);
    expect(stored).toEqual(jpegStripped());
    // Nothing unstripped is kept anywhere in the bucket either.
    const listed = await env.FILES_BUCKET.list({ prefix: `consultations/${await idOf(c.code)}/` });
    expect(listed.objects).toHaveLength(1);
    expect(listed.objects[0]!.size).toBe(stored.length);
  });

  it('removes eXIf/tEXt/iTXt/tIME from a PNG and EXIF/XMP chunks (and their VP8X flags) from a WebP', async () => {
    const a = bearer(await tokenFor('customer', 'consult-exif-2'));
    const c = await created(a, {}, [
      { bytes: pngWithGps(), name: 'a.png', type: 'image/png' },
      { bytes: webpWithGps(), name: 'b.webp', type: 'image/webp' },
    ]);
    expect(c.files.map((f: { contentType: string }) => f.contentType)).toEqual(['image/png', 'image/webp']);
    const pngStored = await bytesOf(c.files[0].url);
    expect(pngChunks(pngStored)).toEqual(pngChunks(PNG_96));
    expect(pngStored).toEqual(PNG_96);
    const webp = await bytesOf(c.files[1].url);
    expect(webpChunks(webp)).toEqual(['VP8X', 'VP8L']);
    expect(webp[20]! & 0x0c).toBe(0); // VP8X flags: no EXIF, no XMP
    expect(webp[20]! & 0x10).toBe(0x10); // alpha kept
    expect(new DataView(webp.buffer).getUint32(4, true)).toBe(webp.length - 8);
    for (const needle of [GPS_LATITUDE, GPS_LONGITUDE, 'GPSLatitude']) {
      expect(contains(pngStored, needle)).toBe(false);
      expect(contains(webp, needle)).toBe(false);
    }
  });

  it('detects the type from the bytes: a .jpg that is really text is 415; a broken image is 415; the caps hold', async () => {
    const a = bearer(await tokenFor('customer', 'consult-types'));
    const text = { bytes: new TextEncoder().encode('day khong phai la anh, chi la van ban'), name: 'don-thuoc.jpg', type: 'image/jpeg' };
    const cases: Array<[FilePart[], number, string]> = [
      [[text], 415, 'UNSUPPORTED_FILE_TYPE'],
      [[{ bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2]), name: 'x.jpg', type: 'image/jpeg' }], 415, 'INVALID_FILE'],
      [Array.from({ length: 6 }, () => png()), 400, 'TOO_MANY_FILES'],
      [[png(), { bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), name: 'don.pdf', type: 'application/pdf' }], 400, 'TOO_MANY_FILES'],
      [[{ bytes: (() => { const b = new Uint8Array(8 * 1024 * 1024 + 10); b.set(PNG_96); return b; })(), name: 'big.png', type: 'image/png' }], 413, 'FILE_TOO_LARGE'],
    ];
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM consultations').first<{ n: number }>();
    for (const [files, status, code] of cases) {
      const res = await submit(a, {}, files);
      expect(res.status, code).toBe(status);
      expect((await json(res)).error.code).toBe(code);
    }
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM consultations').first()).toEqual(before);
    // One PDF alone is accepted, and served as a PDF.
    const pdf = await created(a, {}, [{ bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), name: 'don.pdf', type: 'application/octet-stream' }]);
    expect(pdf.files[0].contentType).toBe('application/pdf');
  });

  it('refuses without an identity (401) and with unknown products (400)', async () => {
    const anon = await submit({});
    expect(anon.status).toBe(401);
    const a = bearer(await tokenFor('customer', 'consult-products'));
    const res = await submit(a, { productIds: ['01NOSUCHPRODUCT0000000000'] });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('UNKNOWN_PRODUCT');
  });
});

/** Runs the guest one-time-code flow and answers the `mc_gc` cookie (as a Cookie header value). */
async function guestCookie(name: string, phone: string, email: string): Promise<string> {
  const sent = await api('/v1/consultations/otp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, phone, email }) });
  expect(sent.status).toBe(202);
  const code = await lastCode(email);
  const ok = await api('/v1/consultations/otp/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, code }) });
  expect(ok.status).toBe(200);
  return cookieOf(ok);
}

const cookieOf = (res: Response) => /mc_gc=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];

async function lastCode(email: string): Promise<string> {
  const m = await env.DB.prepare("SELECT subject FROM dev_mailbox WHERE to_address = ? AND subject LIKE 'Mã xác nhận%' ORDER BY created_at DESC, rowid DESC LIMIT 1").bind(email).first<{ subject: string }>();
  return /(\d{6})$/.exec(m!.subject)![1]!;
}

describe('guest one-time code', () => {
  const verify = (phone: string, code: string) => api('/v1/consultations/otp/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, code }) });
  const ask = (phone: string, email: string) => api('/v1/consultations/otp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lê Văn Khách', phone, email }) });

  it('emails a code; a wrong code is 400 OTP_INVALID, the fifth wrong one locks it (429 OTP_LOCKED, even for the right code); resend is rate-limited', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const HOUR = 3600_000;
    vi.setSystemTime(Math.ceil(Date.now() / HOUR) * HOUR + 40 * HOUR); // the start of an hour window
    const phone = '0912000111';
    const email = 'khach.otp@example.vn';
    const sent = await ask('+84 912 000 111', email);
    expect(sent.status).toBe(202);
    expect(await json(sent)).toEqual({ expiresAt: Date.now() + 600_000, resendAfterSeconds: 60 });
    const code = await lastCode(email);
    const row = await env.DB.prepare('SELECT code_hash FROM consultation_otps WHERE phone = ?').bind(phone).first<{ code_hash: string }>();
    expect(row!.code_hash).not.toContain(code); // stored hashed
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const res = await verify(phone, wrong);
      expect(res.status).toBe(400);
      expect((await json(res)).error).toMatchObject({ code: 'OTP_INVALID', details: { attemptsLeft: 5 - i } });
    }
    expect((await json(await verify(phone, wrong))).error.code).toBe('OTP_LOCKED');
    const locked = await verify(phone, code);
    expect(locked.status).toBe(429);
    expect((await json(locked)).error.code).toBe('OTP_LOCKED');
    expect(locked.headers.get('set-cookie')).toBeNull();

    // Asking again at once is refused; after a minute a new code works (and is single-use).
    const soon = await ask(phone, email);
    expect(soon.status).toBe(429);
    expect((await json(soon)).error.code).toBe('OTP_RESEND_TOO_SOON');
    vi.setSystemTime(Date.now() + 61_000);
    expect((await ask(phone, email)).status).toBe(202);
    const fresh = await lastCode(email);
    const ok = await verify(phone, fresh);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ guest: { name: 'Lê Văn Khách', phone, email } });
    expect(ok.headers.get('set-cookie')).toMatch(/mc_gc=.+HttpOnly/i);
    expect((await verify(phone, fresh)).status).toBe(400);

    // At most 5 codes an hour per phone.
    for (let i = 0; i < 3; i++) {
      vi.setSystemTime(Date.now() + 61_000);
      expect((await ask(phone, email)).status).toBe(202);
    }
    vi.setSystemTime(Date.now() + 61_000);
    const tooMany = await ask(phone, email);
    expect(tooMany.status).toBe(429);
    expect((await json(tooMany)).error.code).toBe('OTP_RATE_LIMITED');
  });

  it('an expired code is refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now());
    const email = 'khach.expired@example.vn';
    expect((await ask('0912000222', email)).status).toBe(202);
    const code = await lastCode(email);
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1);
    expect((await json(await verify('0912000222', code))).error.code).toBe('OTP_INVALID');
  });

  it('a confirmed guest submits, lists and cancels their consultation; the email link restores the identity in another browser', async () => {
    const cookie = await guestCookie('Phạm Thị Hoa', '0912000333', 'hoa.pham@example.vn');
    const c = await created({ cookie }, { contactPhone: undefined });
    expect(c.contactPhone).toBe('0912000333');
    expect((await json(await api('/v1/consultations', { headers: { cookie } }))).items.map((i: { code: string }) => i.code)).toEqual([c.code]);
    expect((await api(`/v1/consultations/${c.code}`, { headers: { cookie } })).status).toBe(200);

    const { issueGuestLink } = await import('@medicare/shared/consultations/access');
    const token = await issueGuestLink(env.JWT_SECRET, c.code, Math.floor(Date.now() / 1000));
    const linked = await api('/v1/consultations/guest-link', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(linked.status).toBe(200);
    expect(await json(linked)).toEqual({ code: c.code, guest: { name: 'Phạm Thị Hoa', phone: '0912000333', email: 'hoa.pham@example.vn' } });
    const other = cookieOf(linked);
    expect((await api(`/v1/consultations/${c.code}`, { headers: { cookie: other } })).status).toBe(200);
    const bad = await api('/v1/consultations/guest-link', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: `${token.slice(0, -2)}xx` }) });
    expect(bad.status).toBe(404);

    const cancelled = await api(`/v1/consultations/${c.code}/cancel`, { method: 'POST', headers: { cookie } });
    expect(cancelled.status).toBe(200);
    expect(await json(cancelled)).toMatchObject({ status: 'cancelled', cancellable: false });
    const again = await api(`/v1/consultations/${c.code}/cancel`, { method: 'POST', headers: { cookie } });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('CONSULTATION_NOT_CANCELLABLE');
  });
});

describe('the pharmacist queue', () => {
  it('lists waiting consultations oldest first with waiting time and counts; a claim moves one to "mine"', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.now() + 1000 * 3600_000; // after everything else in this file
    vi.setSystemTime(t0);
    const shopper = bearer(await tokenFor('customer', 'queue-shopper'));
    const ph = bearer(await tokenFor('pharmacist', 'queue-pharmacist'));
    const codes: string[] = [];
    for (const [i, offset] of [0, 60_000, 120_000].entries()) {
      vi.setSystemTime(t0 + offset);
      codes.push((await created(shopper, { productIds: i === 1 ? [ids.paracetamol] : [ids.amoxicillin] }, i === 2 ? [] : [png()])).code);
    }
    vi.setSystemTime(t0 + 300_000);
    const q = await json(await api('/v1/pharmacist/consultations?status=waiting&limit=100', { headers: ph }));
    const mine = q.items.filter((i: { code: string }) => codes.includes(i.code));
    expect(mine.map((i: { code: string }) => i.code)).toEqual(codes); // oldest first
    const all = q.items.map((i: { createdAt: number }) => i.createdAt);
    expect(all).toEqual([...all].sort((x, y) => x - y));
    expect(mine[0]).toMatchObject({ status: 'submitted', statusLabel: 'Đang chờ dược sĩ', customerName: 'Test customer', isGuest: false, productNames: ['Beta Amoxicillin 500mg'], hasRx: true, fileCount: 1, waitingSeconds: 300, pharmacistName: null });
    expect(mine[1]).toMatchObject({ hasRx: false, waitingSeconds: 240 });
    expect(mine[2]).toMatchObject({ fileCount: 0, waitingSeconds: 180 });
    const waiting = q.counts.waiting;
    expect(waiting).toBe(q.items.length);
    expect(q.counts.mine).toBe(0);

    const rxOnly = await json(await api('/v1/pharmacist/consultations?status=waiting&rx=false&limit=100', { headers: ph }));
    expect(rxOnly.items.map((i: { code: string }) => i.code)).toContain(codes[1]);
    expect(rxOnly.items.map((i: { code: string }) => i.code)).not.toContain(codes[0]);
    expect((await json(await api(`/v1/pharmacist/consultations?status=all&q=${codes[2]!.toLowerCase()}`, { headers: ph }))).items.map((i: { code: string }) => i.code)).toEqual([codes[2]]);
    // Search by a phone as typed (part of it, +84) or the customer's email.
    for (const term of ['+84 903 123', '0903123456', 'queue-shopper@test']) {
      const found = await json(await api(`/v1/pharmacist/consultations?status=waiting&limit=100&q=${encodeURIComponent(term)}`, { headers: ph }));
      expect(found.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(codes));
    }
    expect((await json(await api('/v1/pharmacist/consultations?status=waiting&q=0999888', { headers: ph }))).items).toEqual([]);
    // Paging: one at a time, in the same order.
    const first = await json(await api('/v1/pharmacist/consultations?status=waiting&limit=1', { headers: ph }));
    const second = await json(await api(`/v1/pharmacist/consultations?status=waiting&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`, { headers: ph }));
    expect([first.items[0].code, second.items[0].code]).toEqual(q.items.slice(0, 2).map((i: { code: string }) => i.code));

    const claimed = await api(`/v1/pharmacist/consultations/${await idOf(codes[0]!)}/claim`, { method: 'POST', headers: ph });
    expect(claimed.status).toBe(200);
    const after = await json(await api('/v1/pharmacist/consultations?status=mine', { headers: ph }));
    expect(after.items.map((i: { code: string }) => i.code)).toEqual([codes[0]]);
    expect(after.items[0]).toMatchObject({ status: 'in_review', pharmacistName: 'Test pharmacist' });
    expect(after.counts).toEqual({ waiting: waiting - 1, mine: 1 });
  });

  it('of two pharmacists claiming at once exactly one wins; the other gets 409 CONSULTATION_CLAIMED with the holder; only the holder releases', async () => {
    const shopper = bearer(await tokenFor('customer', 'claim-shopper'));
    const c = await created(shopper);
    const id = await idOf(c.code);
    const p1 = bearer(await tokenFor('pharmacist', 'claim-ph-1'));
    const p2 = bearer(await tokenFor('pharmacist', 'claim-ph-2'));
    await env.DB.batch([
      env.DB.prepare("UPDATE users SET name = 'DS. Nguyễn Văn Một' WHERE id = 'claim-ph-1'"),
      env.DB.prepare("UPDATE users SET name = 'DS. Trần Thị Hai' WHERE id = 'claim-ph-2'"),
    ]);
    const [r1, r2] = await Promise.all([p1, p2].map((h) => api(`/v1/pharmacist/consultations/${id}/claim`, { method: 'POST', headers: h })));
    const statuses = [r1!.status, r2!.status];
    expect([...statuses].sort()).toEqual([200, 409]);
    const [winner, loser] = r1!.status === 200 ? [r1!, r2!] : [r2!, r1!];
    const won = await json(winner);
    const holderName = won.holder.name as string;
    expect(['DS. Nguyễn Văn Một', 'DS. Trần Thị Hai']).toContain(holderName);
    expect(won).toMatchObject({ status: 'in_review', pharmacist: { name: holderName, practisingCertificate: 'CCHN-TEST-0001' } });
    expect((await json(loser)).error).toMatchObject({ code: 'CONSULTATION_CLAIMED', details: { holderName } });
    const claims = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'consultation.claim' AND entity_id = ?").bind(id).first();
    expect(claims).toEqual({ n: 1 });
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'consultation.claimed' AND aggregate_id = ?").bind(id).first();
    expect(events).toEqual({ n: 1 });

    const [holder, other] = holderName === 'DS. Nguyễn Văn Một' ? [p1, p2] : [p2, p1];
    const notMine = await api(`/v1/pharmacist/consultations/${id}/release`, { method: 'POST', headers: other });
    expect(notMine.status).toBe(409);
    expect((await json(notMine)).error.code).toBe('CONSULTATION_NOT_CLAIMED_BY_YOU');
    // An admin reads but never claims.
    const admin = bearer(await tokenFor('admin', 'claim-admin'));
    expect((await api(`/v1/pharmacist/consultations/${id}/claim`, { method: 'POST', headers: admin })).status).toBe(403);
    const released = await api(`/v1/pharmacist/consultations/${id}/release`, { method: 'POST', headers: holder });
    expect(released.status).toBe(200);
    expect(await json(released)).toMatchObject({ status: 'submitted', holder: null, pharmacist: null });
    expect((await api(`/v1/pharmacist/consultations/${id}/claim`, { method: 'POST', headers: other })).status).toBe(200);
  });

  it("the staff detail shows the customer and their history, and audits the file links it gives out", async () => {
    const shopper = bearer(await tokenFor('customer', 'detail-shopper'));
    const first = await created(shopper, {}, []);
    const c = await created(shopper);
    const id = await idOf(c.code);
    const admin = bearer(await tokenFor('admin', 'detail-admin'));
    const res = await api(`/v1/pharmacist/consultations/${id}`, { headers: admin });
    expect(res.status).toBe(200);
    const d = await json(res);
    expect(d).toMatchObject({ id, code: c.code, source: 'form', customer: { userId: 'detail-shopper', name: 'Test customer', email: 'detail-shopper@test.medicare.vn', isGuest: false }, holder: null });
    expect(d.history.consultations.map((h: { code: string }) => h.code)).toEqual([first.code]);
    expect((await api(d.files[0].url)).status).toBe(200);
    const audit = await env.DB.prepare("SELECT actor_id AS actor, data FROM audit_log WHERE action = 'consultation.file_viewed' AND entity_id = ?").bind(id).all<{ actor: string; data: string }>();
    expect(audit.results).toEqual([{ actor: 'detail-admin', data: JSON.stringify({ code: c.code, fileIds: [c.files[0].id] }) }]);
    // The owner's own views are not staff access: no audit row.
    await api(`/v1/consultations/${c.code}`, { headers: shopper });
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'consultation.file_viewed' AND entity_id = ?").bind(id).first())).toEqual({ n: 1 });
  });
});

/** Waits until the consumer Worker has acknowledged every outbox event of the consultation (at least `n`). */
async function consumed(id: string, n: number) {
  for (let i = 0; i < 150; i++) {
    const r = await env.DB.prepare('SELECT COUNT(*) AS total, COUNT(acked_at) AS acked FROM outbox_events WHERE aggregate_id = ?').bind(id).first<{ total: number; acked: number }>();
    if (r!.total >= n && r!.acked === r!.total) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`outbox events of ${id} not consumed`);
}

describe('emails of each step', () => {
  it('sends one email per step through the outbox and the consumer; a release and a second claim send no second "claimed" email', async () => {
    const token = await tokenFor('customer', 'mail-shopper');
    const c = await created(bearer(token));
    const id = await idOf(c.code);
    await consumed(id, 1);
    const ph = bearer(await tokenFor('pharmacist', 'mail-pharmacist'));
    expect((await api(`/v1/pharmacist/consultations/${id}/claim`, { method: 'POST', headers: ph })).status).toBe(200);
    await consumed(id, 2);
    expect((await api(`/v1/pharmacist/consultations/${id}/release`, { method: 'POST', headers: ph })).status).toBe(200);
    expect((await api(`/v1/pharmacist/consultations/${id}/claim`, { method: 'POST', headers: ph })).status).toBe(200);
    await consumed(id, 3);
    expect((await api(`/v1/consultations/${c.code}/cancel`, { method: 'POST', headers: bearer(token) })).status).toBe(200);
    await consumed(id, 4);
    const subjects = (await env.DB.prepare('SELECT subject FROM dev_mailbox WHERE to_address = ? ORDER BY created_at, rowid').bind('mail-shopper@test.medicare.vn').all<{ subject: string }>()).results.map((m) => m.subject);
    expect(subjects).toEqual([`Medicare đã nhận yêu cầu tư vấn ${c.code}`, `Dược sĩ đang xem yêu cầu tư vấn ${c.code}`, `Đã hủy yêu cầu tư vấn ${c.code}`]);
    const types = (await env.DB.prepare('SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY created_at, rowid').bind(id).all<{ type: string }>()).results.map((e) => e.type);
    expect(types).toEqual(['consultation.submitted', 'consultation.claimed', 'consultation.claimed', 'consultation.cancelled']);
  });
});
