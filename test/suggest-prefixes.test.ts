/**
 * #16 autocomplete's prefix index (migration 0035, ADR 0043, shared/src/search/suggest.d1.ts):
 * - the migration holds exactly the generated table, triggers and backfill (nobody retypes them);
 * - the index follows the catalogue through the same writes a shopper's catalogue sees: create, rename, brand rename,
 *   hide/unapprove/delete and restore (only shop-visible products are indexed);
 * - accent-free and accented prefixes find names and brands, through the D1 adapter's `suggest`;
 * - names first: when enough names match, products that only mention the word elsewhere are not suggested; when too
 *   few do, the wide fields answer (symptom words).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D1SearchIndex } from '../shared/src/search/index.d1';
import { suggest } from '../shared/src/search/service';
import { suggestBackfillSql, suggestTableSql, suggestTriggersSql } from '../shared/src/search/suggest.d1';
import { SqliteD1 } from './d1-sqlite';

const MIGRATION = readFileSync('migrations/0035_suggest_prefixes.sql', 'utf8');
const NOW = Date.parse('2026-11-25T03:00:00Z');

describe('migration 0035 is generated from suggest.d1.ts (#16)', () => {
  it('holds exactly the generated table, triggers (in order) and backfill', () => {
    expect(MIGRATION).toContain(`${suggestTableSql()};`);
    const inFile = MIGRATION.match(/CREATE TRIGGER [\s\S]*?\nEND;/g) ?? [];
    expect(inFile).toEqual(suggestTriggersSql().map((t) => `${t};`));
    expect(MIGRATION).toContain(`${suggestBackfillSql()};`);
  });
});

function database() {
  const db = new SqliteD1().migrate();
  db.db.exec(`INSERT INTO categories (id, parent_id, level, slug, name, path, position, created_at, updated_at) VALUES ('cat1', NULL, 1, 'c', 'Thuốc', '/c/', 0, 1, 1)`);
  db.db.exec(`INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES ('br1', 'b', 'Traphaco', 'VN', 1, 1)`);
  db.db.exec(`INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES ('br2', 'd', 'Dược Hậu Giang', 'VN', 1, 1)`);
  return db;
}

let seq = 0;
function addProduct(db: SqliteD1, name: string, opts: { brand?: string; indications?: string; visible?: 0 | 1; approval?: string } = {}): string {
  const id = `01TESTSUGGEST${String(++seq).padStart(8, '0')}`;
  db.db
    .prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, created_at, updated_at)
       VALUES (?, ?, ?, 'x', 'x', 'Viên nén', 'Hộp', 'viên', ?, 'Việt Nam', ?, 'cat1', ?, ?, 1, 1)`,
    )
    .run(id, `p-${seq}`, name, opts.indications ?? 'x', opts.brand ?? 'br1', opts.approval ?? 'approved', opts.visible ?? 1);
  db.db
    .prepare(`INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, created_at, updated_at) VALUES (?, ?, 'Hộp', 1, 50000, 10, 1, 1, 1)`)
    .run(`${id}U`, id);
  return id;
}

/** The product ids the prefix index holds for an FTS5 query over names and brands. */
const indexed = (db: SqliteD1, match: string) =>
  (db.db.prepare('SELECT product_id AS id FROM product_suggest_fts WHERE product_suggest_fts MATCH ? ORDER BY rowid').all(match) as Array<{ id: string }>).map((r) => r.id);

const suggested = async (db: SqliteD1, q: string, limit = 6) => (await suggest(new D1SearchIndex(db.asD1()), q, limit, NOW)).products.map((p) => p.name);

