import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, hcmWard, json, NOW, seedFixtures, tokenFor } from './fixtures';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
});
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

  // #14 cstock: the rule in words, the schedule state and the usage figures.
  it('says each voucher\'s rule in Vietnamese, with the prescription exclusion, to admins and to the public', async () => {
    const v = await json(await send('POST', '/v1/admin/vouchers', voucher({ code: 'MOTA300', minSubtotal: 300_000, scopeBrand: 'alpha' })));
    expect(v.ruleText).toBe('Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ');
    expect(v.conditions).toContain('Không áp dụng cho thuốc kê đơn (thuốc kê đơn không được giảm giá khi mua trực tuyến).');
    expect(v.conditions.join(' ')).toMatch(/thương hiệu “.+”/);
    expect(v.state).toBe('running');
    const ship = await json(await send('POST', '/v1/admin/vouchers', voucher({ code: 'FREESHIP14', kind: 'shipping', discountType: 'percent', discountValue: 100, maxDiscount: 30_000, minSubtotal: 0 })));
    expect(ship.ruleText).toBe('Miễn phí vận chuyển tối đa 30.000đ cho mọi đơn hàng');
    const pub = await json(await api('/v1/vouchers'));
    expect(pub.items.find((x: any) => x.code === 'MOTA300')).toMatchObject({ ruleText: 'Giảm 10% tối đa 50.000đ cho đơn từ 300.000đ' });
    const later = await json(await send('POST', '/v1/admin/vouchers', voucher({ code: 'SAPTOI14', startsAt: NOW + DAY, endsAt: NOW + 2 * DAY })));
    expect(later.state).toBe('scheduled');
    const moved = await json(await send('PATCH', `/v1/admin/vouchers/${later.id}`, { startsAt: NOW - DAY }));
    expect(moved.state).toBe('running');
  });

  it('reports usage from real orders: uses held, distinct customers, revenue kept and discount given', async () => {
    const v = await json(await send('POST', '/v1/admin/vouchers', voucher({ code: 'DUNGTHAT', discountType: 'fixed', discountValue: 10_000, maxDiscount: null, minSubtotal: 0, usageLimit: 50 })));
    expect(v.usage).toEqual({ redeemed: 0, limit: 50, customers: 0, revenue: 0, discountGiven: 0 });
    const place = async (who: string) => {
      const res = await api('/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `voucher-usage-${who}`, authorization: `Bearer ${await tokenFor('customer', who)}` },
        body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { recipientName: 'Lê Văn Tám', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' }, vouchers: ['DUNGTHAT'], paymentMethod: 'cod' }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await json(res)) as { code: string; total: number };
    };
    const delivered = await place('usage-a');
    await place('usage-b');
    const cancelled = await place('usage-c');
    expect((await api(`/v1/orders/${cancelled.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${await tokenFor('customer', 'usage-c')}` } })).status).toBe(200);
    for (const to of ['shipping', 'delivered']) expect((await send('POST', `/v1/admin/orders/${delivered.code}/status`, { to, reason: 'Giao thành công' })).status).toBe(200);

    const list = await json(await send('GET', '/v1/admin/vouchers'));
    const row = list.items.find((x: any) => x.code === 'DUNGTHAT');
    // The cancelled order gave its use back; only the delivered COD order brought money in.
    expect(row.usage).toEqual({ redeemed: 2, limit: 50, customers: 2, revenue: delivered.total, discountGiven: 20_000 });
  });
});
