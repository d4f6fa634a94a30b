/**
 * The assistant conversation kept in this tab (sessionStorage): its id, a guest's conversation secret, and the turns as
 * shown, so the widget picks up where it was on the next page and the consultation form that "Hỏi dược sĩ" opens can
 * be prefilled with the transcript. Ends with the tab; never sent anywhere but our own API.
 */
import { INTERRUPTED, type Turn } from './turns';

const KEY = 'medicare:assistant';

export interface SavedConversation {
  conversationId: string | null;
  token: string | null;
  turns: Turn[];
}

export const EMPTY_CONVERSATION: SavedConversation = { conversationId: null, token: null, turns: [] };

export function readConversation(): SavedConversation {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<SavedConversation> | null;
    if (s && Array.isArray(s.turns)) {
      return {
        conversationId: typeof s.conversationId === 'string' ? s.conversationId : null,
        token: typeof s.token === 'string' ? s.token : null,
        // An answer the previous page left streaming was cut by the navigation.
        turns: s.turns.map((t) => (t.role === 'assistant' && t.status === 'streaming' ? { ...t, status: 'failed', error: INTERRUPTED } : t)),
      };
    }
  } catch {
    /* storage unavailable or not ours: start afresh */
  }
  return EMPTY_CONVERSATION;
}

export function writeConversation(s: SavedConversation): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    /* private mode or full: the conversation lives while the page does */
  }
}

/**
 * The transcript as plain text for the pharmacist ("Tôi: …" / "Trợ lý Medicare: …"), at most `max` characters: when
 * too long, the oldest turns go first (the latest question matters most).
 */
export function transcriptText(turns: readonly Turn[], max: number): string {
  const head = 'Cuộc trò chuyện của tôi với Trợ lý Medicare:';
  const lines = turns.filter((t) => t.text.trim()).map((t) => `${t.role === 'user' ? 'Tôi' : 'Trợ lý Medicare'}: ${t.text.trim()}`);
  let body = '';
  for (let i = lines.length - 1; i >= 0; i--) {
    const next = `${lines[i]}\n${body}`;
    if (head.length + 1 + next.length > max) break;
    body = next;
  }
  return body ? `${head}\n${body}`.trimEnd() : '';
}
