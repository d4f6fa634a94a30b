/**
 * #17 legal (ADR 0041): consent at sign-up (time + published version), policy pages through the content system (a
 * published change bumps the version), the company profile the footer and the invoice share, the account's data export
 * (own data only) and deletion (anonymised, signed out for good, orders kept).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sellerFromEnv } from '@medicare/shared/invoice/seller';
import { afterVersionBound, api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

let ipCounter = 0;
const nextIp = () => `198.19.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const JSON_HEADERS = { 'content-type': 'application/json' };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, { method: 'POST', headers: { ...JSON_HEADERS, 'cf-connecting-ip': nextIp(), ...headers }, body: JSON.stringify(body) });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const PASSWORD = 'MatKhau2026';
const ORDER_BODY = { items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { recipientName: 'Phạm Thị Lan', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '7 Lê Lợi' }, paymentMethod: 'cod' };

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
});

async function codeFor(email: string): Promise<string> {
  const { items } = await json(await api(`/dev/mailbox?to=${encodeURIComponent(email)}`));
  return /\b(\d{6})\b/.exec(items[0]?.text ?? '')![1]!;
}

/** A customer signed up through the API as the sign-up page does (consent given), verified and signed in. */
async function signUp(email: string): Promise<{ token: string; userId: string }> {
  expect((await post('/v1/auth/register', { email, password: PASSWORD, name: 'Phạm Thị Lan', phone: '0903123456', acceptPrivacyPolicy: true })).status).toBe(202);
  const res = await post('/v1/auth/verify-email', { email, code: await codeFor(email) }, { 'x-auth-mode': 'token' });
  expect(res.status).toBe(200);
  const b = await json(res);
  return { token: b.accessToken, userId: b.user.id };
}

async function placeOrder(token: string, key: string): Promise<string> {
  const res = await api('/v1/orders', { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(token), 'idempotency-key': key }, body: JSON.stringify(ORDER_BODY) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).code;
}

async function adminPatchPolicy(slug: string, patch: Record<string, unknown>) {
  const admin = await tokenFor('admin', 'admin-legal');
  const id = (await env.DB.prepare('SELECT id FROM articles WHERE slug = ?').bind(slug).first<{ id: string }>())!.id;
  return api(`/v1/admin/articles/${id}`, { method: 'PATCH', headers: { ...JSON_HEADERS, ...bearer(admin) }, body: JSON.stringify(patch) });
}

