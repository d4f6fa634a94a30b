/**
 * Issue 13 (pay): the audit log. Every staff action so far leaves an entry (read back through the audit API, with the
 * actor's name and the action's Vietnamese label); entries are filtered by actor, action, entity and Vietnam days, and
 * paged by keyset; and the log is append-only: no route changes it and the database refuses UPDATE, DELETE and REPLACE.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from '@medicare/shared/audit/actions';
import { hmacSignature } from '@medicare/shared/payments/sepay';
import { app } from '../src/app';
import { api, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';

let admin = '';
let shopper = '';
beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard()]);
  admin = await tokenFor('admin', 'audit-admin');
  shopper = await tokenFor('customer', 'audit-shopper');
});
const A = () => ({ authorization: `Bearer ${admin}` });
const send = (method: string, path: string, body?: unknown) =>
  api(path, { method, headers: { ...A(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
const audit = async (query = '') => json(await api(`/v1/admin/audit${query}`, { headers: A() }));

async function place(key: string, paymentMethod: 'cod' | 'bank_transfer') {
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${shopper}` },
    body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { recipientName: 'Tạ Minh', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '2 Lê Duẩn' }, paymentMethod }),
  });
  expect(res.status).toBe(201);
  return json<{ code: string; total: number }>(res);
}
async function transfer(id: number, content: string, amount: number) {
  const raw = JSON.stringify({ id, gateway: 'Vietcombank', transactionDate: '2026-11-25 09:00:00', accountNumber: '1023456789', code: null, content, transferType: 'in', transferAmount: amount, accumulated: 0, referenceCode: 'FT', description: null });
  const ts = String(Math.floor(Date.now() / 1000));
  await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
  return (await env.DB.prepare('SELECT id FROM bank_transactions WHERE provider_txn_id = ?').bind(String(id)).first<{ id: string }>())!.id;
}

describe('every staff action leaves an audit entry', () => {
  it('user create and role/status change, product edit, voucher, waybill, transfer match, refund and dead-letter replay: each read back with actor name and label', async () => {
    await env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('audit-target', 'audit-target@test.medicare.vn', 1, 'Khách Đích', 'customer', 'active', 1, 1)").run();
    expect((await send('POST', '/v1/admin/users', { email: 'ds-audit@test.medicare.vn', name: 'Dược sĩ Lan', role: 'pharmacist', practisingCertificate: '0456/CCHN-D-SYT-HN', password: 'MatKhau2026' })).status).toBe(201);
    expect((await send('PATCH', '/v1/admin/users/audit-target', { status: 'deactivated' })).status).toBe(200);
    expect((await send('PATCH', `/v1/admin/products/${ids.serum}`, { shortDescription: 'Serum cấp ẩm.' })).status).toBe(200);
    expect((await send('POST', '/v1/admin/vouchers', { code: 'AUDIT2027', name: 'Kiểm tra', kind: 'order', discountType: 'fixed', discountValue: 1000, startsAt: 1, endsAt: 4_000_000_000_000 })).status).toBe(201);
    const cod = await place('audit-cod-order', 'cod');
    expect((await send('POST', `/v1/admin/orders/${cod.code}/shipments`, { carrier: 'ghtk', trackingCode: 'S1234567.SG01.A1.9001' })).status).toBe(201);
    const bank = await place('audit-bank-order', 'bank_transfer');
    const stray = await transfer(550_001, 'chuyen nham', bank.total + 2_000);
    expect((await send('POST', `/v1/admin/payments/${stray}/match`, { orderCode: bank.code })).status).toBe(200);
    expect((await send('POST', `/v1/admin/payments/${stray}/refund`, { reference: 'FT-AUDIT-1' })).status).toBe(200);
    const envelope = { id: '01EVENTAUDITREPLAY00000000', type: 'catalog.reindexed', aggregateType: 'catalog', aggregateId: 'all', occurredAt: 1, payload: {} };
    await env.DB.prepare("INSERT INTO dead_letters (id, message_id, event_id, type, aggregate_id, body, attempts, received_at) VALUES ('01DEADLETTERAUDIT000000000', 'msg-audit', ?, ?, 'all', ?, 6, 1)")
      .bind(envelope.id, envelope.type, JSON.stringify(envelope))
      .run();
    expect((await send('POST', '/v1/admin/dead-letters/01DEADLETTERAUDIT000000000/replay')).status).toBe(200);

    const { items, actions, actionLabels, actors } = await audit('?actorId=audit-admin&limit=200');
    const done = ['user.create', 'user.update', 'product.update', 'voucher.create', 'shipment.create', 'payment.match', 'payment.refund', 'event.replay'];
    expect(new Set(items.map((e: any) => e.action))).toEqual(new Set(done));
    for (const e of items) {
      expect(e).toMatchObject({ actorId: 'audit-admin', actorName: 'Test admin', actorRole: 'admin' });
      expect(e.actionLabel).toBe(AUDIT_ACTION_LABELS[e.action as keyof typeof AUDIT_ACTION_LABELS]);
    }
    expect(actions).toEqual(expect.arrayContaining(done));
    expect(actionLabels['payment.match']).toBe('Ghép chuyển khoản với đơn hàng');
    expect(actors).toContainEqual({ id: 'audit-admin', name: 'Test admin', role: 'admin' });
    // Nested data is flattened to typed scalars; an order entry carries the order's code.
    expect(items.find((e: any) => e.action === 'user.update')).toMatchObject({ entityType: 'user', entityId: 'audit-target', entityLabel: 'Tài khoản', data: { 'from.status': 'active', 'to.status': 'deactivated' } });
    expect(items.find((e: any) => e.action === 'shipment.create')).toMatchObject({ entityType: 'order', orderCode: cod.code, data: { carrier: 'ghtk' } });
    expect(items.find((e: any) => e.action === 'product.update').data).toEqual({ fields: '["shortDescription"]' });

    // Filters: action, entity.
    const matches = await audit('?action=payment.match');
    expect(matches.items.map((e: any) => e.entityId)).toEqual([stray]);
    const ofTransfer = await audit(`?entityType=bank_transaction&entityId=${stray}`);
    expect(ofTransfer.items.map((e: any) => e.action)).toEqual(['payment.refund', 'payment.match']);
  });
});

describe('audit API', () => {
  it('takes dates as Vietnam calendar days (UTC+7), pages by keyset, and refuses bad dates and cursors with 400', async () => {
    const at = (iso: string) => Date.parse(iso);
    const rows = [
      ['01AUDITDAYA000000000000000', at('2025-03-09T23:30:00+07:00')], // 16:30 UTC on the 9th
      ['01AUDITDAYB000000000000000', at('2025-03-10T00:30:00+07:00')], // 17:30 UTC on the 9th: already the 10th in Vietnam
      ['01AUDITDAYC000000000000000', at('2025-03-10T23:59:00+07:00')],
      ['01AUDITDAYD000000000000000', at('2025-03-11T00:00:00+07:00')],
    ] as const;
    await env.DB.batch(
      rows.map(([id, t]) => env.DB.prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES (?, 'audit-day-actor', 'admin', 'legacy.thing', 'thing', ?, NULL, ?)").bind(id, id, t)),
    );
    const day = await audit('?actorId=audit-day-actor&from=2025-03-10&to=2025-03-10');
    // Empty filters (a console form left blank) are no filter.
    expect((await audit('?actorId=audit-day-actor&action=&entityType=&from=&to=&limit=200')).items).toHaveLength(4);
    expect(day.items.map((e: any) => e.id)).toEqual(['01AUDITDAYC000000000000000', '01AUDITDAYB000000000000000']);
    expect(day.items[0]).toMatchObject({ actorName: null, actionLabel: 'Thao tác khác (legacy.thing)', data: {} });
    expect((await audit('?actorId=audit-day-actor&from=2025-03-11')).items.map((e: any) => e.id)).toEqual(['01AUDITDAYD000000000000000']);
    expect((await audit('?actorId=audit-day-actor&to=2025-03-09')).items.map((e: any) => e.id)).toEqual(['01AUDITDAYA000000000000000']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await audit(`?actorId=audit-day-actor&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((e: any) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(rows.map(([id]) => id).reverse());

    for (const [query, code] of [
      ['?from=2025-02-30', 'INVALID_DATE_RANGE'],
      ['?from=10-03-2025', 'INVALID_DATE_RANGE'],
      ['?from=2025-03-11&to=2025-03-10', 'INVALID_DATE_RANGE'],
      ['?cursor=garbage', 'INVALID_CURSOR'],
    ]) {
      const res = await api(`/v1/admin/audit${query}`, { headers: A() });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ error: { code } });
    }
  });
});

describe('the audit log is append-only', () => {
  it('has no route that changes it: nothing but GET under /v1/admin/audit, and a PATCH/PUT/DELETE finds no route', async () => {
    const writes = app.routes.filter((r) => r.path.startsWith('/v1/admin/audit') && r.method !== 'GET' && !(r.method === 'ALL' && r.handler.length >= 2));
    expect(writes).toEqual([]);
    const [entry] = (await audit('?limit=1')).items;
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      for (const path of ['/v1/admin/audit', `/v1/admin/audit/${entry.id}`]) {
        expect((await api(path, { method, headers: { ...A(), 'content-type': 'application/json' }, body: method === 'DELETE' ? undefined : '{}' })).status).toBe(404);
      }
    }
  });

  it('the database refuses UPDATE and DELETE on audit_log (and the batch that tries), while INSERT works', async () => {
    await env.DB.prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES ('01AUDITIMMUTABLE0000000000', 'x', 'admin', 'user.update', 'user', 'u', '{}', 1)").run();
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'forged' WHERE id = '01AUDITIMMUTABLE0000000000'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE id = '01AUDITIMMUTABLE0000000000'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
    // A batch that tries is rolled back whole.
    await expect(
      env.DB.batch([
        env.DB.prepare("INSERT INTO meta (key, value) VALUES ('audit-probe', 1)"),
        env.DB.prepare("UPDATE audit_log SET data = '{}' WHERE id = '01AUDITIMMUTABLE0000000000'"),
      ]),
    ).rejects.toThrow(/append-only/);
    expect(await env.DB.prepare("SELECT value FROM meta WHERE key = 'audit-probe'").first()).toBeNull();
    expect(await env.DB.prepare("SELECT action FROM audit_log WHERE id = '01AUDITIMMUTABLE0000000000'").first()).toEqual({ action: 'user.update' });
  });

  it('refuses to overwrite an entry by INSERT OR REPLACE, REPLACE INTO or an upsert (the delete trigger does not fire on REPLACE)', async () => {
    const insert = (verb: string, amount: number, tail = '') =>
      env.DB.prepare(
        `${verb} INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES ('01AUDITNOREPLACE0000000000', 'x', 'admin', 'payment.refund', 'order', 'o', '{"amount":${amount}}', 1)${tail}`,
      ).run();
    await insert('INSERT', 100);
    await expect(insert('INSERT OR REPLACE', 1)).rejects.toThrow(/append-only/);
    await expect(insert('REPLACE', 2)).rejects.toThrow(/append-only/);
    await expect(insert('INSERT', 3, ' ON CONFLICT (id) DO UPDATE SET data = excluded.data')).rejects.toThrow(/append-only/);
    expect(await env.DB.prepare("SELECT data FROM audit_log WHERE id = '01AUDITNOREPLACE0000000000'").all()).toMatchObject({ results: [{ data: '{"amount":100}' }] });
  });
});
