/**
 * #19 (ADR 0047): the api Worker with CATALOG_BACKEND=mongo, through its own fetch handler inside workerd, reading a
 * real MongoDB-wire server (FerretDB v1.24.2, test/ferretdb-setup.ts) with the real `mongodb` driver:
 * - after a full sync from D1, the storefront's catalogue GETs (listing with facets, filtered listing, a second page,
 *   product page, old-slug redirect, categories, one category, brands, one brand) answer exactly what D1 answers, with
 *   a client per request and through the MongoOrigin Durable Object;
 * - edge-cache keys carry MongoDB's own catalogue version;
 * - origin unreachable: 503 CATALOG_ORIGIN_UNAVAILABLE for what the edge does not hold, cached pages still served,
 *   and cart and checkout (D1 only) unaffected;
 * - an admin write announces `catalog.sync` at once (no cron), and the consumer Worker applies it.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { MongoClient, type Db } from 'mongodb';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureMongoIndexes, syncCatalogToMongo } from '@medicare/shared/catalog/sync.mongo';
import { instrumentD1 } from '@medicare/shared/db/instrument';
import worker, { runScheduled } from '../src/index';
import { catalogOriginBreaker } from '../src/adapters';
import { publishCatalogFeeds } from '../src/outbox';
import { catalogResponseMemory, catalogVersionMemo } from '../src/cache';
import { afterVersionBound, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';
import { capturingQueue, deliverToConsumer } from './queue';

const uri = inject('mongodbUri');
const MONGODB_DB = `worker_${crypto.randomUUID().slice(0, 8)}`;
const perRequestEnv = { ...env, CATALOG_BACKEND: 'mongo', MONGODB_URI: uri, MONGODB_DB };
const doEnv = { ...perRequestEnv, MONGODB_CLIENT: 'durable-object' };
/** Nothing listens on port 9 of loopback: connection refused. */
const downEnv = { ...perRequestEnv, MONGODB_URI: 'mongodb://127.0.0.1:9/?directConnection=true' };

async function call(path: string, e: Record<string, unknown>, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch!(new Request(`https://api.medicare.test${path}`, init) as never, e as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** One client per use: a client must not outlive the unit of work that opened it inside workerd. */
async function withMongo<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { maxPoolSize: 2, serverSelectionTimeoutMS: 10_000 });
  try {
    return await run(client.db(MONGODB_DB));
  } finally {
    await client.close();
  }
}

const mongoVersion = () => withMongo(async (db) => (await db.collection<{ _id: string; value: number }>('meta').findOne({ _id: 'catalog_version' }))!.value);
/** Moves MongoDB's version on (as a sync of a newer D1 version would): new edge-cache keys, so the next reads miss. */
const bumpMongoVersion = (by: number) => withMongo((db) => db.collection<{ _id: string; value: number }>('meta').updateOne({ _id: 'catalog_version' }, { $inc: { value: by } }));

/** Storefront GETs: every catalogue read route the shop uses, with filters, facets, a cursor page and a redirect. */
const PATHS = [
  '/v1/products?category=thuoc&limit=2&facets=true',
  '/v1/products?brand=alpha,gamma&sort=price_asc&limit=50',
  '/v1/products?rx=false&inStock=true&minPrice=1000&sort=newest&limit=4',
  '/v1/products/alpha-paracetamol-500',
  '/v1/products/gamma-cleanser',
  '/v1/categories',
  '/v1/categories/thuoc-giam-dau',
  '/v1/brands',
  '/v1/brands/gamma',
];

beforeAll(async () => {
  await seedFixtures();
  // The ward the order in the origin-unreachable case ships to (checkout validates it against D1's locations).
  await env.DB.batch(hcmWard());
  // An old slug of a shop product (redirect) exists in D1 before the sync, as a slug rename leaves it.
  await env.DB.prepare('INSERT INTO product_slug_redirects (old_slug, product_id, created_at) VALUES (?, ?, ?)').bind('alpha-paracetamol-cu', ids.paracetamol, 1).run();
  await withMongo(async (db) => {
    await ensureMongoIndexes(db);
    await syncCatalogToMongo(env.DB, db);
  });
});

