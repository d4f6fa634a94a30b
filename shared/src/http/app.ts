// Zod's own validation messages in Vietnamese in every Worker (side effect: sets zod's global error map).
import './zod-vi';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, TooManyRequestsError, ValidationError } from '../errors';
import { bodyLimits, declarationOf, DEFAULT_MAX_BODY_BYTES } from './declared';
import { docsContentSecurityPolicy, docsPage } from './docs';

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

/** The JSON text of a multipart form's `payload` field, parsed by `schema`: 400 INVALID_PAYLOAD if not JSON, 400 with issues if invalid. */
export function parseJsonField<S extends z.ZodTypeAny>(raw: string, schema: S): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new ValidationError('Trường payload phải là JSON hợp lệ.', undefined, 'INVALID_PAYLOAD');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw zodValidationError(parsed.error);
  return parsed.data;
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
  /** Default cap for request bodies (routes declare a larger one with `allowBody`). */
  maxBodyBytes?: number;
}

/**
 * Every Worker starts here: request ids, secure headers, a request-body cap, zod validation errors as 400 envelopes,
 * one onError, one notFound, `GET /health`, the OpenAPI 3.1 document and an interactive docs page (served offline).
 * Responses are `Cross-Origin-Resource-Policy: same-origin` unless a route sets its own (public images do).
 */
export function createApp<E extends Env>(opts: CreateAppOptions) {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw zodValidationError(result.error);
    },
  });

  app.use('*', requestId());
  // `overwrite: false`: a header a route set itself (public images' CORP, the docs page's CSP) is kept.
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin', overwrite: false }));
  app.use('*', bodyLimits(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
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
  app.openAPIRegistry.register('Error', ErrorEnvelopeSchema);
  for (const p of specPaths) app.get(p, (c) => c.json(withDeclaredResponses(app.getOpenAPI31Document(docConfig), app.routes)));
  const docs = (specUrl: string) => async (c: Context) => {
    c.header('Content-Security-Policy', await docsContentSecurityPolicy(specUrl, assetsOrigin(c)));
    return c.html(docsPage(opts.title, specUrl, assetsOrigin(c)));
  };
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

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation failed)',
  401: 'Not authenticated (missing, invalid or expired token, or ended session)',
  403: 'Authenticated but not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Request understood but cannot be processed',
  429: 'Too many requests',
  502: 'The upstream model failed or answered off-schema (#18)',
  503: 'Service unavailable',
};

type OpenApiOperation = {
  parameters?: unknown[];
  requestBody?: unknown;
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, unknown>;
};

/**
 * Whether a Hono route pattern (`/v1/cart/*`, `/v1/orders/:code{MC[0-9A-Z]+}`, `/v1/images/:key{.+}`) applies to an
 * OpenAPI path (`/v1/orders/{code}`): a `{param}` segment matches any pattern segment; a literal one must equal the
 * pattern's literal or satisfy its parameter's regular expression.
 */
function patternCovers(pattern: string, openApiPath: string): boolean {
  const ps = pattern.split('/');
  const xs = openApiPath.split('/');
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i];
    if (p === '*' && i === ps.length - 1) return true; // a trailing `/*` also matches the bare prefix, as Hono does
    if (x === undefined) return false;
    const isParam = x.startsWith('{') && x.endsWith('}');
    if (p === '*') continue;
    if (p.startsWith(':')) {
      const re = /\{(.+)\}$/.exec(p)?.[1];
      if (re === '.+' || re === '.*') return true;
      if (re && !isParam && !new RegExp(`^(?:${re})$`).test(x)) return false;
      continue;
    }
    if (isParam || p !== x) return false;
  }
  return ps.length === xs.length;
}

/**
 * The shared rule for what every operation can answer besides its own responses: 400 for any operation with
 * parameters or a body (zod validation), and whatever the middlewares mounted on its path declare (sign-in guards:
 * 401/403 and their security requirement; the body limit: 413 on operations with a body). Added to the generated
 * document, so no route has to repeat them.
 */
export function withDeclaredResponses<D extends { paths?: object }>(
  doc: D,
  routes: ReadonlyArray<{ method: string; path: string; handler: unknown }>,
): D {
  const guards = routes.flatMap((r) => {
    const d = declarationOf(r.handler);
    return d ? [{ method: r.method, pattern: r.path, d }] : [];
  });
  const envelope = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method)) continue;
      const op = value as OpenApiOperation;
      const hasBody = op.requestBody !== undefined;
      const statuses = new Set<number>();
      if (hasBody || (op.parameters?.length ?? 0) > 0) statuses.add(400);
      for (const g of guards) {
        if ((g.method !== 'ALL' && g.method !== method.toUpperCase()) || !patternCovers(g.pattern, path)) continue;
        if (g.d.withBody && !hasBody) continue;
        for (const s of g.d.statuses) statuses.add(s);
        if (g.d.auth && !op.security) op.security = g.d.auth === 'required' ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }];
      }
      op.responses ??= {};
      for (const s of [...statuses].sort()) {
        op.responses[String(s)] ??= { description: ERROR_DESCRIPTIONS[s] ?? 'Error', ...envelope };
      }
    }
  }
  return doc;
}

/** Declared responses shared by every route: the error envelope under each status. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503>) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content: { 'application/json': { schema: ErrorEnvelopeSchema } } }]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorEnvelopeSchema } } }>;
}

/** For routes whose responses may be embedded by other sites (public images): `Cross-Origin-Resource-Policy: cross-origin`. */
export function crossOriginResource(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  };
}

export type { MiddlewareHandler };
