/** Delivery end to end: an admin registers the waybill, GHN calls back through the api origin, the shopper sees it. */
import { env } from 'cloudflare:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, hcmWard, json, seedFixtures, tokenFor } from './fixtures';

const address = { recipientName: 'Vũ Hà', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' };
let token = '';
let adminToken = '';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    ...hcmWard(),
  ]);
  token = await tokenFor('customer', 'delivery-owner');
  adminToken = await tokenFor('admin', 'delivery-admin');
});

async function placeCod(key: string) {
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${token}` },
    body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address, paymentMethod: 'cod' }),
  });
  expect(res.status).toBe(201);
  return json(res);
}
const ship = (code: string, body: unknown) =>
  api(`/v1/admin/orders/${code}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });
const ghn = (tracking: string, Status: string, minute: number) =>
  api('/v1/hooks/ghn/ghn-hook-secret-0123456789', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ OrderCode: tracking, Status, Time: `2026-11-25T11:0${minute}:00+07:00` }) });

/** Polls the invoice download while the consumer renders it (409 INVOICE_NOT_READY with Retry-After meanwhile). */
async function invoiceWhenReady(code: string, headers: Record<string, string>, query = '') {
  for (let i = 0; ; i++) {
    const res = await api(`/v1/orders/${code}/invoice.pdf${query}`, { headers });
    if (res.status !== 409 || i === 80) return res;
    const body = await json(res);
    expect(body.error.code).toBe('INVOICE_NOT_READY');
    expect(res.headers.get('retry-after')).toBe('30');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('delivery', () => {
  it('COD order: waybill → picked → delivered, paid on delivery, visible to the shopper', async () => {
    const order = await placeCod('delivery-cod-1');
    expect(order.status).toBe('confirmed');
    const created = await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E001', fee: 22000 });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ codAmount: order.total, delivery: { shipments: [{ trackingCode: 'GHNE2E001', status: 'created', label: 'Đã tạo vận đơn' }] } });

    expect(await json(await ghn('GHNE2E001', 'picked', 1))).toEqual({ success: true });
    expect(await json(await ghn('GHNE2E001', 'delivered', 2))).toEqual({ success: true });

    const detail = await json(await api(`/v1/orders/${order.code}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(detail).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
    expect(detail.timeline.map((e: any) => e.status)).toEqual(['confirmed', 'packing', 'shipping', 'delivered']);
    expect(detail.delivery.events.map((e: any) => e.label)).toEqual(['Đã lấy hàng', 'Giao hàng thành công']);
    // order.shipping and order.delivered travel through the queue to the consumer Worker, which emails the shopper.
    let subjects: string[] = [];
    for (let i = 0; i < 80 && !subjects.includes(`Đơn hàng ${order.code} đã giao thành công`); i++) {
      await new Promise((r) => setTimeout(r, 100));
      subjects = (await env.DB.prepare("SELECT subject FROM dev_mailbox WHERE to_address = 'delivery-owner@test.medicare.vn' AND subject LIKE ? ORDER BY created_at").bind(`%${order.code}%`).all<{ subject: string }>()).results.map((r) => r.subject);
    }
    expect(subjects).toEqual(expect.arrayContaining([`Đơn hàng ${order.code} đang được giao`, `Đơn hàng ${order.code} đã giao thành công`]));
    expect(detail.delivery.shipments).toMatchObject([{ trackingCode: 'GHNE2E001', status: 'delivered', label: 'Giao hàng thành công' }]);

    // Collected on delivery, so paid: the consumer renders the invoice into R2 and the owner downloads it.
    const pdf = await invoiceWhenReady(order.code, { authorization: `Bearer ${token}` });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('private, no-store');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="HD\d{4}-\d{6}\.pdf"$/);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true });
    for (const s of ['HÓA ĐƠN BÁN HÀNG', 'Vũ Hà', '9 Pasteur, Phường Bến Thành, Thành phố Hồ Chí Minh', `${order.code} (đặt lúc`, 'Thanh toán khi nhận hàng (COD)']) expect(text.normalize('NFC')).toContain(s);
    // Staff may read it (admins; pharmacists read every order, #13); another customer and a guest with the phone (the
    // order has an account) may not.
    expect((await api(`/v1/orders/${order.code}/invoice.pdf`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
    expect((await api(`/v1/orders/${order.code}/invoice.pdf`, { headers: { authorization: `Bearer ${await tokenFor('pharmacist', 'delivery-pharm')}` } })).status).toBe(200);
    for (const headers of <Array<Record<string, string>>>[{ authorization: `Bearer ${await tokenFor('customer', 'delivery-other')}` }, {}]) {
      const res = await api(`/v1/orders/${order.code}/invoice.pdf?phone=0903123456`, { headers });
      expect(res.status).toBe(404);
      expect(await json(res)).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } });
    }
  });

  it("a guest's invoice: not before payment, then downloadable with the order's guest pass (from the phone lookup)", async () => {
    const res = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'delivery-guest-1' },
      body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { ...address, phone: '0987654321', email: 'guest-invoice@example.vn' }, paymentMethod: 'cod' }),
    });
    expect(res.status).toBe(201);
    const order = await json(res);
    const found = await api('/v1/orders/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: order.code, phone: '+84987654321' }) });
    expect(found.status).toBe(200);
    const pass = { cookie: found.headers.getSetCookie().find((c) => c.startsWith('mc_go='))!.split(';')[0]! };
    const early = await api(`/v1/orders/${order.code}/invoice.pdf`, { headers: pass });
    expect(early.status).toBe(409);
    expect(await json(early)).toMatchObject({ error: { code: 'INVOICE_NOT_AVAILABLE' } });
    expect((await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E005' })).status).toBe(201);
    await ghn('GHNE2E005', 'delivered', 7);
    expect((await invoiceWhenReady(order.code, pass)).status).toBe(200);
    // The phone in the URL proves nothing any more.
    expect((await api(`/v1/orders/${order.code}/invoice.pdf?phone=0987654321`)).status).toBe(404);
  });

  it('refuses a second waybill with the same code, and orders that are not confirmed', async () => {
    const a = await placeCod('delivery-cod-2');
    const dup = await ship(a.code, { carrier: 'ghn', trackingCode: 'GHNE2E001' });
    expect(dup.status).toBe(409);
    expect(await json(dup)).toMatchObject({ error: { code: 'TRACKING_CODE_TAKEN' } });
    await api(`/v1/orders/${a.code}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const late = await ship(a.code, { carrier: 'ghn', trackingCode: 'GHNE2E002' });
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ error: { code: 'ORDER_NOT_SHIPPABLE' } });
    expect((await ship(a.code, { carrier: 'fedex', trackingCode: 'X1234' })).status).toBe(400);
  });

  it('one open waybill per order: a second is refused, a replacement closes the first, whose late callbacks no longer move the order (#12 item 2)', async () => {
    const stock = () => env.DB.prepare("SELECT quantity AS q, reserved AS r FROM stock_batches WHERE id = '01TESTBATCHPARANEW00000000'").first<{ q: number; r: number }>();
    const order = await placeCod('delivery-two-waybills');
    const before = (await stock())!;
    expect((await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E010' })).status).toBe(201);
    const second = await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E011' });
    expect(second.status).toBe(409);
    expect(await json(second)).toMatchObject({ error: { code: 'SHIPMENT_ALREADY_OPEN', details: { openTrackingCode: 'GHNE2E010' } } });
    const wrong = await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E011', replaces: 'GHNE2E999' });
    expect(await json(wrong)).toMatchObject({ error: { code: 'SHIPMENT_ALREADY_OPEN' } });
    const replaced = await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E011', replaces: 'GHNE2E010' });
    expect(replaced.status).toBe(201);
    expect(await json(replaced)).toMatchObject({ replaced: 'GHNE2E010', delivery: { shipments: [{ trackingCode: 'GHNE2E010', status: 'cancelled' }, { trackingCode: 'GHNE2E011', status: 'created' }] } });

    // The closed parcel comes back while the open one is delivered: the order is delivered, its COD collected once,
    // its stock left the shelf once and nothing phantom came back.
    await ghn('GHNE2E010', 'picked', 1);
    await ghn('GHNE2E011', 'picked', 2);
    await ghn('GHNE2E010', 'returned', 3);
    await ghn('GHNE2E011', 'delivered', 4);
    await ghn('GHNE2E010', 'returned', 5);
    const detail = await json(await api(`/v1/orders/${order.code}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(detail).toMatchObject({ status: 'delivered', paymentStatus: 'paid', paidAmount: order.total });
    expect(detail.timeline.map((e: any) => e.status)).toEqual(['confirmed', 'packing', 'shipping', 'delivered']);
    const byShipment = (which: number) => detail.delivery.events.filter((e: any) => e.shipmentId === detail.delivery.shipments[which].id).map((e: any) => e.label);
    expect(byShipment(0)).toEqual(['Đã hủy vận đơn']);
    expect(byShipment(1)).toEqual(['Đã lấy hàng', 'Giao hàng thành công']);
    expect(await stock()).toEqual({ q: before.q - 10, r: before.r - 10 });
    const out = await env.DB.prepare('SELECT type FROM outbox_events WHERE aggregate_id = (SELECT id FROM orders WHERE code = ?) ORDER BY created_at, rowid').bind(order.code).all<{ type: string }>();
    expect(out.results.map((r) => r.type)).not.toContain('order.returned');
    // The late callbacks are kept for audit.
    const kept = await env.DB.prepare("SELECT COUNT(*) AS n FROM shipment_events WHERE shipment_id = (SELECT id FROM shipments WHERE tracking_code = 'GHNE2E010') AND applied = 0").first();
    expect(kept).toEqual({ n: 3 });
  });

  it('the one-open-waybill index covers exactly the open shipment states', async () => {
    const { TERMINAL_SHIPMENT } = await import('@medicare/shared/shipping/carrier-status');
    const idx = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE name = 'shipments_open_uq'").first<{ sql: string }>();
    const listed = /NOT IN \(([^)]*)\)/.exec(idx!.sql)![1]!.split(',').map((x) => x.trim().replace(/'/g, ''));
    expect(new Set(listed)).toEqual(new Set(TERMINAL_SHIPMENT));
  });

  it('stock: pickup takes the goods off the shelf once; a returned parcel goes back into its batch; prepaid money awaits refund', async () => {
    const stock = () => env.DB.prepare("SELECT quantity AS q, reserved AS r FROM stock_batches WHERE id = '01TESTBATCHPARANEW00000000'").first<{ q: number; r: number }>();
    const before = (await stock())!;
    const order = await placeCod('delivery-cod-3');
    expect(await stock()).toEqual({ q: before.q, r: before.r + 10 });
    expect((await ship(order.code, { carrier: 'ghn', trackingCode: 'GHNE2E003' })).status).toBe(201);
    await ghn('GHNE2E003', 'picked', 1);
    await ghn('GHNE2E003', 'picked', 1);
    await ghn('GHNE2E003', 'transporting', 2);
    expect(await stock()).toEqual({ q: before.q - 10, r: before.r });
    await ghn('GHNE2E003', 'delivery_fail', 3);
    await ghn('GHNE2E003', 'waiting_to_return', 4);
    await ghn('GHNE2E003', 'returned', 5);
    await ghn('GHNE2E003', 'returned', 5);
    expect(await stock()).toEqual(before);
    const detail = await json(await api(`/v1/orders/${order.code}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(detail).toMatchObject({ status: 'returned', paymentStatus: 'unpaid' });
    const pay = await env.DB.prepare('SELECT status FROM payments WHERE order_id = (SELECT id FROM orders WHERE code = ?)').bind(order.code).first();
    expect(pay).toEqual({ status: 'void' });

    // A prepaid order that comes back is flagged for refund.
    const paid = await json(
      await api('/v1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'delivery-bt-1', authorization: `Bearer ${token}` },
        body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address, paymentMethod: 'bank_transfer' }),
      }),
    );
    await env.DB.prepare("UPDATE orders SET status = 'confirmed', payment_status = 'paid', paid_amount = total WHERE code = ?").bind(paid.code).run();
    expect((await ship(paid.code, { carrier: 'ghn', trackingCode: 'GHNE2E004' })).status).toBe(201);
    await ghn('GHNE2E004', 'returned', 6);
    const back = await json(await api(`/v1/orders/${paid.code}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(back).toMatchObject({ status: 'returned', paymentStatus: 'refund_pending' });
    expect(await stock()).toEqual(before);
  });
});
