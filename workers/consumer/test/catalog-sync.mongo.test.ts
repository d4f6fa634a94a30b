/**
 * #19 (ADR 0047): catalogue writes reach the MongoDB read documents through the real path — a write in D1 (its
 * triggers record the change feed in the same transaction) → the api cron's step (`publishCatalogFeed`: one
 * `catalog.sync` outbox row) → that outbox row delivered to this Worker's queue handler → `applyCatalogFeed` against a
 * real FerretDB (test/ferretdb-setup.ts) with the `mongodb` driver inside workerd. Redelivery, out-of-order delivery
 * and a consumer without MongoDB neither regress nor lose a change.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openMongo, type MongoHandle } from '@medicare/shared/catalog/client.mongo';
import { COLLECTIONS, type BrandDoc, type MetaDoc, type ProductDoc } from '@medicare/shared/catalog/doc.mongo';
import { CATALOG_SYNC_EVENT, FEED_PUBLISHED_KEY, publishCatalogFeed } from '@medicare/shared/catalog/feed';
import { d1CatalogVersion, ensureMongoIndexes, mongoFeedPosition, syncCatalogToMongo } from '@medicare/shared/catalog/sync.mongo';
import { receiveStatements } from '@medicare/shared/stock/ledger.d1';
import { ids, seedFixtures } from '../../api/test/fixtures';
import worker from '../src/index';

const cfg = { uri: inject('mongodbUri'), db: `consumer_${crypto.randomUUID().slice(0, 8)}` };
const mongoEnv = { ...env, CATALOG_BACKEND: 'mongo', MONGODB_URI: cfg.uri, MONGODB_DB: cfg.db };

/** One MongoDB client per test (the driver's module-level client hangs across requests inside workerd). */
async function withMongo<T>(run: (m: MongoHandle) => Promise<T>): Promise<T> {
  const m = openMongo(cfg, { serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 30_000 });
  try {
    return await run(m);
  } finally {
    await m.close();
  }
}
const doc = (id: string) => withMongo((m) => m.db.collection<ProductDoc>(COLLECTIONS.products).findOne({ _id: id }));
const mongoVersion = () => withMongo(async (m) => (await m.db.collection<MetaDoc>(COLLECTIONS.meta).findOne({ _id: 'catalog_version' }))?.value ?? 0);

/** What the api cron does: the feed's position becomes an outbox row. Returns that row as the queue carries it. */
async function cronPublishes(now = Date.now()) {
  expect(await publishCatalogFeed(env.DB, now)).toBe(1);
  const row = (await env.DB.prepare(`SELECT id, type, aggregate_type, aggregate_id, payload, created_at FROM outbox_events WHERE type = ? ORDER BY created_at DESC, id DESC LIMIT 1`).bind(CATALOG_SYNC_EVENT).first<Record<string, string | number>>())!;
  return { id: String(row.id), type: String(row.type), aggregateType: String(row.aggregate_type), aggregateId: String(row.aggregate_id), occurredAt: Number(row.created_at), payload: JSON.parse(String(row.payload)) };
}

