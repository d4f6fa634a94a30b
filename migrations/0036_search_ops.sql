-- #16 review (ADR 0035): the full Elasticsearch reindex as a queue-driven job. The api inserts a job row (status
-- 'running', the change sequence it starts from) and its first `search.reindex_step` outbox event in one batch; the
-- consumer builds the new index a page of products per step (cursor = last product id), swaps the alias, replays the
-- feed after start_seq (cursor = last replayed seq), then marks the job done. One running job at a time (the partial
-- unique index refuses a second one: 409 SEARCH_REINDEX_RUNNING).
CREATE TABLE search_reindex_jobs (
  id TEXT PRIMARY KEY NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  phase TEXT NOT NULL CHECK (phase IN ('build', 'swap', 'replay', 'none')),
  cursor TEXT NOT NULL DEFAULT '',
  alias TEXT NOT NULL,
  index_name TEXT NOT NULL,
  start_seq INTEGER NOT NULL,
  total INTEGER NOT NULL,
  indexed INTEGER NOT NULL DEFAULT 0,
  replayed INTEGER NOT NULL DEFAULT 0,
  previous TEXT,
  failure TEXT,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
--> statement-breakpoint
CREATE UNIQUE INDEX search_reindex_jobs_one_running_uq ON search_reindex_jobs (status) WHERE status = 'running';
--> statement-breakpoint
CREATE INDEX search_reindex_jobs_created_idx ON search_reindex_jobs (created_at);
