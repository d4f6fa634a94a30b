-- Issue 13 (ADR 0021): the audit log is append-only. No route updates or deletes a row, and the database itself
-- refuses to: any UPDATE, DELETE or REPLACE on audit_log aborts its statement (and the D1 batch it is part of).
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
-- INSERT OR REPLACE (or REPLACE INTO) with an existing id would delete the old row and write a new one without firing
-- the DELETE trigger (SQLite fires delete triggers on REPLACE only with recursive_triggers on): an insert that reuses an
-- id aborts instead. Every writer inserts a fresh id, so this never refuses a real entry.
CREATE TRIGGER `audit_log_no_replace` BEFORE INSERT ON `audit_log` WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE `id` = NEW.`id`) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
-- The audit viewer reads newest first (keyset over created_at, id), optionally for one action.
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`created_at`);
