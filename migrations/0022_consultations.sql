-- Consultations: prescription upload and pharmacist review (issue #15, ADR 0029).
--
-- The early sketch of `consultations` / `consultation_files` (migration 0000) was never used by code: both are rebuilt
-- (empty everywhere). `consultation_items` stays as it is (the advice helper's migration 0023 owns it).
--
-- Statuses (shared/src/consultations/state.ts is the ONE owner of the moves; every guarded UPDATE is generated from it):
-- submitted (in the queue) → in_review (claimed by one pharmacist; released → submitted) → advised | rejected;
-- submitted | in_review → cancelled (by the shopper).
-- A consultation belongs to an account (`user_id`) or to a guest (guest_* columns): the guest who confirmed a one-time
-- code sent to `guest_email` (that guest identity may read it), or a chat guest handed over without an email.
-- Notes, symptoms and file contents are health data: never logged, never in event payloads.
DROP TABLE IF EXISTS `consultation_files`;--> statement-breakpoint
DROP TABLE IF EXISTS `consultations`;--> statement-breakpoint
CREATE TABLE `consultations` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`user_id` text REFERENCES `users`(`id`),
	`guest_name` text,
	`guest_phone` text,
	`guest_email` text,
	`status` text DEFAULT 'submitted' NOT NULL CHECK (`status` IN ('submitted', 'in_review', 'advised', 'rejected', 'cancelled')),
	`source` text DEFAULT 'form' NOT NULL CHECK (`source` IN ('form', 'chat')),
	`conversation_id` text,
	`symptoms` text,
	`note` text,
	`preferred_contact_time` text DEFAULT 'any' NOT NULL CHECK (`preferred_contact_time` IN ('any', 'morning', 'afternoon', 'evening')),
	`contact_phone` text NOT NULL,
	-- The pharmacist holding it (in_review) or who decided it (advised/rejected); null while it waits in the queue.
	`pharmacist_id` text REFERENCES `users`(`id`),
	`claimed_at` integer,
	`decided_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT `consultations_owner_ck` CHECK ((`user_id` IS NULL) = (`guest_phone` IS NOT NULL AND `guest_name` IS NOT NULL)),
	CONSTRAINT `consultations_holder_ck` CHECK (`status` <> 'in_review' OR `pharmacist_id` IS NOT NULL),
	CONSTRAINT `consultations_queue_ck` CHECK (`status` <> 'submitted' OR `pharmacist_id` IS NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consultations_code_uq` ON `consultations` (`code`);--> statement-breakpoint
CREATE INDEX `consultations_user_idx` ON `consultations` (`user_id`, `created_at`);--> statement-breakpoint
CREATE INDEX `consultations_guest_idx` ON `consultations` (`guest_phone`, `created_at`);--> statement-breakpoint
-- The queue: status, then oldest first (keyset on created_at, id).
CREATE INDEX `consultations_status_idx` ON `consultations` (`status`, `created_at`, `id`);--> statement-breakpoint
CREATE INDEX `consultations_pharmacist_idx` ON `consultations` (`pharmacist_id`, `status`, `created_at`);--> statement-breakpoint
CREATE TABLE `consultation_files` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL REFERENCES `consultations`(`id`) ON DELETE cascade,
	`r2_key` text NOT NULL,
	`content_type` text NOT NULL CHECK (`content_type` IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
	`size_bytes` integer NOT NULL CHECK (`size_bytes` > 0),
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consultation_files_key_uq` ON `consultation_files` (`r2_key`);--> statement-breakpoint
CREATE INDEX `consultation_files_consultation_idx` ON `consultation_files` (`consultation_id`, `position`);--> statement-breakpoint
-- The products the shopper asks about (prescription-only ones included).
CREATE TABLE `consultation_products` (
	`consultation_id` text NOT NULL REFERENCES `consultations`(`id`) ON DELETE cascade,
	`product_id` text NOT NULL REFERENCES `products`(`id`),
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY (`consultation_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `consultation_products_product_idx` ON `consultation_products` (`product_id`);--> statement-breakpoint
-- The timeline: one row per status the consultation entered (written in the batch of the guarded change).
CREATE TABLE `consultation_events` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL REFERENCES `consultations`(`id`) ON DELETE cascade,
	`status` text NOT NULL CHECK (`status` IN ('submitted', 'in_review', 'advised', 'rejected', 'cancelled')),
	`actor_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `consultation_events_consultation_idx` ON `consultation_events` (`consultation_id`, `created_at`);--> statement-breakpoint
-- Guest one-time codes (sent by email, see ADR 0029): one live code per phone, stored hashed, 10 minutes, 5 attempts.
CREATE TABLE `consultation_otps` (
	`phone` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
