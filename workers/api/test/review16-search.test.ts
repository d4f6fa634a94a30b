/**
 * #16 adversarial review (REVIEW16.md): search and listing facets/paging after the single-statement rewrite
 * (shared/src/catalog/repo.d1.ts listingWithFacets). Each test FAILS on the trial merge.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogVersionMemo } from '../src/cache';
import { api, BULK_COUNT, json, seedFixtures } from './fixtures';

const bulkId = (i: number) => `01TESTPRODBULK${String(i).padStart(12, '0')}`;

beforeAll(async () => {
  catalogVersionMemo.setClock(() => 9_000_000);
  await seedFixtures();
  // A catalogue with more brands than a facet shows (every bulk product gets its own brand): brand facets are the
  // 20 largest groups (main, and the Elasticsearch adapter: `terms` size 20).
  const now = Date.now();
  const stmts = [];
  for (let i = 0; i < BULK_COUNT; i++) {
    const id = `01TESTBRANDREV${String(i).padStart(11, '0')}`;
    stmts.push(env.DB.prepare('INSERT INTO brands (id, slug, name, country, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').bind(id, `rev-brand-${i}`, `Rev Brand ${i}`, 'Việt Nam', now, now));
    stmts.push(env.DB.prepare('UPDATE products SET brand_id = ? WHERE id = ?').bind(id, bulkId(i)));
  }
  await env.DB.batch(stmts);
});
afterAll(() => catalogVersionMemo.resetClock());

describe('R16-S1 brand/category facets are capped at 20 groups (repo.d1.ts entityFacet)', () => {
  it('listing facets show at most 20 brands', async () => {
    const res = await api('/v1/products?facets=true&category=sua-rua-mat');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.total).toBeGreaterThan(20);
    // entityFacet's ORDER BY … LIMIT 20 sits on the aggregate query (one row), not on the groups: every brand comes back.
    expect(body.facets.brands.length).toBeLessThanOrEqual(20);
  });

  it('search facets show at most 20 brands', async () => {
    const res = await api('/v1/search?q=gamma%20bulk');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.total).toBeGreaterThan(20);
    expect(body.facets.brands.length).toBeLessThanOrEqual(20);
  });
});
