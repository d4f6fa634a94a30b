// A synthetic order history for the dashboard and its benchmark (`npm run seed -- --orders 20000`, #13, ADR 0022):
// N orders spread over the last 13 months (more of them recently), a realistic mix of statuses, COD and bank
// transfers, account customers and guests, one to four lines from the seeded catalogue (a few products sell much more
// than the rest), over- and underpayments, refunds and a few unmatched transfers. Deterministic (fixed PRNG seed)
// relative to `now`. Written fast: multi-row INSERTs of literal values (about 60 KB each, under D1's statement limit),
// sent 25 statements per batch. Orders are marked by their idempotency key `seed-order-…`; the payment status is then
// derived by the one money rule (orders/money.ts `paymentStatusSql`), never retyped here. Seeded orders hold no stock
// allocations and have no payments rows or timeline: they are history for the figures, not orders to fulfil.
import { join } from 'node:path';
import { build } from 'esbuild';
import { rng } from '../../seed/generate.mjs';
import { ROOT } from './proc.mjs';

const DAY = 86_400_000;
const VN = 7 * 3_600_000;
export const SEED_ORDER_PREFIX = 'seed-order-';

/** Imports a TypeScript module of shared/ (bundled, as the api Worker gets it). */
async function sharedModule(path) {
  const out = await build({ entryPoints: [join(ROOT, path)], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'error' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}


const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/** Multi-row INSERT statements of about `maxBytes` each. */
function inserts(table, cols, rows, maxBytes = 60_000) {
  const head = `INSERT INTO ${table} (${cols.join(',')}) VALUES `;
  const out = [];
  let parts = [];
  let size = head.length;
  for (const r of rows) {
    const t = `(${r.map(q).join(',')})`;
    if (parts.length && size + t.length + 1 > maxBytes) {
      out.push(head + parts.join(','));
      parts = [];
      size = head.length;
    }
    parts.push(t);
    size += t.length + 1;
  }
  if (parts.length) out.push(head + parts.join(','));
  return out;
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Gia', 'Hoài', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Tâm', 'Thảo', 'Trang', 'Trung', 'Tuấn', 'Vy', 'Yến'];

/** How many seeded orders the database holds. */
export async function seededOrderCount(db) {
  return (await db.prepare(`SELECT COUNT(*) AS n FROM orders WHERE idempotency_key LIKE '${SEED_ORDER_PREFIX}%'`).first()).n;
}

export async function seedOrders(db, { count, now = Date.now(), seed = 13 } = {}) {
  const rnd = rng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const units = (
    await db
      .prepare(
        `SELECT p.id AS productId, p.name AS productName, p.slug AS productSlug, u.id AS unitId, u.name AS unitName, u.factor, COALESCE(u.sale_price, u.price) AS price, u.is_default AS isDefault
         FROM products p JOIN product_units u ON u.product_id = p.id WHERE p.approval_state = 'approved' AND p.visible = 1 ORDER BY p.sold_count DESC, p.id, u.position`,
      )
      .all()
  ).results;
  if (units.length === 0) throw new Error('No products to order: seed the catalogue first (npm run seed).');
  const products = [...new Map(units.map((u) => [u.productId, units.filter((x) => x.productId === u.productId)])).values()];
  const wards = (await db.prepare('SELECT code, province_code AS province FROM wards ORDER BY code LIMIT 400').all()).results;
  if (wards.length === 0) throw new Error('No wards: seed the address data first (npm run seed).');

  const span = 395 * DAY; // 13 months
  const start = now - span;
  // When an order is placed: more orders recently (a growing shop), during Vietnamese waking hours.
  const placedAt = () => {
    const dayStart = Math.floor((start + span * Math.sqrt(rnd()) + VN) / DAY) * DAY - VN;
    const t = dayStart + (7 + rnd() * 16) * 3_600_000;
    return Math.min(t, now - 60_000);
  };

  // Customers: one account per 8 orders, joining over the 13 months (and a few before); sorted by join time.
  const nCustomers = Math.max(1, Math.round(count / 8));
  const customers = Array.from({ length: nCustomers }, () => start - 30 * DAY + (span + 30 * DAY) * rnd())
    .sort((a, b) => a - b)
    .map((at, i) => {
      const name = `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
      return { id: `SEEDCUST${String(i).padStart(18, '0')}`, email: `khach${i}@seed.medicare.vn`, name, phone: `09${String(10_000_000 + i).slice(-8)}`, at: Math.floor(at) };
    });

  const orders = [];
  const lines = [];
  const transfers = [];
  for (let i = 0; i < count; i++) {
    const at = placedAt();
    const age = now - at;
    const method = rnd() < 0.6 ? 'cod' : 'bank_transfer';
    // An account customer who had joined by then (three orders in four), otherwise a guest.
    let joined = 0;
    for (let lo = 0, hi = customers.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (customers[mid].at <= at) lo = joined = mid + 1;
      else hi = mid;
    }
    // Repeat buyers: a quarter of the customers place most account orders.
    const customer = joined > 0 && rnd() < 0.75 ? customers[rnd() < 0.6 ? Math.floor(rnd() * Math.max(1, joined / 4)) * 4 % joined : Math.floor(rnd() * joined)] : null;

    // Lines: 1–4 distinct products, popular ones far more often (a few best sellers, a long tail).
    const nLines = 1 + Math.floor(rnd() ** 2 * 4);
    const chosen = new Set();
    const orderLines = [];
    for (let k = 0; k < nLines; k++) {
      const p = products[Math.floor(products.length * rnd() ** 3)];
      if (chosen.has(p[0].productId)) continue;
      chosen.add(p[0].productId);
      const u = rnd() < 0.8 ? (p.find((x) => x.isDefault) ?? p[0]) : pick(p);
      const quantity = 1 + Math.floor(rnd() ** 3 * 5);
      orderLines.push({ u, quantity });
    }
    const subtotal = orderLines.reduce((s, l) => s + l.u.price * l.quantity, 0);
    const shipping = subtotal >= 300_000 ? 0 : pick([15_000, 20_000, 25_000, 30_000]);
    const discount = rnd() < 0.1 ? Math.min(50_000, Math.floor(subtotal * 0.1 / 1000) * 1000) : 0;
    const total = subtotal + shipping - discount;

    // Status by age: recent orders are still moving, older ones have ended.
    const r = rnd();
    let status;
    if (age < DAY) status = method === 'bank_transfer' && r < 0.4 ? 'pending_payment' : r < 0.6 ? 'confirmed' : r < 0.8 ? 'packing' : 'shipping';
    else if (age < 4 * DAY) status = r < 0.1 ? 'confirmed' : r < 0.2 ? 'packing' : r < 0.55 ? 'shipping' : r < 0.92 ? 'delivered' : 'cancelled';
    else if (age < 10 * DAY) status = r < 0.75 ? 'delivered' : r < 0.85 ? 'completed' : r < 0.93 ? 'cancelled' : r < 0.96 ? 'return_requested' : 'returned';
    else status = r < 0.8 ? 'completed' : r < 0.88 ? 'cancelled' : r < 0.9 ? 'returned' : r < 0.92 ? 'refunded' : method === 'bank_transfer' ? 'expired' : 'completed';

    // Money: COD is paid on delivery; a transfer before confirmation. Some transfers miss or overshoot the total;
    // some cancelled transfers are still to be refunded, most have been.
    let paid = 0;
    let refunded = 0;
    const delivered = ['delivered', 'completed', 'return_requested'].includes(status);
    if (method === 'cod') paid = delivered ? total : 0;
    else if (status === 'pending_payment') paid = rnd() < 0.05 ? Math.floor(total / 2000) * 1000 : 0;
    else if (status === 'expired') paid = 0;
    else {
      paid = total;
      const x = rnd();
      if (x < 0.01) paid = total + pick([10_000, 50_000, 100_000]);
      if (status === 'cancelled' || status === 'returned') refunded = age > 10 * DAY || x > 0.5 ? paid : 0;
    }
    if (status === 'refunded') {
      paid = method === 'cod' ? 0 : total;
      refunded = paid;
    }

    const id = `SEEDORD${String(i).padStart(19, '0')}`;
    const w = pick(wards);
    const ship = customer ?? { name: `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`, phone: `08${String(20_000_000 + i).slice(-8)}`, email: null };
    orders.push([
      id, `MCS${i.toString(32).toUpperCase().padStart(7, '0')}`, customer?.id ?? null, status, method, subtotal, shipping, discount, total, paid, refunded,
      ship.name, ship.phone, ship.email, w.province, w.code, `${1 + (i % 300)} Đường số ${1 + (i % 40)}`, `${SEED_ORDER_PREFIX}${i}`, 'seed', at, at,
    ]);
    orderLines.forEach(({ u, quantity }, k) => lines.push([`${id}L${k}`, id, u.productId, u.unitId, u.productName, u.productSlug, u.unitName, u.factor, u.price, quantity, u.price * quantity]));
    if (method === 'bank_transfer' && paid > 0) {
      transfers.push([`SEEDTXN${String(i).padStart(19, '0')}`, 'sepay', `seed-${i}`, id, 'in', paid, `MCS${i.toString(32).toUpperCase().padStart(7, '0')}`, refunded > 0 ? 'refunded' : 'matched', 'webhook', at + 600_000, at + 600_000]);
    }
  }
  // A few transfers nobody could match (no or a wrong code in the note).
  for (let i = 0; i < Math.max(3, Math.round(count / 1000)); i++) {
    const at = now - Math.floor(rnd() * 20 * DAY);
    transfers.push([`SEEDTXNUNMATCHED${String(i).padStart(10, '0')}`, 'sepay', `seed-unmatched-${i}`, null, 'in', pick([50_000, 120_000, 245_000, 99_000]), null, 'unmatched', 'webhook', at, at]);
  }

  const { paymentStatusSql } = await sharedModule('shared/src/orders/money.ts');
  const statements = [
    ...inserts('users', ['id', 'email', 'email_verified_at', 'name', 'phone', 'role', 'status', 'created_at', 'updated_at'], customers.map((c) => [c.id, c.email, c.at, c.name, c.phone, 'customer', 'active', c.at, c.at])),
    ...inserts(
      'orders',
      ['id', 'code', 'user_id', 'status', 'payment_method', 'subtotal', 'shipping_fee', 'order_discount', 'total', 'paid_amount', 'refunded_amount', 'recipient_name', 'phone', 'email', 'province_code', 'ward_code', 'street', 'idempotency_key', 'request_hash', 'created_at', 'updated_at'],
      orders,
    ),
    ...inserts('order_lines', ['id', 'order_id', 'product_id', 'unit_id', 'product_name', 'product_slug', 'unit_name', 'factor', 'unit_price', 'quantity', 'line_total'], lines),
    ...inserts('bank_transactions', ['id', 'provider', 'provider_txn_id', 'order_id', 'transfer_type', 'amount', 'payment_code', 'match_status', 'source', 'transaction_at', 'created_at'], transfers),
    `UPDATE orders SET payment_status = ${paymentStatusSql('orders')} WHERE idempotency_key LIKE '${SEED_ORDER_PREFIX}%'`,
  ];
  for (let i = 0; i < statements.length; i += 25) await db.batch(statements.slice(i, i + 25).map((s) => db.prepare(s)));
  return { customers: customers.length, orders: orders.length, order_lines: lines.length, bank_transactions: transfers.length, statements: statements.length };
}
