// Zod's own validation messages in Vietnamese in every Worker (side effect: sets zod's global error map).
import './zod-vi';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, TooManyRequestsError, ValidationError } from '../errors';
import { docsPage } from './docs';

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'NOT_FOUND' }),
      message: z.string().openapi({ example: 'Không tìm thấy nội dung yêu cầu.' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export function errorEnvelope(code: string, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** A zod failure as the 400 envelope's details: one `{ path, message, code }` per issue. */
export function zodValidationError(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }> }) {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
  return new ValidationError('Dữ liệu gửi lên không hợp lệ.', { issues });
}

/** Maps any thrown value to the one JSON envelope and its HTTP status. Never logs request data. */
export function toErrorResponse(err: unknown, c: Context): Response {
  if (err instanceof AppError) {
    if (err instanceof TooManyRequestsError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json(errorEnvelope(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
    const message = status === 401 ? 'Bạn cần đăng nhập để thực hiện thao tác này.' : 'Yêu cầu không hợp lệ.';
    return c.json(errorEnvelope(code, message), status);
  }
  // Unknown failure: log the error class and the request id only (no bodies, no headers, no personal data).
  const rid = c.get('requestId' as never) as string | undefined;
  console.error(JSON.stringify({ level: 'error', requestId: rid, error: err instanceof Error ? err.name : typeof err, message: err instanceof Error ? err.message.slice(0, 200) : undefined }));
  return c.json(errorEnvelope('INTERNAL', 'Đã có lỗi xảy ra, vui lòng thử lại sau.', rid ? { requestId: rid } : undefined), 500);
}

export interface CreateAppOptions {
  /** Worker name, e.g. "api", "payment". */
  service: string;
  /** Public path prefix of this Worker's routes ('' for the api Worker, '/v1/payments' for payment…). */
  prefix: string;
  title: string;
  description: string;
  version?: string;
}

/**
 * Every Worker starts here: request ids, secure headers, zod validation errors as 400 envelopes, one onError,
 * one notFound, `GET /health`, the OpenAPI 3.1 document and an interactive docs page (served offline).
 */
export function createApp<E extends Env>(opts: CreateAppOptions) {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw zodValidationError(result.error);
    },
  });

  app.use('*', requestId());
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.onError((err, c) => toErrorResponse(err, c));
  app.notFound((c) => c.json(errorEnvelope('ROUTE_NOT_FOUND', 'Không tìm thấy đường dẫn yêu cầu.'), 404));

  const health = (c: Context) => c.json({ status: 'ok', service: opts.service });
  app.get('/health', health);
  if (opts.prefix) app.get(`${opts.prefix}/health`, health);

  const docConfig = {
    openapi: '3.1.0',
    info: { title: opts.title, version: opts.version ?? '0.1.0', description: opts.description },
  };
  const specPaths = opts.prefix ? ['/openapi.json', `${opts.prefix}/openapi.json`] : ['/openapi.json'];
  for (const p of specPaths) app.doc31(p, docConfig);
  const docs = (specUrl: string) => (c: Context) => c.html(docsPage(opts.title, specUrl, assetsOrigin(c)));
  app.get('/docs', docs('/openapi.json'));
  if (opts.prefix) app.get(`${opts.prefix}/docs`, docs(`${opts.prefix}/openapi.json`));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return app;
}

function assetsOrigin(c: Context): string {
  const env = (c.env ?? {}) as { DOCS_ASSETS_ORIGIN?: string };
  return env.DOCS_ASSETS_ORIGIN ?? '';
}

/** Declared responses shared by every route: the error envelope under each status. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503>) {
  const descriptions: Record<number, string> = {
    400: 'Invalid request (validation failed)',
    401: 'Not authenticated',
    403: 'Authenticated but not allowed',
    404: 'Not found',
    409: 'Conflict',
    413: 'Payload too large',
    415: 'Unsupported media type',
    422: 'Request understood but cannot be processed',
    429: 'Too many requests',
    503: 'Service unavailable',
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s], content: { 'application/json': { schema: ErrorEnvelopeSchema } } }]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorEnvelopeSchema } } }>;
}

export type { MiddlewareHandler };
