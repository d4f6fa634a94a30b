/**
 * A product's media after upload (#14), through the Worker: image reorder / primary / delete (row first, then the
 * R2 object), and the certificate PDF — stored in the private FILES_BUCKET, downloadable by staff only, never
 * reachable by shoppers or through any public URL.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, ids, json, PNG_96, seedFixtures, tokenFor } from './fixtures';

let admin = '';
let pharmacist = '';
let customer = '';
const SEEDED_IMAGE = '01TESTIMGPARA000000000000';

beforeAll(async () => {
  await seedFixtures();
  admin = `Bearer ${await tokenFor('admin')}`;
  pharmacist = `Bearer ${await tokenFor('pharmacist')}`;
  customer = `Bearer ${await tokenFor('customer')}`;
});

const call = (method: string, path: string, auth: string, body?: unknown) =>
  api(path, { method, headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

async function upload(productId: string): Promise<{ id: string; key: string }> {
  const form = new FormData();
  form.set('file', new Blob([PNG_96], { type: 'image/png' }), 'a.png');
  form.set('alt', 'Ảnh phụ');
  const res = await api(`/v1/admin/products/${productId}/images`, { method: 'POST', body: form, headers: { authorization: admin } });
  expect(res.status).toBe(201);
  return json(res);
}
const order = async (productId: string) =>
  (await env.DB.prepare('SELECT id FROM product_images WHERE product_id = ? ORDER BY position, id').bind(productId).all<{ id: string }>()).results.map((r) => r.id);
const listImage = async (productId: string) => (await json(await call('GET', `/v1/admin/products?q=${productId}`, admin))).items[0].imageUrl;

describe('product images: reorder, primary, delete', () => {
  it('reorders the images; the first becomes what the lists and the product page show first', async () => {
    const a = await upload(ids.ibuprofen);
    const b = await upload(ids.ibuprofen);
    const c = await upload(ids.ibuprofen);
    const res = await call('PUT', `/v1/admin/products/${ids.ibuprofen}/images/order`, admin, { ids: [c.id, a.id, b.id] });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.images.map((i: any) => [i.id, i.position])).toEqual([[c.id, 0], [a.id, 1], [b.id, 2]]);
    expect(body.images[0]).toMatchObject({ url: `/v1/images/${c.key}`, alt: 'Ảnh phụ' });
    expect(await listImage(ids.ibuprofen)).toBe(`/v1/images/${c.key}`);
    const page = await json(await api('/v1/products/alpha-ibuprofen-400'));
    expect(page.images.map((i: any) => i.url)).toEqual([c.key, a.key, b.key].map((k) => `/v1/images/${k}`));
    expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'product.image.reorder' AND entity_id = ?`).bind(ids.ibuprofen).first('n')).toBe(1);

    // Set primary: b first, the others keep their order.
    const primary = await json(await call('POST', `/v1/admin/products/${ids.ibuprofen}/images/${b.id}/primary`, admin));
    expect(primary.images.map((i: any) => i.id)).toEqual([b.id, c.id, a.id]);
    expect(await listImage(ids.ibuprofen)).toBe(`/v1/images/${b.key}`);
  });

  it('refuses an order that is not exactly the product images (400 INVALID_IMAGE_ORDER) and changes nothing', async () => {
    const before = await order(ids.ibuprofen);
    for (const ids_ of [before.slice(1), [...before, SEEDED_IMAGE], [before[0], before[0], before[1]], [...before.slice(1), SEEDED_IMAGE]]) {
      const res = await call('PUT', `/v1/admin/products/${ids.ibuprofen}/images/order`, admin, { ids: ids_ });
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('INVALID_IMAGE_ORDER');
    }
    expect(await order(ids.ibuprofen)).toEqual(before);
    expect((await call('POST', `/v1/admin/products/${ids.ibuprofen}/images/${SEEDED_IMAGE}/primary`, admin)).status).toBe(404);
    expect((await call('PUT', `/v1/admin/products/01NOSUCHPRODUCT0000000000/images/order`, admin, { ids: [SEEDED_IMAGE] })).status).toBe(404);
  });

  it('deletes an image: the row (audited), then its R2 object; the next image becomes primary', async () => {
    const [first, second] = await order(ids.ibuprofen);
    const key = (await env.DB.prepare('SELECT r2_key AS k FROM product_images WHERE id = ?').bind(first).first<{ k: string }>())!.k;
    expect(await env.IMAGES_BUCKET.head(key)).not.toBeNull();
    const res = await call('DELETE', `/v1/admin/products/${ids.ibuprofen}/images/${first}`, admin);
    expect(res.status).toBe(200);
    expect((await json(res)).images.map((i: any) => i.id)[0]).toBe(second);
    expect(await order(ids.ibuprofen)).not.toContain(first);
    expect(await env.IMAGES_BUCKET.head(key)).toBeNull();
    expect((await api(`/v1/images/${key}`)).status).toBe(404);
    expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'product.image.delete' AND entity_id = ?`).bind(ids.ibuprofen).first('n')).toBe(1);
    // Again: 404, nothing else changes.
    expect((await call('DELETE', `/v1/admin/products/${ids.ibuprofen}/images/${first}`, admin)).status).toBe(404);
  });

  it('keeps a shared (seeded placeholder) object when deleting a row that references it', async () => {
    const res = await call('DELETE', `/v1/admin/products/${ids.paracetamol}/images/${SEEDED_IMAGE}`, admin);
    expect(res.status).toBe(200);
    expect(await env.IMAGES_BUCKET.head('products/placeholder/test-box.png')).not.toBeNull();
    expect(await listImage(ids.paracetamol)).toBeNull();
  });

  it('admin only: pharmacist and customer 403, anonymous 401, nothing changes', async () => {
    const before = await order(ids.ibuprofen);
    for (const [auth, status] of [[pharmacist, 403], [customer, 403], ['', 401]] as const) {
      expect((await call('PUT', `/v1/admin/products/${ids.ibuprofen}/images/order`, auth, { ids: [...before].reverse() })).status).toBe(status);
      expect((await call('POST', `/v1/admin/products/${ids.ibuprofen}/images/${before[1]}/primary`, auth)).status).toBe(status);
      expect((await call('DELETE', `/v1/admin/products/${ids.ibuprofen}/images/${before[0]}`, auth)).status).toBe(status);
    }
    expect(await order(ids.ibuprofen)).toEqual(before);
  });
});

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
async function putCertificate(productId: string, bytes: Uint8Array, name = 'Giấy chứng nhận GMP.pdf', auth = admin) {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type: 'application/pdf' }), name);
  return api(`/v1/admin/products/${productId}/certificate`, { method: 'PUT', body: form, headers: auth ? { authorization: auth } : {} });
}
const certKey = async (productId: string) => (await env.DB.prepare('SELECT certificate_key AS k FROM products WHERE id = ?').bind(productId).first<{ k: string | null }>())!.k;

describe('certificate PDF: private, staff only', () => {
  it('stores a PDF in FILES_BUCKET and lets admin and pharmacist download it', async () => {
    const res = await putCertificate(ids.amoxicillin, PDF);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ fileName: 'Giấy chứng nhận GMP.pdf', size: PDF.length, uploadedAt: expect.any(Number) });
    const key = (await certKey(ids.amoxicillin))!;
    expect(key).toMatch(new RegExp(`^certificates/${ids.amoxicillin}/[0-9A-Z]+\\.pdf$`));
    expect(await env.FILES_BUCKET.head(key)).not.toBeNull();
    expect(await env.IMAGES_BUCKET.head(key)).toBeNull();
    for (const auth of [admin, pharmacist]) {
      const dl = await call('GET', `/v1/admin/products/${ids.amoxicillin}/certificate`, auth);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('application/pdf');
      expect(dl.headers.get('cache-control')).toBe('private, no-store');
      expect(dl.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Giấy chứng nhận GMP.pdf')}`);
      expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PDF);
    }
    expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'product.certificate.upload' AND entity_id = ?`).bind(ids.amoxicillin).first('n')).toBe(1);
    // The staff product answer carries its metadata (never the storage key).
    const detail = await call('GET', `/v1/admin/products/${ids.amoxicillin}`, pharmacist);
    const text = await detail.text();
    expect(JSON.parse(text).certificate).toEqual({ fileName: 'Giấy chứng nhận GMP.pdf', size: PDF.length, uploadedAt: expect.any(Number) });
    expect(text).not.toContain('certificates/');
  });

  it('is never reachable by a shopper: 401/403 on the download, no key or URL in public answers, no public route serves it', async () => {
    const key = (await certKey(ids.amoxicillin))!;
    expect((await call('GET', `/v1/admin/products/${ids.amoxicillin}/certificate`, customer)).status).toBe(403);
    expect((await call('GET', `/v1/admin/products/${ids.amoxicillin}/certificate`, '')).status).toBe(401);
    for (const path of ['/v1/products/beta-amoxicillin-500', '/v1/products?limit=60', '/v1/search?q=amoxicillin', '/v1/brands/beta']) {
      const text = await (await api(path)).text();
      expect(text, path).not.toContain('certificates/');
      expect(text, path).not.toContain(key.split('/')[2]!);
      expect(text, path).not.toContain('GMP.pdf');
    }
    for (const path of [`/v1/images/${key}`, `/v1/images/${key.replace('certificates/', 'products/')}`]) {
      const res = await api(path);
      expect([400, 404], path).toContain(res.status);
    }
  });

  it('refuses a file that is not a PDF (415) or too large (413), keeping the current certificate', async () => {
    const key = await certKey(ids.amoxicillin);
    const notPdf = await putCertificate(ids.amoxicillin, PNG_96, 'fake.pdf');
    expect(notPdf.status).toBe(415);
    expect((await json(notPdf)).error.code).toBe('CERTIFICATE_NOT_PDF');
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await putCertificate(ids.amoxicillin, big);
    expect(tooBig.status).toBe(413);
    expect((await json(tooBig)).error.code).toBe('CERTIFICATE_TOO_LARGE');
    expect(await certKey(ids.amoxicillin)).toBe(key);
    expect((await putCertificate(ids.amoxicillin, PDF, 'x.pdf', pharmacist)).status).toBe(403);
    expect((await putCertificate('01NOSUCHPRODUCT0000000000', PDF)).status).toBe(404);
  });

  it('replacing deletes the old object; deleting removes row then object, and the download answers 404', async () => {
    const old = (await certKey(ids.amoxicillin))!;
    expect((await putCertificate(ids.amoxicillin, PDF, 'moi')).status).toBe(200);
    const now = (await certKey(ids.amoxicillin))!;
    expect(now).not.toBe(old);
    expect(await env.FILES_BUCKET.head(old)).toBeNull();
    const dl = await call('GET', `/v1/admin/products/${ids.amoxicillin}/certificate`, admin);
    expect(dl.headers.get('content-disposition')).toContain('filename="moi.pdf"');
    await dl.arrayBuffer();

    expect((await call('DELETE', `/v1/admin/products/${ids.amoxicillin}/certificate`, pharmacist)).status).toBe(403);
    const del = await call('DELETE', `/v1/admin/products/${ids.amoxicillin}/certificate`, admin);
    expect(del.status).toBe(200);
    expect(await certKey(ids.amoxicillin)).toBeNull();
    expect(await env.FILES_BUCKET.head(now)).toBeNull();
    expect((await json(await call('GET', `/v1/admin/products/${ids.amoxicillin}`, admin))).certificate).toBeNull();
    const gone = await call('GET', `/v1/admin/products/${ids.amoxicillin}/certificate`, admin);
    expect(gone.status).toBe(404);
    expect((await json(gone)).error.code).toBe('CERTIFICATE_NOT_FOUND');
    expect((await call('DELETE', `/v1/admin/products/${ids.amoxicillin}/certificate`, admin)).status).toBe(404);
  });
});

describe('a soft-deleted product is read-only until restored (#14 review)', () => {
  it('image upload, reorder, primary, image delete, certificate upload and delete answer 409 PRODUCT_DELETED like PATCH, and change nothing', async () => {
    const image = await upload(ids.hidden);
    expect((await putCertificate(ids.hidden, PDF)).status).toBe(200);
    const key = await certKey(ids.hidden);
    const images = await order(ids.hidden);
    expect((await call('DELETE', `/v1/admin/products/${ids.hidden}`, admin)).status).toBe(200);

    const form = new FormData();
    form.set('file', new Blob([PNG_96], { type: 'image/png' }), 'b.png');
    form.set('alt', 'Ảnh');
    const answers = [
      await call('PATCH', `/v1/admin/products/${ids.hidden}`, admin, { name: 'Alpha Hidden 2' }),
      await api(`/v1/admin/products/${ids.hidden}/images`, { method: 'POST', body: form, headers: { authorization: admin } }),
      await call('PUT', `/v1/admin/products/${ids.hidden}/images/order`, admin, { ids: [...images].reverse() }),
      await call('POST', `/v1/admin/products/${ids.hidden}/images/${image.id}/primary`, admin),
      await call('DELETE', `/v1/admin/products/${ids.hidden}/images/${image.id}`, admin),
      await putCertificate(ids.hidden, PDF),
      await call('DELETE', `/v1/admin/products/${ids.hidden}/certificate`, admin),
    ];
    expect(answers.map((r) => r.status)).toEqual([409, 409, 409, 409, 409, 409, 409]);
    for (const r of answers) expect((await json(r)).error.code).toBe('PRODUCT_DELETED');
    expect(await order(ids.hidden)).toEqual(images);
    expect(await certKey(ids.hidden)).toBe(key);

    expect((await call('POST', `/v1/admin/products/${ids.hidden}/restore`, admin)).status).toBe(200);
    await upload(ids.hidden);
  });
});
