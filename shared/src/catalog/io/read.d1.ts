/**
 * What export writes and what an import row is compared with: products as ExportProduct (live values), stock per
 * product and batches. Few statements whatever the size (one per table, grouped in memory), filtered by slugs through
 * json_each (one bound parameter, so no D1 100-parameter limit).
 */
import { availableBaseSql } from '../availability';
import { imageUrl } from '../service';
import { unitOfferedSql } from '../visibility';
import { nameKey, type ExportProduct, type RowLookups } from './products';

/** A product row as SQLite answers it: ExportProduct's scalar fields, with flags as 0/1 and the joined names flat. */
type ProductRow = Omit<ExportProduct, 'prescriptionRequired' | 'specialControl' | 'visible' | 'categoryNames' | 'manufacturer' | 'ingredients' | 'units' | 'imageUrls'> & {
  prescriptionRequired: number;
  specialControl: number;
  visible: number;
  c1: string | null;
  c2: string | null;
  c3: string | null;
  mName: string | null;
  mAddress: string | null;
  mCountry: string | null;
};

/** Products by slug (all when `slugs` is absent), ordered by slug, with units, ingredients and image URLs. */
export async function readExportProducts(db: D1Database, slugs?: string[]): Promise<ExportProduct[]> {
  // Soft-deleted products are neither exported nor updated by an import (the import refuses their slug).
  const filter = slugs ? 'WHERE p.deleted_at IS NULL AND p.slug IN (SELECT value FROM json_each(?1))' : 'WHERE p.deleted_at IS NULL';
  const ids = slugs ? 'product_id IN (SELECT id FROM products WHERE slug IN (SELECT value FROM json_each(?1)))' : '1 = 1';
  const bind = (s: D1PreparedStatement) => (slugs ? s.bind(JSON.stringify(slugs)) : s);
  const [products, units, ings, images] = await db.batch([
    bind(
      db.prepare(
        `SELECT p.id, p.slug, p.name, p.short_description AS shortDescription, p.description, p.dosage_form AS dosageForm, p.pack_spec AS packSpec,
                p.base_unit AS baseUnit, p.indications, p.dosage, p.side_effects AS sideEffects, p.contraindications, p.precautions, p.storage,
                p.registration_number AS registrationNumber, p.country_of_origin AS countryOfOrigin, p.prescription_required AS prescriptionRequired,
                p.special_control AS specialControl, p.visible, p.low_stock_threshold AS lowStockThreshold, b.name AS brandName,
                CASE c.level WHEN 1 THEN c.name WHEN 2 THEN c1.name ELSE c0.name END AS c1,
                CASE c.level WHEN 2 THEN c.name WHEN 3 THEN c1.name END AS c2,
                CASE c.level WHEN 3 THEN c.name END AS c3,
                m.name AS mName, m.address AS mAddress, m.country AS mCountry, p.certificate_name AS certificateFileName
           FROM products p
           JOIN brands b ON b.id = p.brand_id
           JOIN categories c ON c.id = p.category_id
           LEFT JOIN categories c1 ON c1.id = c.parent_id
           LEFT JOIN categories c0 ON c0.id = c1.parent_id
           LEFT JOIN manufacturers m ON m.id = p.manufacturer_id
           ${filter}
          ORDER BY p.slug`,
      ),
    ),
    bind(
      db.prepare(
        `SELECT id, product_id AS productId, name, factor, price, sale_price AS salePrice, sale_starts_at AS saleStartsAt, sale_ends_at AS saleEndsAt,
                weight_grams AS weightGrams, barcode, is_default AS isDefault
           FROM product_units u WHERE ${unitOfferedSql('u')} AND ${ids} ORDER BY product_id, position, id`,
      ),
    ),
    bind(db.prepare(`SELECT pi.product_id AS productId, i.name, pi.strength FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE ${ids.replace('product_id', 'pi.product_id')} ORDER BY pi.product_id, pi.position, i.name`)),
    bind(db.prepare(`SELECT product_id AS productId, r2_key AS r2Key FROM product_images WHERE ${ids} ORDER BY product_id, position, id`)),
  ]);
  const group = <T extends { productId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) (m.get(r.productId) ?? m.set(r.productId, []).get(r.productId)!).push(r);
    return m;
  };
  type UnitRow = ExportProduct['units'][number] & { productId: string; isDefault: number | boolean };
  const unitsBy = group(units!.results as UnitRow[]);
  const ingsBy = group(ings!.results as Array<{ productId: string; name: string; strength: string | null }>);
  const imagesBy = group(images!.results as Array<{ productId: string; r2Key: string }>);
  return (products!.results as unknown as ProductRow[]).map(({ c1, c2, c3, mName, mAddress, mCountry, ...p }) => ({
    ...p,
    prescriptionRequired: !!p.prescriptionRequired,
    specialControl: !!p.specialControl,
    visible: !!p.visible,
    categoryNames: [c1 ?? '', c2 ?? '', c3 ?? ''],
    manufacturer: mName ? { name: mName, address: mAddress, country: mCountry ?? '' } : null,
    ingredients: (ingsBy.get(p.id) ?? []).map((g) => ({ name: g.name, strength: g.strength })),
    units: (unitsBy.get(p.id) ?? []).map(({ productId: _, ...u }) => ({ ...u, isDefault: !!u.isDefault })),
    imageUrls: (imagesBy.get(p.id) ?? []).map((i) => imageUrl(i.r2Key)),
  }));
}

