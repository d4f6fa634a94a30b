/**
 * #19 MongoDB → D1 import (`npm run mongo:sync -- --from mongo`, ADR 0047): the seed catalogue in D1 (node:sqlite) is
 * synced into a real FerretDB (`--from d1`), then imported into an EMPTY D1 (the real migrations): the catalogue
 * reads of both D1 databases answer the same (listings with filters, sorts, facets and paging; product pages; the
 * category tree and brands). A second import writes nothing; bad documents are refused in a report, not a crash.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSeed } from '../seed/load.mjs';
import { COLLECTIONS, type ProductDoc } from '../shared/src/catalog/doc.mongo';
import { importCatalogFromMongo } from '../shared/src/catalog/import.mongo';
import { D1CatalogRepository } from '../shared/src/catalog/repo.d1';
import { getBrand, getCategoryTree, getProductOrRedirect, listProducts, toBrand } from '../shared/src/catalog/service';
import { ProductListQuerySchema } from '../shared/src/catalog/schemas';
import { ensureMongoIndexes, syncCatalogToMongo } from '../shared/src/catalog/sync.mongo';
import { SqliteD1 } from './d1-sqlite';

const NOW = Date.parse('2026-11-25T03:00:00Z');
const source = new SqliteD1().migrate();
const target = new SqliteD1().migrate();
const client = new MongoClient(inject('mongodbUri'), { serverSelectionTimeoutMS: 10_000, maxPoolSize: 4 });
let mdb: Db;
const repos = { source: new D1CatalogRepository(source.asD1()), target: new D1CatalogRepository(target.asD1()) };
type Side = keyof typeof repos;

beforeAll(async () => {
  await loadSeed(source.asD1(), { today: '2026-11-25', locations: false });
  // Reservations belong to orders, which a migrating team leaves behind: the import brings stock on hand only.
  source.db.exec('UPDATE stock_batches SET reserved = 0');
  await client.connect();
  mdb = client.db(`import_${randomUUID().slice(0, 8)}`);
  await ensureMongoIndexes(mdb);
  await syncCatalogToMongo(source.asD1(), mdb);
}, 240_000);

afterAll(async () => {
  await mdb?.dropDatabase().catch(() => undefined);
  await client.close();
});

async function list(side: Side, query: Record<string, string>) {
  return listProducts(repos[side], ProductListQuerySchema.parse(query), NOW);
}

describe('MongoDB → D1 import into an empty database', () => {
  it('imports every category, brand, product and batch; the catalogue reads answer as the source D1 does', async () => {
    const report = await importCatalogFromMongo(mdb, target.asD1(), { now: NOW });
    const count = (db: SqliteD1, table: string) => Number((db.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
    expect(report.refused).toEqual([]);
    expect(report.products).toBe(count(source, 'products'));
    for (const t of ['categories', 'brands', 'products', 'product_units', 'product_images', 'product_ingredients', 'product_slug_redirects']) expect(count(target, t), t).toBe(count(source, t));
    expect(report.batches).toBe(Number((source.db.prepare('SELECT count(*) AS n FROM stock_batches WHERE quantity > 0').get() as { n: number }).n));
    // Stock entered through the ledger (opening movements): the database keeps quantity = the ledger's sum.
    expect(count(target, 'stock_movements')).toBe(report.batches);

    expect(await getCategoryTree(repos.target)).toEqual(await getCategoryTree(repos.source));
    expect((await repos.target.brands()).map(toBrand)).toEqual((await repos.source.brands()).map(toBrand));
    const someBrand = (await repos.source.brands())[5]!.slug;
    expect(await getBrand(repos.target, someBrand)).toEqual(await getBrand(repos.source, someBrand));
    const cat = (source.db.prepare(`SELECT c.slug FROM categories c WHERE c.level = 1 ORDER BY c.slug LIMIT 1`).get() as { slug: string }).slug;
    const queries: Array<Record<string, string>> = [
      { sort: 'relevance', facets: 'true', limit: '48' },
      { sort: 'price_asc', facets: 'true', category: cat, limit: '24' },
      { sort: 'best_selling', inStock: 'true', limit: '24' },
      { sort: 'newest', rx: 'true', limit: '24' },
    ];
    for (const query of queries) {
      expect(await list('target', query), JSON.stringify(query)).toEqual(await list('source', query));
    }
    const slugs = (source.db.prepare(`SELECT slug FROM products ORDER BY id LIMIT 25`).all() as Array<{ slug: string }>).map((r) => r.slug);
    const redirect = source.db.prepare(`SELECT old_slug AS s FROM product_slug_redirects LIMIT 1`).get() as { s: string } | undefined;
    for (const slug of [...slugs, ...(redirect ? [redirect.s] : [])]) {
      const read = (side: Side) => getProductOrRedirect(repos[side], slug, NOW).catch((e) => ({ error: e.code }));
      expect(await read('target'), slug).toEqual(await read('source'));
    }
  }, 300_000);

  it('is idempotent: a second import writes nothing (the catalogue version does not move)', async () => {
    const version = await repos.target.catalogVersion();
    const again = await importCatalogFromMongo(mdb, target.asD1(), { now: NOW + 1000 });
    expect(again).toMatchObject({ products: 0, categories: 0, brands: 0, batches: 0, refused: [] });
    expect(again.unchanged).toBeGreaterThan(100);
    expect(await repos.target.catalogVersion()).toBe(version);
  }, 300_000);

  it('refuses bad documents with a report (which document, what is wrong) and imports the rest', async () => {
    const bad = client.db(`import_bad_${randomUUID().slice(0, 8)}`);
    try {
      const good = (await mdb.collection<ProductDoc>(COLLECTIONS.products).find({}).limit(3).toArray()) as ProductDoc[];
      const cats = await mdb.collection(COLLECTIONS.categories).find({}).toArray();
      const brands = await mdb.collection(COLLECTIONS.brands).find({}).toArray();
      await bad.collection(COLLECTIONS.categories).insertMany(cats);
      await bad.collection(COLLECTIONS.brands).insertMany(brands);
      await bad.collection<ProductDoc>(COLLECTIONS.products).insertMany([
        { ...good[0]!, _id: 'BAD-PRICE', slug: 'gia-am', units: good[0]!.units.map((u) => ({ ...u, price: -5 })) },
        { ...good[1]!, _id: 'BAD-BRAND', slug: 'khong-thuong-hieu', brand: { ...good[1]!.brand, id: 'KHONG-CO' } },
        { ...good[2]!, _id: 'BAD-SLUG', slug: 'Có Dấu' },
        { _id: 'BAD-EMPTY', name: 'Chỉ có tên' } as never,
        { ...good[0]!, _id: 'GOOD-NEW', slug: `${good[0]!.slug}-ban-moi`, oldSlugs: [], units: good[0]!.units.map((u) => ({ ...u, id: `${u.id}X` })), images: [], batches: [] },
      ]);
      const fresh = new SqliteD1().migrate();
      const report = await importCatalogFromMongo(bad, fresh.asD1(), { now: NOW });
      expect(report.products).toBe(1);
      expect(report.refused.map((r) => r.id).sort()).toEqual(['BAD-BRAND', 'BAD-EMPTY', 'BAD-PRICE', 'BAD-SLUG']);
      expect(report.refused.find((r) => r.id === 'BAD-PRICE')!.problem).toMatch(/units\.0\.price/);
      expect(report.refused.find((r) => r.id === 'BAD-BRAND')!.problem).toMatch(/brand\.id/);
      expect(Number((fresh.db.prepare(`SELECT count(*) AS n FROM products`).get() as { n: number }).n)).toBe(1);
    } finally {
      await bad.dropDatabase().catch(() => undefined);
    }
  }, 120_000);
});
