/**
 * Import and export of products and stock batches (#14, ADR 0028), admin only. An upload is stored in the private
 * FILES_BUCKET and processed by the consumer Worker through the queue (dry run first, then commit on request); one
 * running import per store (409 IMPORT_RUNNING). Exports write the import's columns, formula-like cells sanitised.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cancelImport, commitImport, createImport } from '@medicare/shared/catalog/io/jobs.d1';
import { exportFile, getImport, listImports, MAX_ERRORS_SHOWN, templateFile } from '@medicare/shared/catalog/io/views.d1';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@medicare/shared/errors';
import { errorResponses } from '@medicare/shared/http/app';
import { allowBody } from '@medicare/shared/http/declared';
import { newId } from '@medicare/shared/ids';
import { requireRole, staffActor } from '../auth';
import type { ApiEnv } from '../env';
import { publishSoon } from '../outbox';

const tags = ['Admin: import/export'];
const security = [{ bearerAuth: [] }];
/** Largest upload: a 10,000-row products workbook is about 3 MiB. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';
const binary = (description: string) => ({ description, content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) }, 'text/csv': { schema: z.string() } } });

const STATUSES = ['queued', 'validating', 'validated', 'committing', 'done', 'failed', 'cancelled'] as const;
const ImportSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['products', 'batches']),
    fileName: z.string(),
    status: z.enum(STATUSES).openapi({ description: 'queued → validating → validated (dry run done) → committing → done; or failed / cancelled' }),
    totalRows: z.number().int(),
    processedRows: z.number().int().openapi({ description: 'Rows done in the current phase (validating or committing): the progress bar' }),
    validRows: z.number().int(),
    errorRows: z.number().int(),
    createdCount: z.number().int(),
    updatedCount: z.number().int(),
    unchangedCount: z.number().int(),
    failure: z.string().nullable().openapi({ description: 'Why the whole file was refused (unreadable, missing columns…), in Vietnamese' }),
    createdByName: z.string().nullable(),
    created: z.number().int().openapi({ description: 'Uploaded at (epoch ms)' }),
    updated: z.number().int(),
  })
  .openapi('ImportSummary');
const ImportDetailSchema = ImportSummarySchema.extend({
  errors: z.array(z.object({ row: z.number().int().openapi({ description: 'Spreadsheet row (the header is row 1)' }), column: z.string(), message: z.string() })),
  errorsTruncated: z.boolean().openapi({ description: `true when more than ${MAX_ERRORS_SHOWN} rows have errors (the first ones are listed)` }),
}).openapi('ImportDetail');

const IdParam = z.object({ id: z.string().min(10).max(40).openapi({ param: { name: 'id', in: 'path' } }) });
const KindQuery = z.object({ kind: z.enum(['products', 'batches']).default('products') });

const templateRoute = (type: 'xlsx' | 'csv') =>
  createRoute({
    method: 'get',
    path: `/v1/admin/imports/template.${type}`,
    tags,
    security,
    summary: `Download the import template (.${type}): the original's 33 product columns + ours, or the batches sheet`,
    request: { query: KindQuery },
    responses: { 200: binary('The template'), ...errorResponses(400, 401, 403) },
  });

const uploadRoute = createRoute({
  method: 'post',
  path: '/v1/admin/imports',
  tags,
  security,
  summary: 'Upload an .xlsx or .csv file: its dry run is queued (nothing is written until commit)',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.custom<File>((v) => v instanceof File, { message: 'Cần gửi tệp trong trường file' }).openapi({ type: 'string', format: 'binary' }),
            kind: z.enum(['products', 'batches']),
          }),
        },
      },
    },
  },
  responses: {
    202: { description: 'Dry run queued', content: { 'application/json': { schema: z.object({ id: z.string(), status: z.enum(STATUSES) }) } } },
    ...errorResponses(400, 401, 403, 409, 413, 415),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/admin/imports',
  tags,
  security,
  summary: 'Import history, newest first',
  request: { query: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  responses: {
    200: { description: 'Imports', content: { 'application/json': { schema: z.object({ items: z.array(ImportSummarySchema), nextCursor: z.string().nullable() }) } } },
    ...errorResponses(400, 401, 403),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/v1/admin/imports/{id}',
  tags,
  security,
  summary: 'An import: status, progress, counts and per-row errors (row, column, Vietnamese message)',
  request: { params: IdParam },
  responses: { 200: { description: 'The import', content: { 'application/json': { schema: ImportDetailSchema } } }, ...errorResponses(400, 401, 403, 404) },
});

const commitRoute = createRoute({
  method: 'post',
  path: '/v1/admin/imports/{id}/commit',
  tags,
  security,
  summary: 'Write a validated import (rows with errors are skipped); new products go to pharmacist approval',
  request: { params: IdParam },
  responses: {
    202: { description: 'Commit queued', content: { 'application/json': { schema: ImportDetailSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/admin/imports/{id}/cancel',
  tags,
  security,
  summary: 'Cancel an unfinished import (a commit stops after its current chunk)',
  request: { params: IdParam },
  responses: { 200: { description: 'Cancelled', content: { 'application/json': { schema: ImportDetailSchema } } }, ...errorResponses(400, 401, 403, 404, 409) },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/admin/exports/{file}',
  tags,
  security,
  summary: 'Export products, stock or batches as .xlsx or .csv (the import columns; formula-like cells sanitised)',
  request: { params: z.object({ file: z.enum(['products.xlsx', 'products.csv', 'stock.xlsx', 'stock.csv', 'batches.xlsx', 'batches.csv']).openapi({ param: { name: 'file', in: 'path' } }) }) },
  responses: { 200: binary('The file'), ...errorResponses(400, 401, 403) },
});

const fileResponse = (bytes: Uint8Array<ArrayBuffer>, name: string, type: 'xlsx' | 'csv') =>
  new Response(bytes, { headers: { 'content-type': type === 'xlsx' ? XLSX_TYPE : CSV_TYPE, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' } });

async function detail(c: Context<ApiEnv>, id: string) {
  const d = await getImport(c.var.db, id);
  if (!d) throw new NotFoundError('Không tìm thấy lần nhập dữ liệu.', 'IMPORT_NOT_FOUND');
  return d;
}

/** The file's type from its name, checked against its bytes (an .xlsx is a ZIP; a CSV is text). */
function fileTypeOf(file: File, bytes: Uint8Array): 'xlsx' | 'csv' {
  const name = file.name.toLowerCase();
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (name.endsWith('.xlsx') && zip) return 'xlsx';
  if (name.endsWith('.csv') && !zip && !bytes.subarray(0, 4096).includes(0)) return 'csv';
  throw new UnsupportedMediaTypeError('Chỉ nhận tệp .xlsx hoặc .csv (UTF-8).', 'UNSUPPORTED_FILE_TYPE');
}

