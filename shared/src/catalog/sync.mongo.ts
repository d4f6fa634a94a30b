/**
 * D1 → MongoDB catalogue copy (issue #19, ADR 0047): `npm run mongo:sync -- --from d1` (everything), and the
 * per-product step that catalogue events apply (`syncProductsToMongo`). D1 stays the source of truth for every write
 * (admin edits, stock, checkout); MongoDB holds read documents built from D1's rows by `productDocs`.
 *
 * Ordering and idempotence: each document carries the D1 catalogue version it was read at. A write replaces a
 * document only when its version is at least the stored one (a filter on `version`, so two workers racing or a
 * redelivered old event cannot move a document backwards); `meta.catalog_version` only moves forward (`$max`).
 */
import { asc, eq, inArray, type Column } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { AnyBulkWriteOperation, Collection, Db, Document, MongoServerError } from 'mongodb';
import * as s from '../db/schema';
import { COLLECTIONS, listingDoc, type BrandDoc, type CategoryDoc, type ListingDoc, type MetaDoc, type ProductDoc } from './doc.mongo';
import { enableCatalogFeed, FEED_SEQ_KEY, handBackCatalogFeed, pruneCatalogFeed, TAXONOMY_KEY } from './feed';
import { productLabel } from './ports';
import { isShopVisible } from './visibility';

/** D1 binds at most 100 parameters per statement: product ids are read in chunks. */
const ID_CHUNK = 90;

const groupBy = <T, K>(rows: readonly T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(r);
    else m.set(key(r), [r]);
  }
  return m;
};

/** D1's catalogue version (the edge-cache key, ADR 0032). */
export async function d1CatalogVersion(d1: D1Database): Promise<number> {
  const row = await d1.prepare(`SELECT value FROM meta WHERE key = 'catalog_version'`).first<{ value: number }>();
  return row?.value ?? 0;
}

/** D1's catalogue version and change-feed position, read together (one batch: one snapshot). */
async function d1Positions(d1: D1Database): Promise<{ version: number; feedSeq: number }> {
  const [rows] = await d1.batch([d1.prepare(`SELECT (SELECT value FROM meta WHERE key = 'catalog_version') AS version, (SELECT value FROM meta WHERE key = '${FEED_SEQ_KEY}') AS feedSeq`)]);
  const r = rows!.results[0] as { version: number | null; feedSeq: number | null };
  return { version: r.version ?? 0, feedSeq: r.feedSeq ?? 0 };
}

/** The categories and brands collections' documents, from D1's rows. */
export async function taxonomyDocs(d1: D1Database): Promise<{ categories: CategoryDoc[]; brands: BrandDoc[] }> {
  const db = drizzle(d1);
  const [cats, brands] = await db.batch([db.select().from(s.categories), db.select().from(s.brands)]);
  return {
    categories: cats.map((c) => ({ _id: c.id, parentId: c.parentId, level: c.level, slug: c.slug, name: c.name, path: c.path, position: c.position, description: c.description, imageKey: c.imageKey })),
    brands: brands.map((b) => ({ _id: b.id, slug: b.slug, name: b.name, country: b.country, description: b.description, logoKey: b.logoKey })),
  };
}

/**
 * The product documents of `ids` (all products when null), read from D1 at catalogue version `version`. Products that
 * no longer exist are simply absent (the caller deletes their documents).
 */