/** The consumer Worker's queue handler receives one message with that body. */
async function deliver(body: unknown, e: Record<string, unknown> = mongoEnv, messageId = crypto.randomUUID()) {
  const batch = createMessageBatch('medicare-events', [{ id: messageId, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue!(batch as never, e as never, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks, 'acknowledged').toHaveLength(1);
  expect(result.retryMessages, 'not retried').toHaveLength(0);
}

const bulk = (i: number) => `01TESTPRODBULK${String(i).padStart(12, '0')}`;

beforeAll(async () => {
  await seedFixtures();
  // The operator's full sync (npm run mongo:sync -- --from d1): documents, version and the feed position.
  await withMongo(async (m) => {
    await ensureMongoIndexes(m.db);
    await syncCatalogToMongo(env.DB, m.db);
  });
  // Everything the seed wrote is in the documents: nothing to announce beyond the full sync's position...
  expect(await withMongo((m) => mongoFeedPosition(m.db))).toBe(Number((await env.DB.prepare(`SELECT value FROM meta WHERE key = 'catalog_feed_seq'`).first<{ value: number }>())!.value));
}, 120_000);

afterAll(async () => {
  await withMongo((m) => m.db.dropDatabase()).catch(() => undefined);
});

describe('catalogue writes in D1 reach the MongoDB documents through the outbox and the consumer', () => {
  it('a price change, a hide, a stock receipt, a sell-out and a brand rename: one event applies them all, then the version', async () => {
    const before = await doc(ids.paracetamol);
    expect(before!.units.find((u) => u.isDefault)!.price).toBe(100_000);
    const now = Date.now();
    const receipt = receiveStatements(env.DB, { productId: ids.amoxicillin, lotNumber: 'A-2', expiryDate: '2030-01-01', quantity: 300, costPrice: 500, supplier: null, receivedAt: now, actor: { id: null, role: 'admin' } }, now);
    await env.DB.batch([
      env.DB.prepare('UPDATE product_units SET price = 120000 WHERE id = ?').bind('01TESTUNITPARAHOP000000000'),
      env.DB.prepare('UPDATE products SET visible = 0 WHERE id = ?').bind(ids.ibuprofen),
    ]);
    await env.DB.batch(receipt.statements);
    // A checkout reserving the last units: only the availability summary flips (reserved is not a document column).
    await env.DB.prepare('UPDATE stock_batches SET reserved = quantity WHERE product_id = ?').bind(ids.cleanser).run();
    await env.DB.prepare('UPDATE brands SET name = ? WHERE id = ?').bind('Gamma Skin Việt Nam', ids.brandGamma).run();
    expect((await doc(ids.ibuprofen))!.shopVisible, 'nothing reached MongoDB before the event').toBe(true);

    const event = await cronPublishes();
    expect(event.payload).toEqual({ upTo: expect.any(Number) });
    await deliver(event);

    expect((await doc(ids.paracetamol))!.units.find((u) => u.isDefault)!.price).toBe(120_000);
    expect((await doc(ids.ibuprofen))!.shopVisible).toBe(false);
    expect((await doc(ids.amoxicillin))!.batches.map((b) => b.lotNumber).sort()).toEqual(['A-1', 'A-2']);
    expect((await doc(ids.cleanser))!.availability!.inStock).toBe(false);
    // The brand collection (taxonomy) and every document embedding the brand.
    expect((await withMongo((m) => m.db.collection<BrandDoc>(COLLECTIONS.brands).findOne({ _id: ids.brandGamma })))!.name).toBe('Gamma Skin Việt Nam');
    expect((await doc(bulk(3)))!.brand.name).toBe('Gamma Skin Việt Nam');
    expect(await mongoVersion()).toBe(await d1CatalogVersion(env.DB));
    // The outbox row is acknowledged and the side effect recorded once.
    expect((await env.DB.prepare('SELECT acked_at FROM outbox_events WHERE id = ?').bind(event.id).first<{ acked_at: number | null }>())!.acked_at).not.toBeNull();
    expect((await env.DB.prepare('SELECT count(*) AS n FROM consumed_events WHERE event_id = ? AND lease_until IS NULL').bind(event.id).first<{ n: number }>())!.n).toBe(1);
  }, 60_000);

  it('redelivery and out-of-order delivery neither regress a document nor apply anything twice', async () => {
    await env.DB.prepare('UPDATE product_units SET price = 130000 WHERE id = ?').bind('01TESTUNITPARAHOP000000000').run();
    const first = await cronPublishes();
    await env.DB.prepare('UPDATE product_units SET price = 140000 WHERE id = ?').bind('01TESTUNITPARAHOP000000000').run();
    await env.DB.prepare('UPDATE products SET name = ? WHERE id = ?').bind('Alpha Paracetamol 500mg (mới)', ids.paracetamol).run();
    const second = await cronPublishes(Date.now() + 1);
    expect(first.id).not.toBe(second.id);

    // The later event first: it pulls every change, the earlier one then finds nothing past MongoDB's position.
    await deliver(second);
    const latest = (await doc(ids.paracetamol))!;
    expect(latest.units.find((u) => u.isDefault)!.price).toBe(140_000);
    expect(latest.name).toBe('Alpha Paracetamol 500mg (mới)');
    await deliver(first);
    expect((await doc(ids.paracetamol))!).toEqual(latest);
    // The same message again (a queue redelivery): acknowledged as done, nothing rewritten.
    await deliver(second);
    await deliver(second, mongoEnv, 'another-message-id');
    expect((await doc(ids.paracetamol))!).toEqual(latest);
    expect(await mongoVersion()).toBe(await d1CatalogVersion(env.DB));
    expect((await env.DB.prepare('SELECT count(*) AS n FROM consumed_events WHERE event_id IN (?, ?)').bind(first.id, second.id).first<{ n: number }>())!.n).toBe(2);
  }, 60_000);

  it('a consumer without MongoDB acknowledges the event but loses nothing: the next applied event carries the change', async () => {
    await env.DB.prepare('UPDATE products SET visible = 0 WHERE id = ?').bind(bulk(5)).run();
    const missed = await cronPublishes();
    const { CATALOG_BACKEND: _b, MONGODB_URI: _u, ...withoutMongo } = mongoEnv;
    await deliver(missed, withoutMongo);
    expect((await doc(bulk(5)))!.shopVisible, 'not applied by a consumer without MongoDB').toBe(true);
    await env.DB.prepare('UPDATE products SET visible = 1 WHERE id = ?').bind(ids.ibuprofen).run();
    await deliver(await cronPublishes(Date.now() + 2));
    expect((await doc(bulk(5)))!.shopVisible).toBe(false);
    expect((await doc(ids.ibuprofen))!.shopVisible).toBe(true);
  }, 60_000);

  it('a deleted product loses its document, and a backlog larger than a step is pulled whole', async () => {
    // bulk(4) has only an empty batch (no ledger movement), so D1 lets it go.
    await env.DB.prepare('DELETE FROM products WHERE id = ?').bind(bulk(4)).run();
    const statements = Array.from({ length: 20 }, (_, i) => env.DB.prepare('UPDATE product_units SET price = price + 1 WHERE product_id = ?').bind(bulk(i === 4 ? 24 : i)));
    await env.DB.batch(statements);
    await deliver(await cronPublishes());
    expect(await doc(bulk(4))).toBeNull();
    expect((await doc(bulk(0)))!.units[0]!.price).toBe(10_001);
    expect(await withMongo((m) => mongoFeedPosition(m.db))).toBe(Number((await env.DB.prepare(`SELECT value FROM meta WHERE key = 'catalog_feed_seq'`).first<{ value: number }>())!.value));
    // Caught up, the consumer pruned what it pulled: the feed holds nothing.
    expect((await env.DB.prepare('SELECT count(*) AS n FROM catalog_feed').first<{ n: number }>())!.n).toBe(0);
    // Nothing new: the cron writes no event.
    expect(await publishCatalogFeed(env.DB, Date.now() + 10)).toBe(0);
    expect(Number((await env.DB.prepare(`SELECT value FROM meta WHERE key = ?`).bind(FEED_PUBLISHED_KEY).first<{ value: number }>())!.value)).toBeGreaterThan(0);
  }, 60_000);
});
