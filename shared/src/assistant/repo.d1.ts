/**
 * Assistant conversations in D1 (#18, migrations/0039_assistant.sql): ownership, budgets, the transcript, the bounded
 * lifetime. Message text is health data: it is stored here and never logged.
 */
import { randomToken, sha256 } from '../auth/crypto';
import { newId } from '../ids';

/** Conversations (and their messages) are kept this long after their last message, then purged. */
export const CONVERSATION_TTL_MS = 30 * 86_400_000;

export interface ConversationRow {
  id: string;
  userId: string | null;
  tokenHash: string | null;
  messageCount: number;
  tokensUsed: number;
  expiresAt: number;
}

export type Owner = { userId: string } | { token: string | undefined };

/** The conversation when `owner` owns it and it has not expired; null otherwise (unknown, expired, someone else's). */
export async function loadOwnedConversation(db: D1Database, id: string, owner: Owner, now: number): Promise<ConversationRow | null> {
  const row = await db
    .prepare('SELECT id, user_id AS userId, token_hash AS tokenHash, message_count AS messageCount, tokens_used AS tokensUsed, expires_at AS expiresAt FROM assistant_conversations WHERE id = ? AND expires_at > ?')
    .bind(id, now)
    .first<ConversationRow>();
  if (!row) return null;
  if ('userId' in owner) return row.userId === owner.userId ? row : null;
  if (row.userId !== null || !row.tokenHash || !owner.token) return null;
  return (await sha256(owner.token)) === row.tokenHash ? row : null;
}

/** A new conversation; guests get its secret token (only its hash is stored). */
export async function createConversation(db: D1Database, owner: { userId: string } | { guest: true }, ipHash: string, now: number): Promise<{ row: ConversationRow; token: string | null }> {
  const id = newId();
  const token = 'userId' in owner ? null : randomToken(32);
  const tokenHash = token ? await sha256(token) : null;
  const userId = 'userId' in owner ? owner.userId : null;
  await db
    .prepare('INSERT INTO assistant_conversations (id, user_id, token_hash, ip_hash, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(id, userId, tokenHash, ipHash, now, now, now + CONVERSATION_TTL_MS)
    .run();
  return { row: { id, userId, tokenHash, messageCount: 0, tokensUsed: 0, expiresAt: now + CONVERSATION_TTL_MS }, token };
}

export interface StoredTurn {
  role: 'user' | 'assistant';
  text: string;
  outcome?: string | null;
  products?: string[];
  tokens?: number;
}

/**
 * Counts one message against the conversation's budget atomically: true when it was within `maxMessages`. The count
 * moves only when under the limit (one UPDATE … WHERE), so parallel requests cannot overshoot.
 */
export async function takeMessageBudget(db: D1Database, id: string, maxMessages: number, maxTokens: number, now: number): Promise<boolean> {
  const r = await db
    .prepare('UPDATE assistant_conversations SET message_count = message_count + 1, updated_at = ?, expires_at = ? WHERE id = ? AND message_count < ? AND tokens_used < ?')
    .bind(now, now + CONVERSATION_TTL_MS, id, maxMessages, maxTokens)
    .run();
  return (r.meta.changes ?? 0) > 0;
}

/** Stores the turn's messages and adds the tokens the model used. */
export async function appendTurn(db: D1Database, id: string, turns: StoredTurn[], now: number): Promise<void> {
  const tokens = turns.reduce((s, t) => s + (t.tokens ?? 0), 0);
  await db.batch([
    ...turns.map((t, i) =>
      db
        .prepare('INSERT INTO assistant_messages (id, conversation_id, role, text, outcome, products, tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .bind(newId(), id, t.role, t.text, t.outcome ?? null, t.products?.length ? JSON.stringify(t.products) : null, t.tokens ?? 0, now + i),
    ),
    db.prepare('UPDATE assistant_conversations SET tokens_used = tokens_used + ?, updated_at = ? WHERE id = ?').bind(tokens, now, id),
  ]);
}

/** The conversation's messages, oldest first (at most `limit`, the newest ones). */
export async function transcript(db: D1Database, id: string, limit = 40): Promise<Array<{ role: 'user' | 'assistant'; text: string; outcome: string | null; createdAt: number }>> {
  const { results } = await db
    .prepare('SELECT role, text, outcome, created_at AS createdAt FROM (SELECT * FROM assistant_messages WHERE conversation_id = ? ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at, id')
    .bind(id, limit)
    .all<{ role: 'user' | 'assistant'; text: string; outcome: string | null; createdAt: number }>();
  return results;
}

/** Tokens used in the last `windowMs` by conversations started from this (hashed) address: the per-IP token budget. */
export async function tokensFromIp(db: D1Database, ipHash: string, since: number): Promise<number> {
  const r = await db.prepare('SELECT COALESCE(SUM(tokens_used), 0) AS n FROM assistant_conversations WHERE ip_hash = ? AND updated_at > ?').bind(ipHash, since).first<{ n: number }>();
  return r?.n ?? 0;
}

/** Deletes conversations past their lifetime, with their messages (the api Worker's cron). Returns how many. */
export async function purgeExpiredConversations(db: D1Database, now: number): Promise<number> {
  const [, conv] = await db.batch([
    db.prepare('DELETE FROM assistant_messages WHERE conversation_id IN (SELECT id FROM assistant_conversations WHERE expires_at <= ?)').bind(now),
    db.prepare('DELETE FROM assistant_conversations WHERE expires_at <= ?').bind(now),
  ]);
  return conv?.meta.changes ?? 0;
}

export { randomToken };
