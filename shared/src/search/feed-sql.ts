/**
 * THE search-feed rule as SQL (ADR 0035): a catalogue write takes the next change sequence (`meta.search_seq`) and
 * records every product it affects in `search_feed` with it (one row per product, the latest change wins).
 * migrations/0026_search_sync.sql holds exactly these statements (a test compares them).
 */

/** The search feed's sequence (bumped by its triggers) and the last sequence announced as `search.sync` events. */
export const SEARCH_SEQ_KEY = 'search_seq';
export const SEARCH_PUBLISHED_KEY = 'search_published';

/** The statements a trigger runs for the products selected by `idsSql` (a SELECT of one column named `id`). */
export function feedRecordSql(idsSql: string): string {
  return `UPDATE meta SET value = value + 1 WHERE key = '${SEARCH_SEQ_KEY}'; INSERT INTO search_feed (product_id, seq, changed_at) SELECT x.id, (SELECT value FROM meta WHERE key = '${SEARCH_SEQ_KEY}'), CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM (${idsSql}) AS x WHERE x.id IS NOT NULL ON CONFLICT (product_id) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;`;
}

/** One feed trigger. */
export function feedTriggerSql(name: string, when: string, idsSql: string, condition?: string): string {
  return `CREATE TRIGGER ${name} ${when}${condition ? ` WHEN ${condition}` : ''} BEGIN ${feedRecordSql(idsSql)} END;`;
}

/**
 * The product columns the search document reads that staff change. Not `sold_count`: every confirmed order changes
 * it, and re-indexing (plus the cache-key bump after it) per order would undo the warm edge cache; the index picks it
 * up with the product's next change or the next full reindex. The ratings are in (#17, migration 0037): they change
 * only when staff moderate a review, which bumps the catalogue version anyway, and a card must not show stars in one
 * engine and none in the other.
 */
export const PRODUCT_DOC_COLUMNS = [
  'slug', 'name', 'short_description', 'description', 'dosage_form', 'pack_spec', 'indications', 'dosage', 'brand_id', 'category_id',
  'prescription_required', 'special_control', 'approval_state', 'visible', 'deleted_at', 'created_at', 'rating_avg_x100', 'rating_count',
] as const;

/** Every feed trigger of the catalogue tables (stock flips are added on product_availability by the integrator). */
export function searchFeedTriggers(): string[] {
  const own = (table: string, col: string, updateOf?: readonly string[]) => [
    feedTriggerSql(`search_feed_${table}_ai`, `AFTER INSERT ON ${table}`, `SELECT new.${col} AS id`),
    feedTriggerSql(`search_feed_${table}_au`, `AFTER UPDATE${updateOf ? ` OF ${updateOf.join(', ')}` : ''} ON ${table}`, `SELECT new.${col} AS id UNION SELECT old.${col}`),
    feedTriggerSql(`search_feed_${table}_ad`, `AFTER DELETE ON ${table}`, `SELECT old.${col} AS id`),
  ];
  return [
    ...own('products', 'id', PRODUCT_DOC_COLUMNS),
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
 * Stock flips for the index (#16): the triggers on the availability summary (`product_availability`, decision 1 of
 * the #16 plan) that the integrator adds in the migration after the summary's: a new row, and a change of `in_stock`.
 */
export function availabilityFeedTriggers(): string[] {
  return [
    feedTriggerSql('search_feed_product_availability_ai', 'AFTER INSERT ON product_availability', 'SELECT new.product_id AS id'),
    feedTriggerSql('search_feed_product_availability_au', 'AFTER UPDATE OF in_stock ON product_availability', 'SELECT new.product_id AS id', 'old.in_stock IS NOT new.in_stock'),
  ];
}
