-- #18 "Trợ lý Medicare" (ADR 0044): assistant conversations with a bounded lifetime (expires_at; purged by the api
-- Worker's cron, shared/src/assistant/repo.d1.ts purgeExpiredConversations) and their messages (health data: never
-- logged). Owner: a signed-in shopper (user_id) or a guest holding the conversation's secret (token_hash = SHA-256).
CREATE TABLE assistant_conversations (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT,
  ip_hash TEXT NOT NULL,
  message_count INTEGER NOT NULL DEFAULT 0,
  tokens_used INTEGER NOT NULL DEFAULT 0,
  consultation_id TEXT REFERENCES consultations(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CONSTRAINT assistant_conversations_owner_ck CHECK ((user_id IS NULL) <> (token_hash IS NULL)),
  CONSTRAINT assistant_conversations_counts_ck CHECK (message_count >= 0 AND tokens_used >= 0)
);
CREATE INDEX assistant_conversations_expiry_idx ON assistant_conversations (expires_at);
CREATE INDEX assistant_conversations_ip_idx ON assistant_conversations (ip_hash, updated_at);
CREATE INDEX assistant_conversations_user_idx ON assistant_conversations (user_id, updated_at);

CREATE TABLE assistant_messages (
  id TEXT PRIMARY KEY NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES assistant_conversations(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  -- what the rails did with this turn: answer | fallback | emergency | blocked:<reason> | off_topic (assistant rows)
  outcome TEXT,
  -- the product slugs shown with this answer (JSON array), from our catalogue
  products TEXT,
  tokens INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  CONSTRAINT assistant_messages_role_ck CHECK (role IN ('user', 'assistant'))
);
CREATE INDEX assistant_messages_conversation_idx ON assistant_messages (conversation_id, created_at, id);
