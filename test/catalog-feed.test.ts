/**
 * #19 catalogue change feed (ADR 0047): the migration holds exactly the generated triggers; every table whose writes
 * bump the catalogue version is either fed or named as read by no document; and on the real migrations (node:sqlite)
 * a write records its products in the same transaction, the cron step writes one event per new position, and a
 * consumer that stopped early hands the position back.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogFeedTriggers, disableCatalogFeed, enableCatalogFeed, FEED_PUBLISHED_KEY, FEED_TABLES, handBackCatalogFeed, NOT_IN_DOCUMENTS, publishCatalogFeed, pruneCatalogFeed, TAXONOMY_KEY } from '../shared/src/catalog/feed';
import { CATALOG_WRITE_TABLES, mayBumpCatalogVersion } from '../shared/src/catalog/version';
import { sqlWrittenTables } from '../shared/src/db/instrument';
import { SqliteD1 } from './d1-sqlite';

const sqlite = () => new SqliteD1().migrate();

describe('catalogue feed triggers', () => {
  it('migrations/0042_catalog_feed.sql holds every generated trigger, verbatim, and no other', () => {
    const sql = readFileSync(new URL('../migrations/0042_catalog_feed.sql', import.meta.url), 'utf8');
    expect(sql.split('\n').filter((l) => l.startsWith('CREATE TRIGGER'))).toEqual(catalogFeedTriggers());
  });

  it('every table whose writes bump the catalogue version feeds the documents, or is named as read by none', () => {
    const db = sqlite();
    const bumping = new Set((db.db.prepare(`SELECT DISTINCT tbl_name AS t FROM sqlite_master WHERE type = 'trigger' AND instr(sql, 'catalog_version') > 0`).all() as Array<{ t: string }>).map((r) => r.t));
    const fed = new Set((db.db.prepare(`SELECT DISTINCT tbl_name AS t FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 13) = 'catalog_feed_'`).all() as Array<{ t: string }>).map((r) => r.t));
    expect([...fed].sort()).toEqual([...FEED_TABLES].sort());
    for (const t of bumping) expect(fed.has(t) || (NOT_IN_DOCUMENTS as readonly string[]).includes(t), `${t} bumps the catalogue version but feeds no document`).toBe(true);
  });
});

describe('which writes publish the catalogue version (ADR 0046)', () => {
  it('CATALOG_WRITE_TABLES is every table whose writes can reach a version trigger (directly or through triggers), plus meta', () => {
    const db = sqlite();
    const triggers = db.db.prepare(`SELECT lower(tbl_name) AS t, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ t: string; sql: string }>;
    const bumps = new Set<string>(['meta']);
    for (const r of triggers) if (r.sql.includes("'catalog_version'")) bumps.add(r.t);
    // A table whose trigger writes a bumping table bumps too (the ledger → stock_batches); meta's other keys do not count.
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of triggers) {
        const body = r.sql.slice(r.sql.search(/\bBEGIN\b/i) + 'BEGIN'.length);
        if (!bumps.has(r.t) && sqlWrittenTables(body).some((t) => t !== 'meta' && bumps.has(t))) {
          bumps.add(r.t);
          grew = true;
        }
      }
    }
    expect([...CATALOG_WRITE_TABLES].sort()).toEqual([...bumps].sort());
    expect(mayBumpCatalogVersion(['cart_items', 'rate_limits', 'sessions'])).toBe(false);
    expect(mayBumpCatalogVersion(['orders', 'stock_batches'])).toBe(true);
    expect(mayBumpCatalogVersion(['*'])).toBe(true);
  });
});

describe('catalogue feed on the real migrations', () => {
  const seedRows = (db: SqliteD1) => {
    const t = 1_700_000_000_000;
    db.db.exec(`INSERT INTO categories (id, parent_id, level, slug, name, path, position, created_at, updated_at) VALUES ('C1', NULL, 1, 'thuoc', 'Thuốc', '/thuoc/', 0, ${t}, ${t}), ('C2', 'C1', 2, 'ha-sot', 'Hạ sốt', '/thuoc/ha-sot/', 0, ${t}, ${t});
      INSERT INTO brands (id, slug, name, created_at, updated_at) VALUES ('B1', 'alpha', 'Alpha', ${t}, ${t});
      INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, category_id, brand_id, approval_state, visible, created_at, updated_at)
        VALUES ('P1', 'p1', 'P1', 'x', 'x', 'Viên', 'Hộp', 'viên', 'x', 'Việt Nam', 'C2', 'B1', 'approved', 1, ${t}, ${t}), ('P2', 'p2', 'P2', 'x', 'x', 'Viên', 'Hộp', 'viên', 'x', 'Việt Nam', 'C1', 'B1', 'approved', 1, ${t}, ${t});`);
  };
  const feed = (db: SqliteD1) => Object.fromEntries((db.db.prepare('SELECT product_id AS id, seq FROM catalog_feed ORDER BY seq').all() as Array<{ id: string; seq: number }>).map((r) => [r.id, r.seq]));
  const meta = (db: SqliteD1, key: string) => Number((db.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: number }).value);

  it('is off by default (a D1-only deployment records nothing, the sequence stays); the full sync turns it on', async () => {
    const db = sqlite();
    seedRows(db);
    db.db.exec(`UPDATE products SET name = 'P1 mới' WHERE id = 'P1'`);
    expect(feed(db)).toEqual({});
    expect(meta(db, 'catalog_feed_seq')).toBe(0);
    await enableCatalogFeed(db.asD1());
    db.db.exec(`UPDATE products SET name = 'P1 mới hơn' WHERE id = 'P1'`);
    expect(Object.keys(feed(db))).toEqual(['P1']);
    expect(meta(db, 'catalog_feed_seq')).toBe(1);
  });

  it('turned off, it is emptied and nothing is left to announce; pruning keeps only rows past a position', async () => {
    const db = sqlite();
    await enableCatalogFeed(db.asD1());
    seedRows(db);
    const d1 = db.asD1();
    const p1 = feed(db)['P1']!;
    await pruneCatalogFeed(d1, p1);
    expect(Object.values(feed(db)).every((seq) => seq > p1), 'rows up to the position are gone').toBe(true);
    expect(Object.keys(feed(db)).length).toBeGreaterThan(0);
    await disableCatalogFeed(d1);
    expect(feed(db)).toEqual({});
    expect(await publishCatalogFeed(d1, 1), 'the mark follows the sequence').toBe(0);
    db.db.exec(`UPDATE products SET name = 'P2 mới' WHERE id = 'P2'`);
    expect(feed(db)).toEqual({});
  });

  it('records the products a write affects (fan-out for a category rename, the taxonomy row), not a sale counter', async () => {
    const db = sqlite();
    await enableCatalogFeed(db.asD1());
    seedRows(db);
    expect(Object.keys(feed(db)).sort()).toEqual([TAXONOMY_KEY, 'P1', 'P2'].sort());
    db.db.exec('DELETE FROM catalog_feed');
    db.db.exec(`UPDATE products SET sold_count = sold_count + 3 WHERE id = 'P1'`);
    expect(feed(db)).toEqual({});
    db.db.exec(`UPDATE categories SET name = 'Thuốc (mới)' WHERE id = 'C1'`);
    expect(Object.keys(feed(db)).sort(), 'every product below the category, and the taxonomy').toEqual([TAXONOMY_KEY, 'P1', 'P2'].sort());
    db.db.exec('DELETE FROM catalog_feed');
    db.db.exec(`UPDATE products SET visible = 0 WHERE id = 'P2'`);
    expect(Object.keys(feed(db))).toEqual(['P2']);
  });

  it('the cron step writes one event per new position, atomically with the mark; a hand-back announces the rest again', async () => {
    const db = sqlite();
    await enableCatalogFeed(db.asD1());
    seedRows(db);
    const d1 = db.asD1();
    expect(await publishCatalogFeed(d1, 1)).toBe(1);
    expect(await publishCatalogFeed(d1, 2), 'nothing new').toBe(0);
    const seq = meta(db, 'catalog_feed_seq');
    expect(meta(db, FEED_PUBLISHED_KEY)).toBe(seq);
    const events = db.db.prepare(`SELECT id, payload FROM outbox_events WHERE type = 'catalog.sync'`).all() as Array<{ id: string; payload: string }>;
    expect(events).toEqual([{ id: `catalog-sync-${String(seq).padStart(12, '0')}-1`, payload: JSON.stringify({ upTo: seq }) }]);
    await handBackCatalogFeed(d1, seq - 2);
    expect(meta(db, FEED_PUBLISHED_KEY)).toBe(seq - 2);
    // The rest is announced again, as a new event (the first one is done).
    expect(await publishCatalogFeed(d1, 3)).toBe(1);
    expect(meta(db, FEED_PUBLISHED_KEY)).toBe(seq);
    db.db.exec(`UPDATE products SET name = 'P1 mới' WHERE id = 'P1'`);
    expect(await publishCatalogFeed(d1, 4)).toBe(1);
  });
});
