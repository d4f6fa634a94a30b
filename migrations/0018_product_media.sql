-- #14 (products): the product's certificate file (a PDF in the private FILES_BUCKET, served only to staff) and the
-- admin product list's sort indexes. The certificate columns are not in products_update_bump_catalog's column list:
-- the shop never shows them, so changing them does not purge the catalogue's edge cache.
ALTER TABLE `products` ADD `certificate_key` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `certificate_name` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `certificate_size` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `certificate_uploaded_at` integer;
--> statement-breakpoint
CREATE INDEX `products_updated_idx` ON `products` (`updated_at`,`id`);
--> statement-breakpoint
CREATE INDEX `products_name_idx` ON `products` (`name`,`id`);
