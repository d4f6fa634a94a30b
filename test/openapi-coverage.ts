/**
 * Every answer the Worker tests see is documented (#12 item 21). Installed by the Worker test setup: each request a
 * test sends to the Worker under test (SELF.fetch) is logged as method + path + status; after the file's tests, each
 * one is matched to its route in the OpenAPI document of the Worker that answered it (the api Worker's own, or a
 * satellite's for the prefixes the api forwards), and the file fails with the list of (route, status) pairs that
 * document does not declare. Not routes and so not checked: health, the documents and docs pages themselves, the
 * binding-only `/internal/*` routes, development routes, and "no such route" answers (404 ROUTE_NOT_FOUND).
 */
import { exports } from 'cloudflare:workers';
import { afterAll } from 'vitest';

interface Seen {
  method: string;
  url: URL;
  status: number;
  noSuchRoute: boolean;
}
type Doc = { paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

const seen: Seen[] = [];
const FORWARDED = ['/v1/payments', '/v1/recommendations', '/v1/hooks', '/v1/consumer'];
const NOT_ROUTES = /^(?:\/v1\/(?:payments|recommendations|hooks|consumer))?\/(?:health|openapi\.json|docs)$|^\/docs-assets\/|^\/internal\/|^\/dev\//;

/** Logs one answer; reads the body only of a 404 (to tell "no such route" from a route's own 404). */
export async function recordAnswer(input: RequestInfo | URL, init: RequestInit | undefined, res: Response): Promise<void> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  let noSuchRoute = false;
  if (res.status === 404 && res.headers.get('content-type')?.includes('application/json')) {
    const body = (await res.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
    noSuchRoute = body?.error?.code === 'ROUTE_NOT_FOUND';
  }
  seen.push({ method, url, status: res.status, noSuchRoute });
}

function specPathFor(doc: Doc, path: string): string | null {
  let best: { p: string; params: number } | null = null;
  for (const [p] of Object.entries(doc.paths ?? {})) {
    const params = (p.match(/\{[^}]+\}/g) ?? []).length;
    const strict = new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    // A last parameter may hold slashes (image keys).
    const greedy = new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}$/, '.+').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    const score = strict.test(path) ? params : greedy.test(path) ? params + 100 : null;
    if (score !== null && (!best || score < best.params)) best = { p, params: score };
  }
  return best?.p ?? null;
}

/** Checks what was seen against the OpenAPI documents; `fetchDoc` asks the Worker under test for one. */
export async function undocumentedAnswers(fetchDoc: (url: string) => Promise<Doc>): Promise<string[]> {
  const docs = new Map<string, Promise<Doc>>();
  const doc = (url: string) => {
    if (!docs.has(url)) docs.set(url, fetchDoc(url));
    return docs.get(url)!;
  };
  const problems = new Set<string>();
  for (const s of seen) {
    const path = decodeURIComponent(s.url.pathname);
    if (s.noSuchRoute || NOT_ROUTES.test(s.url.pathname)) continue;
    const prefix = FORWARDED.find((p) => path === p || path.startsWith(`${p}/`));
    // The api Worker forwards satellite prefixes: their routes are in the satellite's document, served under its prefix.
    const candidates = [`${s.url.origin}/openapi.json`, ...(prefix ? [`${s.url.origin}${prefix}/openapi.json`] : [])];
    let found: { specPath: string; responses: Record<string, unknown> } | 'no-method' | null = null;
    for (const c of candidates) {
      const d = await doc(c);
      const specPath = specPathFor(d, path);
      if (!specPath) continue;
      // HEAD is GET without the body (RFC 9110 §9.3.2; Hono runs the GET route): a documented GET covers it.
      const op = d.paths![specPath]![s.method === 'HEAD' ? 'get' : s.method.toLowerCase()];
      found = op ? { specPath, responses: op.responses ?? {} } : 'no-method';
      if (op) break;
    }
    if (found === null) problems.add(`${s.method} ${s.url.pathname} → ${s.status} (no such path in the OpenAPI document)`);
    else if (found === 'no-method') problems.add(`${s.method} ${s.url.pathname} → ${s.status} (method not documented)`);
    else if (!(String(s.status) in found.responses) && !(`${String(s.status)[0]}XX` in found.responses) && !('default' in found.responses)) {
      problems.add(`${s.method} ${found.specPath} → ${s.status}`);
    }
  }
  return [...problems].sort();
}

/**
 * Logs every answer of SELF.fetch (cloudflare:test's SELF calls `exports.default.fetch`, the loopback stub of the
 * Worker under test) and checks them after the file's tests.
 */
export function installAnswerRecorder(): void {
  type Stub = { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };
  const self = (exports as unknown as { default: Stub }).default;
  const proto = Object.getPrototypeOf(self) as Stub & { [ORIGINAL]?: Stub['fetch'] };
  if (!proto[ORIGINAL]) {
    const original = proto.fetch;
    proto[ORIGINAL] = original;
    proto.fetch = async function (this: Stub, input: RequestInfo | URL, init?: RequestInit) {
      const res = await original.call(this, input, init);
      if (this === (exports as unknown as { default: Stub }).default) await recordAnswer(input, init, res);
      return res;
    };
  }
  const original = proto[ORIGINAL]!;
  checkAnswersAgainstOpenApi(async (url) => (await original.call(self, url)).json() as Promise<Doc>);
}
const ORIGINAL = Symbol.for('medicare.openapi-coverage.fetch');

function checkAnswersAgainstOpenApi(fetchDoc: (url: string) => Promise<Doc>) {
  afterAll(async () => {
    const problems = await undocumentedAnswers(fetchDoc);
    seen.length = 0;
    if (problems.length) throw new Error(`Answers seen in this file that its Worker's OpenAPI document does not declare:\n  ${problems.join('\n  ')}`);
  });
}
