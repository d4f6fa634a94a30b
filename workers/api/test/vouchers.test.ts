import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, NOW, seedFixtures, tokenFor } from './fixtures';

beforeAll(seedFixtures);
const DAY = 86_400_000;
const voucher = (over: Record<string, unknown> = {}) => ({ code: 'TET2027', name: 'Giảm 10% dịp Tết', kind: 'order', discountType: 'percent', discountValue: 10, maxDiscount: 50_000, minSubtotal: 200_000, startsAt: NOW - DAY, endsAt: NOW + 30 * DAY, usageLimit: 100, perUserLimit: 1, ...over });
const send = async (method: string, path: string, body?: unknown, role: 'admin' | 'customer' = 'admin') =>
  api(path, { method, headers: { authorization: `Bearer ${await tokenFor(role, `voucher-${role}`)}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('vouchers', () => {
  it('lets admins create, scope, edit and deactivate vouchers, with audit rows; the public sees running ones', async () => {
    const created = await send('POST', '/v1/admin/vouchers', voucher({ code: 'tet2027', scopeCategory: 'thuoc' }));
    expect(created.status).toBe(201);
    const v = await json(created);
    expect(v).toMatchObject({ code: 'TET2027', scopeCategory: 'thuoc', usedCount: 0, active: true });
    expect((await send('POST', '/v1/admin/vouchers', voucher())).status).toBe(409);
    await send('POST', '/v1/admin/vouchers', voucher({ code: 'SAPTOI', startsAt: NOW + DAY, endsAt: NOW + 2 * DAY }));
    const pub = await json(await api('/v1/vouchers'));
    expect(pub.items.map((x: any) => x.code)).toEqual(['TET2027']);
    expect(JSON.stringify(pub)).not.toContain('usedCount');

    const off = await send('PATCH', `/v1/admin/vouchers/${v.id}`, { active: false });
    expect((await json(off)).active).toBe(false);
    expect((await json(await api('/v1/vouchers'))).items).toEqual([]);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_type = 'voucher' AND entity_id = ? ORDER BY created_at").bind(v.id).all();
    expect(audit.results).toEqual([{ action: 'voucher.create' }, { action: 'voucher.update' }]);
  });

  it.each([
    ['a percent above 100', { discountValue: 120 }],
    ['an end before the start', { startsAt: NOW, endsAt: NOW - 1 }],
    ['an unknown category', { scopeCategory: 'khong-co' }],
    ['a lowercase-invalid code', { code: 'ma giam gia' }],
    ['a negative value', { discountValue: -5 }],
  ])('rejects %s with 400', async (_n, over) => {
    expect((await send('POST', '/v1/admin/vouchers', voucher({ code: 'SAI01', ...over }))).status).toBe(400);
  });

  it('never lowers the usage limit below what was used', async () => {
    const v = await json(await send('POST', '/v1/admin/vouchers', voucher({ code: 'DADUNG', usageLimit: 10 })));
    await env.DB.prepare('UPDATE vouchers SET used_count = 4 WHERE id = ?').bind(v.id).run();
    const res = await send('PATCH', `/v1/admin/vouchers/${v.id}`, { usageLimit: 3 });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('USAGE_LIMIT_BELOW_USED');
  });

  it('is admin-only', async () => {
    expect((await send('POST', '/v1/admin/vouchers', voucher({ code: 'KHACH' }), 'customer')).status).toBe(403);
    expect((await api('/v1/admin/vouchers')).status).toBe(401);
  });
});
