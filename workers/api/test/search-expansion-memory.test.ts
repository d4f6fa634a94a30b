/**
 * #16 (ADR 0043, "HTTP hot path: where a miss goes"): a D1 search makes two round trips, the query expansion (typo
 * corrections from the index vocabulary, synonyms, accent-exact words) and the search. The api Worker remembers an
 * expansion per isolate under the catalogue version of the request's cache key: the next miss of the same words (another
 * filter, sort or page) makes one round trip, answers exactly what a cold isolate answers, and a new catalogue version
 * (here a synonym written straight into D1) expands again.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogResponseMemory, catalogVersionMemo, searchExpansionMemory } from '../src/cache';
import { afterVersionBound, api, json, seedFixtures } from './fixtures';

beforeAll(async () => {
  catalogVersionMemo.setClock(() => 31_000_000);
  await seedFixtures();
});
afterAll(() => catalogVersionMemo.resetClock());
beforeEach(() => {
  catalogResponseMemory.clear();
  searchExpansionMemory.clear();
});

type SearchBody = { query: { corrections: Record<string, string[]> }; items: Array<{ slug: string }>; total: number; facets: unknown };

async function miss(query: string) {
  const res = await api(`/v1/search?${query}`);
  const body = await json<SearchBody>(res);
  expect(res.status).toBe(200);
  expect(res.headers.get('x-cache')).toBe('MISS');
  return { body, d1: Number(res.headers.get('x-d1-queries')) };
}

describe('search expansions remembered per catalogue version', () => {
  it('expands a query once: its next miss (another filter) makes one D1 round trip and answers what a cold isolate answers', async () => {
    await (await api('/v1/categories')).arrayBuffer(); // the version is in this isolate's memory: a miss reads only its data
    const first = await miss('q=paracetamon&minPrice=1');
    expect(first.d1).toBe(2);
    expect(first.body.query.corrections).toEqual({ paracetamon: ['paracetamol'] });
    expect(searchExpansionMemory.size()).toBe(1);

    const again = await miss('q=paracetamon&minPrice=2');
    expect(again.d1).toBe(1);

    // A cold isolate (nothing remembered) gives the same answer for that query (no price lies between 2 and 3 VND).
    searchExpansionMemory.clear();
    const cold = await miss('q=paracetamon&minPrice=3');
    expect(cold.d1).toBe(2);
    expect(again.body).toEqual(cold.body);
    expect(again.body.items.map((i) => i.slug)).toContain('alpha-paracetamol-500');
  });

  it('never uses an expansion across catalogue versions: a new synonym takes effect as soon as the version moves', async () => {
    await (await api('/v1/categories')).arrayBuffer();
    expect((await miss('q=thuocxyzabc&minPrice=1')).body.total).toBe(0);
    expect((await miss('q=thuocxyzabc&minPrice=2')).d1).toBe(1); // remembered at this version
    // Another writer adds a synonym straight into D1 (its trigger bumps the catalogue version).
    await env.DB.prepare("INSERT INTO search_synonyms (term, synonym, kind, created_at) VALUES ('thuocxyzabc', 'paracetamol', 'other', 0)").run();
    afterVersionBound();
    const after = await miss('q=thuocxyzabc&minPrice=3');
    expect(after.body.items.map((i) => i.slug)).toContain('alpha-paracetamol-500');
  });

  it('keeps nothing for autocomplete, which does not expand its prefix', async () => {
    await (await api('/v1/search/suggest?q=para')).arrayBuffer();
    expect(searchExpansionMemory.size()).toBe(0);
  });
});
