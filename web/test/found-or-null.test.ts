// A storefront detail page's read (foundOrNull): "not found" only when the api says so; any other failure is the
// error page, never a 404 that crawlers would drop the page for.
import { describe, expect, it } from 'vitest';
import { foundOrNull } from '../src/lib/api';

const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('foundOrNull', () => {
  it('gives the body of a 200', async () => {
    expect(await foundOrNull(answer(200, { slug: 'oresol-245' }))).toEqual({ slug: 'oresol-245' });
  });

  it('gives null for the api’s 404 and 400 (unknown or malformed slug)', async () => {
    expect(await foundOrNull(answer(404, { error: { code: 'PRODUCT_NOT_FOUND', message: 'Không tìm thấy sản phẩm' } }))).toBeNull();
    expect(await foundOrNull(answer(400, { error: { code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ' } }))).toBeNull();
  });

  it('throws for any other failure, with the api’s code', async () => {
    await expect(foundOrNull(answer(503, { error: { code: 'CATALOG_ORIGIN_UNAVAILABLE', message: 'Tạm thời không đọc được danh mục' } }))).rejects.toThrow('The api answered 503 (CATALOG_ORIGIN_UNAVAILABLE)');
    await expect(foundOrNull(new Response('gateway', { status: 502 }))).rejects.toThrow('The api answered 502 (HTTP_502)');
  });
});
