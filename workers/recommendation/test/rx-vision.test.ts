// #18 prescription reading and drug-photo search through the recommendation Worker's handler, with the real `openai`
// client talking to the OpenAI stand-in (scripted per test by the image's digest): structured reading, matching to the
// seeded catalogue by ingredient + strength + form, clear errors for wrong/absent model answers, the labelled fallback
// without a key, caps and the per-IP limit, and no image or read text in logs.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../src/index';
import { ids, seedFixtures } from '../../api/test/fixtures';
import { imageDigest, labelledPng, RX_IDS, script, seedRxCatalogue, standinRequests, withModel } from './rx-fixtures';

beforeAll(async () => {
  await seedFixtures();
  await seedRxCatalogue();
});
afterEach(() => vi.restoreAllMocks());

async function call(req: Request, bindings: object = withModel(env)) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as never, bindings as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const readRx = (bytes: Uint8Array, bindings?: object, type = 'image/png') =>
  call(new Request('https://recommendation.internal/internal/rx/read', { method: 'POST', headers: { 'content-type': type }, body: bytes }), bindings);

const photoSearch = (bytes: Uint8Array, opts: { bindings?: object; ip?: string; type?: string } = {}) => {
  const form = new FormData();
  form.set('image', new Blob([bytes], { type: opts.type ?? 'image/png' }), 'hop-thuoc.png');
  return call(new Request('https://recommendation.test/v1/recommendations/photo-search', { method: 'POST', headers: { 'cf-connecting-ip': opts.ip ?? `198.51.100.${Math.floor(Math.random() * 250)}` }, body: form }), opts.bindings);
};

const PRESCRIPTION = {
  readable: true,
  drugs: [
    { name: 'Amoxicillin', strength: '500 mg', form: 'viên nang', quantity: '21 viên', instructions: 'Uống 1 viên x 3 lần/ngày sau ăn, 7 ngày' },
    { name: 'Paracetamol 500mg', strength: null, form: 'viên nén', quantity: '10 viên', instructions: 'Uống khi sốt trên 38,5 độ' },
    { name: 'Thuốc không có trong nhà thuốc XYZ', strength: '5 mg', form: null, quantity: null, instructions: null },
  ],
  prescriber: 'BS. Nguyễn Văn Bình',
  date: '28/11/2026',
};

describe('POST /internal/rx/read (prescription → structured draft matched to our catalogue)', () => {
  it('reads the drugs with the vision model and picks the seeded product by ingredient + strength + form', async () => {
    const img = labelledPng('rx-read-ok');
    const digest = await imageDigest(img);
    await script(digest, [{ content: JSON.stringify(PRESCRIPTION) }]);
    const logs = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    const res = await readRx(img);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; prescriber: string; prescribedOn: string; items: Array<{ name: string; strength: string | null; productId: string | null; matches: Array<{ productId: string; confidence: number; purchaseMode: string }> }> };
    expect(body).toMatchObject({ model: 'gpt-4o-mini', prescriber: 'BS. Nguyễn Văn Bình', prescribedOn: '28/11/2026' });
    expect(body.items).toHaveLength(3);
    // Amoxicillin 500 mg capsules: the Beta capsules, not the 500 mg tablets nor the 250 mg powder.
    const amox = body.items[0]!;
    expect(amox.productId).toBe(ids.amoxicillin);
    expect(amox.matches[0]).toMatchObject({ productId: ids.amoxicillin, confidence: 1, purchaseMode: 'consultation' });
    const others = amox.matches.slice(1).map((m) => m.productId);
    expect(others[0]).toBe(RX_IDS.amox500Tablet); // same strength, other form
    expect(amox.matches.find((m) => m.productId === RX_IDS.amox250Powder)?.confidence ?? 0).toBeLessThan(amox.matches[1]!.confidence);
    expect(body.items[1]).toMatchObject({ productId: ids.paracetamol });
    expect(body.items[1]!.matches[0]).toMatchObject({ productId: ids.paracetamol, purchaseMode: 'cart', confidence: 1 });
    // A drug we do not carry: kept as a row, no product.
    expect(body.items[2]).toMatchObject({ name: 'Thuốc không có trong nhà thuốc XYZ', productId: null, matches: [] });
    // What went to the model: one image, a JSON schema answer, the default model.
    const sent = await standinRequests(digest);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ model: 'gpt-4o-mini', images: 1, response_format: { type: 'json_schema', json_schema: { name: 'prescription' } } });
    // Logs carry codes and counts, never the drugs, the prescriber or the image.
    const logged = logs.flatMap((l) => l.mock.calls.map((a) => a.join(' '))).join('\n');
    expect(logged).toContain('ai.rx.read');
    expect(logged).not.toMatch(/Amoxicillin|Nguyễn|base64|Paracetamol/);
  });

  it('answers 502 RX_READER_FAILED for an off-schema answer, a refusal or a model error; 422 when nothing is readable', async () => {
    const cases: Array<[string, unknown, number, string]> = [
      ['rx-offschema', { content: JSON.stringify({ drugs: 'không phải danh sách' }) }, 502, 'RX_READER_FAILED'],
      ['rx-notjson', { content: 'Tôi không chắc.' }, 502, 'RX_READER_FAILED'],
      ['rx-refusal', { refusal: 'Tôi không thể giúp với yêu cầu này.' }, 502, 'RX_READER_FAILED'],
      ['rx-http500', { status: 500 }, 502, 'RX_READER_FAILED'],
      ['rx-unreadable', { content: JSON.stringify({ readable: false, drugs: [], prescriber: null, date: null }) }, 422, 'RX_UNREADABLE'],
    ];
    for (const [label, reply, status, code] of cases) {
      const img = labelledPng(label);
      await script(await imageDigest(img), [reply, reply]);
      const res = await readRx(img);
      expect(res.status, label).toBe(status);
      expect(await res.json(), label).toMatchObject({ error: { code } });
    }
  });

  it('without an OpenAI key answers 503 RX_READER_OFF (status says off); a PDF is 415; an empty body 400', async () => {
    const off = await readRx(labelledPng('rx-off'), env);
    expect(off.status).toBe(503);
    expect(await off.json()).toMatchObject({ error: { code: 'RX_READER_OFF' } });
    expect(await (await call(new Request('https://recommendation.internal/internal/ai/status'), env)).json()).toEqual({ vision: false });
    expect(await (await call(new Request('https://recommendation.internal/internal/ai/status'))).json()).toEqual({ vision: true });
    const pdf = await readRx(new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), undefined, 'application/pdf');
    expect(pdf.status).toBe(415);
    expect(await pdf.json()).toMatchObject({ error: { code: 'RX_FILE_NOT_IMAGE' } });
    expect((await readRx(new Uint8Array())).status).toBe(400);
  });
});

