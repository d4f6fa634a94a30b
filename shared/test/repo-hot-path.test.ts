import { describe, expect, it } from 'vitest';
import { D1CatalogRepository } from '../src/catalog/repo.d1';
import { D1LocationRepository } from '../src/locations/repo.d1';

/** Never called: building a repository must not touch the database. */
const d1 = {} as D1Database;
const drizzleOf = (repo: object) => (repo as { db: { _: { schema?: unknown } } }).db._;

// #16 hot path: every catalogue, search and address request builds its repository (the D1 handle is per request).
// Built with drizzle's relational `schema`, each construction walks every table of schema.ts (~1 ms of CPU, twice per
// catalogue request); the repositories only use the query builder, so they must be built without it.
describe('per-request repositories', () => {
  it('build drizzle without the relational schema (no walk of schema.ts per request)', () => {
    for (const repo of [new D1CatalogRepository(d1), new D1LocationRepository(d1)]) {
      expect(drizzleOf(repo).schema).toBeUndefined();
    }
  });
});
