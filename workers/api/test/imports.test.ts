/**
 * Import/export (#14, ADR 0028) through the routes staff use, with the real queue and consumer Worker: the dry run
 * reports exactly the broken rows (row, column, Vietnamese message) and writes nothing, one running import per store
 * (409), formula-like cells sanitised in exports, and the commit path to completion.
 */
import { env } from 'cloudflare:test';
import { read, utils } from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSheet, type SheetValue } from '@medicare/shared/catalog/io/sheet';
import { api, ids, json, seedFixtures, tokenFor } from './fixtures';

let admin = '';
const auth = () => ({ authorization: `Bearer ${admin}` });

beforeAll(async () => {
  await seedFixtures();
  admin = await tokenFor('admin');
});

async function upload(bytes: Uint8Array, name: string, kind: 'products' | 'batches' = 'products') {
  const f = new FormData();
  f.set('file', new Blob([bytes]), name);
  f.set('kind', kind);
  return api('/v1/admin/imports', { method: 'POST', headers: auth(), body: f });
}

/** Polls the import until it reaches one of `states` (the consumer works through the queue). */
async function until(id: string, states: string[]) {
  let last: any;
  await expect
    .poll(
      async () => {
        last = await json(await api(`/v1/admin/imports/${id}`, { headers: auth() }));
        return states.includes(last.status);
      },
      { timeout: 60_000, interval: 100 },
    )
    .toBe(true);
  return last;
}

