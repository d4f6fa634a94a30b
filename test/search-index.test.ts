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
    const hits = (q: string) => (db.db.prepare('SELECT count(*) AS n FROM product_search_fts WHERE product_search_fts MATCH ?').get(q) as { n: number }).n;
    expect(hits('{name_x} : "d9a62u"')).toBe(1);
    expect(hits('{indications_x} : "d9au d9a62u"')).toBe(1);
    expect(hits('{indications_x} : "da62u"')).toBe(0);
  });
});
