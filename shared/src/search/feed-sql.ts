/**
 * THE search-feed rule as SQL (ADR 0035): a catalogue write takes the next change sequence (`meta.search_seq`) and
 * records every product it affects in `search_feed` with it (one row per product, the latest change wins).
 * migrations/0026_search_sync.sql holds exactly these statements (a test compares them).
 */

/** The statements a trigger runs for the products selected by `idsSql` (a SELECT of one column named `id`). */
export function feedRecordSql(idsSql: string): string {
  return `UPDATE meta SET value = value + 1 WHERE key = 'search_seq'; INSERT INTO search_feed (product_id, seq, changed_at) SELECT x.id, (SELECT value FROM meta WHERE key = 'search_seq'), CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM (${idsSql}) AS x WHERE x.id IS NOT NULL ON CONFLICT (product_id) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;`;
}

/** One feed trigger. */
export function feedTriggerSql(name: string, when: string, idsSql: string, condition?: string): string {
  return `CREATE TRIGGER ${name} ${when}${condition ? ` WHEN ${condition}` : ''} BEGIN ${feedRecordSql(idsSql)} END;`;
}

/** Every feed trigger of the catalogue tables (stock flips are added on product_availability by the integrator). */
export function searchFeedTriggers(): string[] {
  const own = (table: string, col: string) => [
    feedTriggerSql(`search_feed_${table}_ai`, `AFTER INSERT ON ${table}`, `SELECT new.${col} AS id`),
    feedTriggerSql(`search_feed_${table}_au`, `AFTER UPDATE ON ${table}`, `SELECT new.${col} AS id UNION SELECT old.${col}`),
    feedTriggerSql(`search_feed_${table}_ad`, `AFTER DELETE ON ${table}`, `SELECT old.${col} AS id`),
  ];
  return [
    ...own('products', 'id'),
    ...own('product_units', 'product_id'),
    ...own('product_images', 'product_id'),
    ...own('product_ingredients', 'product_id'),
    // Renames fan out to every product that shows the name (and, for categories, every product below it).
    feedTriggerSql('search_feed_brands_au', 'AFTER UPDATE OF name, slug ON brands', 'SELECT id FROM products WHERE brand_id = new.id'),
    feedTriggerSql('search_feed_categories_au', 'AFTER UPDATE OF name, slug, path, parent_id ON categories', 'SELECT id FROM products WHERE category_id IN (SELECT c.id FROM categories c WHERE instr(c.path, new.path) = 1)'),
    feedTriggerSql('search_feed_ingredients_au', 'AFTER UPDATE OF name ON ingredients', 'SELECT product_id AS id FROM product_ingredients WHERE ingredient_id = new.id'),
  ];
}

/**
 * The stock-flip feed trigger (migrations/0028_search_feed_stock.sql): when the availability summary (ADR 0034) flips a
 * product's in-stock flag, the product is re-indexed, so Elasticsearch's in-stock filter, sort and facets follow.
 * Quantity changes that do not flip the flag leave the index alone (it holds the flag, not the count).
 */
export function searchFeedStockTrigger(): string {
  return feedTriggerSql('search_feed_availability_au', 'AFTER UPDATE OF in_stock ON product_availability', 'SELECT new.product_id AS id', 'old.in_stock <> new.in_stock');
}