const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/admin/imports', requireRole('admin'));
base.use('/v1/admin/imports/*', requireRole('admin'));
base.use('/v1/admin/exports/*', requireRole('admin'));
base.on('POST', '/v1/admin/imports', allowBody(MAX_IMPORT_BYTES + 64 * 1024, { code: 'IMPORT_FILE_TOO_LARGE', message: 'Tệp vượt quá 10 MiB.' }));

export const adminImportRoutes = base
  .openapi(templateRoute('xlsx'), async (c) => {
    const { kind } = c.req.valid('query');
    return fileResponse(templateFile(kind, 'xlsx'), `mau-nhap-${kind === 'products' ? 'san-pham' : 'lo-hang'}.xlsx`, 'xlsx') as never;
  })
  .openapi(templateRoute('csv'), async (c) => {
    const { kind } = c.req.valid('query');
    return fileResponse(templateFile(kind, 'csv'), `mau-nhap-${kind === 'products' ? 'san-pham' : 'lo-hang'}.csv`, 'csv') as never;
  })
  .openapi(uploadRoute, async (c) => {
    const { file, kind } = c.req.valid('form');
    if (file.size > MAX_IMPORT_BYTES) throw new PayloadTooLargeError('Tệp vượt quá 10 MiB.', 'IMPORT_FILE_TOO_LARGE', { maxBytes: MAX_IMPORT_BYTES });
    // Only the first bytes are read here (the type check); the file goes to R2 as it came, not copied into a buffer.
    const type = fileTypeOf(file, new Uint8Array(await file.slice(0, 4096).arrayBuffer()));
    const id = newId();
    const key = `imports/${id}.${type}`;
    await c.env.FILES_BUCKET.put(key, file, { httpMetadata: { contentType: type === 'xlsx' ? XLSX_TYPE : CSV_TYPE } });
    try {
      await createImport(c.var.db, { id, kind, fileName: file.name.slice(0, 200), fileKey: key, fileType: type, actor: staffActor(c) }, Date.now());
    } catch (e) {
      await c.env.FILES_BUCKET.delete(key); // refused (another import runs): keep no orphan file
      throw e;
    }
    publishSoon(c);
    return c.json({ id, status: 'queued' as const }, 202);
  })
  .openapi(listRoute, async (c) => c.json(await listImports(c.var.db, c.req.valid('query')), 200))
  .openapi(detailRoute, async (c) => c.json(await detail(c, c.req.valid('param').id), 200))
  .openapi(commitRoute, async (c) => {
    const { id } = c.req.valid('param');
    await commitImport(c.var.db, id, staffActor(c), Date.now());
    publishSoon(c);
    return c.json(await detail(c, id), 202);
  })
  .openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    await cancelImport(c.var.db, id, staffActor(c), Date.now());
    return c.json(await detail(c, id), 200);
  })
  .openapi(exportRoute, async (c) => {
    const { file } = c.req.valid('param');
    const [which, type] = file.split('.') as ['products' | 'stock' | 'batches', 'xlsx' | 'csv'];
    const date = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    return fileResponse(await exportFile(c.var.db, which, type, Date.now()), `${which}-${date}.${type}`, type) as never;
  });
