-- #12 item 3: one publisher per outbox row, and each consumer side effect once under concurrent delivery.
-- Outbox rows are claimed atomically before they are sent: `claimed_by` is the publisher's token and `claim_until`
-- the time after which an unacknowledged row may be claimed (and sent) again.
ALTER TABLE `outbox_events` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `outbox_events` ADD `claim_until` integer;--> statement-breakpoint
-- Rows already sent and not yet acknowledged keep the old five-minute re-publish deadline.
UPDATE `outbox_events` SET `claim_until` = `published_at` + 300000 WHERE `published_at` IS NOT NULL AND `acked_at` IS NULL;--> statement-breakpoint
-- consumed_events becomes the consumer's claim table: a row with `lease_until` is a side effect in progress by
-- `claimed_by` (claimable again once the lease has passed); a row without one is a side effect done.
ALTER TABLE `consumed_events` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `consumed_events` ADD `lease_until` integer;
