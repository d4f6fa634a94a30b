-- Import/export of products and stock batches (issue #14, ADR 0028).
--
-- `imports` is one upload: its file lives in the private FILES_BUCKET (`imports/<id>.<ext>`); the consumer Worker
-- parses it, validates it (dry run) and, on commit, writes it, one queue message per chunk of rows, keeping the
-- progress here. `import_rows` holds every data row of the file (its cells as JSON), its problems (dry run) and its
-- outcome (commit), so the console can page through the errors and a retried chunk knows what it did.
CREATE TABLE imports (
  id TEXT PRIMARY KEY NOT NULL,
  -- One import at a time PER STORE: the lock is the unique partial index below (a second INSERT/UPDATE into a busy
  -- state fails atomically in D1, unlike the original's non-atomic Redis flag). One store today: 'main'.
  store TEXT NOT NULL DEFAULT 'main',
  kind TEXT NOT NULL CHECK (kind IN ('products', 'batches')),
  file_name TEXT NOT NULL,
  file_key TEXT NOT NULL,
  file_type TEXT NOT NULL CHECK (file_type IN ('xlsx', 'csv')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'validating', 'validated', 'committing', 'done', 'failed', 'cancelled')),
  -- The step the queue is working on and the next row offset it starts from (a retried message resumes there).
  phase TEXT NOT NULL DEFAULT 'parse' CHECK (phase IN ('parse', 'validate', 'commit', 'none')),
  cursor INTEGER NOT NULL DEFAULT 0,
  total_rows INTEGER NOT NULL DEFAULT 0,
  processed_rows INTEGER NOT NULL DEFAULT 0,
  valid_rows INTEGER NOT NULL DEFAULT 0,
  error_rows INTEGER NOT NULL DEFAULT 0,
  created_count INTEGER NOT NULL DEFAULT 0,
  updated_count INTEGER NOT NULL DEFAULT 0,
  unchanged_count INTEGER NOT NULL DEFAULT 0,
  failure TEXT,
  created_by TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX imports_one_running_uq ON imports (store) WHERE status IN ('queued', 'validating', 'committing');
--> statement-breakpoint
CREATE INDEX imports_created_idx ON imports (created_at, id);
--> statement-breakpoint
CREATE TABLE import_rows (
  import_id TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  -- The spreadsheet row number staff see (the header is row 1, so data starts at 2).
  row_number INTEGER NOT NULL,
  -- The row's cells by column key (JSON object of strings).
  cells TEXT NOT NULL,
  -- Dry-run problems: JSON array of { column, message } (Vietnamese), NULL when the row is valid.
  errors TEXT,
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('created', 'updated', 'unchanged', 'failed')),
  PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;