const catalogState = async () =>
  env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM products) AS products, (SELECT COUNT(*) FROM product_units) AS units, (SELECT COUNT(*) FROM stock_batches) AS batches,
            (SELECT value FROM meta WHERE key = 'catalog_version') AS version, (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'product.%') AS audits`,
  ).first();

function validRow(i: number): Record<string, SheetValue> {
  return {
    product_name: `Sản phẩm nhập ${i}`,
    prices: JSON.stringify([
      { unit: 'Hộp', factor: 10, price: 50_000 + i, weight: 100, default: true },
      { unit: 'Viên', factor: 1, price: 6_000, weight: 10, default: false },
    ]),
    ingredients: JSON.stringify([{ name: 'Paracetamol', strength: '500mg' }]),
    slug: `san-pham-nhap-${i}`,
    description: 'Mô tả ngắn.',
    full_descriptions: '## Mô tả\n\n- Giảm đau',
    origin: 'Việt Nam',
    uses: 'Giảm đau, hạ sốt.',
    dosage_form: 'Viên nén',
    brand: 'Alpha Pharma',
    prescription_required: 'Không',
    registration_number: 'VD-12345-18',
    main_category_name: 'Thuốc',
    sub_category_name: 'Thuốc giảm đau',
    child_category_name: 'Thuốc hạ sốt',
    pack_spec: 'Hộp 1 vỉ x 10 viên',
    base_unit: 'viên',
  };
}

/** 20 rows, each broken in one way (the column that must be reported). */
const BROKEN: Array<[string, (r: Record<string, SheetValue>) => void]> = [
  ['product_name', (r) => (r.product_name = 'A')],
  ['prices', (r) => (r.prices = 'không phải JSON')],
  ['prices', (r) => (r.prices = '[]')],
  ['prices', (r) => (r.prices = JSON.stringify([{ unit: 'Hộp', factor: 10, price: 1000, weight: 1, default: true }, { unit: 'Vỉ', factor: 1, price: 100, weight: 1, default: true }]))],
  ['prices', (r) => (r.prices = JSON.stringify([{ unit: 'Hộp', factor: 10, price: 0, weight: 1, default: true }]))],
  ['prices', (r) => (r.prices = JSON.stringify([{ unit: 'Hộp', factor: 10, price: 1000, sale_price: 2000, weight: 1, default: true }]))],
  ['ingredients', (r) => (r.ingredients = '{ hỏng')],
  ['brand', (r) => (r.brand = 'Thương hiệu không có')],
  ['main_category_name', (r) => ((r.main_category_name = 'Không có'), (r.sub_category_name = ''), (r.child_category_name = ''))],
  ['child_category_name', (r) => (r.child_category_name = 'Không có')],
  ['registration_number', (r) => (r.registration_number = 'XYZ')],
  ['prescription_required', (r) => (r.prescription_required = 'có lẽ')],
  ['manufacture_country', (r) => (r.manufacture_name = 'Công ty Dược Ví Dụ')],
  ['slug', (r) => (r.slug = 'Slug Sai')],
  ['origin', (r) => (r.origin = '')],
  ['uses', (r) => (r.uses = '')],
  ['dosage_form', (r) => (r.dosage_form = '')],
  ['base_unit', (r) => (r.base_unit = '')],
  ['low_stock_threshold', (r) => (r.low_stock_threshold = '-3')],
  ['visible', (r) => (r.visible = 'hmm')],
];

describe('import dry run', () => {
  it('reports exactly the 20 broken rows, each with its column and a Vietnamese message, and writes nothing', async () => {
    const rows: Array<Record<string, SheetValue>> = [];
    const expected = new Map<number, string>();
    for (let i = 0; i < 60; i++) {
      const r = validRow(i);
      if (i % 3 === 1) {
        const [column, breakIt] = BROKEN[(i - 1) / 3]!;
        breakIt(r);
        expected.set(i + 2, column); // header is row 1
      }
      rows.push(r);
    }
    expect(expected.size).toBe(20);
    const before = await catalogState();
    const res = await upload(writeSheet('products', rows, 'xlsx'), 'san-pham.xlsx');
    expect(res.status).toBe(202);
    const { id } = await json(res);
    const done = await until(id, ['validated', 'failed']);
    expect(done).toMatchObject({ status: 'validated', totalRows: 60, processedRows: 60, validRows: 40, errorRows: 20 });
    const byRow = new Map<number, Array<{ column: string; message: string }>>();
    for (const e of done.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()]);
    for (const [row, column] of expected) {
      expect(byRow.get(row)!.map((e) => e.column), `row ${row}`).toContain(column);
      for (const e of byRow.get(row)!) expect(e.message).toMatch(/[à-ỹđ]/i); // Vietnamese, not zod's English defaults
    }
    expect(await catalogState()).toEqual(before);
  });

  it('reads the same rows from a .csv', async () => {
    const rows = [validRow(100), { ...validRow(101), brand: 'Không có' }];
    const { id } = await json(await upload(writeSheet('products', rows, 'csv'), 'san-pham.csv'));
    const done = await until(id, ['validated', 'failed']);
    expect(done).toMatchObject({ status: 'validated', totalRows: 2, validRows: 1, errorRows: 1 });
    expect(done.errors).toEqual([{ row: 3, column: 'brand', message: 'Không tìm thấy thương hiệu "Không có".' }]);
  });

  it('refuses a file without the template columns as a failed import, and a non-spreadsheet with 415', async () => {
    const { id } = await json(await upload(new TextEncoder().encode('a,b\n1,2\n'), 'x.csv'));
    const done = await until(id, ['failed', 'validated']);
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/thiếu cột/);
    const bad = await upload(new Uint8Array([0x25, 0x50, 0x44, 0x46]), 'x.pdf');
    expect(bad.status).toBe(415);
    expect((await json(bad)).error.code).toBe('UNSUPPORTED_FILE_TYPE');
  });
});

describe('one import at a time', () => {
  it('refuses a second import with 409 IMPORT_RUNNING while one runs, and accepts again once it is cancelled', async () => {
    const running = await upload(writeSheet('products', [validRow(200)], 'xlsx'), 'a.xlsx');
    const { id } = await json(running);
    // Hold it in a running state deterministically: the store's row is 'committing' as far as the lock is concerned.
    await until(id, ['validated']);
    await env.DB.prepare("UPDATE imports SET status = 'committing', phase = 'commit', cursor = 999999 WHERE id = ?").bind(id).run();
    const objectsBefore = (await env.FILES_BUCKET.list({ prefix: 'imports/' })).objects.length;
    const refused = await upload(writeSheet('products', [validRow(201)], 'xlsx'), 'b.xlsx');
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('IMPORT_RUNNING');
    expect((await env.FILES_BUCKET.list({ prefix: 'imports/' })).objects.length).toBe(objectsBefore);
    // Committing another validated import is refused the same way.
    const other = await env.DB.prepare("SELECT id FROM imports WHERE status = 'validated' LIMIT 1").first<{ id: string }>();
    const commit = await api(`/v1/admin/imports/${other!.id}/commit`, { method: 'POST', headers: auth() });
    expect(commit.status).toBe(409);
    expect((await json(commit)).error.code).toBe('IMPORT_RUNNING');

    expect((await api(`/v1/admin/imports/${id}/cancel`, { method: 'POST', headers: auth() })).status).toBe(200);
    const again = await upload(writeSheet('products', [validRow(202)], 'xlsx'), 'c.xlsx');
    expect(again.status).toBe(202);
    await until((await json(again)).id, ['validated']);
  });
});

describe('exports', () => {
  it('sanitises formula-like cells in .csv and .xlsx exports (CSV injection)', async () => {
    await env.DB.prepare("UPDATE products SET short_description = '=HYPERLINK(\"http://x\",\"bấm\")', dosage = '@SUM(1+1)', storage = '+84 nơi khô', precautions = '-1+2' WHERE id = ?")
      .bind(ids.ibuprofen)
      .run();
    const csv = await api('/v1/admin/exports/products.csv', { headers: auth() });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(text).toContain("'@SUM(1+1)");
    expect(text).toContain("'+84 nơi khô");
    expect(text).toContain("'-1+2");
    expect(text).not.toMatch(/(^|,)[=+@-][A-Z(0-9]/m);

    const xlsx = await api('/v1/admin/exports/products.xlsx', { headers: auth() });
    const book = read(new Uint8Array(await xlsx.arrayBuffer()), { type: 'array' });
    const sheet = utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!, { defval: '' });
    const ibu = sheet.find((r) => r.slug === 'alpha-ibuprofen-400')!;
    expect(ibu.description).toBe(`'=HYPERLINK("http://x","bấm")`);
    expect(ibu.dosage).toBe("'@SUM(1+1)");
    // No cell of the workbook is a formula.
    const ws = book.Sheets[book.SheetNames[0]!]!;
    expect(Object.values(ws).some((c) => c && typeof c === 'object' && 'f' in c)).toBe(false);
  });

  it('exports stock and batches with their columns', async () => {
    const stockBytes = new Uint8Array(await (await api('/v1/admin/exports/stock.csv', { headers: auth() })).arrayBuffer());
    expect([...stockBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel opens Vietnamese text right
    const stock = new TextDecoder().decode(stockBytes);
    expect(stock.split(/\r?\n/)[0]).toBe('slug,product_name,base_unit,on_hand,reserved,available,low_stock_threshold');
    expect(stock).toContain('alpha-paracetamol-500,Alpha Paracetamol 500mg,viên,1250,30,220,10');
    const batches = await (await api('/v1/admin/exports/batches.csv', { headers: auth() })).text();
    expect(batches.split(/\r?\n/)[0]).toBe('slug,product_name,lot_number,expiry_date,quantity,unit,cost_price,supplier,received_date,confirm_short_expiry');
    expect(batches).toContain('alpha-paracetamol-500,Alpha Paracetamol 500mg,P-NEW');
  });

  it('serves the template with the 33 original columns first and a guide sheet', async () => {
    const res = await api('/v1/admin/imports/template.xlsx', { headers: auth() });
    expect(res.status).toBe(200);
    const book = read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    expect(book.SheetNames).toEqual(['San pham', 'Huong dan']);
    const header = utils.sheet_to_json<string[]>(book.Sheets['San pham']!, { header: 1 })[0]!;
    expect(header.slice(0, 33)).toEqual([
      'product_name', 'name_primary', 'prices', 'ingredients', 'slug', 'description', 'full_descriptions', 'origin', 'uses', 'dosage', 'side_effects',
      'precautions', 'storage', 'dosage_form', 'brand', 'prescription_required', 'registration_number', 'main_category_name', 'sub_category_name',
      'child_category_name', 'manufacture_name', 'manufacture_address', 'manufacture_contact', 'images_1', 'images_2', 'images_3', 'images_4',
      'images_5', 'images_6', 'images_7', 'images_8', 'images_primary', 'certificate_file',
    ]);
  });
});

