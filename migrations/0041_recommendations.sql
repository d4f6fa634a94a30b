-- #18 recommendations (ADR 0048): "trending" reads the sales counted in the last days from the consumer's sale
-- markers (consumed_events rows of the `sales` handler), by handler and time.
CREATE INDEX `consumed_events_handler_time_idx` ON `consumed_events` (`handler`, `processed_at`);