export async function productDocs(d1: D1Database, ids: readonly string[] | null, version: number): Promise<ProductDoc[]> {
  const db = drizzle(d1);
  const [cats, brands, makers] = await db.batch([
    db.select({ id: s.categories.id, slug: s.categories.slug, name: s.categories.name, path: s.categories.path }).from(s.categories),
    db.select({ id: s.brands.id, slug: s.brands.slug, name: s.brands.name, country: s.brands.country }).from(s.brands),
    db.select({ id: s.manufacturers.id, slug: s.manufacturers.slug, name: s.manufacturers.name, country: s.manufacturers.country }).from(s.manufacturers),
  ]);
  const catById = new Map(cats.map((c) => [c.id, c]));
  const brandById = new Map(brands.map((b) => [b.id, b]));
  const makerById = new Map(makers.map((m) => [m.id, m]));
  const chunks: Array<readonly string[] | null> = [];
  if (ids === null) chunks.push(null);
  else for (let i = 0; i < ids.length; i += ID_CHUNK) chunks.push(ids.slice(i, i + ID_CHUNK));
  const out: ProductDoc[] = [];
  for (const chunk of chunks) {
    const only = (col: Column) => (chunk ? inArray(col, [...chunk]) : undefined);
    const [products, units, images, ingredients, batches, redirects, availability] = await db.batch([
      db.select().from(s.products).where(only(s.products.id)),
      db.select().from(s.productUnits).where(only(s.productUnits.productId)).orderBy(asc(s.productUnits.position), asc(s.productUnits.factor), asc(s.productUnits.id)),
      db.select().from(s.productImages).where(only(s.productImages.productId)).orderBy(asc(s.productImages.position), asc(s.productImages.id)),
      db
        .select({ productId: s.productIngredients.productId, slug: s.ingredients.slug, name: s.ingredients.name, strength: s.productIngredients.strength })
        .from(s.productIngredients)
        .innerJoin(s.ingredients, eq(s.ingredients.id, s.productIngredients.ingredientId))
        .where(only(s.productIngredients.productId))
        .orderBy(asc(s.productIngredients.position)),
      db.select({ productId: s.stockBatches.productId, id: s.stockBatches.id, lotNumber: s.stockBatches.lotNumber, expiryDate: s.stockBatches.expiryDate, quantity: s.stockBatches.quantity, reserved: s.stockBatches.reserved }).from(s.stockBatches).where(only(s.stockBatches.productId)).orderBy(asc(s.stockBatches.id)),
      db.select().from(s.productSlugRedirects).where(only(s.productSlugRedirects.productId)).orderBy(asc(s.productSlugRedirects.oldSlug)),
      db.select().from(s.productAvailability).where(only(s.productAvailability.productId)),
    ]);
    const unitsOf = groupBy(units, (u) => u.productId);
    const imagesOf = groupBy(images, (i) => i.productId);
    const ingredientsOf = groupBy(ingredients, (i) => i.productId);
    const batchesOf = groupBy(batches, (b) => b.productId);
    const redirectsOf = groupBy(redirects, (r) => r.productId);
    const availabilityOf = new Map(availability.map((a) => [a.productId, a]));
    for (const p of products) {
      const brand = brandById.get(p.brandId)!;
      const category = catById.get(p.categoryId)!;
      const maker = p.manufacturerId ? makerById.get(p.manufacturerId) : undefined;
      const a = availabilityOf.get(p.id);
      out.push({
        _id: p.id,
        ...productLabel(p),
        oldSlugs: (redirectsOf.get(p.id) ?? []).map((r) => r.oldSlug),
        prescriptionRequired: Boolean(p.prescriptionRequired),
        specialControl: Boolean(p.specialControl),
        approvalState: p.approvalState,
        visible: Boolean(p.visible),
        deletedAt: p.deletedAt,
        shopVisible: isShopVisible({ approvalState: p.approvalState, visible: Boolean(p.visible), deletedAt: p.deletedAt }),
        soldCount: p.soldCount,
        ratingAvgX100: p.ratingAvg,
        ratingCount: p.ratingCount,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
        brand: { id: brand.id, slug: brand.slug, name: brand.name, country: brand.country },
        category: { id: category.id, slug: category.slug, name: category.name, path: category.path },
        manufacturer: maker ? { slug: maker.slug, name: maker.name, country: maker.country } : null,
        units: (unitsOf.get(p.id) ?? []).map((u) => ({
          id: u.id,
          name: u.name,
          factor: u.factor,
          price: u.price,
          salePrice: u.salePrice,
          saleStartsAt: u.saleStartsAt,
          saleEndsAt: u.saleEndsAt,
          weightGrams: u.weightGrams,
          barcode: u.barcode,
          isDefault: Boolean(u.isDefault),
          position: u.position,
          retiredAt: u.retiredAt,
        })),
        images: (imagesOf.get(p.id) ?? []).map((i) => ({ id: i.id, r2Key: i.r2Key, alt: i.alt, width: i.width, height: i.height })),
        ingredients: (ingredientsOf.get(p.id) ?? []).map((i) => ({ slug: i.slug, name: i.name, strength: i.strength })),
        batches: (batchesOf.get(p.id) ?? []).map((b) => ({ id: b.id, lotNumber: b.lotNumber, expiryDate: b.expiryDate, quantity: b.quantity, reserved: b.reserved })),
        availability: a ? { inStock: a.inStock === 1, availableBase: a.availableBase, minFactor: a.minFactor, computedOn: a.computedOn, staleOn: a.staleOn } : null,
        version,
      });
    }
  }
  return out;
}

