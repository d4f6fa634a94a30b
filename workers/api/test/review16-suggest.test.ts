/**
 * #16 adversarial review (REVIEW16.md): autocomplete's "names first" choice (shared/src/search/index.d1.ts suggest,
 * the `pick` CTE). FAILS on the trial merge.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogVersionMemo } from '../src/cache';
import { api, ids, json, seedFixtures } from './fixtures';

beforeAll(async () => {
  catalogVersionMemo.setClock(() => 11_000_000);
  await seedFixtures();
  // A visible, approved product whose indications (not its name) hold the word a hidden product has in its name.
  await env.DB.prepare("UPDATE products SET indications = 'Giảm đau, hạ sốt; thay thế Alpha Hidden.' WHERE id = ?").bind(ids.paracetamol).run();
});
afterAll(() => catalogVersionMemo.resetClock());

describe('R16-S3 autocomplete decides "names only" from products a shopper may not see', () => {
  it('still suggests the visible product when the only name match is hidden', async () => {
    // `pick` counts name matches over the whole FTS table (hidden, unapproved, deleted included) and, when there are
    // at least `limit`, searches names only; the hidden hit is then filtered out and nothing is left.
    const res = await api('/v1/search/suggest?q=hidden&limit=1');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.products.map((p: any) => p.slug)).toEqual(['alpha-paracetamol-500']);
  });
});