afterEach(() => {
  catalogOriginBreaker.reset();
  catalogVersionMemo.resetClock();
});

/** Reads each path with `e`, after moving the isolate's memo past its bound (the next request re-reads the version). */
async function readAll(e: Record<string, unknown>) {
  afterVersionBound();
  catalogResponseMemory.clear();
  const out: Array<{ path: string; status: number; backend: string | null; cache: string | null; version: string | null; body: unknown }> = [];
  for (const path of PATHS) {
    const res = await call(path, e);
    out.push({ path, status: res.status, backend: res.headers.get('x-catalog-backend'), cache: res.headers.get('x-cache'), version: res.headers.get('x-catalog-version'), body: await res.json() });
  }
  return out;
}

describe('CATALOG_BACKEND=mongo: the storefront reads MongoDB', () => {
  it('answers every catalogue GET exactly as D1 does, per request and through the Durable Object', async () => {
    const d1 = await readAll(env as never);
    expect(d1.every((r) => r.status === 200 && r.backend === 'd1' && r.cache === 'MISS')).toBe(true);
    // The D1 answers are the real thing (not empty pages).
    expect((d1[0]!.body as any).items.length).toBe(2);
    expect((d1[0]!.body as any).nextCursor).toBeTruthy();
    expect((d1[3]!.body as any).units.length).toBeGreaterThan(0);

    // MongoDB's version moves on: keys differ from the D1 entries just stored, so these reads miss and ask MongoDB.
    await bumpMongoVersion(1000);
    const perRequest = await readAll(perRequestEnv);
    expect(perRequest.map((r) => [r.path, r.status, r.backend, r.cache])).toEqual(PATHS.map((p) => [p, 200, 'mongo', 'MISS']));
    expect(new Set(perRequest.map((r) => r.version))).toEqual(new Set([String(await mongoVersion())]));
    expect(perRequest.map((r) => r.body)).toEqual(d1.map((r) => r.body));

    await bumpMongoVersion(1000);
    const viaObject = await readAll(doEnv);
    expect(viaObject.map((r) => [r.path, r.status, r.backend, r.cache])).toEqual(PATHS.map((p) => [p, 200, 'mongo-do', 'MISS']));
    expect(viaObject.map((r) => r.body)).toEqual(d1.map((r) => r.body));
  });

  it('follows the listing cursor to the same second page, and answers old slugs and unknown slugs as D1 does', async () => {
    const first = await json(await call('/v1/products?category=thuoc&limit=2&sort=best_selling', perRequestEnv));
    expect(first.nextCursor).toBeTruthy();
    const page2 = `/v1/products?category=thuoc&limit=2&sort=best_selling&cursor=${encodeURIComponent(first.nextCursor)}`;
    const [m2, d2] = [await call(page2, perRequestEnv), await call(page2, env as never)];
    expect(m2.headers.get('x-catalog-backend')).toBe('mongo');
    expect(await m2.json()).toEqual(await d2.json());

    const moved = await call('/v1/products/alpha-paracetamol-cu', doEnv);
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe('/v1/products/alpha-paracetamol-500');
    for (const path of ['/v1/products/khong-co-san-pham', '/v1/brands/khong-co', '/v1/categories/khong-co']) {
      const [m, d] = [await call(path, perRequestEnv), await call(path, env as never)];
      expect(m.status).toBe(404);
      expect(await m.json()).toEqual(await d.json());
    }
  });
});

