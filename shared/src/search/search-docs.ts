/**
 * #16 (ADR 0042): `search_docs`, one row per product keyed by its full-text rowid (product_search.id), holding what a
 * search hit needs to be filtered, counted in the facets and sorted, so a hit costs ONE primary-key lookup instead of
 * four (its search row, the product, its default unit, its availability row):
 * - `shop_visible`: THE visibility rule (`shopVisibleSql`, visibility.ts) evaluated on the product row;
 * - category, brand, dosage form, Rx, units sold, creation time: copies of the product's columns;
 * - the default unit's list price, sale price and sale window: copies, because the sale rule depends on the instant and
 *   is applied at read time by THE pricing rule (`effectivePriceSql`, pricing.ts) over these columns;
 * - the availability summary's `in_stock` and its exactness window (`computed_on`, `stale_on`): read through
 *   `inStockCopySql` (availability.ts), which falls back to the live rule outside the window, like `inStockSummarySql`.
 * Kept current by triggers on every table those values come from; their SQL is generated here
 * (`searchDocsTriggersSql`, `searchDocsBackfillSql`), migrations/0034_search_docs.sql holds exactly that text, and
 * test/search-docs.test.ts proves it and that the rows equal a fresh recomputation after every write path.
 */
import { shopVisibleSql } from '../catalog/visibility';

/** The columns, in table order (the upsert writes them all). */
export const SEARCH_DOC_COLUMNS = [
  'sid', 'product_id', 'shop_visible', 'category_id', 'brand_id', 'dosage_form', 'prescription_required', 'sold_count', 'created_at',
  'price', 'sale_price', 'sale_starts_at', 'sale_ends_at', 'in_stock', 'computed_on', 'stale_on',
] as const;

/**
 * SQL: what the rows of the products matching `productsWhere` (an SQL condition on `p`, a products alias) should hold
 * now. A product without a search row has no document (it cannot be a hit); one without a default unit or an
 * availability row gets NULLs there (readers skip the first, like the listing's inner join, and fall back to the live
 * rule for the second).
 */
export function searchDocsSelectSql(productsWhere: string): string {
  return `SELECT ps.id, p.id, ${shopVisibleSql('p')}, p.category_id, p.brand_id, p.dosage_form, p.prescription_required, p.sold_count, p.created_at,
    du.price, du.sale_price, du.sale_starts_at, du.sale_ends_at, pa.in_stock, pa.computed_on, pa.stale_on
  FROM products p JOIN product_search ps ON ps.product_id = p.id
    LEFT JOIN product_units du ON du.product_id = p.id AND du.is_default = 1
    LEFT JOIN product_availability pa ON pa.product_id = p.id
  WHERE ${productsWhere}`;
}

/** SQL: inserts the documents of the products matching `productsWhere` (the backfill; the trigger bodies after a delete). */
export function searchDocsInsertSql(productsWhere: string): string {
  return `INSERT INTO search_docs (${SEARCH_DOC_COLUMNS.join(', ')})\n  ${searchDocsSelectSql(productsWhere)}`;
}

/**
 * SQL: recomputes product `productId`'s document (an SQL expression; a trigger body: two statements). Delete then
 * insert, not REPLACE: a conflict clause in a trigger body is overridden by the firing statement's own.
 */
export const searchDocsRefreshSql = (productId: string) =>
  `DELETE FROM search_docs WHERE product_id = ${productId};\n  ${searchDocsInsertSql(`p.id = ${productId}`)}`;

/** The migration's backfill: every product's document. */
export const searchDocsBackfillSql = () => searchDocsInsertSql('1');

/** The triggers that keep `search_docs` current (migration 0034 holds exactly these statements). */
export function searchDocsTriggersSql(): string[] {
  const trigger = (name: string, event: string, productId: string, when = '') =>
    `CREATE TRIGGER ${name} AFTER ${event}${when ? ` WHEN ${when}` : ''} BEGIN\n  ${searchDocsRefreshSql(productId)};\nEND`;
  const drop = (name: string, event: string, productId: string) =>
    `CREATE TRIGGER ${name} AFTER ${event} BEGIN\n  DELETE FROM search_docs WHERE product_id = ${productId};\nEND`;
  return [
    // A product gets its search row from products_ai_search; its document follows that row.
    trigger('search_docs_search_insert', 'INSERT ON product_search', 'NEW.product_id'),
    drop('search_docs_search_delete', 'DELETE ON product_search', 'OLD.product_id'),
    trigger('search_docs_product_update', 'UPDATE OF approval_state, visible, deleted_at, category_id, brand_id, dosage_form, prescription_required, sold_count, created_at ON products', 'NEW.id'),
    drop('search_docs_product_delete', 'DELETE ON products', 'OLD.id'),
    trigger('search_docs_unit_insert', 'INSERT ON product_units', 'NEW.product_id'),
    trigger('search_docs_unit_update', 'UPDATE OF price, sale_price, sale_starts_at, sale_ends_at, is_default, product_id ON product_units', 'NEW.product_id'),
    trigger('search_docs_unit_move', 'UPDATE OF product_id ON product_units', 'OLD.product_id', 'OLD.product_id IS NOT NEW.product_id'),
    trigger('search_docs_unit_delete', 'DELETE ON product_units', 'OLD.product_id'),
    trigger('search_docs_availability_insert', 'INSERT ON product_availability', 'NEW.product_id'),
    trigger('search_docs_availability_update', 'UPDATE ON product_availability', 'NEW.product_id'),
    trigger('search_docs_availability_delete', 'DELETE ON product_availability', 'OLD.product_id'),
  ];
}
