/** Invoice PDFs from order events: numbered and stored once per paid order, rendered with Vietnamese text intact. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { hcmWard, ids, seedFixtures } from '../../api/test/fixtures';

let n = 0;
const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();

beforeAll(async () => {
  await seedFixtures();
  const now = Date.now();
  await env.DB.batch([
    ...hcmWard(),
    ...[
      ['ORDINV1', 'MC3333AAAA', 'bank_transfer', 'paid', 122000],
      ['ORDINV2', 'MC3333BBBB', 'cod', 'paid', 122000],
      ['ORDINV3', 'MC3333CCCC', 'bank_transfer', 'unpaid', 0],
      ['ORDINV4', 'MC3333DDDD', 'bank_transfer', 'refund_pending', 122000],
    ].flatMap(([id, code, method, payment, paid]) => [
      env.DB.prepare(
        `INSERT INTO orders (id, code, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, paid_amount, recipient_name, phone, email, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
         VALUES (?, ?, 'confirmed', ?, ?, 122000, 25000, 10000, 0, 137000, ?, 'Trần Thị Ngọc Ánh', '0903123456', NULL, '79', '26743', '12 Lê Thánh Tôn', ?, 'h', ?, ?)`,
      ).bind(id, code, method, payment, paid, `k-${id}`, now, now),
      env.DB.prepare(
        `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total)
         VALUES (?, ?, ?, '01TESTUNITPARAVI0000000000', 'Paracetamol 500mg giảm đau, hạ sốt', 'p', 'Vỉ', 10, 11000, 2, 22000), (?, ?, ?, '01TESTUNITPARAHOP000000000', 'Paracetamol 500mg giảm đau, hạ sốt', 'p', 'Hộp', 100, 100000, 1, 100000)`,
      ).bind(`${id}L1`, id, ids.paracetamol, `${id}L2`, id, ids.paracetamol),
    ]),
  ]);
});

async function deliver(...events: Array<[eventId: string, type: string, orderId: string]>) {
  const batch = createMessageBatch(
    'medicare-events',
    events.map(([id, type, aggregateId]) => ({ id: `m${++n}`, timestamp: new Date(), attempts: 1, body: { id, type, aggregateType: 'order', aggregateId, occurredAt: Date.now(), payload: {} } })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  return getQueueResult(batch, ctx);
}
const invoiceOf = (orderId: string) =>
  env.DB.prepare('SELECT number, r2_key AS r2Key, stored_at AS storedAt, size FROM invoices WHERE order_id = ?').bind(orderId).first<{ number: string; r2Key: string; storedAt: number | null; size: number }>();

describe('invoice PDFs', () => {
  it('stores a numbered PDF for a paid order, with the Vietnamese text intact', async () => {
    const result = await deliver(['01EVINVPAID100000000000000', 'order.paid', 'ORDINV1']);
    expect(result.retryMessages).toEqual([]);
    const inv = await invoiceOf('ORDINV1');
    expect(inv).toMatchObject({ number: expect.stringMatching(new RegExp(`^HD${year}-\\d{6}$`)), r2Key: 'invoices/MC3333AAAA.pdf', storedAt: expect.any(Number) });
    const obj = await env.FILES_BUCKET.get(inv!.r2Key);
    expect(obj?.httpMetadata?.contentType).toBe('application/pdf');
    expect(obj?.customMetadata).toMatchObject({ invoiceNumber: inv!.number, orderId: 'ORDINV1' });
    const bytes = new Uint8Array(await obj!.arrayBuffer());
    expect(bytes.byteLength).toBe(inv!.size);
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    for (const s of ['HÓA ĐƠN BÁN HÀNG', `Số: ${inv!.number}`, 'Trần Thị Ngọc Ánh', '12 Lê Thánh Tôn, Phường Bến Thành, Thành phố Hồ Chí Minh', 'Paracetamol 500mg giảm đau, hạ sốt', 'Vỉ', 'Hộp', '137.000đ', 'Một trăm ba mươi bảy nghìn đồng', 'Chuyển khoản ngân hàng']) {
      expect(text.normalize('NFC')).toContain(s);
    }
  });

  it('produces the invoice exactly once: a replayed or later event leaves the stored file alone', async () => {
    const before = await invoiceOf('ORDINV1');
    const head = await env.FILES_BUCKET.head(before!.r2Key);
    await deliver(['01EVINVPAID100000000000000', 'order.paid', 'ORDINV1']); // the same event again
    await deliver(['01EVINVDELIV10000000000000', 'order.delivered', 'ORDINV1']); // a later event of the same order
    expect(await invoiceOf('ORDINV1')).toEqual(before);
    expect((await env.FILES_BUCKET.head(before!.r2Key))!.uploaded.getTime()).toBe(head!.uploaded.getTime());
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM invoices WHERE order_id = 'ORDINV1'").first<{ n: number }>())!.n).toBe(1);
  });

  it('invoices a COD order once delivered and paid, with the next number', async () => {
    const first = await invoiceOf('ORDINV1');
    await deliver(['01EVINVDELIV20000000000000', 'order.delivered', 'ORDINV2']);
    const inv = await invoiceOf('ORDINV2');
    expect(Number(inv!.number.slice(-6))).toBe(Number(first!.number.slice(-6)) + 1);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await (await env.FILES_BUCKET.get(inv!.r2Key))!.arrayBuffer())), { mergePages: true });
    expect(text).toContain('Thanh toán khi nhận hàng (COD)');
  });

  it('issues nothing for an order that is not paid (unpaid, or a late payment waiting for a refund)', async () => {
    const result = await deliver(['01EVINVPAID300000000000000', 'order.paid', 'ORDINV3'], ['01EVINVPAID400000000000000', 'order.paid', 'ORDINV4']);
    expect(result.retryMessages).toEqual([]);
    expect(await invoiceOf('ORDINV3')).toBeNull();
    expect(await invoiceOf('ORDINV4')).toBeNull();
    expect((await env.FILES_BUCKET.list({ prefix: 'invoices/MC3333C' })).objects).toHaveLength(0);
  });
});
