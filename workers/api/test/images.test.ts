import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, ids, json, PNG_96, seedFixtures, tokenFor } from './fixtures';

beforeAll(seedFixtures);

async function upload(productId: string, file: Blob, role: 'admin' | 'customer' | 'pharmacist' | null = 'admin', alt = 'Ảnh sản phẩm') {
  const form = new FormData();
  form.set('file', file, 'anh.png');
  form.set('alt', alt);
  const headers: Record<string, string> = {};
  if (role) headers.authorization = `Bearer ${await tokenFor(role)}`;
  return api(`/v1/admin/products/${productId}/images`, { method: 'POST', body: form, headers });
}

describe('product images', () => {
  it('serves the original from R2 with immutable cache headers', async () => {
    const res = await api('/v1/images/products/placeholder/test-box.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG_96);
  });

  it('resizes to WebP through the Images binding and caches the variant', async () => {
    const res = await api('/v1/images/products/placeholder/test-box.png?w=64', { headers: { accept: 'image/avif,image/webp,*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('x-cache')).toBe('MISS');
    const info = await env.IMAGES.info(res.body!);
    expect(info).toMatchObject({ format: 'image/webp', width: 64, height: 64 });
    const again = await api('/v1/images/products/placeholder/test-box.png?w=64', { headers: { accept: 'image/webp' } });
    expect(again.headers.get('x-cache')).toBe('HIT');
    await again.arrayBuffer();
  });

  it('keeps the original format for clients that do not accept WebP', async () => {
    const res = await api('/v1/images/products/placeholder/test-box.png?w=64', { headers: { accept: 'image/png' } });
    expect(res.headers.get('content-type')).toBe('image/png');
    await res.arrayBuffer();
  });

  it.each([
    ['a width outside the allowed set', '/v1/images/products/placeholder/test-box.png?w=65', 400],
    ['a non-numeric width', '/v1/images/products/placeholder/test-box.png?w=big', 400],
    ['a key outside the image prefixes', '/v1/images/prescriptions/abc/def.png', 400],
    ['a traversal attempt', '/v1/images/products/..%2F..%2Fsecret/x.png', 400],
    ['a missing image', '/v1/images/products/placeholder/missing-one.png', 404],
  ])('answers %s with %i', async (_name, path, status) => {
    const res = await api(path);
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBeTypeOf('string');
  });

  it('lets only admins upload', async () => {
    const png = new Blob([PNG_96], { type: 'image/png' });
    expect((await upload(ids.cleanser, png, null)).status).toBe(401);
    expect((await upload(ids.cleanser, png, 'customer')).status).toBe(403);
    expect((await upload(ids.cleanser, png, 'pharmacist')).status).toBe(403);
    const bad = await api(`/v1/admin/products/${ids.cleanser}/images`, { method: 'POST', headers: { authorization: 'Bearer not.a.jwt' } });
    expect(bad.status).toBe(401);
  });

  it('stores an uploaded image in R2, links it to the product and invalidates the cached product', async () => {
    await api('/v1/products/gamma-cleanser'); // warm the cache
    expect((await api('/v1/products/gamma-cleanser')).headers.get('x-cache')).toBe('HIT');

    const res = await upload(ids.cleanser, new Blob([PNG_96], { type: 'application/octet-stream' }), 'admin', 'Gamma Cleanser mặt trước');
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ width: 96, height: 96 });
    expect(body.key).toMatch(new RegExp(`^products/${ids.cleanser}/[0-9A-Z]{26}\\.png$`));
    expect(await env.IMAGES_BUCKET.head(body.key)).not.toBeNull();

    const product = await api('/v1/products/gamma-cleanser');
    expect(product.headers.get('x-cache')).toBe('MISS');
    expect((await json(product)).images).toEqual([{ url: body.url, alt: 'Gamma Cleanser mặt trước', width: 96, height: 96 }]);
    const served = await api(`${body.url}?w=64`, { headers: { accept: 'image/webp' } });
    expect(served.headers.get('content-type')).toBe('image/webp');
    await served.arrayBuffer();
  });

  it('rejects non-images by their bytes, whatever the declared type', async () => {
    const res = await upload(ids.cleanser, new Blob(['<svg xmlns="http://www.w3.org/2000/svg"></svg>'], { type: 'image/png' }));
    expect(res.status).toBe(415);
    expect((await json(res)).error.code).toBe('UNSUPPORTED_IMAGE_TYPE');
  });

  it('rejects a truncated PNG that only looks like one', async () => {
    const res = await upload(ids.cleanser, new Blob([PNG_96.slice(0, 40)], { type: 'image/png' }));
    expect(res.status).toBe(415);
  });

  it('rejects oversized uploads with 413 before reading them', async () => {
    const big = new Uint8Array(6 * 1024 * 1024);
    big.set(PNG_96.slice(0, 8));
    const res = await upload(ids.cleanser, new Blob([big], { type: 'image/png' }));
    expect(res.status).toBe(413);
  });

  it('rejects a missing file, a missing alt text and an unknown product', async () => {
    const form = new FormData();
    form.set('alt', 'x');
    const noFile = await api(`/v1/admin/products/${ids.cleanser}/images`, { method: 'POST', body: form, headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
    expect(noFile.status).toBe(400);
    expect((await upload(ids.cleanser, new Blob([PNG_96]), 'admin', '')).status).toBe(400);
    expect((await upload('01NOSUCHPRODUCT0000000000', new Blob([PNG_96]))).status).toBe(404);
  });
});
