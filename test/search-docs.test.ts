/**
 * #16 search_docs (migration 0034, ADR 0042):
 * - the migration's triggers and backfill are exactly the SQL generated in shared/src/search/search-docs.ts;
 * - under random sequences of every write that feeds a document (visibility, approval, soft delete and restore,
 *   category, brand, form, Rx, units sold, the default unit's price, sale and sale window, a new default unit, unit
 *   deletion, stock receipts and reservations through the availability summary, hard deletion), on real SQLite with the
 *   real migrations, each product's document equals the live rules: THE visibility rule on the product row, the default
 *   unit's columns, and the readers' expressions (`effectivePriceSql` over the document, `inStockCopySql`) equal the
 *   live price and in-stock rules at several instants and days.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, inStockCopySql, inStockSql, vietnamDate } from '../shared/src/catalog/availability';
import { effectivePriceSql } from '../shared/src/catalog/pricing';
import { shopVisibleSql } from '../shared/src/catalog/visibility';
import { searchDocsBackfillSql, searchDocsTriggersSql } from '../shared/src/search/search-docs';
import { receiveStatements } from '../shared/src/stock/ledger.d1';
import { SqliteD1 } from './d1-sqlite';

const MIGRATION = readFileSync('migrations/0034_search_docs.sql', 'utf8');

describe('migration 0034 is generated from the rules (#16)', () => {
  it('holds exactly the generated triggers, in order, and the generated backfill', () => {
    const inFile = MIGRATION.match(/CREATE TRIGGER [\s\S]*?\nEND;/g) ?? [];
    expect(inFile).toEqual(searchDocsTriggersSql().map((t) => `${t};`));
    expect(MIGRATION).toContain(`${searchDocsBackfillSql()};`);
  });
});

const actor = { id: null, role: 'admin' };
let shared: SqliteD1 | null = null;
let runs = 0;
function database() {
  if (shared) return shared;
  shared = new SqliteD1().migrate();
  for (const c of ['cat1', 'cat2']) shared.db.exec(`INSERT INTO categories (id, parent_id, level, slug, name, path, position, created_at, updated_at) VALUES ('${c}', NULL, 1, '${c}', 'C', '/${c}/', 0, 1, 1)`);
  for (const b of ['br1', 'br2']) shared.db.exec(`INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES ('${b}', '${b}', 'B', 'VN', 1, 1)`);
  return shared;
}
function newProducts(): string[] {
  const { db } = database();
  const run = ++runs;
  return ['A', 'B'].map((k) => {
    const id = `01TESTSEARCHDOC${String(run).padStart(5, '0')}PROD${k}`;
    db.prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at)
       VALUES (?, ?, ?, 'x', 'x', 'Viên nén', 'Hộp', 'viên', 'x', 'Việt Nam', 'br1', 'cat1', 'approved', 1, 1, 1)`,
    ).run(id, `doc-${run}-${k}`, `Doc ${run} ${k}`);
    return id;
  });
}

type Step =
  | { kind: 'product'; p: number; set: string }
  | { kind: 'sold'; p: number; n: number }
  | { kind: 'unitAdd'; p: number; makeDefault: boolean; price: number }
  | { kind: 'price'; pick: number; price: number; sale: number | null; starts: number | null; ends: number | null }
  | { kind: 'unitDelete'; pick: number }
  | { kind: 'receive'; p: number; quantity: number; expiry: number }
  | { kind: 'reserve'; pick: number; quantity: number }
  | { kind: 'delete'; p: number };

const PRODUCT_SETS = [
  'visible = 0', 'visible = 1', "approval_state = 'pending_review'", "approval_state = 'approved'", 'deleted_at = 5', 'deleted_at = NULL',
  "category_id = 'cat2'", "category_id = 'cat1'", "brand_id = 'br2'", "dosage_form = 'Siro'", 'prescription_required = 1', 'prescription_required = 0',
  'name = name || \' x\'', 'created_at = created_at + 7',
];
const HOUR = 3_600_000;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('product' as const), p: fc.nat(1), set: fc.constantFrom(...PRODUCT_SETS) }),
  fc.record({ kind: fc.constant('sold' as const), p: fc.nat(1), n: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('unitAdd' as const), p: fc.nat(1), makeDefault: fc.boolean(), price: fc.integer({ min: 1, max: 90 }).map((x) => x * 1000) }),
  fc.record({
    kind: fc.constant('price' as const),
    pick: fc.nat(),
    price: fc.integer({ min: 1, max: 90 }).map((x) => x * 1000),
    sale: fc.option(fc.integer({ min: 1, max: 90 }).map((x) => x * 1000)),
    starts: fc.option(fc.integer({ min: -3, max: 3 })),
    ends: fc.option(fc.integer({ min: -3, max: 3 })),
  }),
  fc.record({ kind: fc.constant('unitDelete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('receive' as const), p: fc.nat(1), quantity: fc.integer({ min: 1, max: 30 }), expiry: fc.integer({ min: -1, max: 4 }) }),
  fc.record({ kind: fc.constant('reserve' as const), pick: fc.nat(), quantity: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), p: fc.nat(1) }),
);

describe('search_docs under random catalogue, price and stock writes (#16, property)', () => {
  it('equals the live visibility, price and in-stock rules for every product after every write', { timeout: 600_000 }, () => {
    const now = Date.now();
    const day = (offset: number) => vietnamDate(now + offset * DAY_MS);
    const instants = [-4, -1, 0, 1, 4].map((h) => now + h * HOUR);
    const dates = [-1, 0, 1, 3, 5].map(day);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 15 }), (steps) => {
        const d1 = database();
        const PRODUCTS = newProducts();
        const db = d1.db;
        const attempt = (f: () => unknown) => {
          try {
            f();
          } catch (e) {
            if ((e as { code?: string }).code !== 'ERR_SQLITE_ERROR') throw e;
            if (db.isTransaction) db.exec('ROLLBACK');
          }
        };
        const mine = `product_id IN ('${PRODUCTS.join("','")}')`;
        const ids = (table: string) => (db.prepare(`SELECT id FROM ${table} WHERE ${mine} ORDER BY id`).all() as Array<{ id: string }>).map((r) => r.id);
        const log: string[] = [];
        let n = 0;
        for (const s of steps) {
          log.push(JSON.stringify(s));
          n++;
          const units = ids('product_units');
          const batches = ids('stock_batches');
          const unit = (pick: number) => units[pick % Math.max(1, units.length)];
          const batch = (pick: number) => batches[pick % Math.max(1, batches.length)];
          const p = 'p' in s ? PRODUCTS[s.p]! : '';
          if (s.kind === 'product') attempt(() => db.prepare(`UPDATE products SET ${s.set} WHERE id = ?`).run(p));
          else if (s.kind === 'sold') attempt(() => db.prepare('UPDATE products SET sold_count = sold_count + ? WHERE id = ?').run(s.n, p));
          else if (s.kind === 'unitAdd') {
            const first = !db.prepare('SELECT 1 FROM product_units WHERE product_id = ? AND is_default = 1').get(p);
            const makeDefault = first || s.makeDefault;
            attempt(() => {
              db.exec('BEGIN');
              // The product editor's default switch: the old default first, then the new one.
              if (makeDefault) db.prepare('UPDATE product_units SET is_default = 0 WHERE product_id = ?').run(p);
              db.prepare(`INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, ?, 1, ?, 10, ?, 0, 1, 1)`)
                .run(`${p}U${String(n).padStart(3, '0')}`, p, `Đơn vị ${n}`, s.price, makeDefault ? 1 : 0);
              db.exec('COMMIT');
            });
          } else if (s.kind === 'price' && unit(s.pick)) {
            const at = (h: number | null) => (h === null ? null : now + h * HOUR);
            attempt(() => db.prepare('UPDATE product_units SET price = ?, sale_price = ?, sale_starts_at = ?, sale_ends_at = ? WHERE id = ?').run(s.price, s.sale, at(s.starts), at(s.ends), unit(s.pick)!));
          } else if (s.kind === 'unitDelete' && unit(s.pick)) attempt(() => db.prepare('DELETE FROM product_units WHERE id = ?').run(unit(s.pick)!));
          else if (s.kind === 'receive') {
            attempt(() => {
              db.exec('BEGIN');
              for (const st of receiveStatements(d1.asD1(), { productId: p, lotNumber: `L${n}`, expiryDate: day(s.expiry), quantity: s.quantity, costPrice: null, supplier: null, receivedAt: now, actor }, now).statements) {
                (st as unknown as { execForBatch(): unknown }).execForBatch();
              }
              db.exec('COMMIT');
            });
          } else if (s.kind === 'reserve' && batch(s.pick)) attempt(() => db.prepare('UPDATE stock_batches SET reserved = MIN(quantity, reserved + ?) WHERE id = ?').run(s.quantity, batch(s.pick)!));
          else if (s.kind === 'delete') {
            attempt(() => {
              db.exec('BEGIN');
              db.prepare('DELETE FROM stock_movements WHERE product_id = ?').run(p);
              db.prepare('DELETE FROM products WHERE id = ?').run(p);
              db.exec('COMMIT');
            });
          }

          const ctx = log.join(' | ');
          for (const id of PRODUCTS) {
            const q = `'${id}'`;
            const doc = db.prepare('SELECT sid, product_id, shop_visible, category_id, brand_id, dosage_form, prescription_required, sold_count, created_at, price, sale_price, sale_starts_at, sale_ends_at FROM search_docs WHERE product_id = ?').get(id);
            // The live rows: the product (THE visibility rule), its search row and its default unit.
            const live = db.prepare(
              `SELECT ps.id AS sid, p.id AS product_id, ${shopVisibleSql('p')} AS shop_visible, p.category_id, p.brand_id, p.dosage_form, p.prescription_required, p.sold_count, p.created_at,
                 (SELECT u.price FROM product_units u WHERE u.product_id = p.id AND u.is_default = 1) AS price,
                 (SELECT u.sale_price FROM product_units u WHERE u.product_id = p.id AND u.is_default = 1) AS sale_price,
                 (SELECT u.sale_starts_at FROM product_units u WHERE u.product_id = p.id AND u.is_default = 1) AS sale_starts_at,
                 (SELECT u.sale_ends_at FROM product_units u WHERE u.product_id = p.id AND u.is_default = 1) AS sale_ends_at
               FROM products p JOIN product_search ps ON ps.product_id = p.id WHERE p.id = ?`,
            ).get(id);
            expect(doc ? { ...doc } : undefined, `document of ${id}: ${ctx}`).toEqual(live ? { ...live } : undefined);
            if (!doc) continue;
            // What readers compute from the document equals the live rules over the live rows.
            for (const t of instants) {
              const got = db.prepare(`SELECT ${effectivePriceSql('d', t)} AS v FROM search_docs d WHERE d.product_id = ?`).get(id);
              const want = db.prepare(`SELECT ${effectivePriceSql('u', t)} AS v FROM product_units u WHERE u.product_id = ? AND u.is_default = 1`).get(id);
              expect(got?.v ?? null, `price of ${id} at ${t}: ${ctx}`).toEqual(want?.v ?? null);
            }
            for (const t of dates) {
              const got = db.prepare(`SELECT ${inStockCopySql('d', 'd.product_id', t)} AS v FROM search_docs d WHERE d.product_id = ?`).get(id) as { v: number };
              const want = db.prepare(`SELECT ${inStockSql(q, t)} AS v`).get() as { v: number };
              expect(got.v, `in stock of ${id} on ${t}: ${ctx}`).toBe(want.v);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('copies the availability summary: a stock receipt makes the document in stock in the same statement', () => {
    const d1 = database();
    const [p] = newProducts();
    const db = d1.db;
    db.prepare(`INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, 'Hộp', 1, 1000, 10, 1, 0, 1, 1)`).run(`${p}U1`, p!);
    const doc = () => db.prepare('SELECT in_stock, price FROM search_docs WHERE product_id = ?').get(p!) as { in_stock: number; price: number };
    expect(doc()).toEqual({ in_stock: 0, price: 1000 });
    const now = Date.now();
    db.exec('BEGIN');
    for (const st of receiveStatements(d1.asD1(), { productId: p!, lotNumber: 'L1', expiryDate: vietnamDate(now + 30 * DAY_MS), quantity: 5, costPrice: null, supplier: null, receivedAt: now, actor }, now).statements) {
      (st as unknown as { execForBatch(): unknown }).execForBatch();
    }
    db.exec('COMMIT');
    expect(doc()).toEqual({ in_stock: 1, price: 1000 });
  });
});
