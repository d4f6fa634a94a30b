-- Dashboard (issue #13, ADR 0022): the per-product low-stock threshold and the indexes the dashboard's aggregates use.
--
-- low_stock_threshold counts the product's DEFAULT selling unit (hộp, chai…), so one default fits tablets and bottles
-- alike: a product is low on stock when its sellable base units (catalog/availability.ts) fall below
-- threshold × the default unit's factor. 10 boxes/bottles by default; 0 switches the alert off.
ALTER TABLE products ADD COLUMN low_stock_threshold INTEGER NOT NULL DEFAULT 10 CHECK (low_stock_threshold >= 0);
--> statement-breakpoint
-- Every order widget reads a created_at range (Vietnam days/months, the chosen period). Covering: the aggregates read
-- only these columns (the id too, to reach the lines), so no row lookups.
CREATE INDEX orders_dashboard_idx ON orders (created_at, status, payment_method, total, paid_amount, refunded_amount, user_id, id);
--> statement-breakpoint
-- Payment issues (underpaid / overpaid / refund pending) are a handful of rows among many: a partial index.
CREATE INDEX orders_payment_issue_idx ON orders (payment_status, total, paid_amount, refunded_amount) WHERE payment_status IN ('underpaid', 'overpaid', 'refund_pending');
--> statement-breakpoint
-- Top products of a period: from each order to its lines without touching the line rows.
CREATE INDEX order_lines_sales_idx ON order_lines (order_id, product_id, line_total, quantity, factor);
--> statement-breakpoint
-- New customers per month.
CREATE INDEX users_role_created_idx ON users (role, created_at);
--> statement-breakpoint
-- Batches expiring within 90 days, over the whole stock.
CREATE INDEX stock_batches_expiry_idx ON stock_batches (expiry_date);
