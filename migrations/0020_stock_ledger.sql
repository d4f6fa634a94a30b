-- Issue 14 (ADR 0027): the stock ledger. Every change of a batch's on-hand quantity is a row of `stock_movements`
-- (append-only, like audit_log in 0015), and the database keeps `stock_batches.quantity` equal to the sum of its
-- batch's movements on EVERY path:
-- - a movement's insert trigger moves its batch's quantity by the delta (receipts, adjustments, the order paths
--   ship / restock / write-off in orders/transition.d1.ts);
-- - a batch inserted with a quantity (the seed, fixtures, old scripts) gets an `opening` movement of that quantity from
--   its insert trigger (an opening row must be the batch's first and equal its quantity; it does not move it again);
-- - an UPDATE that sets a quantity different from the ledger sum aborts (and the D1 batch it is part of), so no path
--   can move stock around the ledger;
-- - existing batches are backfilled with one `opening` movement each.
-- Reservations (`reserved`) are not movements: the goods are still on the shelf.

-- VND per BASE unit (integer); NULL for batches received before costs were recorded.
ALTER TABLE stock_batches ADD cost_price INTEGER CHECK (cost_price IS NULL OR cost_price >= 0);
--> statement-breakpoint
ALTER TABLE stock_batches ADD supplier TEXT;
--> statement-breakpoint
CREATE TABLE stock_movements (
  id TEXT PRIMARY KEY NOT NULL,
  batch_id TEXT NOT NULL REFERENCES stock_batches(id),
  product_id TEXT NOT NULL,
  -- Base units: + into the batch, − out of it.
  delta INTEGER NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT,
  -- What caused it: an order code, an import id…
  ref TEXT,
  -- The order allocation of a sale / return / write-off (at most one movement of each kind per allocation).
  allocation_id TEXT,
  actor_id TEXT,
  at INTEGER NOT NULL,
  CONSTRAINT stock_movements_kind_ck CHECK (kind IN ('opening', 'receipt', 'sale', 'return', 'count', 'damage', 'expiry', 'supplier_return', 'write_off')),
  CONSTRAINT stock_movements_delta_ck CHECK (
    delta <> 0 AND CASE
      WHEN kind IN ('opening', 'receipt', 'return') THEN delta > 0
      WHEN kind IN ('sale', 'damage', 'expiry', 'supplier_return', 'write_off') THEN delta < 0
      ELSE 1 END)
);
--> statement-breakpoint
CREATE INDEX stock_movements_batch_idx ON stock_movements (batch_id);
--> statement-breakpoint
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, at);
--> statement-breakpoint
CREATE UNIQUE INDEX stock_movements_allocation_uq ON stock_movements (allocation_id, kind) WHERE allocation_id IS NOT NULL;
--> statement-breakpoint
-- Backfill before the triggers exist: each batch's current quantity is its opening balance.
INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, reason, ref, allocation_id, actor_id, at)
SELECT lower(hex(randomblob(16))), id, product_id, quantity, 'opening', 'Tồn đầu kỳ', NULL, NULL, NULL, updated_at FROM stock_batches WHERE quantity > 0;
--> statement-breakpoint
-- An `opening` row states the quantity a batch was inserted with (written by `stock_batches_opening` below): it is
-- refused unless it is the batch's first movement and equals the batch's quantity, so it never moves the batch.
CREATE TRIGGER stock_movements_opening_first BEFORE INSERT ON stock_movements
WHEN NEW.kind = 'opening' AND (EXISTS (SELECT 1 FROM stock_movements m WHERE m.batch_id = NEW.batch_id)
  OR (SELECT b.quantity FROM stock_batches b WHERE b.id = NEW.batch_id) IS NOT NEW.delta) BEGIN
  SELECT RAISE(ABORT, 'an opening movement is the first one of its batch and equals its quantity');
END;
--> statement-breakpoint
-- Every other movement moves its batch (and the guard below checks the result against the ledger sum).
CREATE TRIGGER stock_movements_apply AFTER INSERT ON stock_movements WHEN NEW.kind <> 'opening' BEGIN
  UPDATE stock_batches SET quantity = quantity + NEW.delta, updated_at = NEW.at WHERE id = NEW.batch_id;
END;
--> statement-breakpoint
CREATE TRIGGER stock_batches_opening AFTER INSERT ON stock_batches WHEN NEW.quantity <> 0 BEGIN
  INSERT INTO stock_movements (id, batch_id, product_id, delta, kind, reason, ref, allocation_id, actor_id, at)
  VALUES (lower(hex(randomblob(16))), NEW.id, NEW.product_id, NEW.quantity, 'opening', 'Tồn đầu kỳ', NULL, NULL, NULL, NEW.created_at);
END;
--> statement-breakpoint
CREATE TRIGGER stock_batches_quantity_is_ledger BEFORE UPDATE OF quantity ON stock_batches
WHEN NEW.quantity IS NOT (SELECT COALESCE(SUM(m.delta), 0) FROM stock_movements m WHERE m.batch_id = NEW.id) BEGIN
  SELECT RAISE(ABORT, 'stock_batches.quantity must equal the stock_movements ledger sum');
END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN SELECT RAISE(ABORT, 'stock_movements is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN SELECT RAISE(ABORT, 'stock_movements is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_replace BEFORE INSERT ON stock_movements WHEN EXISTS (SELECT 1 FROM stock_movements WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'stock_movements is append-only'); END;
--> statement-breakpoint
-- A batch with movements is never deleted (its ledger would be orphaned): refused with a clear message, not only by
-- the foreign key.
CREATE TRIGGER stock_batches_no_delete BEFORE DELETE ON stock_batches WHEN EXISTS (SELECT 1 FROM stock_movements WHERE batch_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'stock_batches with ledger movements cannot be deleted'); END;
