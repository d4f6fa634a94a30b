/**
 * MongoDB → D1 catalogue import (#19, ADR 0047 "Next" 4): `npm run mongo:sync -- --from mongo`, for teams migrating
 * in whose catalogue lives in MongoDB documents of OUR model (doc.mongo.ts: what `--from d1` writes). Each document
 * becomes D1 rows — categories, brands, manufacturers and ingredients (by slug), products, selling units, images,
 * ingredients, old slugs — keeping its ids, so links and carts made against the documents keep working.
 *
 * - Checked first: every document is parsed by the schemas below and its references resolved (parent category,
 *   brand, category); a bad document is refused and reported (collection, id, what is wrong), never a crash, and
 *   never half-written: each product is ONE D1 batch (atomic), a batch D1 refuses (a duplicate slug…) is reported too.
 * - Idempotent: rows are upserted by id and only changed when a column differs (`WHERE … IS NOT excluded.…`), so a
 *   second run writes nothing and moves neither the catalogue version nor the feeds.
 * - Stock (`stock: true`, the script's default): each batch with units on hand is inserted with its quantity, and the
 *   stock ledger's own trigger writes its `opening` movement ("Tồn đầu kỳ", migration 0020: the ledger stays the truth
 *   of `stock_batches.quantity`), once per lot. Reservations are not imported (they belong to orders, which stay in the
 *   old system), nor cost prices and suppliers (the documents do not carry them). A lot already in D1 is left alone:
 *   after the import, stock changes only through D1's own ledger.
 * - Not imported: what the documents do not hold (approval history, certificates, low-stock thresholds: D1 defaults)
 *   and the derived copies (`shopVisible`, the availability summary: D1's triggers recompute them).
 */
import { z } from '@hono/zod-openapi';
import type { Db } from 'mongodb';
import { newId } from '../ids';
import { COLLECTIONS } from './doc.mongo';

const idStr = z.string().min(1).max(60);
const ms = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug: chữ thường không dấu, số và dấu gạch').max(200);

const CategoryDocSchema = z.object({
  _id: idStr,
  parentId: idStr.nullable(),
  level: z.number().int().min(1).max(6),
  slug,
  name: text(200).min(1),
  path: text(1000).min(3),
  position: z.number().int(),
  description: text(5000).nullable().optional(),
  imageKey: text(500).nullable().optional(),
});
const BrandDocSchema = z.object({ _id: idStr, slug, name: text(200).min(1), country: text(100).nullable().optional(), description: text(5000).nullable().optional(), logoKey: text(500).nullable().optional() });
const UnitSchema = z.object({
  id: idStr,
  name: text(50).min(1),
  factor: z.number().int().min(1),
  price: z.number().int().min(0),
  salePrice: z.number().int().min(0).nullable(),
  saleStartsAt: ms.nullable(),
  saleEndsAt: ms.nullable(),
  weightGrams: z.number().int().min(0),
  barcode: text(64).nullable(),
  isDefault: z.boolean(),
  position: z.number().int(),
  retiredAt: ms.nullable(),
});
const ProductDocSchema = z.object({
  _id: idStr,
  slug,
  name: text(300).min(1),
  shortDescription: text(2000),
  description: text(100_000),
  dosageForm: text(100),
  packSpec: text(200),
  baseUnit: text(50).min(1),
  indications: text(20_000),
  dosage: text(20_000).nullable(),
  sideEffects: text(20_000).nullable(),
  contraindications: text(20_000).nullable(),
  precautions: text(20_000).nullable(),
  storage: text(5000).nullable(),
  registrationNumber: text(100).nullable(),
  countryOfOrigin: text(100),
  oldSlugs: z.array(slug).max(100),
  prescriptionRequired: z.boolean(),
  specialControl: z.boolean(),
  approvalState: z.enum(['draft', 'pending_review', 'approved', 'rejected']),
  visible: z.boolean(),
  deletedAt: ms.nullable(),
  soldCount: z.number().int().min(0),
  ratingAvgX100: z.number().int().min(0).max(500),
  ratingCount: z.number().int().min(0),
  createdAt: ms,
  updatedAt: ms,
  brand: z.object({ id: idStr }),
  category: z.object({ id: idStr }),
  manufacturer: z.object({ slug, name: text(200).min(1), country: text(100) }).nullable(),
  units: z.array(UnitSchema).min(1).max(20).refine((u) => u.filter((x) => x.isDefault && x.retiredAt === null).length === 1, 'units: đúng một đơn vị bán mặc định đang dùng'),
  images: z.array(z.object({ id: idStr, r2Key: text(500).min(1), alt: text(300), width: z.number().int().positive().nullable(), height: z.number().int().positive().nullable() })).max(30),
  ingredients: z.array(z.object({ slug, name: text(200).min(1), strength: text(100).nullable() })).max(50),
  batches: z.array(z.object({ id: idStr, lotNumber: text(50).min(1), expiryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), quantity: z.number().int().min(0), reserved: z.number().int().min(0) })).max(500),
});
export type ImportedProduct = z.infer<typeof ProductDocSchema>;

