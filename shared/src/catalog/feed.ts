/**
 * THE catalogue change feed (#19, ADR 0047 "How changes reach the documents"): the event that carries catalogue
 * writes and availability flips to the MongoDB read documents.
 *
 * - Triggers on every table a product document reads (generated here; migrations/0042_catalog_feed.sql holds exactly
 *   this SQL, a test compares) take the next feed sequence (`meta.catalog_feed_seq`) and upsert each affected product
 *   into `catalog_feed(product_id, seq)` in the same transaction as the write — so no write that changes a document
 *   can commit without its feed row, whichever route, script, import or consumer made it. Category and brand writes
 *   also record the `TAXONOMY_KEY` row (those collections are copied whole). Which tables bump the catalogue version
 *   is decided by the version triggers (0001…); a test holds every such table either to a feed trigger here or to
 *   `NOT_IN_DOCUMENTS`.
 * - The api Worker (`publishCatalogFeed`, only with `CATALOG_BACKEND=mongo`), right after a request that wrote a
 *   catalogue table and on every cron run (workers/api/src/outbox.ts), writes ONE `catalog.sync` outbox event when the
 *   feed moved past `meta.catalog_feed_published` (id `catalog-sync-<seq>-<ms>`; the event row and the new mark are one
 *   atomic batch, so two callers never announce the same position twice, and a position handed back is announced
 *   again as a new event); the outbox publishes it with its claims and retries (ADR 0015).
 * - The consumer (`applyCatalogFeed`, sync.mongo.ts) PULLS: it reads, in one D1 batch (one snapshot), the catalogue
 *   version and the feed rows past the position stored in MongoDB (`meta.catalog_feed_seq`), rebuilds those products'
 *   documents (`syncProductsToMongo`), advances the position, and advances MongoDB's catalogue version to the
 *   snapshot's only once it has caught up. So an event names no products and cannot be stale: a redelivered, late or
 *   reordered event finds nothing past the position (or applies the current state), and MongoDB's version V always
 *   means "every write up to V is in the documents" (the edge-cache key stays coherent, ADR 0032/0047).
 */
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import * as s from '../db/schema';

export const CATALOG_SYNC_EVENT = 'catalog.sync';
/** The feed row that says "categories or brands changed" (not a product id: ids are ULIDs). */
export const TAXONOMY_KEY = '#taxonomy';
export const FEED_SEQ_KEY = 'catalog_feed_seq';
export const FEED_PUBLISHED_KEY = 'catalog_feed_published';
/**
 * 1 while a MongoDB catalogue is kept in sync, 0 otherwise (the default): every feed trigger runs only while it is 1,
 * so a D1-only deployment pays one meta lookup per catalogue write (no sequence bump, no feed row, checkout's stock
 * writes included). The full sync turns it on before it reads (`enableCatalogFeed`), so every write after that read
 * position has its feed row; `node scripts/mongo.mjs feed-off` (`disableCatalogFeed`) turns it off and empties it.
 */
export const FEED_ON_KEY = 'catalog_feed_on';
/** A `meta` value as an SQL scalar subquery (the triggers' text in migration 0042 is generated from these). */
const metaValue = (key: string) => `(SELECT value FROM meta WHERE key = '${key}')`;
const FEED_ON = `${metaValue(FEED_ON_KEY)} = 1`;

/**
 * Tables whose writes bump the catalogue version but that no product document reads (articles are read from D1 by
 * both engines; synonyms belong to search).
 */
export const NOT_IN_DOCUMENTS = ['articles', 'article_products', 'search_synonyms'] as const;

/**
 * The product columns a document reads: all but `sold_count`, which every confirmed order changes (a document sync
 * per order would be a MongoDB write per sale; like the D1 edge cache and the search index, the best-seller count is
 * as of the product's last change or the last full sync).
 */
export const PRODUCT_FEED_COLUMNS: readonly string[] = getTableConfig(s.products)
  .columns.map((c) => c.name)
  .filter((n) => n !== 'sold_count');

/** The statements a trigger runs for the products selected by `idsSql` (a SELECT of one column named `id`). */
export function catalogFeedRecordSql(idsSql: string): string {
  return `UPDATE meta SET value = value + 1 WHERE key = '${FEED_SEQ_KEY}'; INSERT INTO catalog_feed (product_id, seq, changed_at) SELECT x.id, ${metaValue(FEED_SEQ_KEY)}, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM (${idsSql}) AS x WHERE x.id IS NOT NULL ON CONFLICT (product_id) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;`;
}

function trigger(name: string, when: string, idsSql: string, condition?: string): string {
  return `CREATE TRIGGER ${name} ${when} WHEN ${FEED_ON}${condition ? ` AND ${condition}` : ''} BEGIN ${catalogFeedRecordSql(idsSql)} END;`;
}

const TAXONOMY = `SELECT '${TAXONOMY_KEY}' AS id`;

