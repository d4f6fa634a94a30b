/** #13 ops: the staff order API (queue, detail, notes, status moves, cancel, return, email resend, PDFs), through SELF.fetch. */
import { env } from 'cloudflare:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '@medicare/shared/catalog/cursor';
import { hmacSignature } from '@medicare/shared/payments/sepay';
import { ShipmentCreatedSchema } from '../src/routes/admin-orders';
import { api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

const PARA_VI = '01TESTUNITPARAVI0000000000';
let customer = '';
let admin = '';
let pharmacist = '';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard()]);
  customer = await tokenFor('customer', 'ops-customer');
  admin = await tokenFor('admin', 'ops-admin');
  pharmacist = await tokenFor('pharmacist', 'ops-pharmacist');
  await env.DB.prepare("UPDATE users SET name = 'Trần Quản Trị' WHERE id = 'ops-admin'").run();
});

let seq = 0;
async function place(over: { name?: string; phone?: string; email?: string; method?: 'cod' | 'bank_transfer'; quantity?: number; guest?: boolean } = {}) {
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `ops-order-${++seq}-${Math.random()}`, ...(over.guest ? {} : { authorization: `Bearer ${customer}` }) },
    body: JSON.stringify({
      items: [{ unitId: PARA_VI, quantity: over.quantity ?? 1 }],
      address: { recipientName: over.name ?? 'Nguyễn Văn An', phone: over.phone ?? '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur', ...(over.email ? { email: over.email } : {}) },
      paymentMethod: over.method ?? 'cod',
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)) as { code: string; total: number; status: string };
}
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (path: string, body: unknown, token = admin) => api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...as(token) }, body: JSON.stringify(body) });
const get = (path: string, token = admin) => api(path, { headers: as(token) });
const queue = async (query: string, token = admin) => {
  const res = await get(`/v1/admin/orders?${query}`, token);
  expect(res.status).toBe(200);
  return json(res);
};
const detail = async (code: string) => json(await get(`/v1/admin/orders/${code}`));
const batchOf = (id: string) => env.DB.prepare('SELECT quantity, reserved FROM stock_batches WHERE id = ?').bind(id).first<{ quantity: number; reserved: number }>();
const PARA_NEW = '01TESTBATCHPARANEW00000000';

