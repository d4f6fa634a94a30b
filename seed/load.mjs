// Loads the seed into anything that speaks the D1 API (the local D1 through getPlatformProxy, or the node:sqlite
// shim used by the relevance tests and the in-process search benchmark). Multi-row INSERTs with bound parameters
// (at most 100 per statement, D1's limit), sent in batches; parents before children.
import { buildArticles } from './articles.mjs';
import { buildCatalog, buildLocations } from './generate.mjs';

export const TABLES = {
  provinces: ['code', 'name', 'place_type', 'region', 'name_folded'],
  wards: ['code', 'province_code', 'name', 'name_folded'],
  ward_legacy_mappings: ['old_ward_code', 'old_ward_name', 'old_district_name', 'old_province_name', 'new_ward_code'],
  categories: ['id', 'parent_id', 'level', 'slug', 'name', 'description', 'path', 'position', 'created_at', 'updated_at'],
  brands: ['id', 'slug', 'name', 'country', 'description', 'created_at', 'updated_at'],
  manufacturers: ['id', 'slug', 'name', 'country', 'address', 'created_at', 'updated_at'],
  ingredients: ['id', 'slug', 'name', 'created_at'],
  products: [
    'id', 'slug', 'name', 'short_description', 'description', 'dosage_form', 'pack_spec', 'base_unit', 'indications', 'dosage',
    'side_effects', 'contraindications', 'precautions', 'storage', 'registration_number', 'country_of_origin', 'manufacturer_id',
    'brand_id', 'category_id', 'prescription_required', 'special_control', 'approval_state', 'visible', 'sold_count',
    'refill_eligible', 'daily_use_base', // #17 alerts: refill reminder data
    'rating_avg_x100', 'rating_count', 'created_at', 'updated_at',
  ],
  product_ingredients: ['product_id', 'ingredient_id', 'strength', 'position'],
  product_units: ['id', 'product_id', 'name', 'factor', 'price', 'sale_price', 'sale_starts_at', 'sale_ends_at', 'weight_grams', 'barcode', 'is_default', 'position', 'created_at', 'updated_at'],
  product_images: ['id', 'product_id', 'r2_key', 'alt', 'width', 'height', 'content_type', 'position', 'created_at'],
  stock_batches: ['id', 'product_id', 'lot_number', 'expiry_date', 'quantity', 'reserved', 'cost_price', 'supplier', 'received_at', 'created_at', 'updated_at'],
  articles: ['id', 'slug', 'title', 'summary', 'body', 'topic', 'tags', 'status', 'published_at', 'created_at', 'updated_at'],
};

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const FIELD = { rating_avg_x100: 'ratingAvg' };
const toValue = (v) => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);

export async function insertAll(db, table, rows, now) {
  const cols = TABLES[table];
  const perStmt = Math.max(1, Math.floor(100 / cols.length));
  const stmts = [];
  for (let i = 0; i < rows.length; i += perStmt) {
    const chunk = rows.slice(i, i + perStmt);
    const placeholders = chunk.map(() => `(${cols.map(() => '?').join(',')})`).join(',');
    const values = chunk.flatMap((r) =>
      cols.map((c) => {
        const key = FIELD[c] ?? camel(c);
        if ((c === 'created_at' || c === 'updated_at') && r[key] === undefined) return now;
        return toValue(r[key]);
      }),
    );
    stmts.push(db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${placeholders}`).bind(...values));
  }
  // Through wrangler's platform proxy, prepare/bind are synchronous round trips that block Node's event loop (on a
  // busy machine, for seconds). Meanwhile the local runtime closes the idle keep-alive connection the batch would
  // reuse, unseen: the batch then failed with "other side closed". One turn of the event loop lets the HTTP client
  // see the close and open a new connection. (A no-op for D1 inside a Worker.)
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < stmts.length; i += 200) await db.batch(stmts.slice(i, i + 200));
  return rows.length;
}

/** Inserts the address data and the catalogue; returns the catalogue (for its placeholders) and row counts. */
export async function loadSeed(db, { today, catalog = buildCatalog(today ? { today } : {}), locations = true } = {}) {
  const loc = locations ? buildLocations() : { provinces: [], wards: [], mappings: [] };
  const now = Date.now();
  const plan = [
    ['provinces', loc.provinces],
    ['wards', loc.wards],
    ['ward_legacy_mappings', loc.mappings],
    ['categories', catalog.categories],
    ['brands', catalog.brands],
    ['manufacturers', catalog.manufacturers],
    ['ingredients', catalog.ingredients],
    ['products', catalog.products],
    ['product_ingredients', catalog.productIngredients],
    ['product_units', catalog.units],
    ['product_images', catalog.images],
    ['stock_batches', catalog.batches],
    ['articles', buildArticles()],
  ];
  const counts = {};
  for (const [table, rows] of plan) counts[table] = await insertAll(db, table, rows, now);
  return { catalog, counts };
}
