/**
 * #16 availability summary (migration 0025, ADR 0034):
 * - the migration's triggers and backfill are exactly the SQL generated from the rule (nobody retypes it);
 * - under random sequences of receipts, adjustments (the ledger's own statements), reservations and releases (the
 *   checkout's guarded UPDATE), expiry corrections and selling-unit changes (add, retire, restore, refactor, delete),
 *   on real SQLite with the real migrations, the summary row equals the live rule, and the reader's expression
 *   (`inStockSummarySql`, `availableBaseSummarySql`) equals the live rule on every date around today — before the
 *   row was computed, inside its window and after it went stale.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availabilityBackfillSql,
  availabilityTriggersSql,
  availableBaseSql,
  availableBaseSummarySql,
  DAY_MS,
  inStockSql,
  inStockSummarySql,
  minOfferedFactorSql,
  sellableBatchSql,
  vietnamDate,
} from '../shared/src/catalog/availability';
import { adjustStatements, receiveStatements } from '../shared/src/stock/ledger.d1';
import { SqliteD1 } from './d1-sqlite';

const MIGRATION = readFileSync('migrations/0025_availability_summary.sql', 'utf8');

describe('migration 0025 is generated from the rule (#16)', () => {
  it('holds exactly the generated triggers, in order, and the generated backfill', () => {
    const inFile = MIGRATION.match(/CREATE TRIGGER [\s\S]*?\nEND;/g) ?? [];
    expect(inFile).toEqual(availabilityTriggersSql().map((t) => `${t};`));
    expect(MIGRATION).toContain(`${availabilityBackfillSql()};`);
  });
});

const actor = { id: null, role: 'admin' };

/** One migrated database for the file; each property run gets products of its own (`products(run)`). */
let shared: SqliteD1 | null = null;
let runs = 0;
function database() {
  if (shared) return shared;
  shared = new SqliteD1().migrate();
  shared.db.exec(`INSERT INTO categories (id, parent_id, level, slug, name, path, position, created_at, updated_at) VALUES ('cat1', NULL, 1, 'c', 'C', '/c/', 0, 1, 1)`);
  shared.db.exec(`INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES ('br1', 'b', 'B', 'VN', 1, 1)`);
  return shared;
}
function newProducts(): string[] {
  const { db } = database();
  const run = ++runs;
  return ['A', 'B', 'C'].map((k) => {
    const id = `01TESTSUMMARY${String(run).padStart(6, '0')}PROD${k}`;
    db.prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at)
       VALUES (?, ?, ?, 'x', 'x', 'Viên nén', 'Hộp', 'viên', 'x', 'Việt Nam', 'br1', 'cat1', 'approved', 1, 1, 1)`,
    ).run(id, `sum-${run}-${k}`, `Sum ${run} ${k}`);
    return id;
  });
}

type Step =
  | { kind: 'receive'; p: number; quantity: number; expiry: number }
  | { kind: 'adjust'; pick: number; quantity: number }
  | { kind: 'reserve' | 'release'; pick: number; quantity: number }
  | { kind: 'expiry'; pick: number; expiry: number }
  | { kind: 'unitAdd'; p: number; factor: number }
  | { kind: 'unitRetire' | 'unitRestore' | 'unitDelete'; pick: number }
  | { kind: 'unitFactor'; pick: number; factor: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), p: fc.nat(2), quantity: fc.integer({ min: 1, max: 30 }), expiry: fc.integer({ min: -2, max: 6 }) }),
  fc.record({ kind: fc.constant('adjust' as const), pick: fc.nat(), quantity: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constantFrom('reserve' as const, 'release' as const), pick: fc.nat(), quantity: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('expiry' as const), pick: fc.nat(), expiry: fc.integer({ min: -2, max: 6 }) }),
  fc.record({ kind: fc.constant('unitAdd' as const), p: fc.nat(2), factor: fc.constantFrom(1, 3, 10, 25) }),
  fc.record({ kind: fc.constantFrom('unitRetire' as const, 'unitRestore' as const, 'unitDelete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('unitFactor' as const), pick: fc.nat(), factor: fc.constantFrom(1, 3, 10, 25) }),
);

describe('the availability summary under random stock and unit changes (#16, property)', () => {
  it('equals the live rule for every product, on every date around today', { timeout: 120_000 }, () => {
    const now = Date.now();
    const day = (offset: number) => vietnamDate(now + offset * DAY_MS);
    const dates = [-3, -1, 0, 1, 2, 3, 5, 7].map(day);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const d1 = database();
        const PRODUCTS = newProducts();
        const db = d1.db;
        const d = d1.asD1();
        const run = (statements: D1PreparedStatement[]) => {
          db.exec('BEGIN');
          for (const s of statements) (s as unknown as { execForBatch(): unknown }).execForBatch();
          db.exec('COMMIT');
        };
        // What the schema's own guards refuse (a retired default unit, an over-reservation…) simply writes nothing.
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
        let n = 0;
        const log: string[] = [];
        for (const s of steps) {
          log.push(JSON.stringify(s));
          n++;
          const batches = ids('stock_batches');
          const units = ids('product_units');
          const batch = (pick: number) => batches[pick % Math.max(1, batches.length)];
          const unit = (pick: number) => units[pick % Math.max(1, units.length)];
          if (s.kind === 'receive') {
            attempt(() => run(receiveStatements(d, { productId: PRODUCTS[s.p]!, lotNumber: `L${n}`, expiryDate: day(s.expiry), quantity: s.quantity, costPrice: null, supplier: null, receivedAt: now, actor }, now).statements));
          } else if (s.kind === 'adjust' && batch(s.pick)) {
            attempt(() => run(adjustStatements(d, { batchId: batch(s.pick)!, kind: 'count', quantity: s.quantity, reason: 'Kiểm kê', actor }, now)));
          } else if (s.kind === 'reserve' && batch(s.pick)) {
            // The checkout's reservation (checkout/repo.d1.ts `place`): refused by the CHECK when it takes too much.
            attempt(() => db.prepare(`UPDATE stock_batches SET reserved = reserved + CASE WHEN ${sellableBatchSql('stock_batches', '?')} THEN ? ELSE quantity + 1 END, updated_at = ? WHERE id = ?`).run(day(0), s.quantity, now, batch(s.pick)!));
          } else if (s.kind === 'release' && batch(s.pick)) {
            attempt(() => db.prepare('UPDATE stock_batches SET reserved = MAX(0, reserved - ?), updated_at = ? WHERE id = ?').run(s.quantity, now, batch(s.pick)!));
          } else if (s.kind === 'expiry' && batch(s.pick)) {
            attempt(() => db.prepare('UPDATE stock_batches SET expiry_date = ? WHERE id = ?').run(day(s.expiry), batch(s.pick)!));
          } else if (s.kind === 'unitAdd') {
            const p = PRODUCTS[s.p]!;
            const first = !(db.prepare('SELECT 1 FROM product_units WHERE product_id = ?').get(p));
            attempt(() => db.prepare(`INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, ?, ?, 1000, 10, ?, 0, 1, 1)`).run(`${p}U${String(n).padStart(3, '0')}`, p, `Đơn vị ${n}`, s.factor, first ? 1 : 0));
          } else if (s.kind === 'unitRetire' && unit(s.pick)) {
            attempt(() => db.prepare('UPDATE product_units SET retired_at = ? WHERE id = ?').run(now, unit(s.pick)!));
          } else if (s.kind === 'unitRestore' && unit(s.pick)) {
            attempt(() => db.prepare('UPDATE product_units SET retired_at = NULL WHERE id = ?').run(unit(s.pick)!));
          } else if (s.kind === 'unitDelete' && unit(s.pick)) {
            attempt(() => db.prepare('DELETE FROM product_units WHERE id = ?').run(unit(s.pick)!));
          } else if (s.kind === 'unitFactor' && unit(s.pick)) {
            attempt(() => db.prepare('UPDATE product_units SET factor = ? WHERE id = ?').run(s.factor, unit(s.pick)!));
          }

          const ctx = log.join(' | ');
          for (const p of PRODUCTS) {
            const q = `'${p}'`;
            const row = db.prepare('SELECT in_stock, available_base, min_factor, computed_on FROM product_availability WHERE product_id = ?').get(p) as { computed_on: string };
            // Triggers read SQLite's clock: the row is for today (tomorrow if midnight passed during the run).
            expect([day(0), day(1)], ctx).toContain(row.computed_on);
            const c = row.computed_on;
            const live = db.prepare(`SELECT ${inStockSql(q, c)} AS in_stock, ${availableBaseSql(q, `'${c}'`)} AS available_base, ${minOfferedFactorSql(q)} AS min_factor, '${c}' AS computed_on`).get();
            expect({ ...row }, `row of ${p}: ${ctx}`).toEqual({ ...live });
            for (const t of dates) {
              const got = db.prepare(`SELECT ${inStockSummarySql(q, t)} AS inStock, ${availableBaseSummarySql(q, t)} AS available`).get();
              const want = db.prepare(`SELECT ${inStockSql(q, t)} AS inStock, ${availableBaseSql(q, `'${t}'`)} AS available`).get();
              expect({ ...got }, `${p} on ${t}: ${ctx}`).toEqual({ ...want });
            }
          }
        }
      }),
      {
        numRuns: 150,
        examples: [
          [
            [
              { kind: 'unitAdd', p: 0, factor: 10 },
              { kind: 'receive', p: 0, quantity: 12, expiry: 2 },
              { kind: 'reserve', pick: 0, quantity: 3 },
              { kind: 'unitAdd', p: 0, factor: 1 },
              { kind: 'unitRetire', pick: 1 },
              { kind: 'release', pick: 0, quantity: 3 },
              { kind: 'expiry', pick: 0, expiry: 0 },
              { kind: 'unitRestore', pick: 1 },
              { kind: 'unitFactor', pick: 0, factor: 25 },
              { kind: 'adjust', pick: 0, quantity: 30 },
              { kind: 'unitDelete', pick: 0 },
            ],
          ],
        ],
      },
    );
  });

  it('is written for every product, and the summary is what readers use inside its window', () => {
    const d1 = database();
    const PRODUCTS = newProducts();
    const rows = d1.db.prepare(`SELECT product_id AS id FROM product_availability WHERE product_id IN ('${PRODUCTS.join("','")}') ORDER BY product_id`).all();
    expect(rows.map((r) => (r as { id: string }).id)).toEqual(PRODUCTS);
    // A row that says "in stock" without stock: the reader believes it inside the window and not outside it.
    const today = vietnamDate(Date.now());
    d1.db.prepare("UPDATE product_availability SET in_stock = 1, stale_on = ? WHERE product_id = ?").run(vietnamDate(Date.now() + 2 * DAY_MS), PRODUCTS[0]!);
    const read = (t: string) => (d1.db.prepare(`SELECT ${inStockSummarySql(`'${PRODUCTS[0]}'`, t)} AS v`).get() as { v: number }).v;
    expect(read(today)).toBe(1);
    expect(read(vietnamDate(Date.now() + 2 * DAY_MS))).toBe(0);
    expect(read(vietnamDate(Date.now() - DAY_MS))).toBe(0);
  });
});
