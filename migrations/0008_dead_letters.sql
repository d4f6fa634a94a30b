CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`event_id` text,
	`type` text,
	`aggregate_id` text,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`received_at` integer NOT NULL,
	`replayed_at` integer,
	`replayed_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_message_uq` ON `dead_letters` (`message_id`);--> statement-breakpoint
CREATE INDEX `dead_letters_pending_idx` ON `dead_letters` (`replayed_at`,`received_at`);