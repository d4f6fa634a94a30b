/**
 * Middlewares that answer on their own (authentication, body limits) declare what they can answer, so the OpenAPI
 * document lists it for every route they are mounted on without each route repeating it (createApp reads these
 * declarations when it builds the document). The body limit lives here too: one default for every Worker, a larger
 * cap declared on the routes that need one (image uploads).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import { PayloadTooLargeError } from '../errors';

export interface Declaration {
  /** Statuses this middleware can answer by itself (e.g. 401 and 403 for a role guard). */
  statuses: number[];
  /** Only operations with a request body can get these answers (body limits). */
  withBody?: boolean;
  /** Sign-in this middleware reads: `required` (security: bearerAuth) or `optional` (anonymous callers pass too). */
  auth?: 'required' | 'optional';
  /** A body cap for the routes it is mounted on (replaces the default one). */
  maxBodyBytes?: number;
  /** Error code and message of the 413 when that cap is exceeded. */
  tooLarge?: { code: string; message: string };
}

const declarations = new WeakMap<object, Declaration>();

/** Attaches a declaration to a middleware (returned as is). */
export function declared<M extends MiddlewareHandler<any>>(middleware: M, declaration: Declaration): M {
  declarations.set(middleware, declaration);
  return middleware;
}

export function declarationOf(handler: unknown): Declaration | undefined {
  return typeof handler === 'function' ? declarations.get(handler) : undefined;
}

/** Default cap for a request body (JSON, forms, webhooks): far above any legitimate request to these APIs. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE = { code: 'PAYLOAD_TOO_LARGE', message: 'Dữ liệu gửi lên quá lớn.' };

/**
 * Mounted on a route that accepts a larger body than the default (e.g. an image upload): the body limit of
 * createApp applies this cap instead of the default one to the requests this middleware matches.
 */
export function allowBody(maxBytes: number, tooLarge = TOO_LARGE): MiddlewareHandler {
  return declared(async (_c, next) => next(), { statuses: [413], withBody: true, maxBodyBytes: maxBytes, tooLarge });
}

/**
 * The body limit every Worker gets from createApp: the declared cap of the matched route (allowBody), else
 * `defaultBytes`. Checked on Content-Length before anything is read, and while streaming a body sent without one;
 * answers 413 with a machine-readable code and the cap in `details.maxBytes`.
 */
export function bodyLimits(defaultBytes = DEFAULT_MAX_BODY_BYTES): MiddlewareHandler {
  return declared(
    async (c, next) => {
      if (!c.req.raw.body) return next();
      let maxBytes = defaultBytes;
      let tooLarge = TOO_LARGE;
      for (const r of matchedRoutes(c)) {
        const d = declarationOf(r.handler);
        if (d?.maxBodyBytes !== undefined) {
          maxBytes = d.maxBodyBytes;
          tooLarge = d.tooLarge ?? TOO_LARGE;
        }
      }
      const onError = (): never => {
        throw new PayloadTooLargeError(tooLarge.message, tooLarge.code, { maxBytes });
      };
      return bodyLimit({ maxSize: maxBytes, onError })(c, next);
    },
    { statuses: [413], withBody: true },
  );
}
