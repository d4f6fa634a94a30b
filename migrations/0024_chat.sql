-- #15 Live chat with a pharmacist (ADR 0031). The early `conversations`/`messages` sketch (migration 0000) was never
-- used by code: both are rebuilt for the chat. A conversation belongs to an account OR a guest identity (the subject
-- of the signed guest chat cookie); at most one open conversation per customer. Messages carry a per-conversation
-- sequence number (the resume cursor) and the sender's client id (a resend after a reconnect never duplicates).
DROP TABLE `messages`;
--> statement-breakpoint
DROP TABLE `conversations`;
--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`guest_id` text,
	`customer_name` text NOT NULL,
	`customer_phone` text,
	`pharmacist_id` text,
	`status` text DEFAULT 'waiting' NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`customer_read_seq` integer DEFAULT 0 NOT NULL,
	`pharmacist_read_seq` integer DEFAULT 0 NOT NULL,
	`last_activity_at` integer NOT NULL,
	`taken_at` integer,
	`closed_at` integer,
	`closed_by` text,
	`consultation_id` text,
	`transcript_email` text,
	`transcript_requested_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pharmacist_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conversations_status_ck" CHECK("conversations"."status" IN ('waiting', 'active', 'closed')),
	CONSTRAINT "conversations_customer_ck" CHECK(("conversations"."user_id" IS NULL) <> ("conversations"."guest_id" IS NULL)),
	CONSTRAINT "conversations_holder_ck" CHECK("conversations"."status" <> 'active' OR "conversations"."pharmacist_id" IS NOT NULL),
	CONSTRAINT "conversations_closed_by_ck" CHECK("conversations"."closed_by" IS NULL OR "conversations"."closed_by" IN ('customer', 'pharmacist', 'inactivity'))
);
--> statement-breakpoint
CREATE INDEX `conversations_user_idx` ON `conversations` (`user_id`,`status`);
--> statement-breakpoint
CREATE INDEX `conversations_guest_idx` ON `conversations` (`guest_id`,`status`);
--> statement-breakpoint
CREATE INDEX `conversations_status_idx` ON `conversations` (`status`,`created_at`);
--> statement-breakpoint
CREATE INDEX `conversations_pharmacist_idx` ON `conversations` (`pharmacist_id`,`status`);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_open_user_uq` ON `conversations` (`user_id`) WHERE "conversations"."status" <> 'closed' AND "conversations"."user_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_open_guest_uq` ON `conversations` (`guest_id`) WHERE "conversations"."status" <> 'closed' AND "conversations"."guest_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`client_id` text,
	`sender_role` text NOT NULL,
	`sender_id` text,
	`sender_name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "messages_role_ck" CHECK("messages"."sender_role" IN ('customer', 'pharmacist', 'system')),
	CONSTRAINT "messages_seq_ck" CHECK("messages"."seq" > 0),
	CONSTRAINT "messages_body_ck" CHECK(length("messages"."body") BETWEEN 1 AND 2000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_conversation_seq_uq` ON `messages` (`conversation_id`,`seq`);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_client_uq` ON `messages` (`conversation_id`,`sender_role`,`client_id`);
