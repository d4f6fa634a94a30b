/**
 * The staff product list (#14): GET /v1/admin/products through the Worker, every filter, every sort walked page by
 * page with the keyset cursor (no product lost or repeated), the total, and refusals (bad cursor, unknown filters).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, BULK_COUNT, ids, json, NOW, seedFixtures, tokenFor } from './fixtures';

const bulk = (i: number) => `01TESTPRODBULK${String(i).padStart(12, '0')}`;
const DELETED = bulk(24);
const REJECTED = bulk(23);
const EDIT_REJECTED = bulk(22);
let admin = '';

beforeAll(async () => {
  await seedFixtures();
  admin = `Bearer ${await tokenFor('admin')}`;
  await env.DB.batch([
    env.DB.prepare('UPDATE products SET deleted_at = ? WHERE id = ?').bind(NOW, DELETED),
    env.DB.prepare(`UPDATE products SET approval_state = 'rejected' WHERE id = ?`).bind(REJECTED),
    env.DB.prepare(`UPDATE products SET name = 'Siro ho Bảo Thanh 125ml' WHERE id = ?`).bind(bulk(21)),
    // An approved product with a pending medical edit (still live, waiting for a pharmacist).
    env.DB.prepare(`INSERT INTO product_revisions (id, product_id, kind, state, proposed, before, submitted_at) VALUES ('01TESTREVIBU0000000000000', ?, 'edit', 'pending', '{}', '{}', ?)`).bind(ids.ibuprofen, NOW),
    // An approved product whose last edit was rejected.
    env.DB.prepare(`INSERT INTO product_revisions (id, product_id, kind, state, proposed, before, submitted_at, decided_at, note) VALUES ('01TESTREVBULK22000000000', ?, 'edit', 'rejected', '{}', '{}', ?, ?, 'Sai liều')`).bind(EDIT_REJECTED, NOW - 1000, NOW - 500),
  ]);
});

const ALL_LIVE = 7 + BULK_COUNT - 1;

async function list(query = '', auth = admin) {
  return api(`/v1/admin/products${query ? `?${query}` : ''}`, { headers: auth ? { authorization: auth } : {} });
}
async function ids_(query: string) {
  const res = await list(query);
  expect(res.status).toBe(200);
  const body = await json(res);
  return { ids: body.items.map((i: any) => i.id).sort(), total: body.total, items: body.items };
}

describe('GET /v1/admin/products: filters', () => {
  it('lists every product not deleted (hidden and unapproved ones too) with its total and the item fields', async () => {
    const { ids: got, total, items } = await ids_('limit=100');
    expect(total).toBe(ALL_LIVE);
    expect(got).toHaveLength(ALL_LIVE);
    expect(got).toContain(ids.hidden);
    expect(got).toContain(ids.pending);
    expect(got).not.toContain(DELETED);
    const para = items.find((i: any) => i.id === ids.paracetamol);
    expect(para).toMatchObject({
      slug: 'alpha-paracetamol-500', name: 'Alpha Paracetamol 500mg', imageUrl: '/v1/images/products/placeholder/test-box.png',
      categoryName: 'Thuốc hạ sốt', brandName: 'Alpha Pharma', prescriptionRequired: false, visible: true, deletedAt: null,
      approvalState: 'approved', hasPendingRevision: false, defaultUnit: { name: 'Hộp', price: 100_000, salePrice: null, onSale: false },
      available: 220, lowStock: true,
    });
    expect(items.find((i: any) => i.id === ids.ibuprofen).hasPendingRevision).toBe(true);
    expect(items.find((i: any) => i.id === ids.cleanser).defaultUnit).toEqual({ name: 'Chai', price: 250_000, salePrice: 199_000, onSale: true });
  });

  it.each([
    ['q=paracetamol', [ids.paracetamol]],
    ['q=ALPHA%20PARA', [ids.paracetamol]],
    ['q=gamma-serum', [ids.serum]],
    ['q=bao%20thanh', [bulk(21)]],
    ['q=B%E1%BA%A3o%20Th', [bulk(21)]],
    ['q=alp%20para', [ids.paracetamol]],
    ['q=beta%20amox', [ids.amoxicillin]],
    ['q=%22%20OR%20*', []],
    [`q=${ids.amoxicillin}`, [ids.amoxicillin]],
    [`categoryId=${ids.catGiamDau}`, [ids.paracetamol, ids.ibuprofen, ids.hidden, ids.pending]],
    [`categoryId=${ids.catKhangSinh}`, [ids.amoxicillin]],
    [`brandId=${ids.brandBeta}`, [ids.amoxicillin]],
    ['rx=true', [ids.amoxicillin]],
    ['status=hidden', [ids.hidden]],
    ['status=deleted', [DELETED]],
    ['approval=pending', [ids.pending, ids.ibuprofen]],
    ['approval=rejected', [REJECTED, EDIT_REJECTED]],
    ['onSale=true', [ids.cleanser]],
    ['lowStock=true', [ids.paracetamol, ids.amoxicillin, ids.ibuprofen, ids.serum, ids.hidden, ids.pending, ...[0, 4, 8, 12, 16, 20].map(bulk)]],
    [`noImage=true&brandId=${ids.brandAlpha}`, [ids.ibuprofen, ids.hidden, ids.pending]],
    [`rx=false&brandId=${ids.brandAlpha}&status=visible&approval=approved`, [ids.paracetamol, ids.ibuprofen]],
  ])('%s', async (query, expected) => {
    const { ids: got, total } = await ids_(`${query}&limit=100`);
    expect(got).toEqual([...expected].sort());
    expect(total).toBe(expected.length);
  });

  it('complements: rx=false, status=visible, onSale=false, lowStock=false, approval=approved add up to the whole list', async () => {
    for (const [a, b] of [['rx=true', 'rx=false'], ['status=visible', 'status=hidden'], ['onSale=true', 'onSale=false'], ['lowStock=true', 'lowStock=false']]) {
      const x = await ids_(`${a}&limit=1`);
      const y = await ids_(`${b}&limit=1`);
      expect(x.total + y.total).toBe(ALL_LIVE);
    }
  });

  it('refuses unknown categories and brands (404) and bad values (400)', async () => {
    expect((await json(await list('categoryId=01NOSUCHCATEGORY000000000'))).error.code).toBe('CATEGORY_NOT_FOUND');
    expect((await list('brandId=01NOSUCHBRAND000000000000')).status).toBe(404);
    for (const q of ['status=gone', 'approval=maybe', 'sort=random', 'limit=0', 'limit=101', 'noImage=false', 'rx=yes']) {
      const res = await list(q);
      expect(res.status, q).toBe(400);
    }
  });
});

const effective = (i: any) => (i.defaultUnit.onSale ? i.defaultUnit.salePrice : i.defaultUnit.price);
const ORDER: Record<string, (a: any, b: any) => boolean> = {
  newest: () => true,
  updated: (a, b) => a.updatedAt >= b.updatedAt,
  name: (a, b) => a.name <= b.name,
  price_asc: (a, b) => effective(a) <= effective(b),
  price_desc: (a, b) => effective(a) >= effective(b),
  stock_asc: (a, b) => a.available <= b.available,
};

describe('GET /v1/admin/products: sorts and the keyset cursor', () => {
  it.each(Object.keys(ORDER))('%s: pages of 4 walk every product once, in order, with the same total', async (sort) => {
    const seen: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await list(`sort=${sort}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.total).toBe(ALL_LIVE);
      seen.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(new Set(seen.map((i) => i.id)).size).toBe(ALL_LIVE);
    expect(seen).toHaveLength(ALL_LIVE);
    for (let i = 1; i < seen.length; i++) expect(ORDER[sort]!(seen[i - 1], seen[i]), `${sort} at ${i}`).toBe(true);
  });

  it('newest puts the most recently created first', async () => {
    const { items } = await json(await list('sort=newest&limit=3'));
    expect(items.map((i: any) => i.id)).not.toContain(ids.paracetamol);
    const last = await json(await list('sort=name&limit=1'));
    expect(last.items[0].name).toBe('Alpha Hidden');
  });

  it('refuses a forged cursor and a cursor made for another sort (400 INVALID_CURSOR)', async () => {
    const { nextCursor } = await json(await list('sort=name&limit=2'));
    expect(nextCursor).toBeTruthy();
    for (const q of [`sort=price_asc&cursor=${encodeURIComponent(nextCursor)}`, 'cursor=bm90LWEtY3Vyc29y', `sort=name&cursor=${encodeURIComponent(btoa(JSON.stringify(['name', [1], 'x'])))}`]) {
      const res = await list(q);
      expect(res.status, q).toBe(400);
      expect((await json(res)).error.code).toBe('INVALID_CURSOR');
    }
  });
});

describe('GET /v1/admin/products: who may call it', () => {
  it('staff only: pharmacist 200, customer 403, anonymous 401', async () => {
    expect((await list('', `Bearer ${await tokenFor('pharmacist')}`)).status).toBe(200);
    expect((await list('', `Bearer ${await tokenFor('customer')}`)).status).toBe(403);
    expect((await list('', '')).status).toBe(401);
  });
});
