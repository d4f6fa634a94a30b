/**
 * #19 (ADR 0047): catalogue writes reach the MongoDB read documents. A `catalog.sync` event (published by the api
 * Worker from the catalogue change feed, shared/src/catalog/feed.ts, right after the writing request and on its cron)
 * makes this Worker pull every feed change past MongoDB's own position and rebuild those products' documents from D1
 * (`applyCatalogFeed`). The event's id is deduplicated like every other (`once` in process.ts); a redelivered, late
 * or reordered event pulls from the current position, so it applies nothing twice and never moves a document back
 * (the documents' version guard).
 */
import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { mongoConfig, type MongoBindings } from '@medicare/shared/catalog/mongo-config';
import { CATALOG_SYNC_EVENT } from '@medicare/shared/catalog/feed';
import { applyCatalogFeed } from '@medicare/shared/catalog/sync.mongo';
import type { EventHandlers } from './process';

export interface CatalogSyncEnv extends MongoBindings {
  DB: D1Database;
}

export function catalogSyncHandlers<B extends CatalogSyncEnv>(): EventHandlers<B> {
  return {
    [CATALOG_SYNC_EVENT]: async (event: EventEnvelope, env: B) => {
      const cfg = mongoConfig(env);
      if (!cfg) {
        // The api announces the feed but this Worker has no MongoDB (its CATALOG_BACKEND/MONGODB_URI differ). Nothing
        // is lost: the changes stay in the feed past MongoDB's position, and the next event applied by a consumer with
        // MongoDB pulls them all. Said loudly, since documents lag until then.
        console.warn(JSON.stringify({ level: 'warn', msg: 'catalog.sync not applied: this consumer has no MongoDB (set CATALOG_BACKEND=mongo and MONGODB_URI like the api Worker)', eventId: event.id }));
        return;
      }
      // Loaded here, not at module scope: the mongodb driver only where a catalog.sync event is applied.
      const { openMongo } = await import('@medicare/shared/catalog/client.mongo');
      const mongo = openMongo(cfg, { socketTimeoutMS: 30_000 });
      try {
        const res = await applyCatalogFeed(env.DB, mongo.db);
        console.info(JSON.stringify({ level: 'info', msg: 'catalogue documents synced', eventId: event.id, ...res }));
      } finally {
        await mongo.close();
      }
    },
  };
}