const isDuplicateKey = (e: unknown) => (e as MongoServerError)?.code === 11000;

/**
 * Writes product documents, each only if it is not older than the stored one (see the header). Returns how many were
 * written and how many were skipped as stale. Idempotent: writing the same documents twice changes nothing.
 */
export async function writeProductDocs(mdb: Db, docs: readonly ProductDoc[]): Promise<{ written: number; stale: number }> {
  const col = mdb.collection<ProductDoc>(COLLECTIONS.products);
  let written = 0;
  let stale = 0;
  for (const doc of docs) {
    try {
      // Upsert guarded by the version: an existing newer document fails the filter, the upsert then collides on _id.
      await col.replaceOne({ _id: doc._id, version: { $lte: doc.version } }, doc, { upsert: true });
      await mdb.collection<ListingDoc>(COLLECTIONS.listing).replaceOne({ _id: doc._id, version: { $lte: doc.version } }, listingDoc(doc), { upsert: true });
      written++;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      stale++;
    }
  }
  return { written, stale };
}

/** Moves `meta.catalog_version` forward to `version` (never back). */
export async function advanceMongoVersion(mdb: Db, version: number): Promise<void> {
  await mdb.collection<MetaDoc>(COLLECTIONS.meta).updateOne({ _id: 'catalog_version' }, { $max: { value: version } }, { upsert: true });
}

/** The change-feed position MongoDB's documents have reached (`catalog_feed_seq` in `meta`; 0 before any sync). */
export async function mongoFeedPosition(mdb: Db): Promise<number> {
  return (await mdb.collection<MetaDoc>(COLLECTIONS.meta).findOne({ _id: FEED_SEQ_KEY }))?.value ?? 0;
}

async function advanceMongoFeed(mdb: Db, seq: number): Promise<void> {
  await mdb.collection<MetaDoc>(COLLECTIONS.meta).updateOne({ _id: FEED_SEQ_KEY }, { $max: { value: seq } }, { upsert: true });
}

/**
 * Update and replace statements per command. FerretDB v1.24.2 (SQLite backend) never answers an `update` command of
 * 100 or more statements on existing documents (measured: 99 statements 0.3 s; 100 no answer in 30 s, the server
 * idle), so every bulk update here is sent in commands of at most this many. Atlas takes any size; inserts are not
 * affected.
 */
const UPDATES_PER_COMMAND = 50;

/** `bulkWrite` of updates/replaces in commands of at most `UPDATES_PER_COMMAND` statements (unordered within each). */
async function bulkUpdate<T extends Document>(col: Collection<T>, ops: readonly AnyBulkWriteOperation<T>[]): Promise<void> {
  for (let i = 0; i < ops.length; i += UPDATES_PER_COMMAND) await col.bulkWrite(ops.slice(i, i + UPDATES_PER_COMMAND), { ordered: false });
}

/**
 * Replaces the categories and brands collections' contents with D1's. Fields are set, not the whole document
 * replaced, so the stored `visibleCount` stays until `writeVisibleCounts` refreshes it.
 */
