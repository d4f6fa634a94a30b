import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { bookmarkOf, instrumentD1, isBookmark, laterBookmark, type D1SessionStart } from '@medicare/shared/db/instrument';
import { mayBumpCatalogVersion, publishCatalogVersion } from '@medicare/shared/catalog/version';
import { catalogVersionStore } from './adapters';
import { forgetCatalogVersion, versionBreaker } from './cache';
import { announceCatalogChanges, catalogueCopied } from './outbox';
import type { ApiEnv } from './env';

/** The shopper's D1 bookmark after a write (ADR 0033): cookie for browsers, header for API clients. */
export const BOOKMARK_COOKIE = 'mc_d1b';
export const BOOKMARK_HEADER = 'x-d1-bookmark';
/**
 * How long a browser carries its bookmark. It only has to outlive the replicas' lag behind the primary (a replica
 * already past the bookmark answers at once), so minutes are plenty; after that every replica has the write.
 */
export const BOOKMARK_MAX_AGE_SECONDS = 300;

/**
 * What a request may read from (ADR 0033):
 * - `catalogue`: public catalogue, search and content GETs: any replica (`first-unconstrained`); cached, never a cookie;
 * - `account`: reads of state only the shopper writes (profile, addresses, sessions, cart) or public settings that
 *   tolerate lag (running vouchers, chat duty status): the shopper's bookmark when they carry one (they see their own
 *   writes), else any replica;
 * - `primary`: every mutation, every staff route (admin, pharmacist, dev), and every other read, in particular state
 *   that other actors write and the shopper holds no bookmark for (order status and payment, written by the payment
 *   webhook, the admin or the carrier; consultations, quotes and pickups the pharmacist moves; chat messages): the
 *   primary (`first-primary`), so a shopper back from the payment gateway never sees "chưa thanh toán" from a
 *   lagging replica. A new route is on the primary until it is listed here (safe by default, only slower).
 */
export type D1RouteClass = 'catalogue' | 'account' | 'primary';

const CATALOGUE_PREFIXES = [
  '/v1/products',
  '/v1/categories',
  '/v1/brands',
  '/v1/search',
  '/v1/articles',
  '/v1/images',
  '/v1/locations',
  '/v1/pharmacy-locations',
  '/v1/pharmacists/on-duty',
  // #17: public reads the same for everyone (approved reviews, answered questions, shelves, legal texts); moderators',
  // pharmacists' and editors' writes reach them within the replica lag.
  '/v1/product-reviews',
  '/v1/questions',
  '/v1/collections',
  '/v1/related',
  '/v1/legal',
  '/v1/policies',
];
/**
 * Reads whose state only the shopper writes (their bookmark covers it) or that tolerate replica lag. Checked before
 * the catalogue list: `/v1/questions/mine` (the shopper's own questions: one just asked must show) lies under the
 * public `/v1/questions`.
 */
const ACCOUNT_PREFIXES = ['/v1/me', '/v1/cart', '/v1/vouchers', '/v1/chat/status', '/v1/questions/mine', '/v1/recently-viewed'];
const STAFF_PREFIXES = ['/v1/admin', '/v1/pharmacist', '/dev'];
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
const isStaffPath = (path: string) => STAFF_PREFIXES.some((p) => under(path, p));

export function d1RouteClass(method: string, path: string): D1RouteClass {
  if ((method !== 'GET' && method !== 'HEAD') || isStaffPath(path)) return 'primary';
  if (ACCOUNT_PREFIXES.some((p) => under(path, p))) return 'account';
  return CATALOGUE_PREFIXES.some((p) => under(path, p)) ? 'catalogue' : 'primary';
}

/**
 * Gives each request its own instrumented D1 session and reports the round trips in response headers. A request that
 * wrote answers its bookmark (cookie + header) so the shopper's next reads see the write from any replica; a staff
 * write also makes this isolate forget its catalogue version (the writer sees its effect on the next read).
 */
export function d1PerRequest(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const kind = d1RouteClass(c.req.method, c.req.path);
    let start: D1SessionStart = kind === 'primary' ? 'first-primary' : 'first-unconstrained';
    if (kind === 'account') {
      const carried = laterBookmark(validBookmark(getCookie(c, BOOKMARK_COOKIE)), validBookmark(c.req.header(BOOKMARK_HEADER)));
      if (carried) start = carried;
    }
    const { db, stats } = instrumentD1(c.env.DB, { session: start });
    c.set('db', db);
    c.set('d1', stats);
    await next();
    if (stats.writes > 0) {
      const bookmark = laterBookmark(bookmarkOf(db), bookmarkOf(c.var.db));
      // Catalogue writes go through staff routes (admin products, stock, imports, content, approvals), and since the
      // availability summary (ADR 0034) an order, a cancellation or a pickup can flip a product's in-stock flag and bump
      // the version too: any write served here makes this isolate read the version again (the writer sees its effect).
      // #19 (ADR 0046): with CACHE_BACKEND=upstash the writer copies D1's version (bumped by the triggers in its write)
      // to the global copy before answering — only when it wrote a table that can move the version (a sign-in, a cart
      // or a rate-limit counter costs no D1 read and no Upstash call); a lost publish is logged, and the copy's expiry
      // bounds its effect. While the isolate's Upstash breaker is open, writes do not wait on Upstash at all.
      const store = catalogVersionStore(c.env, c.var.db);
      if (store.backend === 'upstash' && !versionBreaker.isOpen() && mayBumpCatalogVersion(stats.writtenTables)) {
        await publishCatalogVersion(c.var.db, store).catch((err: Error) => {
          versionBreaker.trip();
          console.warn(JSON.stringify({ level: 'warn', msg: 'catalogue version publish failed', reason: err?.name ?? 'Error' }));
        });
      }
      // #16/#19: a copy of the catalogue (Elasticsearch, MongoDB) hears of the write now, not at the next cron minute.
      if (mayBumpCatalogVersion(stats.writtenTables) && catalogueCopied(c.env)) announceCatalogChanges(c);
      forgetCatalogVersion(bookmark);
      if (bookmark && kind !== 'catalogue' && c.res.status < 400) {
        c.header(BOOKMARK_HEADER, bookmark);
        setCookie(c, BOOKMARK_COOKIE, bookmark, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: BOOKMARK_MAX_AGE_SECONDS });
      }
    }
    c.header('X-D1-Queries', String(stats.queries));
    c.header('Server-Timing', `d1;desc="${stats.queries} round trips, ${stats.statements} statements"`, { append: true });
  };
}

function validBookmark(value: string | undefined): string | null {
  return isBookmark(value) ? value : null;
}

/**
 * #19 (ADR 0047): closes the request's MongoDB client (opened by `catalogOrigin` on the first catalogue read, if any)
 * after the response, in `waitUntil`: the `mongodb` driver's client cannot outlive its request inside workerd.
 */
export function mongoPerRequest(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    try {
      await next();
    } finally {
      const handle = c.get('mongoHandle');
      if (handle) {
        const closing = handle.close();
        try {
          c.executionCtx.waitUntil(closing);
        } catch {
          await closing; // no execution context (a bare app.request): close before answering
        }
      }
    }
  };
}