/** Category (by its three names) and brand (by name) lookups, read once per chunk. */
export async function readLookups(db: D1Database, current: Map<string, ExportProduct>): Promise<RowLookups> {
  const [cats, brands] = await db.batch([
    db.prepare('SELECT id, parent_id AS parentId, level, name FROM categories'),
    db.prepare('SELECT id, name FROM brands ORDER BY id'),
  ]);
  const catRows = cats!.results as Array<{ id: string; parentId: string | null; level: number; name: string }>;
  const byId = new Map(catRows.map((c) => [c.id, c]));
  const byPath = new Map<string, string>();
  for (const c of catRows) {
    const names: string[] = [];
    for (let x: typeof c | undefined = c; x; x = x.parentId ? byId.get(x.parentId) : undefined) names.unshift(nameKey(x.name));
    const key = names.join('\u0000');
    if (!byPath.has(key)) byPath.set(key, c.id);
  }
  const brandByName = new Map<string, string>();
  for (const b of brands!.results as Array<{ id: string; name: string }>) if (!brandByName.has(nameKey(b.name))) brandByName.set(nameKey(b.name), b.id);
  return {
    categoryId: (names) => byPath.get(names.filter(Boolean).map(nameKey).join('\u0000')) ?? null,
    brandId: (name) => brandByName.get(nameKey(name)) ?? null,
    existingUnitId: (slug, unitName) => current.get(slug)?.units.find((u) => nameKey(u.name) === nameKey(unitName))?.id,
  };
}

export interface StockRow {
  slug: string;
  name: string;
  baseUnit: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
}

export async function readStock(db: D1Database, today: string): Promise<StockRow[]> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.name, p.base_unit AS baseUnit,
              COALESCE((SELECT SUM(quantity) FROM stock_batches WHERE product_id = p.id), 0) AS onHand,
              COALESCE((SELECT SUM(reserved) FROM stock_batches WHERE product_id = p.id), 0) AS reserved,
              ${availableBaseSql('p.id', '?1')} AS available, p.low_stock_threshold AS lowStockThreshold
         FROM products p WHERE p.deleted_at IS NULL ORDER BY p.slug`,
    )
    .bind(today)
    .all<StockRow>();
  return results;
}

export interface BatchRow {
  slug: string;
  productName: string;
  lotNumber: string;
  expiryDate: string;
  quantity: number;
  costPrice: number | null;
  supplier: string | null;
  receivedAt: number;
}

export async function readBatches(db: D1Database): Promise<BatchRow[]> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.name AS productName, b.lot_number AS lotNumber, b.expiry_date AS expiryDate, b.quantity, b.cost_price AS costPrice, b.supplier, b.received_at AS receivedAt
         FROM stock_batches b JOIN products p ON p.id = b.product_id WHERE p.deleted_at IS NULL ORDER BY p.slug, b.expiry_date, b.lot_number`,
    )
    .all<BatchRow>();
  return results;
}
