ALTER TABLE `order_allocations` ADD `shipped_at` integer;--> statement-breakpoint
ALTER TABLE `order_allocations` ADD `restocked_at` integer;