async function writeTaxonomy(mdb: Db, d1: D1Database): Promise<void> {
  const { categories, brands } = await taxonomyDocs(d1);
  for (const [name, docs] of [[COLLECTIONS.categories, categories], [COLLECTIONS.brands, brands]] as const) {
    const col = mdb.collection<{ _id: string }>(name);
    const keep = docs.map((d) => d._id);
    await bulkUpdate(col, docs.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } })));
    await col.deleteMany({ _id: { $nin: keep } });
  }
}

/**
 * Shop-visible products per category and per brand, counted once here from the listing documents just written and
 * stored on the category and brand documents (`visibleCount`), so the storefront's category tree and brand pages read
 * them instead of counting: a `$group` over the listing per page took 2.6–4.0 s on FerretDB with the seed catalogue
 * (ADR 0047). Every sync that changes documents calls it before it advances MongoDB's version, so a version's counts
 * are its documents' counts. Writes only the counts that changed.
 */
export async function writeVisibleCounts(mdb: Db): Promise<void> {
  const listing = mdb.collection<ListingDoc>(COLLECTIONS.listing);
  const count = async (key: 'category.id' | 'brand.id') =>
    new Map((await listing.aggregate<{ _id: string; n: number }>([{ $match: { shopVisible: true } }, { $group: { _id: `$${key}`, n: { $sum: 1 } } }]).toArray()).map((r) => [r._id, r.n]));
  const [byCategory, byBrand] = await Promise.all([count('category.id'), count('brand.id')]);
  for (const [name, counts] of [[COLLECTIONS.categories, byCategory], [COLLECTIONS.brands, byBrand]] as const) {
    const col = mdb.collection<{ _id: string; visibleCount?: number }>(name);
    const stored = await col.find({}, { projection: { _id: 1, visibleCount: 1 } }).toArray();
    const changed = stored.filter((d) => (d.visibleCount ?? 0) !== (counts.get(d._id) ?? 0) || d.visibleCount === undefined);
    await bulkUpdate(col, changed.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $set: { visibleCount: counts.get(d._id) ?? 0 } } } })));
  }
}

/** A document's content as comparable text: keys sorted, `version` left out, `undefined` as BSON stores it (null). */
function contentKey(doc: unknown): string {
  const norm = (v: unknown): unknown =>
    v === undefined ? null : Array.isArray(v) ? v.map(norm) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Record<string, unknown>)[k])])) : v;
  const { version: _version, ...content } = doc as { version?: number };
  return JSON.stringify(norm(content));
}

/**
 * Full-sync write of one collection: the stored documents are read once; new ones are inserted, and of the existing
 * ones only those whose content changed (and whose stored version is not newer) are replaced, by `_id`. A re-run over
 * an unchanged catalogue writes nothing. Why not replace them all: FerretDB v1.24.2's SQLite backend scans the
 * collection for every updated document (measured with 2,000 documents of 5 KB: 44 ms per replace or update by
 * `_id`, 35 ms per document of an `updateMany`, against 3 ms per inserted document), so rewriting the whole seed
 * catalogue took more than 300 s. An unchanged document keeps its older version: reads do not use it, and events
 * always carry D1's current state stamped with the current version, so they still replace it. Between the read and
 * the writes an event could store a newer document that this run then overwrites with an older one: the full sync is
 * an operator command run with the event consumer paused, or followed by the events it raced (they are replayed by
 * version, ADR 0047).
 */
