/** "Bought together" recommendations from the consumer's co-purchase counts. */
import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ids, seedFixtures } from '../../api/test/fixtures';

beforeAll(async () => {
  await seedFixtures();
  const pair = (a: string, b: string, orders: number) => env.DB.prepare('INSERT INTO co_purchases (product_id, other_id, orders, updated_at) VALUES (?, ?, ?, 0)').bind(a, b, orders);
  await env.DB.batch([
    pair(ids.paracetamol, ids.amoxicillin, 2),
    pair(ids.paracetamol, ids.cleanser, 5),
    pair(ids.paracetamol, ids.serum, 9), // serum: everything reserved, so not sellable
    pair(ids.paracetamol, ids.hidden, 20), // hidden from the shop
    pair(ids.paracetamol, ids.ibuprofen, 0), // taken back to zero
  ]);
});

const get = (path: string) => SELF.fetch(`https://recommendation.test${path}`);

describe('GET /v1/recommendations/products/{slug}/bought-together', () => {
  it('lists shop-visible products bought with this one, sellable first, then by orders together', async () => {
    const slug = (await env.DB.prepare('SELECT slug FROM products WHERE id = ?').bind(ids.paracetamol).first<{ slug: string }>())!.slug;
    const res = await get(`/v1/recommendations/products/${slug}/bought-together`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { product: string; items: Array<{ id: string; boughtTogether: number; inStock: boolean; defaultUnit: { price: number } }> };
    expect(body.product).toBe(slug);
    expect(body.items.map((i) => [i.id, i.boughtTogether, i.inStock])).toEqual([
      [ids.cleanser, 5, true],
      [ids.amoxicillin, 2, true],
      [ids.serum, 9, false],
    ]);
    expect(body.items[0]!.defaultUnit.price).toBe(199_000); // the same card as listings (sale price applied)
    expect((await get(`/v1/recommendations/products/${slug}/bought-together?limit=1`)).status).toBe(200);
  });

  it('404 for an unknown product, 400 for a bad limit', async () => {
    const missing = await get('/v1/recommendations/products/khong-co-san-pham-nay/bought-together');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'PRODUCT_NOT_FOUND' } });
    expect((await get('/v1/recommendations/products/abc/bought-together?limit=500')).status).toBe(400);
  });
});
