/**
 * The assistant's server-sent events as the widget reads them: types only, from the contract's zod schemas
 * (shared/src/assistant/schemas.ts, the one owner of the wire format), so the lazily loaded widget carries no zod. The
 * server is ours: an event is read as typed once its name is known (an unknown name, or data that is not JSON, is
 * skipped).
 */
import type { AssistantEvent, AssistantEventName, AssistantProduct } from '../../../../shared/src/assistant/schemas';
import type { SseEvent } from './sse';

export type { AssistantEvent, AssistantProduct };

const NAMES: Record<AssistantEventName, true> = { meta: true, delta: true, products: true, blocked: true, emergency: true, done: true, error: true };

export function assistantEvent(e: SseEvent): AssistantEvent | null {
  if (!Object.hasOwn(NAMES, e.event)) return null;
  try {
    const data: unknown = JSON.parse(e.data);
    return data && typeof data === 'object' ? ({ event: e.event, data } as AssistantEvent) : null;
  } catch {
    return null;
  }
}
