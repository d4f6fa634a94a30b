import type { MiddlewareHandler } from 'hono';
import { instrumentD1 } from '@medicare/shared/db/instrument';
import type { ApiEnv } from './env';

/** Gives each request its own instrumented D1 handle and reports the round trips in response headers. */
export function d1PerRequest(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { db, stats } = instrumentD1(c.env.DB);
    c.set('db', db);
    c.set('d1', stats);
    await next();
    c.header('X-D1-Queries', String(stats.queries));
    c.header('Server-Timing', `d1;desc="${stats.queries} round trips, ${stats.statements} statements"`, { append: true });
  };
}
