/**
 * The assistant's server-sent events as the widget reads them (the contract: `event:` name + JSON `data:`). Types only
 * from the server's schemas, so the lazily loaded widget carries no zod; the server is ours, so an event is read as
 * typed once its name is known (an unknown event name, or data that is not JSON, is skipped).
 */
import type { SseEvent } from './sse';

export type AssistantEvent =
  | { type: 'meta'; data: { conversationId: string; mode: 'model' | 'fallback'; token?: string } }
  | { type: 'delta'; data: { text: string } }
  | { type: 'products'; data: { items: Array<{ slug: string; name: string; price: number; url: string; prescription: boolean }> } }
  | { type: 'blocked'; data: { reason: string; text: string } }
  | { type: 'emergency'; data: { text: string } }
  | { type: 'done'; data: { handoff: { label: string; href: string } } }
  | { type: 'error'; data: { code: string; message: string } };

const NAMES = new Set<string>(['meta', 'delta', 'products', 'blocked', 'emergency', 'done', 'error']);

export function assistantEvent(e: SseEvent): AssistantEvent | null {
  if (!NAMES.has(e.event)) return null;
  try {
    const data: unknown = JSON.parse(e.data);
    return data && typeof data === 'object' ? ({ type: e.event, data } as AssistantEvent) : null;
  } catch {
    return null;
  }
}