describe('the prefix index follows the catalogue (#16)', () => {
  it('indexes a created product, re-indexes it on rename and brand rename, and drops it when hidden', () => {
    const db = database();
    const a = addProduct(db, 'Hoạt huyết dưỡng não');
    expect(indexed(db, 'hoat*')).toEqual([a]);
    expect(indexed(db, 'brand : trapha*')).toEqual([a]);

    db.db.prepare('UPDATE products SET name = ? WHERE id = ?').run('Boganic Forte', a);
    expect(indexed(db, 'hoat*')).toEqual([]);
    expect(indexed(db, 'bogan*')).toEqual([a]);

    db.db.prepare("UPDATE brands SET name = 'Imexpharm' WHERE id = 'br1'").run();
    expect(indexed(db, 'brand : trapha*')).toEqual([]);
    expect(indexed(db, 'brand : imex*')).toEqual([a]);

    for (const [hide, show] of [
      ['visible = 0', 'visible = 1'],
      ["approval_state = 'pending_review'", "approval_state = 'approved'"],
      ['deleted_at = 5', 'deleted_at = NULL'],
    ] as const) {
      db.db.prepare(`UPDATE products SET ${hide} WHERE id = ?`).run(a);
      expect(indexed(db, 'bogan*'), hide).toEqual([]);
      db.db.prepare(`UPDATE products SET ${show} WHERE id = ?`).run(a);
      expect(indexed(db, 'bogan*'), show).toEqual([a]);
    }
    // A product created hidden is not indexed until shown; a deleted row leaves the index.
    const b = addProduct(db, 'Boganic Kid', { visible: 0 });
    expect(indexed(db, 'bogan*')).toEqual([a]);
    db.db.prepare('UPDATE products SET visible = 1 WHERE id = ?').run(b);
    expect(indexed(db, 'bogan*').sort()).toEqual([a, b].sort());
    db.db.prepare('DELETE FROM product_units WHERE product_id = ?').run(b);
    db.db.prepare('DELETE FROM products WHERE id = ?').run(b);
    expect(indexed(db, 'bogan*')).toEqual([a]);
  });

  it('suggests by accent-free and accented prefixes of names and brands, shop-visible products only', async () => {
    const db = database();
    addProduct(db, 'Hoạt huyết dưỡng não');
    addProduct(db, 'Hoạt huyết Nhất Nhất', { approval: 'pending_review' });
    addProduct(db, 'Dầu gió xanh', { brand: 'br2' });
    addProduct(db, 'Đau đầu Giảm', { visible: 0 });
    expect(await suggested(db, 'hoat huy')).toEqual(['Hoạt huyết dưỡng não']);
    expect(await suggested(db, 'hoạt huy')).toEqual(['Hoạt huyết dưỡng não']);
    expect(await suggested(db, 'duong n')).toEqual(['Hoạt huyết dưỡng não']);
    expect(await suggested(db, 'dau gi')).toEqual(['Dầu gió xanh']);
    expect(await suggested(db, 'dầu gi')).toEqual(['Dầu gió xanh']);
    // By brand (đ folded to d), and the hidden "Đau đầu" product never.
    expect(await suggested(db, 'duoc hau')).toEqual(['Dầu gió xanh']);
    expect(await suggested(db, 'dau dau')).toEqual(['Dầu gió xanh']);
    expect(await suggested(db, 'đau đầu')).toEqual(['Dầu gió xanh']);
  });

  it('names first when at least `limit` names match, else the wide fields (symptom words)', async () => {
    const db = database();
    const shortName = addProduct(db, 'Siro ho');
    addProduct(db, 'Siro ho Prospan cho trẻ em');
    addProduct(db, 'Thuốc bổ phế', { indications: 'Trị ho, long đờm' });
    // Two name matches, limit 2: names only, the shorter name first.
    expect(await suggested(db, 'siro', 2)).toEqual(['Siro ho', 'Siro ho Prospan cho trẻ em']);
    expect(indexed(db, 'siro*')[0]).toBe(shortName);
    // Limit 3 > two name matches: the wide fields answer, and the indications match joins in.
    expect((await suggested(db, 'ho', 3)).sort()).toEqual(['Siro ho', 'Siro ho Prospan cho trẻ em', 'Thuốc bổ phế'].sort());
    expect(await suggested(db, 'ho', 2)).toEqual(['Siro ho', 'Siro ho Prospan cho trẻ em']);
  });

  it('a 1–2 letter word typed after others ("vết b"): the wide fallback ranks its candidates by the other words (#16, ADR 0043)', async () => {
    const db = database();
    // Products without either word, so that both are rare words (BM25 gives a word in every product no weight).
    for (let i = 0; i < 10; i++) addProduct(db, `Siro ho số ${i}`, { indications: 'Giảm ho, long đờm' });
    // Both match "vết" + a word starting with b outside their names. Ranked with the "b"* prefix, the product whose
    // name is full of b-words came first; ranked by "vết" (what the shopper has finished typing), the one about it does.
    addProduct(db, 'Băng cá nhân Bảo Bình', { indications: 'Che vết xước' });
    addProduct(db, 'Kem Nghệ', { indications: 'Làm lành vết bỏng, vết trầy, vết thương' });
    expect(await suggested(db, 'vết b')).toEqual(['Kem Nghệ', 'Băng cá nhân Bảo Bình']);
    expect(await suggested(db, 'vet b')).toEqual(['Kem Nghệ', 'Băng cá nhân Bảo Bình']);
  });
});
