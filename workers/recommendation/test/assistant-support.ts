/** Helpers for the assistant tests (#18): an SSE reader, the Worker with the OpenAI stand-in's key, scripts. */
import { env, SELF } from 'cloudflare:test';
import { inject } from 'vitest';
import worker, { app } from '../src/index';

export const standinBase = inject('openaiStandinUrl');
const admin = standinBase.replace(/\/v1$/, '');

export async function script(match: string, replies: unknown[]) {
  const res = await fetch(`${admin}/__standin/scripts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match, replies }) });
  if (!res.ok) throw new Error(`stand-in script: ${res.status}`);
}

export async function standinRequests(match: string): Promise<Array<{ model: string; stream: boolean; messages: Array<{ role: string; content: string }>; response_format?: { type: string; json_schema?: { name: string } } }>> {
  return (await (await fetch(`${admin}/__standin/requests?match=${encodeURIComponent(match)}`)).json()) as never;
}

/** The structured answer the model "gives", as the stand-in's streamed JSON content (cut in small chunks). */
export function modelAnswer(answer: string, products: string[] = [], chunkSize = 9) {
  const content = JSON.stringify({ answer, products });
  const chunks: string[] = [];
  for (let i = 0; i < content.length; i += chunkSize) chunks.push(content.slice(i, i + chunkSize));
  return { content, chunks };
}

export interface SseEvent {
  event: string;
  data: any;
}

export async function readSse(res: Response): Promise<SseEvent[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((b) => {
      const event = /^event: (.+)$/m.exec(b)?.[1] ?? 'message';
      const data = /^data: (.+)$/m.exec(b)?.[1];
      return { event, data: data ? JSON.parse(data) : null };
    });
}

export const ASSIST = 'https://recommendation.test/v1/recommendations/assistant';

/** Through the Worker as deployed (its wrangler.toml bindings: no OpenAI key, so fallback). */
export function ask(body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${ASSIST}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.1', ...headers }, body: JSON.stringify(body) });
}

/** The same Worker with the key and base URL of the OpenAI stand-in (and any other binding overridden). */
export function withModel(extra: Record<string, string> = {}) {
  const e = { ...env, OPENAI_API_KEY: 'sk-standin-test-key', OPENAI_BASE_URL: standinBase, ...extra } as never;
  const waits: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void waits.push(p), passThroughOnException() {}, props: {} } as never;
  return {
    ask: (body: unknown, headers: Record<string, string> = {}) =>
      worker.fetch(new Request(`${ASSIST}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.2', ...headers }, body: JSON.stringify(body) }), e, ctx) as Promise<Response>,
    handoff: (id: string, body: unknown, headers: Record<string, string> = {}) =>
      app.fetch(new Request(`${ASSIST}/conversations/${id}/handoff`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }), e, ctx) as Promise<Response>,
  };
}

export const texts = (events: SseEvent[], name = 'delta') => events.filter((e) => e.event === name).map((e) => e.data.text as string).join('');
export const names = (events: SseEvent[]) => events.map((e) => e.event);