async function writeAllVersioned<T extends { _id: string; version: number }>(col: Collection<T>, docs: readonly T[], onProgress?: (msg: string) => void): Promise<number> {
  const stored = new Map((await col.find({}).toArray()).map((d) => [d._id as string, { version: d.version as number, key: contentKey(d) }]));
  const added = docs.filter((d) => !stored.has(d._id));
  const replaced = docs.filter((d) => {
    const old = stored.get(d._id);
    return old !== undefined && old.version <= d.version && old.key !== contentKey(d);
  });
  for (let i = 0; i < added.length; i += 500) {
    await col.insertMany(added.slice(i, i + 500) as never, { ordered: false });
    onProgress?.(`${Math.min(i + 500, added.length)}/${added.length} ${col.collectionName} added`);
  }
  for (let i = 0; i < replaced.length; i += 500) {
    await bulkUpdate(col, replaced.slice(i, i + 500).map((d) => ({ replaceOne: { filter: { _id: d._id } as never, replacement: d as never } })));
    onProgress?.(`${Math.min(i + 500, replaced.length)}/${replaced.length} ${col.collectionName} replaced`);
  }
  return added.length + replaced.length;
}

/**
 * The whole catalogue, D1 → MongoDB: categories, brands, every product document, documents of products gone from D1
 * removed, then the version. Returns the counts. Safe to re-run (idempotent).
 */
export async function syncCatalogToMongo(d1: D1Database, mdb: Db, onProgress?: (msg: string) => void): Promise<{ products: number; written: number; categories: number; brands: number; removed: number; version: number }> {
  // The feed is on from here (a no-op when it already was): every write after the positions read below records its
  // products, and every change up to them is in what is read below, so the events pull only what comes after.
  await enableCatalogFeed(d1);
  const { version, feedSeq } = await d1Positions(d1);
  await writeTaxonomy(mdb, d1);
  const docs = await productDocs(d1, null, version);
  onProgress?.(`${docs.length} products read from D1 at catalogue version ${version}`);
  // Only new and changed documents are written (writeAllVersioned: why, and the race with events).
  const keep = docs.map((d) => d._id);
  const written = await writeAllVersioned(mdb.collection<ProductDoc>(COLLECTIONS.products), docs, onProgress);
  await writeAllVersioned(mdb.collection<ListingDoc>(COLLECTIONS.listing), docs.map(listingDoc));
  const removed = (await mdb.collection<ProductDoc>(COLLECTIONS.products).deleteMany({ _id: { $nin: keep } })).deletedCount;
  await mdb.collection<ListingDoc>(COLLECTIONS.listing).deleteMany({ _id: { $nin: keep } });
  await writeVisibleCounts(mdb);
  await advanceMongoFeed(mdb, feedSeq);
  await advanceMongoVersion(mdb, version);
  const { categories, brands } = await taxonomyDocs(d1);
  return { products: docs.length, written, categories: categories.length, brands: brands.length, removed, version };
}

/**
 * What a catalogue event applies (ADR 0047): the named products' documents rebuilt from D1 at its current version
 * (a product gone from D1 loses its document), categories/brands when asked, then the version. Idempotent and
 * ordered by version, so redelivery or reordering of events is harmless.
 */
export async function syncProductsToMongo(d1: D1Database, mdb: Db, ids: readonly string[], opts: { taxonomy?: boolean; advanceVersion?: boolean } = {}): Promise<{ written: number; stale: number; removed: number; version: number }> {
  const version = await d1CatalogVersion(d1);
  if (opts.taxonomy) await writeTaxonomy(mdb, d1);
  const docs = await productDocs(d1, ids, version);
  const res = await writeProductDocs(mdb, docs);
  const present = new Set(docs.map((d) => d._id));
  const gone = ids.filter((id) => !present.has(id));
  const removed = gone.length ? (await mdb.collection<ProductDoc>(COLLECTIONS.products).deleteMany({ _id: { $in: gone }, version: { $lte: version } })).deletedCount : 0;
  if (gone.length) await mdb.collection<ListingDoc>(COLLECTIONS.listing).deleteMany({ _id: { $in: gone }, version: { $lte: version } });
  if (opts.advanceVersion !== false) {
    await writeVisibleCounts(mdb);
    await advanceMongoVersion(mdb, version);
  }
  return { ...res, removed, version };
}

/** Products per pull step, and the time after which a pull stops and leaves the rest to the next event. */
export const FEED_STEP = 200;
export const FEED_BUDGET_MS = 20_000;

