-- Issue 13 (ADR 0021): the audit log is append-only. No route updates or deletes a row, and the database itself
-- refuses to: any UPDATE or DELETE on audit_log aborts its statement (and the D1 batch it is part of).
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
-- The audit viewer reads newest first (keyset over created_at, id), optionally for one action.
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`created_at`);
