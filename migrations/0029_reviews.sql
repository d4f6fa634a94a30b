-- Verified-purchase reviews (issue #17, ADR 0037). The old `reviews` table (status published/hidden, one per user per
-- product, never written by any route) is rebuilt: one review per product per ORDER, held for moderation
-- (pending → approved | hidden), with the screening flags, the moderation decision, a pharmacist's reply and the
-- helpful count. Photos (up to 3, private bucket under reviews/) and helpful votes (one per account) get their tables.
-- products.rating_avg_x100 / rating_count become the aggregate of APPROVED reviews only (maintained in the moderation
-- batch by shared/src/reviews/repo.d1.ts); the seeded, invented numbers are reset to 0 here.
DROP TABLE `reviews`;
--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`order_id` text NOT NULL,
	`user_id` text NOT NULL,
	`rating` integer NOT NULL,
	`body` text NOT NULL,
	-- JSON array of UgcFlag (shared/src/ugc/screen.ts); '[]' when nothing was flagged.
	`flags` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`moderation_reason` text,
	`moderation_note` text,
	`moderated_by` text,
	`moderated_at` integer,
	`reply_body` text,
	`reply_by` text,
	`reply_at` integer,
	`helpful_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`moderated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT `reviews_rating_ck` CHECK (`rating` BETWEEN 1 AND 5),
	CONSTRAINT `reviews_status_ck` CHECK (`status` IN ('pending', 'approved', 'hidden')),
	CONSTRAINT `reviews_helpful_ck` CHECK (`helpful_count` >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_order_product_uq` ON `reviews` (`order_id`, `product_id`);
--> statement-breakpoint
-- The product page (newest first, star filter) and the aggregate recompute.
CREATE INDEX `reviews_product_idx` ON `reviews` (`product_id`, `status`, `created_at`);
--> statement-breakpoint
-- The product page sorted by most helpful.
CREATE INDEX `reviews_product_helpful_idx` ON `reviews` (`product_id`, `status`, `helpful_count`, `created_at`);
--> statement-breakpoint
-- The moderation queue (pending first, oldest first).
CREATE INDEX `reviews_queue_idx` ON `reviews` (`status`, `created_at`);
--> statement-breakpoint
CREATE INDEX `reviews_user_idx` ON `reviews` (`user_id`);
--> statement-breakpoint
CREATE TABLE `review_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`review_id` text NOT NULL,
	`position` integer NOT NULL,
	-- Object key in the private FILES_BUCKET, under reviews/.
	`r2_key` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT `review_photos_position_ck` CHECK (`position` BETWEEN 0 AND 2)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_photos_review_position_uq` ON `review_photos` (`review_id`, `position`);
--> statement-breakpoint
CREATE TABLE `review_helpful_votes` (
	`review_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY (`review_id`, `user_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- No approved review exists yet: every product's rating is 0/0 until real ones are approved.
UPDATE `products` SET `rating_avg_x100` = 0, `rating_count` = 0 WHERE `rating_avg_x100` <> 0 OR `rating_count` <> 0;
