-- Issue 14 (ADR 0024): the product write model and the pharmacist approval.
-- Soft delete: a product is never hard-deleted by staff (orders reference it); `deleted_at` hides it everywhere the
-- shop looks (shopVisibleSql) and can be cleared (restore).
ALTER TABLE `products` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `deleted_by` text REFERENCES `users`(`id`);--> statement-breakpoint
-- A retired selling unit is kept (orders, carts and consultations reference it) but never offered or bought again.
ALTER TABLE `product_units` ADD `retired_at` integer;--> statement-breakpoint
-- A retired unit is never the default one.
CREATE TRIGGER `product_units_retired_not_default_ins` BEFORE INSERT ON `product_units` WHEN NEW.`retired_at` IS NOT NULL AND NEW.`is_default` = 1 BEGIN SELECT RAISE(ABORT, 'a retired unit cannot be the default unit'); END;
--> statement-breakpoint
CREATE TRIGGER `product_units_retired_not_default_upd` BEFORE UPDATE OF `retired_at`, `is_default` ON `product_units` WHEN NEW.`retired_at` IS NOT NULL AND NEW.`is_default` = 1 BEGIN SELECT RAISE(ABORT, 'a retired unit cannot be the default unit'); END;
--> statement-breakpoint
-- The catalogue version bumps on soft delete / restore like on every other product change (0001's trigger lists its
-- columns, so the new one needs its own).
CREATE TRIGGER `products_deleted_bump_catalog` AFTER UPDATE OF `deleted_at` ON `products` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE INDEX `products_deleted_idx` ON `products` (`deleted_at`);--> statement-breakpoint
-- Pharmacist approval. A revision is what a pharmacist decides on: kind `new` (a new product, hidden until approved:
-- the proposed values are the product row itself) or `edit` (medical fields of an approved product: the proposed
-- values live here, `proposed` JSON, and the live row keeps the approved text until approval applies them).
-- `before` is the approved values at submission (the diff's left side). At most one pending revision per product.
CREATE TABLE `product_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL REFERENCES `products`(`id`) ON DELETE CASCADE,
	`kind` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`proposed` text NOT NULL,
	`before` text NOT NULL,
	`submitted_by` text REFERENCES `users`(`id`),
	`submitted_at` integer NOT NULL,
	`decided_by` text REFERENCES `users`(`id`),
	`decided_at` integer,
	`note` text,
	CONSTRAINT `product_revisions_kind_ck` CHECK(`kind` IN ('new','edit')),
	CONSTRAINT `product_revisions_state_ck` CHECK(`state` IN ('pending','approved','rejected','superseded')),
	CONSTRAINT `product_revisions_decided_ck` CHECK((`state` = 'pending') = (`decided_at` IS NULL)),
	CONSTRAINT `product_revisions_reject_note_ck` CHECK(`state` <> 'rejected' OR length(trim(coalesce(`note`, ''))) > 0)
);--> statement-breakpoint
CREATE UNIQUE INDEX `product_revisions_one_pending_uq` ON `product_revisions` (`product_id`) WHERE `state` = 'pending';--> statement-breakpoint
CREATE INDEX `product_revisions_queue_idx` ON `product_revisions` (`state`,`submitted_at`,`id`);--> statement-breakpoint
CREATE INDEX `product_revisions_product_idx` ON `product_revisions` (`product_id`,`decided_at`);--> statement-breakpoint
-- Old slugs keep answering: GET /v1/products/{old} redirects to the product's current slug (and the web page issues
-- a permanent redirect). An old slug is never reused by another product while it redirects.
CREATE TABLE `product_slug_redirects` (
	`old_slug` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL REFERENCES `products`(`id`) ON DELETE CASCADE,
	`created_at` integer NOT NULL
);--> statement-breakpoint
CREATE INDEX `product_slug_redirects_product_idx` ON `product_slug_redirects` (`product_id`);--> statement-breakpoint
-- A product may not take a slug that still redirects to another product.
CREATE TRIGGER `products_slug_not_redirect_ins` BEFORE INSERT ON `products` WHEN EXISTS (SELECT 1 FROM `product_slug_redirects` r WHERE r.`old_slug` = NEW.`slug` AND r.`product_id` <> NEW.`id`) BEGIN SELECT RAISE(ABORT, 'slug is a redirect of another product'); END;
--> statement-breakpoint
CREATE TRIGGER `products_slug_not_redirect_upd` BEFORE UPDATE OF `slug` ON `products` WHEN EXISTS (SELECT 1 FROM `product_slug_redirects` r WHERE r.`old_slug` = NEW.`slug` AND r.`product_id` <> NEW.`id`) BEGIN SELECT RAISE(ABORT, 'slug is a redirect of another product'); END;
--> statement-breakpoint
-- "Is this unit referenced?" (retire instead of delete) must not scan every order line.
CREATE INDEX `order_lines_unit_idx` ON `order_lines` (`unit_id`);--> statement-breakpoint
CREATE INDEX `cart_items_unit_idx` ON `cart_items` (`unit_id`);--> statement-breakpoint
CREATE INDEX `consultation_items_unit_idx` ON `consultation_items` (`unit_id`);--> statement-breakpoint
-- Products already waiting for a pharmacist (the seed's pending ones) get their `new` revision, so the queue lists them.
INSERT INTO `product_revisions` (`id`, `product_id`, `kind`, `state`, `proposed`, `before`, `submitted_by`, `submitted_at`)
SELECT 'R' || `id`, `id`, 'new', 'pending', '{}', '{}', NULL, `updated_at` FROM `products` WHERE `approval_state` = 'pending_review';--> statement-breakpoint
-- Any product inserted as pending review without a revision (the seed loader, fixtures) gets one the same way; the
-- write model inserts new products as drafts, adds its revision, then marks them pending (so this does not fire).
CREATE TRIGGER `products_pending_revision_ai` AFTER INSERT ON `products` WHEN NEW.`approval_state` = 'pending_review' BEGIN INSERT OR IGNORE INTO `product_revisions` (`id`, `product_id`, `kind`, `state`, `proposed`, `before`, `submitted_by`, `submitted_at`) VALUES ('R' || NEW.`id`, NEW.`id`, 'new', 'pending', '{}', '{}', NULL, NEW.`created_at`); END;
