/**
 * #19 catalogue contract: ONE suite, run against BOTH adapters of the catalogue read port on the same seeded catalogue
 * — D1 (the real seed in node:sqlite, the same SQL as the Worker) and MongoDB (a real FerretDB v1.24.2 server, filled
 * from that database by the sync code, `npm run mongo:sync -- --from d1`). Every case reads through the catalogue
 * service (what the api Worker answers), and the two engines must answer identically: listings with every filter and
 * sort, facets, keyset paging, product pages, old-slug redirects, categories, brands, visibility (hidden, unapproved,
 * deleted products never shown), availability (the summary copy, and the live rule once it went stale), and version
 * bumps carried over by the per-product sync (ordered by version, idempotent).
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSeed } from '../seed/load.mjs';
import { COLLECTIONS, type ProductDoc } from '../shared/src/catalog/doc.mongo';
import { D1CatalogRepository } from '../shared/src/catalog/repo.d1';
import { MongoCatalogRepository } from '../shared/src/catalog/repo.mongo';
import type { CatalogRepository } from '../shared/src/catalog/ports';
import { getBrand, getCategory, getCategoryTree, getProductOrRedirect, listProducts, toBrand } from '../shared/src/catalog/service';
import { ProductListQuerySchema, SORTS } from '../shared/src/catalog/schemas';
import { ensureMongoIndexes, productDocs, syncCatalogToMongo, syncProductsToMongo, writeProductDocs } from '../shared/src/catalog/sync.mongo';
import { SqliteD1 } from './d1-sqlite';

const db = new SqliteD1().migrate();
const d1 = db.asD1();
const NOW = Date.parse('2026-11-25T03:00:00Z');
const client = new MongoClient(inject('mongodbUri'), { serverSelectionTimeoutMS: 10_000, maxPoolSize: 4 });
let mdb: Db;

const repos: Record<'d1' | 'mongo', CatalogRepository> = { d1: new D1CatalogRepository(d1), mongo: undefined as never };
type Engine = keyof typeof repos;
const ENGINES = ['d1', 'mongo'] as const;

beforeAll(async () => {
  const t0 = Date.now();
  const log = (m: string) => process.env.MEDICARE_DEBUG && console.error(`${((Date.now() - t0) / 1000).toFixed(1)}s ${m}`);
  await loadSeed(d1, { today: '2026-11-25', locations: false });
  log('seeded');
  await client.connect();
  mdb = client.db(`contract_${randomUUID().slice(0, 8)}`);
  await ensureMongoIndexes(mdb);
  log('indexes');
  const res = await syncCatalogToMongo(d1, mdb, log);
  log('synced');
  expect(res.products).toBeGreaterThan(100);
  repos.mongo = new MongoCatalogRepository(mdb);
}, 240_000);

afterAll(async () => {
  await mdb?.dropDatabase().catch(() => undefined);
  await client.close();
});

/** The listing as the api Worker answers it (query parsed by its schema), or the error code it would answer. */
async function list(engine: Engine, query: Record<string, string>, now = NOW) {
  const q = ProductListQuerySchema.parse(query);
  try {
    return await listProducts(repos[engine], q, now);
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

async function both<T>(read: (engine: Engine) => Promise<T>): Promise<{ d1: T; mongo: T }> {
  return { d1: await read('d1'), mongo: await read('mongo') };
}

/** Every page of a listing through the cursor: the slugs in order and the total each page reported. */
async function walk(engine: Engine, query: Record<string, string>, now = NOW) {
  const slugs: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const r = (await list(engine, { ...query, limit: '7', ...(cursor ? { cursor } : {}) }, now)) as Awaited<ReturnType<typeof listProducts>>;
    total = r.total;
    slugs.push(...r.items.map((i) => i.slug));
    cursor = r.nextCursor;
  } while (cursor);
  return { slugs, total };
}

const seedRow = <T>(sql: string, ...params: unknown[]) => d1.prepare(sql).bind(...params).first<T>();

describe('catalogue contract: D1 and MongoDB answer the same', () => {
  it('lists with every filter and sort, facets included, identically (and the seed gives each case something to show)', async () => {
    const cat = (await seedRow<{ slug: string }>(`SELECT c.slug FROM categories c WHERE c.level = 1 ORDER BY c.position LIMIT 1`))!.slug;
    const leaf = (await seedRow<{ slug: string }>(`SELECT c.slug FROM categories c JOIN products p ON p.category_id = c.id GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`))!.slug;
    const brands = (await d1.prepare(`SELECT b.slug FROM brands b JOIN products p ON p.brand_id = b.id GROUP BY b.id ORDER BY count(*) DESC, b.slug LIMIT 2`).all<{ slug: string }>()).results.map((r) => r.slug);
    const form = (await seedRow<{ f: string }>(`SELECT dosage_form AS f FROM products GROUP BY dosage_form ORDER BY count(*) DESC LIMIT 1`))!.f;
    // Facets on: every filter is applied by the TypeScript rules over the candidates; facets off: the plain filters are
    // pushed down to MongoDB too. Both must match D1.
    const cases: Array<Record<string, string>> = [
      { sort: 'relevance', facets: 'true' },
      { sort: 'price_asc', facets: 'true', category: cat, brand: brands.join(',') },
      { sort: 'price_desc', facets: 'true', rx: 'false', dosageForm: form, minPrice: '50000', maxPrice: '200000' },
      { sort: 'newest', facets: 'true', inStock: 'false' },
      { sort: 'best_selling', facets: 'false', category: leaf, inStock: 'true' },
      { sort: 'relevance', facets: 'false', category: cat, rx: 'true', brand: brands.join(',') },
      { sort: 'price_asc', facets: 'false', dosageForm: form, maxPrice: '150000' },
    ];
    for (const c of cases) {
      const query = { ...c, limit: '24' };
      const r = await both((e) => list(e, query));
      expect(r.mongo, JSON.stringify(query)).toEqual(r.d1);
      expect('items' in r.d1 && r.d1.total > 0, `${JSON.stringify(query)} lists something`).toBe(true);
    }
  }, 300_000);

  it('answers the same 404 codes for an unknown category or brand', async () => {
    expect(await both((e) => list(e, { category: 'khong-co-danh-muc-nay' }))).toEqual({ d1: { error: 'CATEGORY_NOT_FOUND' }, mongo: { error: 'CATEGORY_NOT_FOUND' } });
    expect(await both((e) => list(e, { brand: 'khong-co-hang-nay' }))).toEqual({ d1: { error: 'BRAND_NOT_FOUND' }, mongo: { error: 'BRAND_NOT_FOUND' } });
  });

  it('pages through every product with the cursor, in the same order, once each, for every sort', async () => {
    const leaf = (await seedRow<{ slug: string }>(`SELECT c.slug FROM categories c JOIN products p ON p.category_id = c.id GROUP BY c.id HAVING count(*) BETWEEN 25 AND 80 ORDER BY c.slug LIMIT 1`))!.slug;
    for (const sort of SORTS) {
      const r = await both((e) => walk(e, { sort, category: leaf }));
      expect(r.mongo.slugs, sort).toEqual(r.d1.slugs);
      expect(new Set(r.d1.slugs).size, `${sort}: no duplicates`).toBe(r.d1.slugs.length);
      expect(r.d1.slugs.length, `${sort}: every product once`).toBe(r.d1.total);
      expect(r.mongo.total).toBe(r.d1.total);
    }
  }, 300_000);

  it('shows the same product pages (units, prices, images, ingredients, stock, breadcrumb)', async () => {
    const slugs = (await d1.prepare(`SELECT slug FROM products ORDER BY id LIMIT 20`).all<{ slug: string }>()).results.map((r) => r.slug);
    for (const slug of slugs) {
      const r = await both((e) => getProductOrRedirect(repos[e], slug, NOW).catch((err) => ({ error: err.code })));
      expect(r.mongo, slug).toEqual(r.d1);
    }
  }, 300_000);

  it('serves the same category tree, category pages and brands', async () => {
    expect(await getCategoryTree(repos.mongo)).toEqual(await getCategoryTree(repos.d1));
    const cats = (await d1.prepare(`SELECT slug FROM categories ORDER BY level, slug LIMIT 8`).all<{ slug: string }>()).results.map((r) => r.slug);
    for (const slug of cats) expect(await getCategory(repos.mongo, slug), slug).toEqual(await getCategory(repos.d1, slug));
    expect((await repos.mongo.brands()).map(toBrand)).toEqual((await repos.d1.brands()).map(toBrand));
    const someBrand = (await repos.d1.brands())[3]!.slug;
    expect(await getBrand(repos.mongo, someBrand)).toEqual(await getBrand(repos.d1, someBrand));
    expect(await both((e) => repos[e].catalogVersion())).toEqual({ d1: await repos.d1.catalogVersion(), mongo: await repos.d1.catalogVersion() });
  }, 300_000);

  it('reads availability the same way once the summary went stale (a later day: the live rule over the batches)', async () => {
    // A year later most batches have expired and no trigger has recomputed the summary: both engines fall back to
    // the live rule (D1 in SQL, MongoDB over the copied batches).
    const later = NOW + 400 * 24 * 3600 * 1000;
    for (const inStock of [undefined, 'true', 'false']) {
      const query = { sort: 'relevance', facets: 'true', limit: '30', ...(inStock ? { inStock } : {}) };
      const r = await both((e) => list(e, query, later));
      expect(r.mongo, JSON.stringify(query)).toEqual(r.d1);
    }
    const out = (await list('d1', { inStock: 'false' }, later)) as { total: number };
    const outNow = (await list('d1', { inStock: 'false' })) as { total: number };
    expect(out.total).toBeGreaterThan(outNow.total);
  }, 300_000);
});

describe('catalogue contract: writes in D1 reach MongoDB (visibility, availability, version)', () => {
  const ids: Record<string, { id: string; slug: string }> = {};
  // What a listing of the product's own category shows (every page).
  const listed = async (engine: Engine, p: { slug: string }, extra: Record<string, string> = {}) => {
    const cat = (await seedRow<{ slug: string }>(`SELECT c.slug FROM categories c JOIN products p ON p.category_id = c.id WHERE p.slug = ?`, p.slug))!.slug;
    return (await walk(engine, { sort: 'newest', category: cat, ...extra })).slugs.includes(p.slug);
  };

  beforeAll(async () => {
    const rows = (await d1.prepare(`SELECT id, slug FROM products WHERE approval_state = 'approved' AND visible = 1 AND deleted_at IS NULL ORDER BY sold_count DESC LIMIT 4`).all<{ id: string; slug: string }>()).results;
    [ids.hidden, ids.unapproved, ids.deleted, ids.soldOut] = rows as Array<{ id: string; slug: string }> as [never, never, never, never];
  });

  it('never lists a hidden, unapproved or deleted product on either engine once the change is synced, and bumps the version on both', async () => {
    const before = await repos.d1.catalogVersion();
    for (const e of ENGINES) for (const k of ['hidden', 'unapproved', 'deleted']) expect(await listed(e, ids[k]!), `${e} lists ${k} before`).toBe(true);
    await d1.batch([
      d1.prepare(`UPDATE products SET visible = 0 WHERE id = ?`).bind(ids.hidden!.id),
      d1.prepare(`UPDATE products SET approval_state = 'pending_review' WHERE id = ?`).bind(ids.unapproved!.id),
      d1.prepare(`UPDATE products SET deleted_at = ? WHERE id = ?`).bind(NOW, ids.deleted!.id),
      // deleted_at is not in the bump trigger's column list: the soft-delete route bumps explicitly, as here.
      d1.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'`),
    ]);
    const after = await repos.d1.catalogVersion();
    expect(after).toBeGreaterThan(before);
    // Before the event is applied, MongoDB still serves the old version (the edge cache key tells them apart).
    expect(await repos.mongo.catalogVersion()).toBe(before);
    const res = await syncProductsToMongo(d1, mdb, [ids.hidden!.id, ids.unapproved!.id, ids.deleted!.id]);
    expect(res).toMatchObject({ written: 3, stale: 0, version: after });
    expect(await repos.mongo.catalogVersion()).toBe(after);
    for (const e of ENGINES) {
      for (const k of ['hidden', 'unapproved', 'deleted']) {
        expect(await listed(e, ids[k]!), `${e} lists ${k}`).toBe(false);
        expect(await getProductOrRedirect(repos[e], ids[k]!.slug, NOW).catch((err) => err.code), `${e} shows ${k}`).toBe('PRODUCT_NOT_FOUND');
      }
    }
    expect(await getCategoryTree(repos.mongo)).toEqual(await getCategoryTree(repos.d1));
    expect((await repos.mongo.brands()).map(toBrand)).toEqual((await repos.d1.brands()).map(toBrand));
  }, 300_000);

  it('carries a sell-out (the availability summary) to the documents: both engines list it out of stock and filter it alike', async () => {
    const p = ids.soldOut!;
    const before = await repos.d1.catalogVersion();
    await d1.prepare(`UPDATE stock_batches SET reserved = quantity WHERE product_id = ?`).bind(p.id).run();
    // The summary trigger flipped in_stock and bumped the version (ADR 0034).
    expect(await repos.d1.catalogVersion()).toBeGreaterThan(before);
    await syncProductsToMongo(d1, mdb, [p.id]);
    for (const e of ENGINES) {
      const detail = (await getProductOrRedirect(repos[e], p.slug, NOW)) as { product: { inStock: boolean } };
      expect(detail.product.inStock, e).toBe(false);
      expect(await listed(e, p, { inStock: 'true' }), e).toBe(false);
      expect(await listed(e, p, { inStock: 'false' }), e).toBe(true);
    }
    const r = await both((e) => list(e, { inStock: 'false', facets: 'true', sort: 'relevance', limit: '60' }));
    expect(r.mongo).toEqual(r.d1);
  }, 300_000);

  it('applies per-product syncs in version order and idempotently: an older document never overwrites a newer one', async () => {
    const p = ids.soldOut!;
    const current = (await mdb.collection<ProductDoc>(COLLECTIONS.products).findOne({ _id: p.id }))!;
    const [old] = await productDocs(d1, [p.id], current.version - 1);
    const stale = await writeProductDocs(mdb, [{ ...old!, name: 'Bản cũ không được ghi đè', version: current.version - 1 }]);
    expect(stale).toEqual({ written: 0, stale: 1 });
    expect((await mdb.collection<ProductDoc>(COLLECTIONS.products).findOne({ _id: p.id }))!.name).toBe(current.name);
    // Redelivery of the same event: same document, same version.
    const again = await syncProductsToMongo(d1, mdb, [p.id]);
    expect(again).toMatchObject({ written: 1, stale: 0, version: current.version });
    expect(await mdb.collection<ProductDoc>(COLLECTIONS.products).countDocuments({ _id: p.id })).toBe(1);
  });

  it('follows a renamed slug with the same redirect, and drops the document of a product removed from D1', async () => {
    const p = (await d1.prepare(`SELECT id, slug FROM products WHERE approval_state = 'approved' AND visible = 1 AND deleted_at IS NULL ORDER BY id LIMIT 1`).first<{ id: string; slug: string }>())!;
    await d1.batch([
      d1.prepare(`INSERT INTO product_slug_redirects (old_slug, product_id, created_at) VALUES (?, ?, ?)`).bind(p.slug, p.id, NOW),
      d1.prepare(`UPDATE products SET slug = ? WHERE id = ?`).bind(`${p.slug}-moi`, p.id),
    ]);
    await syncProductsToMongo(d1, mdb, [p.id]);
    expect(await both((e) => getProductOrRedirect(repos[e], p.slug, NOW))).toEqual({ d1: { redirect: `${p.slug}-moi` }, mongo: { redirect: `${p.slug}-moi` } });
    const ghost = 'khong-ton-tai-trong-d1';
    await mdb.collection<ProductDoc>(COLLECTIONS.products).insertOne({ ...(await productDocs(d1, [p.id], 0))[0]!, _id: ghost, slug: ghost, oldSlugs: [], version: 0 });
    expect((await syncProductsToMongo(d1, mdb, [ghost])).removed).toBe(1);
  });

  it('runs the full sync again over the populated database: only the changed product is rewritten, the stored counts stay right', async () => {
    // FerretDB rewrites a document in O(collection) (writeAllVersioned), so a re-run writes only what changed; the
    // taxonomy's and counts' updates go in commands FerretDB answers (UPDATES_PER_COMMAND: 100+ statements never return).
    const p = (await d1.prepare(`SELECT id, slug FROM products WHERE approval_state = 'approved' AND visible = 1 AND deleted_at IS NULL ORDER BY id DESC LIMIT 1`).first<{ id: string; slug: string }>())!;
    await d1.prepare(`UPDATE products SET name = name || ' (mẫu mới)' WHERE id = ?`).bind(p.id).run();
    const res = await syncCatalogToMongo(d1, mdb);
    expect(res).toMatchObject({ written: 1, removed: 0, version: await repos.d1.catalogVersion() });
    expect(await getProductOrRedirect(repos.mongo, p.slug, NOW)).toEqual(await getProductOrRedirect(repos.d1, p.slug, NOW));
    expect(await getCategoryTree(repos.mongo)).toEqual(await getCategoryTree(repos.d1));
    expect((await repos.mongo.brands()).map(toBrand)).toEqual((await repos.d1.brands()).map(toBrand));
  }, 300_000);
});
