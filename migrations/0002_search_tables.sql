CREATE TABLE `product_search` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` text NOT NULL,
	`name` text NOT NULL,
	`brand` text NOT NULL,
	`ingredients` text NOT NULL,
	`indications` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_search_product_id_unique` ON `product_search` (`product_id`);--> statement-breakpoint
CREATE TABLE `search_synonyms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`term` text NOT NULL,
	`synonym` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "search_synonyms_ck" CHECK("search_synonyms"."term" <> "search_synonyms"."synonym")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_synonyms_uq` ON `search_synonyms` (`term`,`synonym`);