/**
 * The accent-exact half of the search index is filled by SQL (migrations/0013_search_relevance.sql) and queried with
 * tokens from JS (shared/src/text.ts accentExact): both must write every marked letter the same way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accentExact, accentExactSqlSteps, ACCENT_CODES } from '../shared/src/text';
import { SqliteD1 } from './d1-sqlite';

describe('accent-exact index text (#12 item 22)', () => {
  it('is generated from ACCENT_CODES: the migration holds each step of accentExactSqlSteps', () => {
    const migration = readFileSync(new URL('../migrations/0013_search_relevance.sql', import.meta.url), 'utf8');
    for (const col of ['name_x', 'brand_x', 'category_x', 'ingredients_x', 'indications_x', 'body_x']) {
      for (const step of accentExactSqlSteps(col)) expect(migration).toContain(`${step} AS ${col}`);
    }
  });

  it('indexes every marked letter, lower- and uppercase, as the query side writes it', () => {
    const db = new SqliteD1().migrate();
    const letters = ACCENT_CODES.map(([ch]) => ch).join('');
    const name = `${letters} ${letters.toUpperCase()} Đau đầu dầu`;
    db.db.exec(`INSERT INTO categories (id, level, slug, name, path, position, created_at, updated_at) VALUES ('c', 1, 'c', 'Thuốc', '/c/', 0, 0, 0);
      INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES ('b', 'b', 'Dạ Hương', 'Việt Nam', 0, 0);`);
    db.db
      .prepare(`INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, created_at, updated_at)
        VALUES ('p', 'p', ?, '', '', 'Viên', 'Hộp', 'viên', 'Giảm đau đầu.', 'Việt Nam', 'b', 'c', 0, 0)`)
      .run(name);
    const row = db.db.prepare('SELECT name_x, brand_x FROM product_search').get() as { name_x: string; brand_x: string };
    expect(row.name_x.toLowerCase()).toBe(accentExact(name));
    expect(row.brand_x.toLowerCase()).toBe(accentExact('Dạ Hương'));
    // The accent-exact half is its own FTS5 table since migration 0038 (#16, ADR 0042).
    const hits = (q: string) => (db.db.prepare('SELECT count(*) AS n FROM product_search_fts_x WHERE product_search_fts_x MATCH ?').get(q) as { n: number }).n;
    expect(hits('{name_x} : "d9a62u"')).toBe(1);
    expect(hits('{indications_x} : "d9au d9a62u"')).toBe(1);
    expect(hits('{indications_x} : "da62u"')).toBe(0);
  });
});

describe('split search index (#16, ADR 0042, migration 0038)', () => {
  it('keeps the folded and the accent-exact table in step with product_search: create, rename, delete', () => {
    const db = new SqliteD1().migrate();
    db.db.exec(`INSERT INTO categories (id, level, slug, name, path, position, created_at, updated_at) VALUES ('c', 1, 'c', 'Thuốc', '/c/', 0, 0, 0);
      INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES ('b', 'b', 'Dạ Hương', 'Việt Nam', 0, 0);
      INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, created_at, updated_at)
        VALUES ('p', 'p', 'Dầu gió xanh', '', '', 'Chai', 'Chai', 'chai', 'Giảm đau đầu.', 'Việt Nam', 'b', 'c', 0, 0);`);
    // No column filter: each table holds one half only.
    const n = (table: string, q: string) => (db.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(q) as { n: number }).n;
    const both = (folded: string, exact: string) => [n('product_search_fts', folded), n('product_search_fts_x', exact)];
    expect(both('"dau gio"', '"da62u gio1"')).toEqual([1, 1]);
    expect(both('"d9a62u"', '"dau"')).toEqual([0, 0]);
    db.db.exec(`UPDATE products SET name = 'Cao xoa bóp' WHERE id = 'p'`);
    expect(both('"dau gio"', '"da62u gio1"')).toEqual([0, 0]);
    expect(both('"cao xoa bop"', '"cao xoa bo1p"')).toEqual([1, 1]);
    // Both tables' rowids are product_search's, and the vocabularies read their own table.
    const sid = (db.db.prepare(`SELECT id FROM product_search WHERE product_id = 'p'`).get() as { id: number }).id;
    expect(db.db.prepare(`SELECT rowid FROM product_search_fts_x WHERE product_search_fts_x MATCH '"bo1p"'`).get()).toEqual({ rowid: sid });
    expect(db.db.prepare(`SELECT term FROM product_search_vocab WHERE term IN ('bop', 'bo1p') ORDER BY term`).all()).toEqual([{ term: 'bop' }]);
    expect(db.db.prepare(`SELECT term FROM product_search_vocab_x WHERE term IN ('bop', 'bo1p') ORDER BY term`).all()).toEqual([{ term: 'bo1p' }]);
    db.db.exec(`PRAGMA foreign_keys = OFF; DELETE FROM products WHERE id = 'p'; DELETE FROM product_search WHERE product_id = 'p'`);
    expect(both('"cao"', '"cao"')).toEqual([0, 0]);
    expect(db.db.prepare(`INSERT INTO product_search_fts (product_search_fts) VALUES ('integrity-check')`).run()).toBeTruthy();
    expect(db.db.prepare(`INSERT INTO product_search_fts_x (product_search_fts_x) VALUES ('integrity-check')`).run()).toBeTruthy();
  });
});