export interface ImportProblem {
  collection: 'categories' | 'brands' | 'products';
  id: string;
  problem: string;
}

export interface ImportReport {
  categories: number;
  brands: number;
  /** Products whose rows were written (new or changed); `unchanged` were equal already. */
  products: number;
  unchanged: number;
  /** Stock batches that entered through the ledger (opening movements). */
  batches: number;
  refused: ImportProblem[];
}

const problemOf = (e: z.ZodError) =>
  e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
    .join('; ');

/** `INSERT … ON CONFLICT (key) DO UPDATE` of only the columns that differ (so an equal row is not written at all). */
function upsert(d1: D1Database, table: string, row: Record<string, unknown>, key: string[], keep: string[] = []): D1PreparedStatement {
  const cols = Object.keys(row);
  const update = cols.filter((c) => !key.includes(c) && !keep.includes(c));
  const set = update.map((c) => `${c} = excluded.${c}`).join(', ');
  const differs = update.map((c) => `${table}.${c} IS NOT excluded.${c}`).join(' OR ');
  const conflict = update.length ? `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set} WHERE ${differs}` : `ON CONFLICT (${key.join(', ')}) DO NOTHING`;
  return d1.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ${conflict}`).bind(...cols.map((c) => row[c] ?? null));
}

const CONTENT_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };
const contentTypeOf = (key: string) => CONTENT_TYPES[key.split('.').pop()?.toLowerCase() ?? ''] ?? 'image/webp';
const changed = (r: D1Result | undefined) => (r?.meta.changes ?? 0) > 0;

/**
 * Reads the catalogue documents from `mdb` and writes them into `d1` (see the header). `stock` imports the batches
 * through the ledger; `now` stamps the rows the documents have no time for.
 */
export async function importCatalogFromMongo(mdb: Db, d1: D1Database, opts: { stock?: boolean; now?: number; onProgress?: (msg: string) => void } = {}): Promise<ImportReport> {
  const now = opts.now ?? Date.now();
  const refused: ImportProblem[] = [];
  const report: ImportReport = { categories: 0, brands: 0, products: 0, unchanged: 0, batches: 0, refused };

  // Categories, parents first (by level); a category whose parent is refused or missing is refused too.
  const rawCats = await mdb.collection(COLLECTIONS.categories).find({}).toArray();
  const cats = new Map<string, z.infer<typeof CategoryDocSchema>>();
  for (const raw of rawCats) {
    const p = CategoryDocSchema.safeParse(raw);
    if (p.success) cats.set(p.data._id, p.data);
    else refused.push({ collection: 'categories', id: String(raw._id), problem: problemOf(p.error) });
  }
  const goodCats = new Set<string>();
  for (const c of [...cats.values()].sort((a, b) => a.level - b.level || a.path.localeCompare(b.path))) {
    if (c.parentId !== null && !goodCats.has(c.parentId)) {
      refused.push({ collection: 'categories', id: c._id, problem: `parentId: danh mục cha ${c.parentId} không có hoặc bị từ chối` });
      continue;
    }
    try {
      const [r] = await d1.batch([upsert(d1, 'categories', { id: c._id, parent_id: c.parentId, level: c.level, slug: c.slug, name: c.name, description: c.description ?? null, path: c.path, position: c.position, image_key: c.imageKey ?? null, created_at: now, updated_at: now }, ['id'], ['created_at', 'updated_at'])]);
      if (changed(r)) report.categories++;
      goodCats.add(c._id);
    } catch (e) {
      refused.push({ collection: 'categories', id: c._id, problem: `D1 từ chối: ${(e as Error).message.slice(0, 160)}` });
    }
  }

  const goodBrands = new Set<string>();
  for (const raw of await mdb.collection(COLLECTIONS.brands).find({}).toArray()) {
    const p = BrandDocSchema.safeParse(raw);
    if (!p.success) {
      refused.push({ collection: 'brands', id: String(raw._id), problem: problemOf(p.error) });
      continue;
    }
    const b = p.data;
    try {
      const [r] = await d1.batch([upsert(d1, 'brands', { id: b._id, slug: b.slug, name: b.name, country: b.country ?? null, description: b.description ?? null, logo_key: b.logoKey ?? null, created_at: now, updated_at: now }, ['id'], ['created_at', 'updated_at'])]);
      if (changed(r)) report.brands++;
      goodBrands.add(b._id);
    } catch (e) {
      refused.push({ collection: 'brands', id: b._id, problem: `D1 từ chối: ${(e as Error).message.slice(0, 160)}` });
    }
  }
  opts.onProgress?.(`${goodCats.size} categories, ${goodBrands.size} brands checked`);

  // Products: streamed from the collection, one D1 batch each.
  let seen = 0;
  for await (const raw of mdb.collection(COLLECTIONS.products).find({}).sort({ _id: 1 })) {
    seen++;
    const p = ProductDocSchema.safeParse(raw);
    if (!p.success) {
      refused.push({ collection: 'products', id: String(raw._id), problem: problemOf(p.error) });
      continue;
    }
    const d = p.data;
    if (!goodCats.has(d.category.id)) {
      refused.push({ collection: 'products', id: d._id, problem: `category.id: danh mục ${d.category.id} không có hoặc bị từ chối` });
      continue;
    }
    if (!goodBrands.has(d.brand.id)) {
      refused.push({ collection: 'products', id: d._id, problem: `brand.id: thương hiệu ${d.brand.id} không có hoặc bị từ chối` });
      continue;
    }
    try {
      const res = await d1.batch(productStatements(d1, d, now));
      const wrote = res.some(changed);
      if (wrote) report.products++;
      else report.unchanged++;
    } catch (e) {
      refused.push({ collection: 'products', id: d._id, problem: `D1 từ chối: ${(e as Error).message.slice(0, 160)}` });
      continue;
    }
    if (opts.stock !== false) {
      for (const b of d.batches) {
        if (b.quantity < 1) continue;
        // Inserted with its quantity: the ledger's own trigger (stock_batches_opening, migration 0020) writes the
        // batch's `opening` movement in the same statement. Once per lot (and per id): a lot already in D1 is left alone.
        const r = await d1
          .prepare(
            `INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, cost_price, supplier, received_at, created_at, updated_at)
             SELECT ?1, ?2, ?3, ?4, ?5, 0, NULL, NULL, ?6, ?6, ?6 WHERE NOT EXISTS (SELECT 1 FROM stock_batches WHERE id = ?1)
             ON CONFLICT (product_id, lot_number) DO NOTHING`,
          )
          .bind(b.id, d._id, b.lotNumber, b.expiryDate, b.quantity, now)
          .run();
        if (changed(r)) report.batches++;
      }
    }
    if (seen % 500 === 0) opts.onProgress?.(`${seen} products read`);
  }
  return report;
}

/** One product's rows: manufacturer and ingredients by slug, the product, units, images, ingredients, old slugs. */
function productStatements(d1: D1Database, d: ImportedProduct, now: number): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  if (d.manufacturer) {
    out.push(upsert(d1, 'manufacturers', { id: newId(), slug: d.manufacturer.slug, name: d.manufacturer.name, country: d.manufacturer.country, created_at: now, updated_at: now }, ['slug'], ['id', 'created_at', 'updated_at']));
  }
  for (const i of d.ingredients) out.push(d1.prepare('INSERT INTO ingredients (id, slug, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING').bind(newId(), i.slug, i.name, now));
  const product: Record<string, unknown> = {
    id: d._id,
    slug: d.slug,
    name: d.name,
    short_description: d.shortDescription,
    description: d.description,
    dosage_form: d.dosageForm,
    pack_spec: d.packSpec,
    base_unit: d.baseUnit,
    indications: d.indications,
    dosage: d.dosage,
    side_effects: d.sideEffects,
    contraindications: d.contraindications,
    precautions: d.precautions,
    storage: d.storage,
    registration_number: d.registrationNumber,
    country_of_origin: d.countryOfOrigin,
    brand_id: d.brand.id,
    category_id: d.category.id,
    prescription_required: d.prescriptionRequired ? 1 : 0,
    special_control: d.specialControl ? 1 : 0,
    approval_state: d.approvalState,
    visible: d.visible ? 1 : 0,
    sold_count: d.soldCount,
    rating_avg_x100: d.ratingAvgX100,
    rating_count: d.ratingCount,
    deleted_at: d.deletedAt,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
  out.push(upsert(d1, 'products', product, ['id']));
  // The manufacturer's id is D1's (documents name it by slug).
  out.push(
    d1
      .prepare('UPDATE products SET manufacturer_id = (SELECT id FROM manufacturers WHERE slug = ?1) WHERE id = ?2 AND manufacturer_id IS NOT (SELECT id FROM manufacturers WHERE slug = ?1)')
      .bind(d.manufacturer?.slug ?? null, d._id),
  );
  for (const u of d.units) {
    out.push(
      upsert(d1, 'product_units', { id: u.id, product_id: d._id, name: u.name, factor: u.factor, price: u.price, sale_price: u.salePrice, sale_starts_at: u.saleStartsAt, sale_ends_at: u.saleEndsAt, weight_grams: u.weightGrams, barcode: u.barcode, is_default: u.isDefault ? 1 : 0, position: u.position, retired_at: u.retiredAt, created_at: now, updated_at: now }, ['id'], ['created_at', 'updated_at']),
    );
  }
  d.images.forEach((img, position) => {
    out.push(upsert(d1, 'product_images', { id: img.id, product_id: d._id, r2_key: img.r2Key, alt: img.alt, width: img.width, height: img.height, content_type: contentTypeOf(img.r2Key), position, created_at: now }, ['id'], ['created_at']));
  });
  d.ingredients.forEach((i, position) => {
    out.push(
      d1
        .prepare(
          `INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) SELECT ?1, id, ?2, ?3 FROM ingredients WHERE slug = ?4
           ON CONFLICT (product_id, ingredient_id) DO UPDATE SET strength = excluded.strength, position = excluded.position
           WHERE product_ingredients.strength IS NOT excluded.strength OR product_ingredients.position IS NOT excluded.position`,
        )
        .bind(d._id, i.strength, position, i.slug),
    );
  });
  for (const old of d.oldSlugs) out.push(d1.prepare('INSERT INTO product_slug_redirects (old_slug, product_id, created_at) VALUES (?, ?, ?) ON CONFLICT (old_slug) DO NOTHING').bind(old, d._id, now));
  return out;
}
