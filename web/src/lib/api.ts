/**
 * The typed client of the api Worker (hono/client over its `AppType`): no hand-written fetch wrapper per endpoint.
 * - On the server: the `API` service binding in production; `API_ORIGIN` (the local api Worker) in development.
 * - In the browser: same origin; `/v1/*` is forwarded to the api Worker by `src/app/v1/[...path]/route.ts`, so the
 *   HttpOnly session and cart cookies stay first-party and never reach JavaScript.
 */
import { hc } from 'hono/client';
import type { AppType } from '../../../workers/api/src/app';
import type { RecommendationAppType } from '../../../workers/recommendation/src/index';

export type Api = ReturnType<typeof hc<AppType>>;

/** How the web Worker reaches the api Worker: the service binding when deployed, an origin in development. */
export async function apiFetcher(): Promise<{ origin: string; fetch: typeof fetch }> {
  if (process.env.API_ORIGIN) return { origin: process.env.API_ORIGIN, fetch };
  const { getCloudflareContext } = await import('@opennextjs/cloudflare');
  const { env } = await getCloudflareContext({ async: true });
  if (env.API) return { origin: 'https://api.internal', fetch: env.API.fetch.bind(env.API) as typeof fetch };
  return { origin: 'http://127.0.0.1:8787', fetch };
}

/** For server components: public catalogue reads, optionally on behalf of the visitor's cookies. */
export async function serverApi(cookie?: string): Promise<Api> {
  const { origin, fetch: f } = await apiFetcher();
  return hc<AppType>(origin, { fetch: f, headers: cookie ? { cookie } : {} });
}

/**
 * Access tokens live 15 minutes in an HttpOnly cookie; the refresh token (HttpOnly, path /v1/auth) renews them. A 401
 * outside /v1/auth triggers one refresh (shared by concurrent calls) and one retry.
 */
let refreshing: Promise<boolean> | null = null;
async function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => setTimeout(() => (refreshing = null), 0));
  return refreshing;
}
const sessionFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, { ...init, credentials: 'same-origin' });
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (res.status !== 401 || url.includes('/v1/auth/')) return res;
  return (await refreshSession()) ? fetch(input, { ...init, credentials: 'same-origin' }) : res;
};

/** For client components (same origin, cookies included, sessions renewed). */
export function browserApi(): Api {
  return hc<AppType>(typeof window === 'undefined' ? 'http://127.0.0.1:3000' : window.location.origin, { fetch: sessionFetch });
}

/** #18: the recommendation Worker's routes, typed, for client components (reached through the same /v1 forward). */
export function recommendationBrowserApi() {
  return hc<RecommendationAppType>(typeof window === 'undefined' ? 'http://127.0.0.1:3000' : window.location.origin, { fetch: sessionFetch });
}

/** The API's error envelope `{ error: { code, message } }`, read from any failed response. */
/** Any response from the typed client or fetch. */
export interface ApiResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/**
 * The body of a typed-client call's successful answer: `R` is the union of its responses (one per documented status,
 * each typed by the route's zod schema), the 2xx ones have `ok: true`.
 */
export type OkBody<R> = R extends { ok: true; json(): Promise<infer B> } ? B : never;

/** The body of a successful answer, typed by its route; the API's error (`apiError`) is thrown otherwise. */
export async function readOk<R extends ApiResponse>(res: R): Promise<OkBody<R>> {
  if (!res.ok) throw await apiError(res);
  return (await res.json()) as OkBody<R>;
}

/**
 * A server page's read of one thing by slug: its body when found, `null` when the api says it does not exist (404, or
 * 400 for a malformed slug) so the page answers `notFound()`. Any other failure (5xx, 503 from an origin) is thrown,
 * so the shopper sees the error page and not a false "not found" that crawlers would drop the page for.
 */
export async function foundOrNull<R extends ApiResponse>(res: R): Promise<OkBody<R> | null> {
  if (res.ok) return readOk(res);
  if (res.status === 404 || res.status === 400) return null;
  throw new Error(`The api answered ${res.status} (${(await apiError(res)).code})`);
}

/** `issues`: field → message, from a validation failure's `details.issues`; `details`: the envelope's details as sent. */
export async function apiError(res: ApiResponse): Promise<{ code: string; message: string; issues: Record<string, string>; details: unknown }> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: { issues?: Array<{ path: string; message: string }> } } } | null;
  const issues = Object.fromEntries((body?.error?.details?.issues ?? []).map((i) => [i.path, i.message]));
  return { code: body?.error?.code ?? `HTTP_${res.status}`, message: body?.error?.message ?? 'Đã có lỗi xảy ra, vui lòng thử lại.', issues, details: body?.error?.details };
}

/**
 * What to tell the shopper about a failed call: the API's own (Vietnamese) message when the failure is an API answer
 * (`apiError`), otherwise `fallback`: a network failure's text ("Failed to fetch") is the browser's English.
 */
export function failureMessage(e: unknown, fallback: string): string {
  const m = e && typeof e === 'object' && 'code' in e ? (e as { message?: unknown }).message : undefined;
  return typeof m === 'string' && m ? m : fallback;
}