/**
 * What a `catalog.sync` event applies (feed.ts): every feed row past MongoDB's position, FEED_STEP products at a time
 * (`syncProductsToMongo`, taxonomy when its row is among them), the position advanced after each step, and MongoDB's
 * catalogue version advanced to the snapshot's version once a step reached the feed's end — never before, so a
 * version in MongoDB means every write up to it is in the documents. Each step's version and rows are one D1 batch
 * (a snapshot: a write's feed row and its version bump commit together). Out of time, the published position goes
 * back to MongoDB's (`handBackCatalogFeed`) so the next cron run announces the rest. Idempotent: a redelivered or
 * older event pulls from the current position (usually nothing).
 */
export async function applyCatalogFeed(
  d1: D1Database,
  mdb: Db,
  opts: { step?: number; budgetMs?: number; now?: () => number } = {},
): Promise<{ products: number; taxonomy: boolean; position: number; version: number | null; caughtUp: boolean }> {
  const step = opts.step ?? FEED_STEP;
  const now = opts.now ?? Date.now;
  const until = now() + (opts.budgetMs ?? FEED_BUDGET_MS);
  let position = await mongoFeedPosition(mdb);
  let products = 0;
  let taxonomy = false;
  for (;;) {
    const [meta, rows] = await d1.batch([
      d1.prepare(`SELECT value FROM meta WHERE key = 'catalog_version'`),
      d1.prepare('SELECT product_id AS id, seq FROM catalog_feed WHERE seq > ? ORDER BY seq LIMIT ?').bind(position, step + 1),
    ]);
    const version = (meta!.results[0] as { value: number } | undefined)?.value ?? 0;
    const feed = rows!.results as Array<{ id: string; seq: number }>;
    const last = feed.length <= step;
    const take = last ? feed : feed.slice(0, step);
    if (take.length) {
      const ids = take.map((r) => r.id).filter((id) => id !== TAXONOMY_KEY);
      const withTaxonomy = ids.length < take.length;
      await syncProductsToMongo(d1, mdb, ids, { taxonomy: withTaxonomy, advanceVersion: false });
      taxonomy ||= withTaxonomy;
      products += ids.length;
      position = take[take.length - 1]!.seq;
      await advanceMongoFeed(mdb, position);
      await pruneCatalogFeed(d1, position);
    }
    if (last) {
      if (products || taxonomy) await writeVisibleCounts(mdb);
      await advanceMongoVersion(mdb, version);
      return { products, taxonomy, position, version, caughtUp: true };
    }
    if (now() >= until) {
      await handBackCatalogFeed(d1, position);
      return { products, taxonomy, position, version: null, caughtUp: false };
    }
  }
}

/** The indexes the reads use (`npm run mongo:migrate`; createIndex is idempotent). */
export async function ensureMongoIndexes(mdb: Db): Promise<string[]> {
  const p = mdb.collection(COLLECTIONS.products);
  const l = mdb.collection(COLLECTIONS.listing);
  const names = [
    await p.createIndex({ slug: 1 }, { name: 'slug_unique', unique: true }),
    await p.createIndex({ oldSlugs: 1 }, { name: 'old_slugs' }),
    await p.createIndex({ shopVisible: 1, 'category.path': 1 }, { name: 'visible_category_path' }),
    await p.createIndex({ shopVisible: 1, 'brand.id': 1 }, { name: 'visible_brand' }),
    await l.createIndex({ shopVisible: 1, 'category.path': 1 }, { name: 'visible_category_path' }),
    await l.createIndex({ shopVisible: 1, 'brand.id': 1 }, { name: 'visible_brand' }),
    await mdb.collection(COLLECTIONS.categories).createIndex({ slug: 1 }, { name: 'slug_unique', unique: true }),
    await mdb.collection(COLLECTIONS.categories).createIndex({ path: 1 }, { name: 'path' }),
    await mdb.collection(COLLECTIONS.brands).createIndex({ slug: 1 }, { name: 'slug_unique', unique: true }),
  ];
  return names;
}
