-- Search and listings at 20,000-100,000 products (issue 16): every search hit, and every product of a listing with
-- facets, is looked up by id for its card columns (visibility, brand, category, form, Rx, sales, age) and for its
-- default unit's price. In `products` those columns sit after the long description, so reading them walks the row's
-- overflow pages; these covering indexes answer both lookups from the index alone (D1CatalogRepository.listingWithFacets).
CREATE INDEX `products_card_idx` ON `products` (`id`, `approval_state`, `visible`, `deleted_at`, `brand_id`, `category_id`, `prescription_required`, `dosage_form`, `sold_count`, `created_at`);
--> statement-breakpoint
CREATE INDEX `product_units_default_price_idx` ON `product_units` (`product_id`, `price`, `sale_price`, `sale_starts_at`, `sale_ends_at`) WHERE `is_default` = 1;
