-- #13 ops: staff order operations (ADR 0020).
-- Internal notes on an order: staff only, never shown in a customer view.
CREATE TABLE order_notes (
  id TEXT PRIMARY KEY NOT NULL,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL REFERENCES users(id),
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CONSTRAINT order_notes_text_ck CHECK (length(text) BETWEEN 1 AND 2000)
);
CREATE INDEX order_notes_order_idx ON order_notes (order_id, created_at);

-- Goods of a returned order judged unfit (damaged, opened): recorded once per allocation, never put back on sale.
-- `restocked` says whether the units had already gone back into the batch (a carrier return restocks on arrival), in
-- which case the write-off took them out again.
CREATE TABLE stock_write_offs (
  id TEXT PRIMARY KEY NOT NULL,
  allocation_id TEXT NOT NULL REFERENCES order_allocations(id) ON DELETE CASCADE,
  batch_id TEXT NOT NULL REFERENCES stock_batches(id),
  quantity INTEGER NOT NULL,
  restocked INTEGER NOT NULL,
  reason TEXT NOT NULL,
  actor_id TEXT REFERENCES users(id),
  created_at INTEGER NOT NULL,
  CONSTRAINT stock_write_offs_qty_ck CHECK (quantity > 0)
);
CREATE UNIQUE INDEX stock_write_offs_allocation_uq ON stock_write_offs (allocation_id);

-- The staff order queue: keyset paging newest/oldest first and by total, optionally within one status.
CREATE INDEX orders_created_idx ON orders (created_at, id);
CREATE INDEX orders_status_created_idx ON orders (status, created_at, id);
CREATE INDEX orders_total_idx ON orders (total, id);
-- The latest carrier event of a shipment (unknown carrier status in the "needs action" view).
CREATE INDEX shipment_events_latest_idx ON shipment_events (shipment_id, occurred_at);
-- When an order entered a state (paid-not-shipped, late delivery).
CREATE INDEX order_events_order_status_idx ON order_events (order_id, to_status, created_at);