describe('order queue', () => {
  it('filters, searches (code, partial phone, Vietnamese name, email) and counts per status with the other filters', async () => {
    const a = await place({ name: 'Lê Thị Hồng Nhung', phone: '0987654321', email: 'nhung.le@example.vn' });
    const b = await place({ name: 'Phạm Minh Đức', phone: '0911222333', method: 'bank_transfer' });
    const byCode = await queue(`q=${a.code.toLowerCase()}`);
    expect(byCode.items.map((i: any) => i.code)).toEqual([a.code]);
    expect((await queue('q=0987 654')).items.map((i: any) => i.code)).toEqual([a.code]);
    expect((await queue('q=%2B84987654321')).items.map((i: any) => i.code)).toEqual([a.code]);
    expect((await queue(`q=${encodeURIComponent('Hồng Nhung')}`)).items.map((i: any) => i.code)).toEqual([a.code]);
    expect((await queue('q=NHUNG.LE@example')).items.map((i: any) => i.code)).toEqual([a.code]);
    expect((await queue(`q=${encodeURIComponent('Minh Đức')}&paymentMethod=bank_transfer`)).items.map((i: any) => i.code)).toEqual([b.code]);
    const row = byCode.items[0];
    expect(row).toMatchObject({ status: 'confirmed', statusLabel: 'Đã xác nhận', paymentMethod: 'cod', paymentStatus: 'unpaid', paymentStatusLabel: 'Chưa thanh toán', recipientName: 'Lê Thị Hồng Nhung', phone: '0987654321', email: 'nhung.le@example.vn', itemCount: 1, hasRx: false, carrier: null, trackingCode: null });
    expect(row.needsAction).toEqual(['Đã xác nhận, chưa đóng gói']);

    // The status tab narrows the page, never the counts (they are the tabs).
    const pendingTab = await queue('status=pending_payment&paymentMethod=bank_transfer');
    expect(pendingTab.items.every((i: any) => i.status === 'pending_payment')).toBe(true);
    const all = await queue('paymentMethod=bank_transfer&limit=100');
    expect(pendingTab.counts).toEqual(all.counts);
    expect(all.counts.pending_payment).toBe(all.items.filter((i: any) => i.status === 'pending_payment').length);
    expect(all.counts.all).toBe(all.items.length);
    const carrierNone = await queue('carrier=none&limit=100');
    expect(carrierNone.items.map((i: any) => i.code)).toContain(a.code);
    expect((await queue('carrier=ghn&limit=100')).items.map((i: any) => i.code)).not.toContain(a.code);
  });

  it('has-Rx: an order line whose product is prescription-only', async () => {
    const o = await place();
    await env.DB.prepare("UPDATE products SET prescription_required = 1 WHERE id = '01TESTPRODPARACETAMOL0000'").run();
    try {
      const rx = await queue('hasRx=true&limit=100');
      expect(rx.items.map((i: any) => i.code)).toContain(o.code);
      expect(rx.items.every((i: any) => i.hasRx)).toBe(true);
      expect((await queue('hasRx=false&limit=100')).items.map((i: any) => i.code)).not.toContain(o.code);
    } finally {
      await env.DB.prepare("UPDATE products SET prescription_required = 0 WHERE id = '01TESTPRODPARACETAMOL0000'").run();
    }
  });

  it('keyset pages are stable under ties: every order once, newest first, then by id', async () => {
    const placed = [await place(), await place(), await place(), await place(), await place()];
    const codes = placed.map((p) => p.code);
    // Same creation time for all five: the id breaks the tie.
    await env.DB.prepare(`UPDATE orders SET created_at = 1700000000000 WHERE code IN (${codes.map(() => '?').join(',')})`).bind(...codes).run();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await queue(`to=2023-11-15&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i: any) => i.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(5);
    expect(new Set(seen)).toEqual(new Set(codes));
    const ids = await env.DB.prepare(`SELECT code FROM orders WHERE code IN (${codes.map(() => '?').join(',')}) ORDER BY id DESC`).bind(...codes).all<{ code: string }>();
    expect(seen).toEqual(ids.results.map((r) => r.code));
    // Oldest first walks the same set backwards.
    const oldest = await queue('to=2023-11-15&sort=oldest&limit=10');
    expect(oldest.items.map((i: any) => i.code)).toEqual([...seen].reverse());
    // One cursor codec (catalog/cursor.ts): the page's cursor is its format, named for this list and sort; a cursor of
    // another list, another sort or the old ad-hoc format is refused alike.
    const first = await queue('to=2023-11-15&limit=2');
    expect(decodeCursor(first.nextCursor, 'orders:newest', 1).id).toBeTruthy();
    const payments = await json(await get('/v1/admin/payments?limit=1'));
    const foreign = [encodeCursor({ sort: 'payments:all', keys: [1], id: 'x' }), encodeCursor({ sort: 'orders:oldest', keys: [1], id: 'x' }), 'eyJzIjoibmV3ZXN0IiwiayI6MSwiaWQiOiIxIn0', payments.nextCursor].filter(Boolean);
    for (const c of foreign) {
      const r = await get(`/v1/admin/orders?to=2023-11-15&cursor=${c}`);
      expect(r.status, c).toBe(400);
      expect((await json(r)).error.code).toBe('INVALID_CURSOR');
    }
    const bad = await get('/v1/admin/orders?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('INVALID_CURSOR');
    expect((await get('/v1/admin/orders?from=2026-02-30')).status).toBe(400);
  });

  it('needs action: each rule is the filter, the count and the row reasons at once', async () => {
    const fresh = await place();
    const late = await place();
    const unknown = await place();
    // Late delivery: shipping for longer than the bound.
    expect((await post(`/v1/admin/orders/${late.code}/status`, { to: 'shipping', reason: 'Giao thủ công' })).status).toBe(200);
    await env.DB.prepare("UPDATE order_events SET created_at = created_at - 8 * 86400000 WHERE to_status = 'shipping' AND order_id = (SELECT id FROM orders WHERE code = ?)").bind(late.code).run();
    // Unknown carrier status on the latest carrier event.
    expect((await post(`/v1/admin/orders/${unknown.code}/shipments`, { carrier: 'ghn', trackingCode: `GHNOPSUNK${seq}` })).status).toBe(201);
    const hook = await api('/v1/hooks/ghn/ghn-hook-secret-0123456789', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ OrderCode: `GHNOPSUNK${seq}`, Status: 'weird_new_status', Time: '2026-11-25T11:00:00+07:00' }) });
    expect(hook.status).toBe(200);

    // Paid more than 24 h ago and still not handed over; and money waiting to be given back.
    const paid = await place({ method: 'bank_transfer' });
    await env.DB.prepare("UPDATE orders SET status = 'confirmed', paid_amount = total, payment_status = 'paid' WHERE code = ?").bind(paid.code).run();
    await env.DB.prepare("INSERT INTO order_events (id, order_id, from_status, to_status, actor_type, created_at) SELECT 'ops-paid-evt-' || ?, id, 'pending_payment', 'confirmed', 'payment', ? FROM orders WHERE code = ?").bind(paid.code, Date.now() - 25 * 3_600_000, paid.code).run();
    const paidFresh = await place({ method: 'bank_transfer' });
    await env.DB.prepare("UPDATE orders SET status = 'packing', paid_amount = total, payment_status = 'paid' WHERE code = ?").bind(paidFresh.code).run();
    await env.DB.prepare("INSERT INTO order_events (id, order_id, from_status, to_status, actor_type, created_at) SELECT 'ops-paid-evt-' || ?, id, 'pending_payment', 'confirmed', 'payment', ? FROM orders WHERE code = ?").bind(paidFresh.code, Date.now() - 3_600_000, paidFresh.code).run();
    const refund = await place({ method: 'bank_transfer' });
    await env.DB.prepare("UPDATE orders SET status = 'cancelled', paid_amount = total, payment_status = 'refund_pending' WHERE code = ?").bind(refund.code).run();

    const view = await queue('view=needs_action&limit=100');
    const byCode = new Map(view.items.map((i: any) => [i.code, i.needsAction]));
    expect(byCode.get(paid.code)).toEqual(['Đã xác nhận, chưa đóng gói', 'Đã thanh toán hơn 24 giờ nhưng chưa giao cho đơn vị vận chuyển']);
    expect(byCode.has(paidFresh.code)).toBe(false);
    expect(byCode.get(refund.code)).toEqual(['Chờ hoàn tiền']);
    expect(byCode.get(fresh.code)).toEqual(['Đã xác nhận, chưa đóng gói']);
    expect(byCode.get(late.code)).toEqual(['Giao hàng quá 7 ngày']);
    expect(byCode.get(unknown.code)).toEqual(['Trạng thái vận chuyển không xác định']);
    expect(view.counts.needs_action).toBe(view.items.length);
    expect(view.items.every((i: any) => i.needsAction.length > 0)).toBe(true);
    // Not in the view once nothing is due.
    expect((await post(`/v1/admin/orders/${fresh.code}/status`, { to: 'packing', reason: 'Bắt đầu đóng gói' })).status).toBe(200);
    const after = await queue('view=needs_action&limit=100');
    expect(after.items.map((i: any) => i.code)).not.toContain(fresh.code);
    expect(after.counts.needs_action).toBe(view.counts.needs_action - 1);
  });
});

describe('staff order detail and actions', () => {
  it('detail: lines with batches, customer, address, timeline with actor names, notes (staff only), actions by role', async () => {
    const o = await place({ quantity: 2 });
    const note = await post(`/v1/admin/orders/${o.code}/notes`, { text: 'Khách dặn giao giờ hành chính' }, pharmacist);
    expect(note.status).toBe(201);
    expect(await json(note)).toMatchObject({ text: 'Khách dặn giao giờ hành chính', authorName: 'Test pharmacist' });
    const moved = await post(`/v1/admin/orders/${o.code}/status`, { to: 'packing', reason: 'Bắt đầu đóng gói' });
    expect(moved.status).toBe(200);
    const d = await json(moved);
    expect(d).toMatchObject({
      code: o.code,
      status: 'packing',
      customer: { kind: 'account', userId: 'ops-customer', name: 'Test customer' },
      address: { recipientName: 'Nguyễn Văn An', ward: { code: '26743', name: 'Phường Bến Thành' }, province: { code: '79', name: 'Thành phố Hồ Chí Minh' } },
      money: { total: o.total, held: 0 },
    });
    expect(d.lines[0]).toMatchObject({ quantity: 2, unitName: 'Vỉ', allocations: [{ lot: 'P-NEW', quantity: 20, state: 'reserved' }] });
    expect(d.lines[0].allocations[0].expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.timeline.at(-1)).toMatchObject({ status: 'packing', fromStatus: 'confirmed', actorType: 'admin', actorName: 'Trần Quản Trị', reason: 'Bắt đầu đóng gói' });
    expect(d.notes).toEqual([expect.objectContaining({ text: 'Khách dặn giao giờ hành chính', authorName: 'Test pharmacist' })]);
    expect(d.actions).toContainEqual(expect.objectContaining({ name: 'status', to: 'shipping', allowed: true }));
    expect(d.actions).toContainEqual(expect.objectContaining({ name: 'status', to: 'completed', allowed: false }));
    // The pharmacist reads the same order, but every admin action is refused with a reason.
    const ph = await json(await get(`/v1/admin/orders/${o.code}`, pharmacist));
    expect(ph.actions.find((a: any) => a.name === 'cancel')).toMatchObject({ allowed: false, reason: 'Chỉ quản trị viên được thực hiện.' });
    expect(ph.actions.find((a: any) => a.name === 'add_note')).toMatchObject({ allowed: true });
    // The customer's own view never carries the notes.
    const mine = await api(`/v1/orders/${o.code}`, { headers: as(customer) });
    expect(JSON.stringify(await json(mine))).not.toContain('giờ hành chính');
    // Audited with actor and reason.
    const audit = await env.DB.prepare("SELECT actor_id AS actorId, data FROM audit_log WHERE action = 'order.status' AND entity_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).all<{ actorId: string; data: string }>();
    expect(audit.results.map((r) => ({ actor: r.actorId, ...JSON.parse(r.data) }))).toEqual([{ actor: 'ops-admin', from: 'confirmed', to: 'packing', reason: 'Bắt đầu đóng gói' }]);
    expect((await get('/v1/admin/orders/MC9999ZZZZ')).status).toBe(404);
  });

  it('status: only moves the state table allows staff, reason mandatory; shipping → delivered runs the carrier path effects', async () => {
    const o = await place();
    const noReason = await post(`/v1/admin/orders/${o.code}/status`, { to: 'packing' });
    expect(noReason.status).toBe(400);
    const illegal = await post(`/v1/admin/orders/${o.code}/status`, { to: 'completed', reason: 'Thử chuyển sai' });
    expect(illegal.status).toBe(409);
    expect((await json(illegal)).error.code).toBe('ILLEGAL_TRANSITION');
    const ownRoute = await post(`/v1/admin/orders/${o.code}/status`, { to: 'cancelled', reason: 'Hủy qua route khác' });
    expect(ownRoute.status).toBe(400);
    const before = (await batchOf(PARA_NEW))!;
    expect((await post(`/v1/admin/orders/${o.code}/status`, { to: 'shipping', reason: 'Giao trực tiếp' })).status).toBe(200);
    const shipped = (await batchOf(PARA_NEW))!;
    expect(shipped).toEqual({ quantity: before.quantity - 10, reserved: before.reserved - 10 });
    const delivered = await json(await post(`/v1/admin/orders/${o.code}/status`, { to: 'delivered', reason: 'Khách đã nhận' }));
    expect(delivered).toMatchObject({ status: 'delivered', paymentStatus: 'paid', money: { paidAmount: o.total } });
    expect(await batchOf(PARA_NEW)).toEqual(shipped); // goods left once
    const again = await post(`/v1/admin/orders/${o.code}/status`, { to: 'delivered', reason: 'Khách đã nhận' });
    expect(again.status).toBe(409);
  });

  it('cancel with a reason: stock released, reason in the timeline, audited', async () => {
    const o = await place();
    const before = (await batchOf(PARA_NEW))!;
    const res = await post(`/v1/admin/orders/${o.code}/cancel`, { reason: 'Khách gọi điện hủy' });
    expect(res.status).toBe(200);
    const d = await json(res);
    expect(d.status).toBe('cancelled');
    expect(d.timeline.at(-1)).toMatchObject({ status: 'cancelled', actorName: 'Trần Quản Trị', reason: 'Khách gọi điện hủy' });
    expect(d.lines[0].allocations[0].state).toBe('released');
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: before.quantity, reserved: before.reserved - 10 });
    const audit = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.cancel' AND entity_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).first<{ n: number }>();
    expect(audit!.n).toBe(1);
    const twice = await post(`/v1/admin/orders/${o.code}/cancel`, { reason: 'Khách gọi điện hủy' });
    expect(twice.status).toBe(409);
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: before.quantity, reserved: before.reserved - 10 });
  });

  it("an admin cancelling through the shopper's cancel route is audited too, in the same batch as the move; the owner's own cancel is not a staff action", async () => {
    const o = await place();
    const auditRows = (code: string) => env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.cancel' AND entity_id = (SELECT id FROM orders WHERE code = ?)").bind(code).first<{ n: number }>();
    expect((await api(`/v1/orders/${o.code}/cancel`, { method: 'POST', headers: as(admin) })).status).toBe(200);
    expect((await auditRows(o.code))!.n).toBe(1);
    expect((await api(`/v1/orders/${o.code}/cancel`, { method: 'POST', headers: as(admin) })).status).toBe(409);
    expect((await auditRows(o.code))!.n).toBe(1);
    const own = await place();
    expect((await api(`/v1/orders/${own.code}/cancel`, { method: 'POST', headers: as(customer) })).status).toBe(200);
    expect((await auditRows(own.code))!.n).toBe(0);
  });

  it('return received: restock goes back to its batch once; write-off after a carrier return takes the units out again, once', async () => {
    // Customer return of a delivered order: nothing went back yet.
    const o = await place({ quantity: 2 });
    for (const to of ['shipping', 'delivered', 'return_requested']) expect((await post(`/v1/admin/orders/${o.code}/status`, { to, reason: 'Theo yêu cầu' })).status).toBe(200);
    const lineId = (await detail(o.code)).lines[0].id;
    const before = (await batchOf(PARA_NEW))!;
    const body = { reason: 'Hàng còn nguyên niêm phong', lines: [{ lineId, disposition: 'restock' }] };
    const res = await post(`/v1/admin/orders/${o.code}/return`, body);
    expect(res.status).toBe(200);
    const d = await json(res);
    expect(d).toMatchObject({ status: 'returned', paymentStatus: 'refund_pending' });
    expect(d.lines[0].allocations[0].state).toBe('restocked');
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: before.quantity + 20, reserved: before.reserved });
    expect((await post(`/v1/admin/orders/${o.code}/return`, body)).status).toBe(200);
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: before.quantity + 20, reserved: before.reserved });
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.return' AND entity_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).first<{ n: number }>();
    expect(audits!.n).toBe(1);

    // A carrier return restocks on arrival (ADR 0010); staff then write the damaged line off.
    const c = await place();
    const tracking = `GHNOPSRET${seq}`;
    expect((await post(`/v1/admin/orders/${c.code}/shipments`, { carrier: 'ghn', trackingCode: tracking })).status).toBe(201);
    for (const [Status, m] of [['picked', 1], ['returned', 2]] as const) {
      await api('/v1/hooks/ghn/ghn-hook-secret-0123456789', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ OrderCode: tracking, Status, Time: `2026-11-25T11:0${m}:00+07:00` }) });
    }
    const back = (await batchOf(PARA_NEW))!;
    const cd = await detail(c.code);
    expect(cd).toMatchObject({ status: 'returned' });
    expect(cd.lines[0].allocations[0].state).toBe('restocked');
    const w = { reason: 'Hộp bị móp, không bán lại', lines: [{ lineId: cd.lines[0].id, disposition: 'write_off' }] };
    const wo = await json(await post(`/v1/admin/orders/${c.code}/return`, w));
    expect(wo.lines[0].allocations[0].state).toBe('written_off');
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: back.quantity - 10, reserved: back.reserved });
    await post(`/v1/admin/orders/${c.code}/return`, w);
    // Restock after the write-off does nothing either.
    await post(`/v1/admin/orders/${c.code}/return`, { ...w, lines: [{ lineId: cd.lines[0].id, disposition: 'restock' }] });
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: back.quantity - 10, reserved: back.reserved });
    const rows = await env.DB.prepare('SELECT quantity, restocked, reason FROM stock_write_offs WHERE batch_id = ?').bind(PARA_NEW).all();
    expect(rows.results).toEqual([{ quantity: 10, restocked: 1, reason: 'Hộp bị móp, không bán lại' }]);

    const notReturned = await place();
    const refused = await post(`/v1/admin/orders/${notReturned.code}/return`, { reason: 'Thử', lines: [{ lineId, disposition: 'restock' }] });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('ORDER_NOT_RETURNABLE');
    const foreign = await post(`/v1/admin/orders/${c.code}/return`, { reason: 'Thử dòng lạ', lines: [{ lineId, disposition: 'restock' }] });
    expect(foreign.status).toBe(400);
    expect((await json(foreign)).error.code).toBe('UNKNOWN_ORDER_LINE');
  });

  it('email resend: sent again once per request, never swallowed by the once-guard; only an email the order has had', async () => {
    const email = `ops-resend-${Date.now()}@example.vn`;
    const o = await place({ email, guest: true });
    const created = (n: number) =>
      expect
        .poll(async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = ? AND subject LIKE ?').bind(email, `%${o.code}%`).first<{ n: number }>())!.n, { timeout: 15_000 })
        .toBe(n);
    await created(1);
    for (let i = 0; i < 2; i++) {
      const res = await post(`/v1/admin/orders/${o.code}/emails`, { kind: 'created' });
      expect(res.status).toBe(202);
      expect(await json(res)).toEqual({ sent: true });
    }
    await created(3);
    const unpaid = await post(`/v1/admin/orders/${o.code}/emails`, { kind: 'paid' });
    expect(unpaid.status).toBe(409);
    expect((await json(unpaid)).error.code).toBe('EMAIL_NOT_SENT_BEFORE');
    const audit = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.email' AND entity_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).first<{ n: number }>();
    expect(audit!.n).toBe(2);
  });

  it('pick list and packing slip: Vietnamese PDFs with lot and expiry per line', async () => {
    const o = await place({ name: 'Đỗ Thị Thu Hà' });
    const expiry = (await detail(o.code)).lines[0].allocations[0].expiry as string;
    const vn = `${expiry.slice(8, 10)}/${expiry.slice(5, 7)}/${expiry.slice(0, 4)}`;
    for (const [path, title] of [['pick-list.pdf', 'PHIẾU LẤY HÀNG'], ['packing-slip.pdf', 'PHIẾU ĐÓNG GÓI']] as const) {
      const res = await get(`/v1/admin/orders/${o.code}/${path}`, pharmacist);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.arrayBuffer())), { mergePages: true });
      const t = text.normalize('NFC');
      for (const s of [title, o.code, 'P-NEW', vn, 'Alpha Paracetamol']) expect(t).toContain(s);
      if (path === 'packing-slip.pdf') expect(t).toContain('Đỗ Thị Thu Hà');
    }
  });
});

const ghnHook = (tracking: string, Status: string, minute: number) =>
  api('/v1/hooks/ghn/ghn-hook-secret-0123456789', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ OrderCode: tracking, Status, Time: `2026-11-25T11:0${minute}:00+07:00` }) });
let txSeq = 880_000;
/** A SePay transfer for `code` through the webhook; answers the stored transaction id. */
async function transfer(code: string, amount: number) {
  const id = ++txSeq;
  const raw = JSON.stringify({ id, gateway: 'Vietcombank', transactionDate: '2026-11-25 09:00:00', accountNumber: '1023456789', code, content: code, transferType: 'in', transferAmount: amount, accumulated: 0, referenceCode: 'FT', description: null });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await api('/v1/payments/sepay/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sepay-timestamp': ts, 'x-sepay-signature': await hmacSignature('whsec_test_secret', ts, raw) }, body: raw });
  expect(res.status).toBe(200);
  return (await env.DB.prepare('SELECT id FROM bank_transactions WHERE provider_txn_id = ?').bind(String(id)).first<{ id: string }>())!.id;
}
const CLEANSER_BATCH = '01TESTBATCHCLEANSER000000';
// The tests above use up most of the fixture's paracetamol: restock it for the ones below.
const restockFixture = () =>
  env.DB.prepare("INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, at) SELECT lower(hex(randomblob(16))), id, product_id, 500, 'receipt', 1 FROM stock_batches WHERE id = ?").bind(PARA_NEW).run();

describe('returned goods (#13 review)', () => {
  beforeAll(restockFixture);
  it('a carrier "returned" callback the table refuses (staff already received the return) restocks nothing, not even the lines staff left out', async () => {
    const res = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `ops-two-lines-${Math.random()}`, ...as(customer) },
      body: JSON.stringify({ items: [{ unitId: PARA_VI, quantity: 1 }, { unitId: '01TESTUNITCLEANSER00000000', quantity: 1 }], address: { recipientName: 'Nguyễn Văn An', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' }, paymentMethod: 'cod' }),
    });
    expect(res.status).toBe(201);
    const o = await json(res);
    const tracking = `GHNOPSLATE${++seq}`;
    expect((await post(`/v1/admin/orders/${o.code}/shipments`, { carrier: 'ghn', trackingCode: tracking })).status).toBe(201);
    expect((await ghnHook(tracking, 'picked', 1)).status).toBe(200);
    for (const to of ['delivered', 'return_requested']) expect((await post(`/v1/admin/orders/${o.code}/status`, { to, reason: 'Theo điện thoại với khách' })).status).toBe(200);
    const d = await detail(o.code);
    const para = d.lines.find((l: any) => l.productName.includes('aracetamol'));
    const cleanser = d.lines.find((l: any) => l !== para);
    // Only the paracetamol came back: the cleanser is missing from the parcel and must stay out of stock.
    expect((await post(`/v1/admin/orders/${o.code}/return`, { reason: 'Nhận hàng trả, thiếu sữa rửa mặt', lines: [{ lineId: para.id, disposition: 'restock' }] })).status).toBe(200);
    const before = (await batchOf(CLEANSER_BATCH))!;
    // The carrier's late callback for the same waybill: the order is already returned, the table refuses the move.
    expect((await ghnHook(tracking, 'returned', 3)).status).toBe(200);
    const after = await detail(o.code);
    expect({ batch: await batchOf(CLEANSER_BATCH), state: after.lines.find((l: any) => l.id === cleanser.id).allocations[0].state }).toEqual({ batch: before, state: 'shipped' });
  });

  it('after the refund of a returned order (now refunded), its returned goods can still be written off or restocked, once; a refunded cancelled order has no return', async () => {
    const o = await place({ method: 'bank_transfer' });
    const tx = await transfer(o.code, o.total);
    const tracking = `GHNOPSRF${++seq}`;
    expect((await post(`/v1/admin/orders/${o.code}/shipments`, { carrier: 'ghn', trackingCode: tracking })).status).toBe(201);
    expect((await ghnHook(tracking, 'picked', 1)).status).toBe(200);
    expect((await ghnHook(tracking, 'returned', 2)).status).toBe(200);
    expect(await detail(o.code)).toMatchObject({ status: 'returned', paymentStatus: 'refund_pending' });
    expect((await post(`/v1/admin/payments/${tx}/refund`, { reference: 'HOANTIEN01' })).status).toBe(200);
    const d = await detail(o.code);
    expect(d.status).toBe('refunded');
    expect(d.actions.find((a: any) => a.name === 'return')).toMatchObject({ allowed: true });
    const back = (await batchOf(PARA_NEW))!;
    // The pharmacist now inspects the parcel: the box is damaged → written off (the carrier return had restocked it).
    const body = { reason: 'Hộp bị móp, không bán lại được', lines: [{ lineId: d.lines[0].id, disposition: 'write_off' }] };
    const w = await post(`/v1/admin/orders/${o.code}/return`, body);
    expect(w.status, await w.clone().text()).toBe(200);
    expect(await json(w)).toMatchObject({ status: 'refunded', lines: [{ allocations: [{ state: 'written_off' }] }] });
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: back.quantity - 10, reserved: back.reserved });
    expect((await post(`/v1/admin/orders/${o.code}/return`, body)).status).toBe(200);
    expect(await batchOf(PARA_NEW)).toEqual({ quantity: back.quantity - 10, reserved: back.reserved });

    // A cancelled order refunded after a late transfer shipped nothing: no return to receive.
    const c = await place({ method: 'bank_transfer' });
    expect((await post(`/v1/admin/orders/${c.code}/cancel`, { reason: 'Khách đổi ý' })).status).toBe(200);
    const ctx = await transfer(c.code, c.total);
    expect((await post(`/v1/admin/payments/${ctx}/refund`, { reference: 'HOANTIEN02' })).status).toBe(200);
    const cd = await detail(c.code);
    expect(cd.status).toBe('refunded');
    expect(cd.actions.find((a: any) => a.name === 'return')).toMatchObject({ allowed: false });
    const refused = await post(`/v1/admin/orders/${c.code}/return`, { reason: 'Thử nhận hàng', lines: [{ lineId: cd.lines[0].id, disposition: 'restock' }] });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('ORDER_NOT_RETURNABLE');
  });
});

describe('what a pharmacist reads (#13 review)', () => {
  beforeAll(restockFixture);
  it("the staff detail never gives a pharmacist the order's bank transfers (admin-only, as /v1/admin/payments)", async () => {
    const o = await place({ method: 'bank_transfer' });
    await transfer(o.code, o.total);
    expect((await get('/v1/admin/payments', pharmacist)).status).toBe(403);
    const ph = await json(await get(`/v1/admin/orders/${o.code}`, pharmacist));
    expect(ph.payments).toEqual([]);
    expect(ph.paymentStatus).toBe('paid');
    const ad = await detail(o.code);
    expect(ad.payments).toHaveLength(1);
  });
});

describe('refunds without a bank transfer (#13 review)', () => {
  beforeAll(restockFixture);

  it('a returned COD order paid in cash is refunded through POST /v1/admin/orders/{code}/refund, the route its refund action names; once', async () => {
    const o = await place();
    for (const to of ['shipping', 'delivered', 'return_requested']) expect((await post(`/v1/admin/orders/${o.code}/status`, { to, reason: 'Theo yêu cầu của khách' })).status).toBe(200);
    const d = await detail(o.code);
    const ret = await json(await post(`/v1/admin/orders/${o.code}/return`, { reason: 'Khách trả hàng', lines: [{ lineId: d.lines[0].id, disposition: 'restock' }] }));
    expect(ret).toMatchObject({ paymentStatus: 'refund_pending', payments: [] });
    expect(ret.actions.find((a: any) => a.name === 'refund')).toMatchObject({ allowed: true, route: `/v1/admin/orders/${o.code}/refund` });
    // Only an admin; the pharmacist's action names no route.
    expect((await post(`/v1/admin/orders/${o.code}/refund`, { reference: 'PHIEUCHI01' }, pharmacist)).status).toBe(403);
    expect((await json(await get(`/v1/admin/orders/${o.code}`, pharmacist))).actions.find((a: any) => a.name === 'refund').route).toBeUndefined();

    const res = await post(`/v1/admin/orders/${o.code}/refund`, { reference: 'PHIEUCHI01', note: 'Trả tiền mặt tại quầy' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'refunded', paymentStatus: 'refunded', money: { paidAmount: o.total, refundedAmount: o.total, held: 0 } });
    const again = await post(`/v1/admin/orders/${o.code}/refund`, { reference: 'PHIEUCHI01' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('NOT_REFUNDABLE');
    const audit = await env.DB.prepare("SELECT entity_type AS entityType, data FROM audit_log WHERE action = 'payment.refund' AND entity_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).all<{ entityType: string; data: string }>();
    expect(audit.results.map((r) => ({ type: r.entityType, ...JSON.parse(r.data) }))).toEqual([{ type: 'order', reference: 'PHIEUCHI01', note: 'Trả tiền mặt tại quầy', orderCode: o.code }]);
    const refunded = await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'order.refunded' AND aggregate_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).first<{ n: number }>();
    expect(refunded!.n).toBe(1);
    // Nothing owed: refused, nothing written.
    const fresh = await place();
    const none = await post(`/v1/admin/orders/${fresh.code}/refund`, { reference: 'PHIEUCHI02' });
    expect(none.status).toBe(409);
    expect((await post('/v1/admin/orders/MC9999ZZZZ/refund', { reference: 'PHIEUCHI03' })).status).toBe(404);
  });

  it("a bank-transfer order's refund action names its transfer's route", async () => {
    const o = await place({ method: 'bank_transfer' });
    const tx = await transfer(o.code, o.total + 5_000);
    const d = await detail(o.code);
    expect(d.paymentStatus).toBe('overpaid');
    expect(d.actions.find((a: any) => a.name === 'refund')).toMatchObject({ allowed: true, route: `/v1/admin/payments/${tx}/refund` });
  });
});

describe('waybills (#13 review)', () => {
  beforeAll(restockFixture);

  it('creating a waybill starts packing through the one transition adapter (timeline row, order.packing event once) and answers its typed schema', async () => {
    const o = await place();
    const res = await post(`/v1/admin/orders/${o.code}/shipments`, { carrier: 'ghtk', trackingCode: `GHTKOPS${++seq}` });
    expect(res.status).toBe(201);
    const body = await json(res);
    const parsed = ShipmentCreatedSchema.strict().safeParse(body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(body).toMatchObject({ codAmount: o.total, replaced: null, delivery: { shipments: [{ status: 'created' }] } });
    const d = await detail(o.code);
    expect(d.timeline.at(-1)).toMatchObject({ status: 'packing', fromStatus: 'confirmed', actorType: 'admin', reason: 'Đã tạo vận đơn' });
    const events = () => env.DB.prepare("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'order.packing' AND aggregate_id = (SELECT id FROM orders WHERE code = ?)").bind(o.code).first<{ n: number }>();
    expect((await events())!.n).toBe(1);
    // A replacement waybill while packing moves nothing again.
    expect((await post(`/v1/admin/orders/${o.code}/shipments`, { carrier: 'ghtk', trackingCode: `GHTKOPS${++seq}`, replaces: `GHTKOPS${seq - 1}` })).status).toBe(201);
    expect((await events())!.n).toBe(1);
    expect((await detail(o.code)).timeline.filter((e: any) => e.status === 'packing')).toHaveLength(1);
    // The OpenAPI document names the schema (no free-form object).
    const doc = await json(await api('/openapi.json'));
    expect(doc.paths['/v1/admin/orders/{code}/shipments'].post.responses['201'].content['application/json'].schema.$ref).toMatch(/ShipmentCreated$/);
  });
});
