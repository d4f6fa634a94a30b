/**
 * Who may take part in a conversation: THE one rule (#15, ADR 0031) behind the WebSocket, the message history, close
 * and the transcript. The customer side is the account that opened it, or the guest whose signed chat cookie names
 * the guest identity that opened it; the pharmacist side is the pharmacist holding it. Nobody else — another
 * customer, another pharmacist, an admin — and nothing in the URL ever counts as identity.
 */
import { signScoped, verifyScoped } from '../auth/signed';
import type { ChatPartyRole } from './protocol';

export interface ConversationParties {
  userId: string | null;
  guestId: string | null;
  pharmacistId: string | null;
}

/** The caller as the Worker authenticated them: a signed-in principal and/or the guest chat identity. */
export interface ChatCaller {
  principal?: { userId: string; role: string } | null;
  /** The guest identity from a valid guest chat cookie (see `readGuestChat`). */
  guestId?: string | null;
}

/** The side `caller` takes in conversation `c`, or null when they have no part in it. */
export function chatRoleOf(c: ConversationParties, caller: ChatCaller): ChatPartyRole | null {
  const p = caller.principal;
  if (p && p.role === 'pharmacist' && c.pharmacistId !== null && p.userId === c.pharmacistId) return 'pharmacist';
  if (p && c.userId !== null && p.userId === c.userId) return 'customer';
  if (c.userId === null && c.guestId !== null && caller.guestId === c.guestId) return 'customer';
  return null;
}

/** The guest chat cookie: the guest identity (a random id) issued when a guest opens a chat; sent to /v1/chat only. */
export const GUEST_CHAT_COOKIE = 'mc_gch';
export const GUEST_CHAT_PATH = '/v1/chat';
export const GUEST_CHAT_TTL_SECONDS = 24 * 3600;

export function issueGuestChat(secret: string, guestId: string, nowSeconds: number): Promise<string> {
  return signScoped(secret, 'guest-chat', guestId, GUEST_CHAT_TTL_SECONDS, nowSeconds);
}

/** The guest identity a genuine, unexpired guest chat cookie names, else null. */
export async function readGuestChat(secret: string, token: string | null | undefined, nowSeconds: number): Promise<string | null> {
  if (!token) return null;
  const p = await verifyScoped(secret, 'guest-chat', token, GUEST_CHAT_TTL_SECONDS, nowSeconds);
  return p?.sub ?? null;
}
