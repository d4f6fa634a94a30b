/**
 * The chat's HTTP calls from the browser (same origin, through the /v1 gateway, cookies included). Shapes are the
 * zod-inferred types of shared/src/chat/protocol.ts; failures throw the api's error (`apiError`).
 */
import { apiError } from '../../lib/api';
import type { ChatConversation, ChatDutyStatus, ChatMessage } from '../../lib/chat/frames';

async function call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init?.method ?? 'GET',
    credentials: 'same-origin',
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw await apiError(res);
  return (res.status === 202 || res.status === 204 ? null : await res.json()) as T;
}

export const chatApi = {
  status: () => call<ChatDutyStatus>('/v1/chat/status'),
  /** The caller's open conversation (session or guest chat cookie), or null. */
  current: async (): Promise<ChatConversation | null> => {
    const res = await fetch('/v1/chat/conversations/current', { credentials: 'same-origin' });
    if (res.status === 404 || res.status === 401) return null;
    if (!res.ok) throw await apiError(res);
    return (await res.json()) as ChatConversation;
  },
  /** Opens a conversation: signed in (no body needed) or as a guest with name + phone. */
  start: (guest: { name: string; phone: string } | null) => call<ChatConversation>('/v1/chat/conversations', { method: 'POST', body: guest ?? {} }),
  messages: async (id: string, after = 0) => (await call<{ items: ChatMessage[] }>(`/v1/chat/conversations/${encodeURIComponent(id)}/messages?after=${after}`)).items,
  close: (id: string) => call<unknown>(`/v1/chat/conversations/${encodeURIComponent(id)}/close`, { method: 'POST', body: {} }),
  transcript: (id: string, email: string | null) => call<unknown>(`/v1/chat/conversations/${encodeURIComponent(id)}/transcript`, { method: 'POST', body: email ? { email } : {} }),
};
