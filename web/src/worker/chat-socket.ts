/**
 * The chat's WebSocket through the storefront's origin (#15, ADR 0031). The browser opens
 * `ws(s)://<storefront>/v1/chat/conversations/{id}/ws`, so its first-party HttpOnly cookies (session, guest chat) go
 * with it. Next.js route handlers cannot answer an Upgrade, so the storefront Worker's entry (web/worker.ts) hands
 * such a request, unchanged, to the api Worker through its service binding before OpenNext sees it; the api's answer
 * (101 with the Durable Object's socket) goes back as is. Under `next dev` the same path is proxied by a dev-only
 * rewrite (next.config.ts).
 */
export const CHAT_SOCKET_PATH = /^\/v1\/chat\/conversations\/[^/]+\/ws$/;

export const isChatSocketRequest = (request: Request): boolean =>
  request.headers.get('upgrade')?.toLowerCase() === 'websocket' && CHAT_SOCKET_PATH.test(new URL(request.url).pathname);

/** The api's answer to a chat socket request, or null when `request` is anything else (OpenNext handles it). */
export function passChatSocket(request: Request, env: { API?: Fetcher }): Promise<Response> | null {
  if (!isChatSocketRequest(request)) return null;
  if (!env.API) return Promise.resolve(Response.json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Dịch vụ trò chuyện tạm thời không khả dụng.' } }, { status: 503 }));
  const headers = new Headers(request.headers);
  headers.set('x-forwarded-host', new URL(request.url).host);
  return env.API.fetch(new Request(request, { headers }));
}
