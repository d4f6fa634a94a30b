-- #14 content: an article's related products (shown on the storefront's article page), and article writes bump the
-- catalogue version like every other catalogue table (0001): the public article routes sit behind the same edge cache,
-- so a published, edited or withdrawn article is served at once. Categories and brands already bump it (0001).
CREATE TABLE `article_products` (
	`article_id` text NOT NULL REFERENCES `articles`(`id`) ON DELETE CASCADE,
	`product_id` text NOT NULL REFERENCES `products`(`id`),
	`position` integer NOT NULL,
	PRIMARY KEY (`article_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `article_products_product_idx` ON `article_products` (`product_id`);
--> statement-breakpoint
CREATE TRIGGER `articles_insert_bump_catalog` AFTER INSERT ON `articles` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `articles_update_bump_catalog` AFTER UPDATE ON `articles` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `articles_delete_bump_catalog` AFTER DELETE ON `articles` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `article_products_insert_bump_catalog` AFTER INSERT ON `article_products` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `article_products_delete_bump_catalog` AFTER DELETE ON `article_products` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