/** Every feed trigger, in migration order. */
export function catalogFeedTriggers(): string[] {
  const own = (table: string, col: string, updateOf?: readonly string[]) => [
    trigger(`catalog_feed_${table}_ai`, `AFTER INSERT ON ${table}`, `SELECT new.${col} AS id`),
    trigger(`catalog_feed_${table}_au`, `AFTER UPDATE${updateOf ? ` OF ${updateOf.join(', ')}` : ''} ON ${table}`, `SELECT new.${col} AS id UNION SELECT old.${col}`),
    trigger(`catalog_feed_${table}_ad`, `AFTER DELETE ON ${table}`, `SELECT old.${col} AS id`),
  ];
  const categoryProducts = (c: 'new' | 'old') => `SELECT id FROM products WHERE category_id IN (SELECT c.id FROM categories c WHERE instr(c.path, ${c}.path) = 1)`;
  return [
    ...own('products', 'id', PRODUCT_FEED_COLUMNS),
    ...own('product_units', 'product_id'),
    ...own('product_images', 'product_id'),
    ...own('product_ingredients', 'product_id'),
    ...own('product_slug_redirects', 'product_id'),
    // The same columns as the version's trigger: `reserved` changes with every cart checkout and is read through the
    // availability summary's flip below.
    ...own('stock_batches', 'product_id', ['quantity', 'expiry_date', 'lot_number', 'product_id']),
    trigger('catalog_feed_product_availability_ai', 'AFTER INSERT ON product_availability', 'SELECT new.product_id AS id'),
    trigger('catalog_feed_product_availability_au', 'AFTER UPDATE OF in_stock ON product_availability', 'SELECT new.product_id AS id', 'old.in_stock IS NOT new.in_stock'),
    // Categories and brands: their collections (the taxonomy row), and every product document that embeds them.
    trigger('catalog_feed_categories_ai', 'AFTER INSERT ON categories', TAXONOMY),
    trigger('catalog_feed_categories_au', 'AFTER UPDATE ON categories', `${TAXONOMY} UNION ${categoryProducts('new')} UNION ${categoryProducts('old')}`),
    trigger('catalog_feed_categories_ad', 'AFTER DELETE ON categories', TAXONOMY),
    trigger('catalog_feed_brands_ai', 'AFTER INSERT ON brands', TAXONOMY),
    trigger('catalog_feed_brands_au', 'AFTER UPDATE ON brands', `${TAXONOMY} UNION SELECT id FROM products WHERE brand_id = new.id`),
    trigger('catalog_feed_brands_ad', 'AFTER DELETE ON brands', TAXONOMY),
    // Embedded by the product documents: a change fans out to the products that show it (an insert is shown by none yet).
    trigger('catalog_feed_manufacturers_au', 'AFTER UPDATE ON manufacturers', 'SELECT id FROM products WHERE manufacturer_id = new.id'),
    trigger('catalog_feed_ingredients_au', 'AFTER UPDATE ON ingredients', 'SELECT product_id AS id FROM product_ingredients WHERE ingredient_id = new.id'),
  ];
}

/** Tables with a feed trigger (the guard test compares them with the tables whose writes bump the version). */
export const FEED_TABLES = ['products', 'product_units', 'product_images', 'product_ingredients', 'product_slug_redirects', 'stock_batches', 'product_availability', 'categories', 'brands', 'manufacturers', 'ingredients'] as const;

/**
 * The announcement (api Worker, with `CATALOG_BACKEND=mongo`; after a write and on the cron): one `catalog.sync`
 * outbox event when the feed moved past the published position, the event and the new position in one atomic batch.
 * Returns how many events were written (0 or 1). The event carries only the position it announces: the consumer pulls
 * every change past MongoDB's own.
 */
export async function publishCatalogFeed(d1: D1Database, now: number): Promise<number> {
  const seq = metaValue(FEED_SEQ_KEY);
  const published = metaValue(FEED_PUBLISHED_KEY);
  const [ins] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
         SELECT printf('catalog-sync-%012d-%d', ${seq}, ?1), '${CATALOG_SYNC_EVENT}', 'catalog_feed', CAST(${seq} AS TEXT), json_object('upTo', ${seq}), ?1
         WHERE ${seq} > ${published}
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(now),
    d1.prepare(`UPDATE meta SET value = ${seq} WHERE key = '${FEED_PUBLISHED_KEY}' AND value < ${seq}`),
  ]);
  return ins?.meta.changes ? 1 : 0;
}

/**
 * A consumer stopped before the feed's end (its time budget): the published position goes back to where MongoDB
 * is, so the next cron run announces the rest.
 */
export async function handBackCatalogFeed(d1: D1Database, reached: number): Promise<void> {
  await d1.prepare(`UPDATE meta SET value = ? WHERE key = '${FEED_PUBLISHED_KEY}' AND value > ?`).bind(reached, reached).run();
}

/**
 * Turns the feed on (the full sync calls it before reading D1): from this statement on, every catalogue write records
 * its products. Idempotent.
 */
export async function enableCatalogFeed(d1: D1Database): Promise<void> {
  await d1.prepare(`UPDATE meta SET value = 1 WHERE key = '${FEED_ON_KEY}'`).run();
}

/**
 * Turns the feed off and empties it (a deployment going back to D1 alone): the published mark follows the sequence,
 * so no event announces what nobody will pull. A later full sync starts it again from its own read.
 */
export async function disableCatalogFeed(d1: D1Database): Promise<void> {
  await d1.batch([
    d1.prepare(`UPDATE meta SET value = 0 WHERE key = '${FEED_ON_KEY}'`),
    d1.prepare('DELETE FROM catalog_feed'),
    d1.prepare(`UPDATE meta SET value = ${metaValue(FEED_SEQ_KEY)} WHERE key = '${FEED_PUBLISHED_KEY}'`),
  ]);
}

/**
 * Rows MongoDB's documents already hold (the consumer calls it after advancing its position): the feed keeps only what
 * is still to pull. A product changed again meanwhile has a newer seq and stays.
 */
export async function pruneCatalogFeed(d1: D1Database, reached: number): Promise<void> {
  await d1.prepare('DELETE FROM catalog_feed WHERE seq <= ?').bind(reached).run();
}
