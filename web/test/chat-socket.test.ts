/**
 * #15: the storefront Worker's entry hands the chat's WebSocket upgrades to the api Worker (service binding) and
 * leaves every other request to OpenNext (web/worker.ts → src/worker/chat-socket.ts).
 */
import { describe, expect, it } from 'vitest';
import { passChatSocket } from '../src/worker/chat-socket';

function api() {
  const seen: Request[] = [];
  const API = { fetch: async (r: Request) => (seen.push(r), new Response('from api', { status: 200 })) } as unknown as Fetcher;
  return { env: { API }, seen };
}
const upgrade = (path: string) => new Request(`https://shop.example${path}`, { headers: { upgrade: 'websocket', cookie: 'mc_chat=abc', connection: 'Upgrade' } });

describe('storefront worker: chat socket pass-through (#15)', () => {
  it('passes an Upgrade for /v1/chat/conversations/{id}/ws to the api with its cookies and the storefront host', async () => {
    const { env, seen } = api();
    const res = await passChatSocket(upgrade('/v1/chat/conversations/c_123/ws'), env);
    expect(await res?.text()).toBe('from api');
    expect(seen).toHaveLength(1);
    expect(new URL(seen[0]!.url).pathname).toBe('/v1/chat/conversations/c_123/ws');
    expect(seen[0]!.headers.get('cookie')).toBe('mc_chat=abc');
    expect(seen[0]!.headers.get('upgrade')).toBe('websocket');
    expect(seen[0]!.headers.get('x-forwarded-host')).toBe('shop.example');
  });

  it('leaves pages, other api paths and a plain GET of the socket path to OpenNext', () => {
    const { env, seen } = api();
    expect(passChatSocket(new Request('https://shop.example/v1/chat/conversations/c_123/ws'), env)).toBeNull();
    expect(passChatSocket(upgrade('/v1/chat/conversations/c_123/messages'), env)).toBeNull();
    expect(passChatSocket(upgrade('/v1/chat/conversations/a/b/ws'), env)).toBeNull();
    expect(passChatSocket(upgrade('/'), env)).toBeNull();
    expect(seen).toHaveLength(0);
  });

  it('answers 503 with the envelope when the api binding is missing', async () => {
    const res = await passChatSocket(upgrade('/v1/chat/conversations/c_1/ws'), {});
    expect(res?.status).toBe(503);
    expect(((await res!.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