describe('commit through the queue', () => {
  const productsExport = async () => {
    const res = await api('/v1/admin/exports/products.xlsx', { headers: auth() });
    const book = read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    return utils.sheet_to_json<Record<string, SheetValue>>(book.Sheets[book.SheetNames[0]!]!, { defval: '', raw: false });
  };

  it('writes new and changed rows (new products wait for a pharmacist), skips unchanged ones, and re-importing the same file changes nothing', async () => {
    const exported = (await productsExport()).filter((r) => ['alpha-paracetamol-500', 'gamma-cleanser', 'alpha-hidden'].includes(String(r.slug)));
    expect(exported).toHaveLength(3);
    const para = exported.find((r) => r.slug === 'alpha-paracetamol-500')!;
    const units = JSON.parse(String(para.prices)) as Array<Record<string, unknown>>;
    units[0]!.price = 123_000; // a price edit: applied at once, no approval needed
    para.prices = JSON.stringify(units);
    const file = writeSheet('products', [...exported, validRow(300)], 'xlsx');

    const before = await catalogState();
    const { id } = await json(await upload(file, 'sua.xlsx'));
    const checked = await until(id, ['validated', 'failed']);
    expect(checked).toMatchObject({ status: 'validated', totalRows: 4, validRows: 4, errorRows: 0, errors: [] });
    expect(await catalogState()).toEqual(before); // the dry run wrote nothing

    const commit = await api(`/v1/admin/imports/${id}/commit`, { method: 'POST', headers: auth() });
    expect(commit.status).toBe(202);
    const done = await until(id, ['done', 'failed']);
    expect(done).toMatchObject({ status: 'done', createdCount: 1, updatedCount: 1, unchangedCount: 2, errorRows: 0 });

    const price = await env.DB.prepare("SELECT price FROM product_units WHERE id = '01TESTUNITPARAHOP000000000'").first<{ price: number }>();
    expect(price?.price).toBe(123_000);
    const created = await env.DB.prepare("SELECT approval_state AS state, (SELECT COUNT(*) FROM product_units u WHERE u.product_id = p.id) AS units FROM products p WHERE slug = 'san-pham-nhap-300'").first();
    expect(created).toEqual({ state: 'pending_review', units: 2 }); // hidden in the shop until a pharmacist approves
    expect((await api('/v1/products/san-pham-nhap-300')).status).toBe(404);

    // The same file again: updates by slug, no duplicates, nothing written.
    const mid = await catalogState();
    const again = await json(await upload(file, 'sua.xlsx'));
    await until(again.id, ['validated']);
    await api(`/v1/admin/imports/${again.id}/commit`, { method: 'POST', headers: auth() });
    const second = await until(again.id, ['done', 'failed']);
    expect(second).toMatchObject({ status: 'done', createdCount: 0, updatedCount: 0, unchangedCount: 4 });
    expect(await catalogState()).toEqual(mid);
  });

  it('writes product by product when the database refuses a chunk: the refused row leaves nothing behind, the others are written', async () => {
    // Two new products with one barcode: each passes on its own (the model checks barcodes against the database), but
    // the chunk's batch fails on the unique barcode, so the chunk is written product by product.
    const withBarcode = (i: number) => ({ ...validRow(i), prices: JSON.stringify([{ unit: 'Hộp', factor: 10, price: 50_000, weight: 100, barcode: '8930000000401', default: true }]) });
    const { id } = await json(await upload(writeSheet('products', [validRow(399), withBarcode(400), withBarcode(401)], 'xlsx'), 'chen.xlsx'));
    expect(await until(id, ['validated', 'failed'])).toMatchObject({ status: 'validated', validRows: 3 });
    await api(`/v1/admin/imports/${id}/commit`, { method: 'POST', headers: auth() });
    const done = await until(id, ['done', 'failed']);
    expect(done).toMatchObject({ status: 'done', createdCount: 2, errorRows: 1 });
    expect(done.errors.map((e: any) => e.row)).toEqual([4]);
    const rows = await env.DB.prepare(
      "SELECT p.slug, (SELECT COUNT(*) FROM product_units u WHERE u.product_id = p.id) AS units FROM products p WHERE p.slug LIKE 'san-pham-nhap-39_' OR p.slug LIKE 'san-pham-nhap-40_' ORDER BY p.slug",
    ).all();
    expect(rows.results).toEqual([
      { slug: 'san-pham-nhap-399', units: 2 },
      { slug: 'san-pham-nhap-400', units: 1 },
    ]);
    // Nothing of the refused product: no row, no revision, no audit entry.
    const slug401 = await env.DB.prepare("SELECT (SELECT COUNT(*) FROM audit_log WHERE data LIKE '%san-pham-nhap-401%') AS audits").first();
    expect(slug401).toEqual({ audits: 0 });
  });

  it('receives a batches sheet through the stock ledger, once', async () => {
    const rows = [
      { slug: 'gamma-cleanser', lot_number: 'IMP-1', expiry_date: '2030-01-31', quantity: 3, unit: 'Chai', cost_price: 150000, supplier: 'NPP Minh Long', received_date: '2026-11-20' },
      { slug: 'gamma-cleanser', lot_number: 'IMP-2', expiry_date: '2020-01-01', quantity: 1, unit: '', cost_price: '', supplier: '', received_date: '' },
      { slug: 'khong-co', lot_number: 'IMP-3', expiry_date: '2030-01-31', quantity: 1, unit: '', cost_price: '', supplier: '', received_date: '' },
    ];
    const file = writeSheet('batches', rows, 'csv');
    const { id } = await json(await upload(file, 'lo.csv', 'batches'));
    const checked = await until(id, ['validated', 'failed']);
    expect(checked.errors.map((e: any) => [e.row, e.column])).toEqual([
      [3, 'expiry_date'],
      [4, 'slug'],
    ]);
    await api(`/v1/admin/imports/${id}/commit`, { method: 'POST', headers: auth() });
    expect(await until(id, ['done', 'failed'])).toMatchObject({ status: 'done', createdCount: 1 });
    const batch = await env.DB.prepare("SELECT quantity, cost_price AS cost, supplier, (SELECT SUM(delta) FROM stock_movements m WHERE m.batch_id = b.id) AS ledger FROM stock_batches b WHERE lot_number = 'IMP-1'").first();
    expect(batch).toEqual({ quantity: 3, cost: 150000, supplier: 'NPP Minh Long', ledger: 3 });

    const again = await json(await upload(file, 'lo.csv', 'batches'));
    await until(again.id, ['validated']);
    await api(`/v1/admin/imports/${again.id}/commit`, { method: 'POST', headers: auth() });
    expect(await until(again.id, ['done', 'failed'])).toMatchObject({ status: 'done', createdCount: 0, unchangedCount: 1 });
    expect((await env.DB.prepare("SELECT quantity FROM stock_batches WHERE lot_number = 'IMP-1'").first<{ quantity: number }>())?.quantity).toBe(3);
  });
});