describe('CATALOG_BACKEND=mongo: origin unreachable', () => {
  it('answers 503 CATALOG_ORIGIN_UNAVAILABLE for what the edge does not hold, keeps serving what it holds, and leaves cart and checkout alone', async () => {
    afterVersionBound();
    const cached = await call('/v1/products/alpha-ibuprofen-400', perRequestEnv);
    expect(cached.status).toBe(200);
    expect(cached.headers.get('x-cache')).toBe('MISS');

    // The origin goes away; the isolate's version is past its bound, so the next request tries to read it again.
    afterVersionBound();
    const again = await call('/v1/products/alpha-ibuprofen-400', downEnv);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-cache')).toBe('HIT');
    for (const path of ['/v1/products/beta-amoxicillin-500', '/v1/products?category=duoc-my-pham', '/v1/brands/alpha']) {
      const res = await call(path, downEnv);
      expect(res.status).toBe(503);
      expect((await json(res)).error.code).toBe('CATALOG_ORIGIN_UNAVAILABLE');
      expect(res.headers.get('cache-control')).not.toContain('public');
    }
    // Through the Durable Object too (the breaker is reset: the object's failed connection answers, not the breaker).
    catalogOriginBreaker.reset();
    const viaObject = await call('/v1/products?category=thuoc-khang-sinh', { ...downEnv, MONGODB_CLIENT: 'durable-object' });
    expect(viaObject.status).toBe(503);
    expect((await json(viaObject)).error.code).toBe('CATALOG_ORIGIN_UNAVAILABLE');

    // Cart and checkout read D1 only.
    const add = await call('/v1/cart/items', downEnv, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }) });
    expect(add.status, await add.clone().text()).toBe(200);
    const order = await call('/v1/orders', downEnv, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `mongo-down-${crypto.randomUUID()}` },
      body: JSON.stringify({ items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { recipientName: 'Phạm Minh Châu', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '45 Lý Tự Trọng' }, paymentMethod: 'cod' }),
    });
    expect(order.status, await order.clone().text()).toBe(201);
  });
});

describe('CATALOG_BACKEND=mongo: a write reaches the documents without the cron', () => {
  it('announces catalog.sync right after the admin write (in waitUntil, no cron run), and the consumer brings the document up to date', async () => {
    const q = capturingQueue();
    const writerEnv = { ...perRequestEnv, EVENTS: q.EVENTS };
    const admin = await tokenFor('admin', 'mongo-admin');
    const send = (method: string, path: string, body?: unknown) =>
      call(path, writerEnv, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const product = await json(await send('GET', `/v1/admin/products/${ids.serum}`));
    const price = product.units[0].price + 1_000;
    const edit = await send('PATCH', `/v1/admin/products/${ids.serum}`, { units: [{ ...product.units[0], retiredAt: undefined, price }] });
    expect(edit.status, await edit.clone().text()).toBe(200);

    // `call` waited for the request's waitUntil work: the event went out with no cron in between.
    const announced = q.take('catalog.sync');
    expect(announced).toHaveLength(1);
    const feedSeq = await env.DB.prepare(`SELECT value FROM meta WHERE key = 'catalog_feed_seq'`).first<number>('value');
    expect(announced[0]!.payload).toEqual({ upTo: feedSeq });
    // Announced once: the next cron finds nothing new to announce, and finding that costs one read, no write.
    const cron = capturingQueue();
    expect((await runScheduled({ ...perRequestEnv, EVENTS: cron.EVENTS } as never)).catalogEvents).toBe(0);
    const probe = instrumentD1(env.DB);
    expect(await publishCatalogFeeds(perRequestEnv as never, probe.db, Date.now())).toEqual({ searchEvents: 0, catalogEvents: 0 });
    expect([probe.stats.queries, probe.stats.writes]).toEqual([1, 0]);
    // A shopper's write that moves no feed (a cart line) announces nothing.
    const cart = await call('/v1/cart/items', writerEnv, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }) });
    expect(cart.status, await cart.clone().text()).toBe(200);
    expect(q.sent).toEqual([]);

    // The consumer Worker (with MongoDB) applies it: the product document has the new price.
    await deliverToConsumer(announced, perRequestEnv);
    const doc = await withMongo((db) => db.collection<{ _id: string; units: Array<{ price: number; isDefault: boolean }> }>('products').findOne({ _id: ids.serum }));
    expect(doc?.units.find((u) => u.isDefault)?.price).toBe(price);
    // And the storefront answer from MongoDB equals D1's (a new version: the edge cache holds the old page).
    await bumpMongoVersion(1000);
    afterVersionBound();
    catalogResponseMemory.clear();
    const [m, d] = [await call('/v1/products/gamma-serum', perRequestEnv), await call('/v1/products/gamma-serum', env as never)];
    expect(m.headers.get('x-catalog-backend')).toBe('mongo');
    expect(await m.json()).toEqual(await d.json());
  });
});