describe('POST /v1/recommendations/photo-search ("Tìm bằng hình ảnh")', () => {
  it('reads name and strength from a box and returns the seeded product for sale', async () => {
    const img = labelledPng('box-paracetamol');
    const digest = await imageDigest(img);
    await script(digest, [{ content: JSON.stringify({ readable: true, name: 'Alpha Paracetamol', strength: '500mg', form: 'viên nén' }) }]);
    const logs = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    const res = await photoSearch(img);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mode: string; read: unknown; message: string | null; items: Array<{ id: string; purchaseMode: string; consultationHref: string | null; confidence: number }> };
    expect(body).toMatchObject({ mode: 'model', read: { name: 'Alpha Paracetamol', strength: '500mg' }, message: null });
    expect(body.items[0]).toMatchObject({ id: ids.paracetamol, purchaseMode: 'cart', consultationHref: null, confidence: 1 });
    expect((await standinRequests(digest))[0]).toMatchObject({ images: 1, response_format: { type: 'json_schema', json_schema: { name: 'drug_box' } } });
    const logged = logs.flatMap((l) => l.mock.calls.map((a) => a.join(' '))).join('\n');
    expect(logged).toContain('ai.photo_search');
    expect(logged).not.toMatch(/Paracetamol|base64/);
  });

  it('shows a prescription-only product with the consultation path, never for sale', async () => {
    const img = labelledPng('box-amoxicillin');
    await script(await imageDigest(img), [{ content: JSON.stringify({ readable: true, name: 'Beta Amoxicillin', strength: '500 mg', form: 'viên nang cứng' }) }]);
    const body = (await (await photoSearch(img)).json()) as { items: Array<{ id: string; purchaseMode: string; consultationHref: string | null }> };
    expect(body.items[0]).toMatchObject({ id: ids.amoxicillin, purchaseMode: 'consultation', consultationHref: '/tu-van-duoc-si?san-pham=beta-amoxicillin-500' });
  });

  it('without a key: 200, mode fallback, a labelled message asking to type the name; unreadable photo: a message, no items', async () => {
    const off = await photoSearch(labelledPng('box-off'), { bindings: env });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ mode: 'fallback', read: null, message: expect.stringContaining('gõ tên thuốc'), items: [] });
    const img = labelledPng('box-blurry');
    await script(await imageDigest(img), [{ content: JSON.stringify({ readable: false, name: null, strength: null, form: null }) }]);
    expect(await (await photoSearch(img)).json()).toEqual({ mode: 'model', read: null, message: expect.stringContaining('Không đọc được'), items: [] });
  });

  it('a model error is 502 PHOTO_SEARCH_FAILED; wrong type 415, empty 400, too large 413; the 11th photo in 10 minutes from one IP is 429', async () => {
    const img = labelledPng('box-error');
    await script(await imageDigest(img), [{ status: 503 }]);
    const failed = await photoSearch(img);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { code: 'PHOTO_SEARCH_FAILED' } });
    const gif = await photoSearch(new TextEncoder().encode('GIF89a........'), { type: 'image/gif' });
    expect(gif.status).toBe(415);
    expect(await gif.json()).toMatchObject({ error: { code: 'UNSUPPORTED_FILE_TYPE' } });
    expect((await photoSearch(new Uint8Array())).status).toBe(400);
    const big = new Uint8Array(8 * 1024 * 1024 + 1);
    big.set(labelledPng('big'));
    const tooLarge = await photoSearch(big);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await photoSearch(labelledPng('box-off'), { bindings: env, ip: '203.0.113.77' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
