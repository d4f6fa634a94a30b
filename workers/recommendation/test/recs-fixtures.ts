/** Test rows for the recommendation tests (#18): a promotable product, and an order counted as a sale by the consumer. */
import { env } from 'cloudflare:test';
import { applySale } from '../../consumer/src/sales';

/** A shop-visible, approved product with one unit and a stock batch (`rx`: prescription-only). */
export async function product(id: string, slug: string, name: string, categoryId: string, brandId: string, rx = false, shortDescription = 'x') {
  const t = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, category_id, brand_id, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, approval_state, visible, prescription_required, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'x', 'Viên nén', 'Hộp', 'viên', 'x', 'Việt Nam', 'approved', 1, ?, ?, ?)`,
    ).bind(id, slug, name, categoryId, brandId, shortDescription, rx ? 1 : 0, t, t),
    env.DB.prepare(`INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, 'Hộp', 1, 50000, 10, 1, 0, ?, ?)`).bind(`${id}U`.slice(0, 26), id, t, t),
    env.DB.prepare(`INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, received_at, created_at, updated_at) VALUES (?, ?, 'L', '2099-01-01', 50, 0, ?, ?, ?)`).bind(`${id}B`.slice(0, 26), id, t, t, t),
  ]);
}

let seq = 0;
/** An order of `userId` holding `productIds` (one line each), counted as a sale at `at` by the consumer's rule. */
export async function sale(productIds: string[], at: number, userId: string | null = null) {
  const id = `ORDREC${++seq}`;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO orders (id, code, user_id, status, payment_method, payment_status, subtotal, shipping_fee, order_discount, shipping_discount, total, recipient_name, phone, province_code, ward_code, street, idempotency_key, request_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'confirmed', 'cod', 'unpaid', 1, 0, 0, 0, 1, 'A', '0903123456', '79', '26743', 'x', ?, 'h', ?, ?)`,
    ).bind(id, `MC7777${String(seq).padStart(4, '0')}`, userId, `k-${id}`, at, at),
    ...productIds.map((p, i) =>
      env.DB.prepare(
        `INSERT INTO order_lines (id, order_id, product_id, unit_id, product_name, product_slug, unit_name, factor, unit_price, quantity, line_total)
         VALUES (?, ?, ?, (SELECT id FROM product_units WHERE product_id = ? AND is_default = 1), 'x', 'x', 'Hộp', 1, 1, 1, 1)`,
      ).bind(`${id}L${i}`, id, p, p),
    ),
  ]);
  await applySale(env.DB, id, 1, at);
  return id;
}
