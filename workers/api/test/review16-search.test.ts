/**
 * #16 adversarial review (REVIEW16.md): search and listing facets/paging after the single-statement rewrite
 * (shared/src/catalog/repo.d1.ts listingWithFacets). Each test FAILS on the trial merge.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@medicare/shared/catalog/cursor';
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

describe('R16-S2 a search cursor does not say which engine made it (shared/src/search/service.ts searchProducts)', () => {
  // The Elasticsearch adapter's relevance cursor is [0, 0, -_score] (index.elastic.ts `sort`), its _score carrying the
  // in-stock band (IN_STOCK_BOOST = 50 000); the D1 adapter reads the same three keys as (tier, -inStock, bm25 × popularity).
  // Both are encoded as `search:relevance`, so when Elasticsearch times out between page 1 and page 2 (the fallback),
  // or a page 1 cached from one engine is followed by a page 2 from the other, page 2 silently drops products.
  it('refuses (400 INVALID_CURSOR) a relevance cursor made by the other engine instead of skipping every in-stock hit', async () => {
    const first = await json(await api('/v1/search?q=gamma&limit=2'));
    expect(first.items.some((p: any) => p.inStock)).toBe(true);
    const esCursor = encodeCursor({ sort: 'search:relevance', keys: [0, 0, -50_012.5], id: bulkId(0) });
    const res = await api(`/v1/search?q=gamma&limit=2&cursor=${esCursor}`);
    const body = await json(res);
    // On the merge: 200 with only out-of-stock hits ([gamma-serum,false],[gamma-bulk-20,false]): every in-stock hit is skipped.
    expect({ status: res.status, code: body.error?.code, items: body.items?.map((p: any) => [p.slug, p.inStock]) }).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });
});
