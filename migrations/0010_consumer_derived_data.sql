CREATE TABLE `co_purchases` (
	`product_id` text NOT NULL,
	`other_id` text NOT NULL,
	`orders` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `other_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`other_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "co_purchases_orders_ck" CHECK("co_purchases"."orders" >= 0)
);
--> statement-breakpoint
CREATE INDEX `co_purchases_top_idx` ON `co_purchases` (`product_id`,`orders`);--> statement-breakpoint
CREATE TABLE `event_failures` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`attempts` integer NOT NULL,
	`last_error` text NOT NULL,
	`last_failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `product_stock_states` (
	`product_id` text PRIMARY KEY NOT NULL,
	`sellable` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