describe('consent at sign-up', () => {
  it('refuses a sign-up without the privacy consent (422 CONSENT_REQUIRED) and creates no account', async () => {
    for (const consent of [undefined, false]) {
      const res = await post('/v1/auth/register', { email: 'khong-dong-y@example.vn', password: PASSWORD, name: 'Không Đồng Ý', acceptPrivacyPolicy: consent });
      expect(res.status).toBe(422);
      expect((await json(res)).error).toMatchObject({ code: 'CONSENT_REQUIRED', details: { field: 'acceptPrivacyPolicy' } });
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = 'khong-dong-y@example.vn'").first('n')).toBe(0);
  });

  it('records the consent with the time and the published version of the privacy policy and the terms', async () => {
    const before = Date.now();
    const { userId } = await signUp('dong-y@example.vn');
    const rows = (await env.DB.prepare('SELECT document, version, source, accepted_at AS at FROM consents WHERE user_id = ? ORDER BY document').bind(userId).all<{ document: string; version: number; source: string; at: number }>()).results;
    const published = (await env.DB.prepare("SELECT policy_key AS k, version FROM articles WHERE policy_key IN ('privacy', 'terms') ORDER BY policy_key").all<{ k: string; version: number }>()).results;
    expect(rows.map((r) => [r.document, r.version, r.source])).toEqual(published.map((p) => [p.k, p.version, 'sign_up']));
    expect(rows.every((r) => r.at >= before && r.at <= Date.now())).toBe(true);
    // Registering the same address again (answered the same, ADR 0013) records nothing more.
    expect((await post('/v1/auth/register', { email: 'dong-y@example.vn', password: PASSWORD, name: 'Lần Hai', acceptPrivacyPolicy: true })).status).toBe(202);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM consents WHERE user_id = ?').bind(userId).first('n')).toBe(2);
  });
});

describe('policy pages through the content system', () => {
  it('serves the seeded Vietnamese policies apart from the health articles', async () => {
    const list = await json(await api('/v1/articles?limit=50'));
    expect(list.items.map((a: { slug: string }) => a.slug)).not.toContain('chinh-sach-bao-mat');
    expect((await api('/v1/articles/chinh-sach-bao-mat')).status).toBe(404);
    const res = await api('/v1/policies/chinh-sach-bao-mat');
    expect(res.status).toBe(200);
    const p = await json(res);
    expect(p).toMatchObject({ key: 'privacy', title: 'Chính sách bảo mật và dữ liệu sức khỏe' });
    expect(p.body).toContain('Nghị định 13/2023/NĐ-CP');
    expect((await api('/v1/policies/khong-co')).status).toBe(404);
  });

  it('bumps the version when an admin publishes a change, and the next sign-up consents to the new version', async () => {
    const before = (await json(await api('/v1/policies/chinh-sach-bao-mat'))).version as number;
    const tagOnly = await adminPatchPolicy('chinh-sach-bao-mat', { tags: ['chính sách', 'bảo mật', 'dữ liệu'] });
    expect(tagOnly.status).toBe(200);
    expect((await json(tagOnly)).version).toBe(before); // tags are not the text shoppers accept
    const edited = await adminPatchPolicy('chinh-sach-bao-mat', { body: `${(await json(await api('/v1/policies/chinh-sach-bao-mat'))).body}\n\n## 10. Liên hệ\n\nEmail hỗ trợ ở chân trang.` });
    expect(edited.status).toBe(200);
    expect((await json(edited)).version).toBe(before + 1);
    afterVersionBound();
    expect((await json(await api('/v1/policies/chinh-sach-bao-mat'))).version).toBe(before + 1);
    expect((await json(await api('/v1/legal'))).policies.find((x: { key: string }) => x.key === 'privacy').version).toBe(before + 1);
    const { userId } = await signUp('phien-ban-moi@example.vn');
    expect(await env.DB.prepare("SELECT version FROM consents WHERE user_id = ? AND document = 'privacy'").bind(userId).first('version')).toBe(before + 1);
  });

  it('keeps a policy page published, at its address, and undeletable', async () => {
    for (const patch of [{ status: 'draft' }, { slug: 'bao-mat-moi' }]) {
      const res = await adminPatchPolicy('chinh-sach-thanh-toan', patch);
      expect(res.status).toBe(409);
      expect((await json(res)).error.code).toBe('POLICY_FIXED');
    }
    const admin = await tokenFor('admin', 'admin-legal');
    const id = (await env.DB.prepare("SELECT id FROM articles WHERE slug = 'chinh-sach-thanh-toan'").first<{ id: string }>())!.id;
    const del = await api(`/v1/admin/articles/${id}`, { method: 'DELETE', headers: bearer(admin) });
    expect(del.status).toBe(409);
    expect(await env.DB.prepare("SELECT status FROM articles WHERE slug = 'chinh-sach-thanh-toan'").first('status')).toBe('published');
  });
});

describe('company profile', () => {
  it('answers the footer config: company, registration, licences (fictitious samples flagged), no badge unless configured, the six policies', async () => {
    const res = await api('/v1/legal');
    expect(res.status).toBe(200);
    const b = await json(res);
    expect(b.company).toMatchObject({ name: 'Công ty Cổ phần Dược phẩm Medicare', hotline: '1900 6868', ecommerceBadge: null, sample: true });
    expect(b.company.pharmacyLicence.number).toContain('giả lập');
    expect(b.company.responsiblePharmacist.certificate).toContain('giả lập');
    expect(b.policies.map((p: { key: string }) => p.key)).toEqual(['privacy', 'terms', 'shipping', 'returns', 'payment', 'complaints']);
    // Same for everyone: the second read is the edge cache's.
    expect((await api('/v1/legal')).headers.get('x-cache')).toBe('HIT');
  });

  it('is the one owner of the invoice seller block', () => {
    const env = { COMPANY_NAME: 'Công ty TNHH Nhà thuốc Thật', COMPANY_TAX_CODE: '0312345678', COMPANY_ADDRESS: '1 Lê Lợi', COMPANY_HOTLINE: '1800 1234', COMPANY_WEBSITE: 'that.vn' };
    expect(sellerFromEnv(env)).toEqual({ name: 'Công ty TNHH Nhà thuốc Thật', taxCode: '0312345678', address: '1 Lê Lợi', hotline: '1800 1234', website: 'that.vn' });
  });
});

describe('data export', () => {
  it('holds the account’s own profile, addresses, consents, orders with lines and consultations, never another account’s', async () => {
    const me = await signUp('xuat-du-lieu@example.vn');
    const other = await signUp('nguoi-khac@example.vn');
    await api('/v1/me/addresses', { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(me.token) }, body: JSON.stringify({ recipientName: 'Phạm Thị Lan', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '7 Lê Lợi' }) });
    const mine = await placeOrder(me.token, 'legal-export-mine');
    const theirs = await placeOrder(other.token, 'legal-export-theirs');
    await env.DB.prepare(
      "INSERT INTO consultations (id, code, user_id, status, symptoms, note, contact_phone, created_at, updated_at) VALUES ('01LEGALCONSULTEXPORT00000', 'TVLEGAL001', ?, 'advised', 'Ho khan về đêm', NULL, '0903123456', 1, 1)",
    ).bind(me.userId).run();
    const res = await api('/v1/me/export', { headers: bearer(me.token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="medicare-du-lieu-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = await json(res);
    expect(doc.format).toBe('medicare.account-export.v1');
    expect(doc.sections.profile).toMatchObject({ id: me.userId, email: 'xuat-du-lieu@example.vn' });
    expect(doc.sections.addresses).toHaveLength(1);
    expect(doc.sections.consents.map((c: { document: string }) => c.document).sort()).toEqual(['privacy', 'terms']);
    expect(doc.sections.orders.map((o: { code: string }) => o.code)).toEqual([mine]);
    expect(doc.sections.orders[0].lines[0]).toMatchObject({ quantity: 1 });
    expect(doc.sections.consultations).toMatchObject([{ code: 'TVLEGAL001', symptoms: 'Ho khan về đêm' }]);
    expect(JSON.stringify(doc)).not.toContain(theirs);
    expect(JSON.stringify(doc)).not.toContain('nguoi-khac@example.vn');
    // Audited without the data itself (no health data in logs).
    const audit = await env.DB.prepare("SELECT data FROM audit_log WHERE action = 'account.export' AND actor_id = ?").bind(me.userId).first<{ data: string }>();
    expect(audit!.data).not.toContain('Ho khan');
    expect(JSON.parse(audit!.data).sections).toContain('consultations');
  });

  it('holds the account’s chats (with their messages) and counter reservations (with their items); deletion clears their personal fields (#17 finding e)', async () => {
    const me = await signUp('xuat-chat-giu-thuoc@example.vn');
    const other = await signUp('chat-nguoi-khac@example.vn');
    const product = (await env.DB.prepare("SELECT id, name FROM products WHERE slug = 'alpha-paracetamol-500'").first<{ id: string; name: string }>())!;
    const unit = '01TESTUNITPARAVI0000000000';
    await env.DB.batch([
      env.DB.prepare("INSERT INTO consultations (id, code, user_id, status, symptoms, contact_phone, created_at, updated_at) VALUES ('01LEGALCONSULTPICKUP00000', 'TVLEGAL003', ?, 'advised', 'Sốt nhẹ', '0903123456', 1, 1)").bind(me.userId),
      env.DB.prepare(
        "INSERT INTO pickup_reservations (id, code, consultation_id, location_id, customer_name, phone, status, expires_at, note, created_at, updated_at) VALUES ('01LEGALPICKUP000000000000', 'GTLEGAL01', '01LEGALCONSULTPICKUP00000', '01JPHARMACYHCMQ1000000000', 'Phạm Thị Lan', '0903123456', 'expired', 5, 'Gọi trước khi đến', 2, 2)",
      ),
      env.DB.prepare(
        "INSERT INTO advice_items (id, consultation_id, position, kind, product_id, unit_id, product_name, unit_name, factor, quantity, instructions, unit_price, reservation_id) VALUES ('01LEGALADVICEITEM00000000', '01LEGALCONSULTPICKUP00000', 0, 'otc', ?, ?, ?, 'Vỉ', 10, 2, 'Uống 1 viên khi sốt', 11000, '01LEGALPICKUP000000000000')",
      ).bind(product.id, unit, product.name),
      env.DB.prepare("INSERT INTO conversations (id, user_id, customer_name, customer_phone, status, last_seq, last_activity_at, closed_at, closed_by, created_at, updated_at) VALUES ('01LEGALCHATMINE0000000000', ?, 'Phạm Thị Lan', '0903123456', 'closed', 2, 3, 4, 'customer', 3, 4)").bind(me.userId),
      env.DB.prepare("INSERT INTO messages (id, conversation_id, seq, sender_role, sender_name, body, created_at) VALUES ('01LEGALCHATMSG10000000000', '01LEGALCHATMINE0000000000', 1, 'customer', 'Phạm Thị Lan', 'Con tôi bị sốt 39 độ', 3)"),
      env.DB.prepare("INSERT INTO messages (id, conversation_id, seq, sender_role, sender_name, body, created_at) VALUES ('01LEGALCHATMSG20000000000', '01LEGALCHATMINE0000000000', 2, 'pharmacist', 'Dược sĩ Minh', 'Chị cho bé uống nhiều nước nhé', 4)"),
      env.DB.prepare("INSERT INTO conversations (id, user_id, customer_name, status, last_seq, last_activity_at, closed_at, closed_by, created_at, updated_at) VALUES ('01LEGALCHATOTHER000000000', ?, 'Người Khác', 'closed', 1, 3, 4, 'customer', 3, 4)").bind(other.userId),
      env.DB.prepare("INSERT INTO messages (id, conversation_id, seq, sender_role, sender_name, body, created_at) VALUES ('01LEGALCHATMSG30000000000', '01LEGALCHATOTHER000000000', 1, 'customer', 'Người Khác', 'Tin nhắn của người khác', 3)"),
    ]);
    const doc = await json(await api('/v1/me/export', { headers: bearer(me.token) }));
    expect(doc.titles).toMatchObject({ chats: 'Trò chuyện với dược sĩ', pickupReservations: 'Giữ thuốc nhận tại nhà thuốc' });
    expect(doc.sections.chats).toEqual([
      expect.objectContaining({
        status: 'closed',
        customerName: 'Phạm Thị Lan',
        customerPhone: '0903123456',
        messages: [
          { from: 'customer', name: 'Phạm Thị Lan', body: 'Con tôi bị sốt 39 độ', at: 3 },
          { from: 'pharmacist', name: 'Dược sĩ Minh', body: 'Chị cho bé uống nhiều nước nhé', at: 4 },
        ],
      }),
    ]);
    expect(doc.sections.pickupReservations).toEqual([
      expect.objectContaining({
        code: 'GTLEGAL01',
        consultationCode: 'TVLEGAL003',
        customerName: 'Phạm Thị Lan',
        phone: '0903123456',
        status: 'expired',
        note: 'Gọi trước khi đến',
        pharmacy: expect.any(String),
        items: [{ product: product.name, unit: 'Vỉ', quantity: 2, unitPrice: 11000, instructions: 'Uống 1 viên khi sốt' }],
      }),
    ]);
    expect(JSON.stringify(doc)).not.toContain('Tin nhắn của người khác');

    // Deletion (ADR 0041) clears what identifies the shopper in both.
    expect((await post('/v1/me/deletion', { password: PASSWORD }, bearer(me.token))).status).toBe(200);
    expect(await env.DB.prepare("SELECT customer_name AS name, phone, note FROM pickup_reservations WHERE code = 'GTLEGAL01'").first()).toEqual({ name: 'Tài khoản đã xóa', phone: '', note: null });
    expect(await env.DB.prepare("SELECT customer_name AS name, customer_phone AS phone FROM conversations WHERE id = '01LEGALCHATMINE0000000000'").first()).toEqual({ name: 'Tài khoản đã xóa', phone: null });
    const bodies = (await env.DB.prepare("SELECT sender_role AS r, body FROM messages WHERE conversation_id = '01LEGALCHATMINE0000000000' ORDER BY seq").all<{ r: string; body: string }>()).results;
    expect(bodies).toEqual([{ r: 'customer', body: '[Đã xóa]' }, { r: 'pharmacist', body: 'Chị cho bé uống nhiều nước nhé' }]);
    expect(await env.DB.prepare("SELECT body FROM messages WHERE id = '01LEGALCHATMSG30000000000'").first('body')).toBe('Tin nhắn của người khác');
  });

  it('is rate-limited per account', async () => {
    const me = await signUp('xuat-nhieu-lan@example.vn');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await api('/v1/me/export', { headers: bearer(me.token) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('account deletion', () => {
  it('waits for open orders, checks the password, then anonymises the account, signs it out for good and keeps its orders', async () => {
    const email = 'xoa-tai-khoan@example.vn';
    const me = await signUp(email);
    await api('/v1/me/addresses', { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(me.token) }, body: JSON.stringify({ recipientName: 'Phạm Thị Lan', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '7 Lê Lợi' }) });
    const invoiced = await placeOrder(me.token, 'legal-delete-invoiced');
    const neverPaid = await placeOrder(me.token, 'legal-delete-unpaid');
    await env.DB.prepare(
      "INSERT INTO consultations (id, code, user_id, status, symptoms, note, contact_phone, created_at, updated_at) VALUES ('01LEGALCONSULTDELETE00000', 'TVLEGAL002', ?, 'advised', 'Đau dạ dày', 'Đang mang thai', '0903123456', 1, 1)",
    ).bind(me.userId).run();

    const open = await post('/v1/me/deletion', { password: PASSWORD }, bearer(me.token));
    expect(open.status).toBe(409);
    const refusal = await json(open);
    expect(refusal.error.code).toBe('ACCOUNT_HAS_OPEN_ACTIVITY');
    expect(refusal.error.details.orders.sort()).toEqual([invoiced, neverPaid].sort());

    await env.DB.batch([
      env.DB.prepare("UPDATE orders SET status = 'completed', paid_amount = total, payment_status = 'paid' WHERE code = ?").bind(invoiced),
      env.DB.prepare("INSERT INTO invoices (id, order_id, seq, number, r2_key, issued_at) SELECT '01LEGALINVOICE00000000000', id, 990001, 'HD2026-990001', 'invoices/legal.pdf', 1 FROM orders WHERE code = ?").bind(invoiced),
      env.DB.prepare("UPDATE orders SET status = 'cancelled' WHERE code = ?").bind(neverPaid),
    ]);
    // What the #17 modules keep for this shopper: in the export, and gone (or anonymised) after deletion.
    const line = (await env.DB.prepare('SELECT l.id, l.product_id AS productId, l.unit_id AS unitId, o.id AS orderId FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.code = ?').bind(invoiced).first<{ id: string; productId: string; unitId: string; orderId: string }>())!;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO questions (id, product_id, user_id, body, status, created_at) VALUES ('01LEGALQUESTION0000000000', ?, ?, 'Tôi đang mang thai, uống được không?', 'pending', 1)").bind(line.productId, me.userId),
      env.DB.prepare("INSERT INTO reviews (id, product_id, order_id, user_id, rating, body, status, created_at, updated_at) VALUES ('01LEGALREVIEWPUBLISHED000', ?, ?, ?, 5, 'Thuốc tốt, giao nhanh.', 'approved', 1, 1)").bind(line.productId, line.orderId, me.userId),
      env.DB.prepare("INSERT INTO stock_alerts (id, product_id, user_id, status, created_at, updated_at) VALUES ('01LEGALSTOCKALERT00000000', ?, ?, 'active', 1, 1)").bind(line.productId, me.userId),
      // One made as a guest with the account's address: it goes too.
      env.DB.prepare("INSERT INTO stock_alerts (id, product_id, email, status, created_at, updated_at) VALUES ('01LEGALSTOCKALERTGUEST000', ?, ?, 'active', 1, 1)").bind(line.productId, email),
      env.DB.prepare("INSERT INTO refill_reminders (id, user_id, order_line_id, product_id, unit_id, quantity, cadence_days, runs_out_on, next_remind_on, created_at, updated_at) VALUES ('01LEGALREFILL000000000000', ?, ?, ?, ?, 1, 30, '2026-12-30', '2026-12-27', 1, 1)").bind(me.userId, line.id, line.productId, line.unitId),
      env.DB.prepare('INSERT INTO recently_viewed (user_id, product_id, viewed_at) VALUES (?, ?, 1)').bind(me.userId, line.productId),
    ]);
    const exported = await json(await api('/v1/me/export', { headers: bearer(me.token) }));
    expect(exported.sections.questions).toEqual([expect.objectContaining({ body: 'Tôi đang mang thai, uống được không?', status: 'pending', answer: null })]);
    expect(exported.sections.reviews).toEqual([expect.objectContaining({ rating: 5, orderCode: invoiced, status: 'approved' })]);
    expect(exported.sections.stockAlerts).toHaveLength(2); // its own, and the guest alert made with its address
    expect(exported.sections.refillReminders).toEqual([expect.objectContaining({ cadenceDays: 30, nextRemindOn: '2026-12-27' })]);
    expect(exported.sections.recentlyViewed).toHaveLength(1);

    const wrong = await post('/v1/me/deletion', { password: 'SaiMatKhau9' }, bearer(me.token));
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).error.code).toBe('WRONG_PASSWORD');

    const ok = await post('/v1/me/deletion', { password: PASSWORD }, bearer(me.token));
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ ordersKept: 2 });

    const user = await env.DB.prepare('SELECT email, name, phone, password_hash AS hash, status, deleted_at AS deletedAt FROM users WHERE id = ?').bind(me.userId).first<Record<string, unknown>>();
    expect(user).toMatchObject({ name: 'Tài khoản đã xóa', phone: null, hash: null, status: 'deactivated' });
    expect(user!.email).not.toContain('xoa-tai-khoan');
    expect(user!.deletedAt).toEqual(expect.any(Number));
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM addresses WHERE user_id = ?').bind(me.userId).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM auth_sessions WHERE user_id = ? AND revoked_at IS NULL').bind(me.userId).first('n')).toBe(0);
    // Signed out everywhere and no way back in: the old token, the old password.
    expect((await api('/v1/me', { headers: bearer(me.token) })).status).toBe(401);
    const login = await post('/v1/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(401);
    expect((await json(login)).error.code).toBe('INVALID_CREDENTIALS');
    // Orders kept (accounting): the invoiced one keeps the invoice's buyer name and address only; the other nothing personal.
    const orders = (await env.DB.prepare('SELECT code, recipient_name AS name, phone, email, street, total FROM orders WHERE user_id = ? ORDER BY code').bind(me.userId).all<Record<string, unknown>>()).results;
    expect(orders).toHaveLength(2);
    expect(orders.find((o) => o.code === invoiced)).toMatchObject({ name: 'Phạm Thị Lan', street: '7 Lê Lợi', phone: '', email: null });
    expect(orders.find((o) => o.code === neverPaid)).toMatchObject({ name: 'Tài khoản đã xóa', street: '', phone: '', email: null });
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.user_id = ?').bind(me.userId).first('n')).toBe(2);
    // Health data in the consultation is gone.
    expect(await env.DB.prepare("SELECT symptoms, note, contact_phone AS phone FROM consultations WHERE code = 'TVLEGAL002'").first()).toEqual({ symptoms: null, note: null, phone: '' });
    // Questions (health data), alerts, reminders and views are gone; the published review stays, under the anonymised name.
    for (const table of ['questions', 'stock_alerts', 'refill_reminders', 'recently_viewed']) {
      expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`).bind(me.userId).first('n')).toBe(0);
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM reviews WHERE user_id = ? AND status = 'approved'").bind(me.userId).first('n')).toBe(1);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM stock_alerts WHERE email = ?').bind(email).first('n')).toBe(0);
    // The review kept is shown under no name.
    const kept = await json(await api(`/v1/product-reviews/${await env.DB.prepare('SELECT slug FROM products WHERE id = ?').bind(line.productId).first('slug')}`));
    expect(kept.items.find((r: { id: string }) => r.id === '01LEGALREVIEWPUBLISHED000')).toMatchObject({ authorName: 'Khách hàng' });
    // Consents stay as proof; the address may sign up again as a new account.
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM consents WHERE user_id = ?').bind(me.userId).first('n')).toBe(2);
    expect((await post('/v1/auth/register', { email, password: PASSWORD, name: 'Người Mới', acceptPrivacyPolicy: true })).status).toBe(202);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM users WHERE email = ? AND id <> ?').bind(email, me.userId).first('n')).toBe(1);
  });

  it('is refused to staff accounts', async () => {
    const pharmacist = await tokenFor('pharmacist', 'pharmacist-legal');
    const res = await post('/v1/me/deletion', { password: PASSWORD }, bearer(pharmacist));
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('STAFF_ACCOUNT');
  });
});
