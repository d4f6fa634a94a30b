-- Catalogue version: every catalogue write bumps meta.catalog_version, which is part of every edge-cache key,
-- so no stale catalogue response is served after an edit. Counters maintained by consumers (sold_count, ratings)
-- and stock reservations (stock_batches.reserved) deliberately do not bump it; see docs/adr/0004-edge-cache.md.
INSERT INTO meta (key, value) VALUES ('catalog_version', 1);

CREATE TRIGGER `products_insert_bump_catalog` AFTER INSERT ON `products` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `products_update_bump_catalog` AFTER UPDATE OF slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, dosage, side_effects, contraindications, precautions, storage, registration_number, country_of_origin, manufacturer_id, brand_id, category_id, prescription_required, special_control, approval_state, approved_by, approved_at, rejection_note, visible ON `products` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `products_delete_bump_catalog` AFTER DELETE ON `products` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_units_insert_bump_catalog` AFTER INSERT ON `product_units` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_units_update_bump_catalog` AFTER UPDATE ON `product_units` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_units_delete_bump_catalog` AFTER DELETE ON `product_units` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_images_insert_bump_catalog` AFTER INSERT ON `product_images` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_images_update_bump_catalog` AFTER UPDATE ON `product_images` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_images_delete_bump_catalog` AFTER DELETE ON `product_images` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_ingredients_insert_bump_catalog` AFTER INSERT ON `product_ingredients` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_ingredients_update_bump_catalog` AFTER UPDATE ON `product_ingredients` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `product_ingredients_delete_bump_catalog` AFTER DELETE ON `product_ingredients` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `categories_insert_bump_catalog` AFTER INSERT ON `categories` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `categories_update_bump_catalog` AFTER UPDATE ON `categories` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `categories_delete_bump_catalog` AFTER DELETE ON `categories` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `brands_insert_bump_catalog` AFTER INSERT ON `brands` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `brands_update_bump_catalog` AFTER UPDATE ON `brands` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `brands_delete_bump_catalog` AFTER DELETE ON `brands` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `manufacturers_insert_bump_catalog` AFTER INSERT ON `manufacturers` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `manufacturers_update_bump_catalog` AFTER UPDATE ON `manufacturers` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `manufacturers_delete_bump_catalog` AFTER DELETE ON `manufacturers` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `ingredients_insert_bump_catalog` AFTER INSERT ON `ingredients` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `ingredients_update_bump_catalog` AFTER UPDATE ON `ingredients` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `ingredients_delete_bump_catalog` AFTER DELETE ON `ingredients` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `stock_batches_insert_bump_catalog` AFTER INSERT ON `stock_batches` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `stock_batches_update_bump_catalog` AFTER UPDATE OF quantity, expiry_date, lot_number, product_id ON `stock_batches` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER `stock_batches_delete_bump_catalog` AFTER DELETE ON `stock_batches` BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
