-- Product questions and pharmacist answers (issue #17, ADR 0038).
--
-- The early sketch of `questions` / `answers` (migration 0000) was never used by code: both are rebuilt (empty
-- everywhere). Statuses (shared/src/questions/state.ts is the ONE owner of the moves; every guarded UPDATE is generated
-- from it): pending (in the pharmacists' queue) → answered (published on the product page) ; pending | answered → hidden.
-- Bodies are health data: never logged, never in audit data or event payloads. `flags` is the JSON array of
-- shared/src/ugc/screen.ts's flags, computed when the question is asked; flagged questions sort first in the queue.
-- Length caps live in UGC_LIMITS (checked by the API's zod schemas), not retyped here.
DROP TABLE IF EXISTS `answers`;--> statement-breakpoint
DROP TABLE IF EXISTS `questions`;--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL REFERENCES `products`(`id`) ON DELETE cascade,
	`user_id` text NOT NULL REFERENCES `users`(`id`),
	`body` text NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL CHECK (json_valid(`flags`) AND json_type(`flags`) = 'array'),
	`status` text DEFAULT 'pending' NOT NULL CHECK (`status` IN ('pending', 'answered', 'hidden')),
	`hidden_reason` text,
	`hidden_by` text REFERENCES `users`(`id`),
	`hidden_at` integer,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	CONSTRAINT `questions_hidden_ck` CHECK ((`status` = 'hidden') = (`hidden_at` IS NOT NULL AND `hidden_reason` IS NOT NULL)),
	CONSTRAINT `questions_answered_ck` CHECK (`status` <> 'answered' OR `answered_at` IS NOT NULL)
);
--> statement-breakpoint
-- The staff queue: pending, oldest first (keyset on created_at, id).
CREATE INDEX `questions_queue_idx` ON `questions` (`status`, `created_at`, `id`);--> statement-breakpoint
-- The product page: a product's answered questions, newest answer first (keyset on answered_at, id).
CREATE INDEX `questions_product_idx` ON `questions` (`product_id`, `status`, `answered_at`, `id`);--> statement-breakpoint
-- "Câu hỏi của tôi".
CREATE INDEX `questions_user_idx` ON `questions` (`user_id`, `created_at`);--> statement-breakpoint
-- One published answer per question: an edit replaces its body (audited), never adds a second row.
CREATE TABLE `answers` (
	`id` text PRIMARY KEY NOT NULL,
	`question_id` text NOT NULL REFERENCES `questions`(`id`) ON DELETE cascade,
	`pharmacist_id` text NOT NULL REFERENCES `users`(`id`),
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_question_uq` ON `answers` (`question_id`);
