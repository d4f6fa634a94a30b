-- Issue 15 (ADR 0030): what follows a pharmacist's decision on a consultation.
-- - `consultation_decisions`: the pharmacist's decision (advised | rejected), one per consultation (its primary key);
-- - `advice_items`: each advised item (OTC or prescription) with its unit, quantity, dosage instructions and the unit price
--   quoted at advice time; an item is either in the online quote (`quote_id`) or reserved for pickup (`reservation_id`);
-- - `quotes`: the online quote and its expiry (a cart line carries a quote item: `cart_items.quote_item_id`);
-- - `pharmacy_locations`: the counters where reserved prescription items are picked up (one seeded below);
-- - `pickup_reservations` + `pickup_allocations`: FEFO batches reserved like order allocations (`reserved += n`, the
--   `reserved <= quantity` CHECK is the guard); dispensing writes a `sale` movement of the stock ledger (0020); expiry and
--   cancellation release once (`released_at`, status guard in the same batch);
-- - `platform_settings`: the epidemic exception switch (off), every change audited.

-- The early sketch of advised items (0000), never used by code: replaced by `advice_items` below.
DROP TABLE IF EXISTS consultation_items;
--> statement-breakpoint
CREATE TABLE pharmacy_locations (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL,
  -- OpeningHours JSON (shared/src/chat/hours.ts OpeningHoursSchema), validated by the API before it is written.
  hours TEXT NOT NULL,
  -- Giấy chứng nhận đủ điều kiện kinh doanh dược.
  licence_number TEXT NOT NULL,
  -- Giấy chứng nhận Thực hành tốt cơ sở bán lẻ thuốc (GPP).
  gpp_certificate TEXT NOT NULL,
  -- Người chịu trách nhiệm chuyên môn về dược.
  responsible_pharmacist TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
--> statement-breakpoint
-- The seeded counter. Its licence, GPP and practising-certificate numbers are FICTITIOUS placeholders (marked so in the
-- text); the operator replaces them with the real ones from the console before going live.
INSERT INTO pharmacy_locations (id, name, address, phone, hours, licence_number, gpp_certificate, responsible_pharmacist, active, created_at, updated_at)
VALUES (
  '01JPHARMACYHCMQ1000000000',
  'Nhà thuốc Medicare Bến Thành',
  '128 Lê Thánh Tôn, Phường Bến Thành, Thành phố Hồ Chí Minh',
  '02838221234',
  '{"mon":[{"open":"07:00","close":"22:00"}],"tue":[{"open":"07:00","close":"22:00"}],"wed":[{"open":"07:00","close":"22:00"}],"thu":[{"open":"07:00","close":"22:00"}],"fri":[{"open":"07:00","close":"22:00"}],"sat":[{"open":"07:00","close":"22:00"}],"sun":[{"open":"08:00","close":"20:00"}],"closedDates":[]}',
  '0000/ĐKKDD-HCM (số giả lập, chưa phải số thật)',
  'GPP-0000/SYT-HCM (số giả lập, chưa phải số thật)',
  'DS. Trần Thị Minh Thư — CCHN 0000/CCHN-D-SYT-HCM (số giả lập)',
  1,
  1767225600000,
  1767225600000
);
--> statement-breakpoint
CREATE TABLE consultation_decisions (
  consultation_id TEXT PRIMARY KEY NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('advised', 'rejected')),
  pharmacist_id TEXT NOT NULL REFERENCES users(id),
  -- The pharmacist's note to the shopper (health data: never logged).
  note TEXT NOT NULL,
  reject_reason TEXT CHECK (reject_reason IS NULL OR reject_reason IN ('unreadable', 'expired_prescription', 'needs_doctor', 'not_stocked', 'other')),
  decided_at INTEGER NOT NULL,
  CONSTRAINT consultation_decisions_reason_ck CHECK ((decision = 'rejected') = (reject_reason IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE quotes (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX quotes_consultation_uq ON quotes (consultation_id);
--> statement-breakpoint
CREATE TABLE pickup_reservations (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations(id),
  location_id TEXT NOT NULL REFERENCES pharmacy_locations(id),
  -- Who collects it (copied from the consultation when reserved: the counter searches by them).
  customer_name TEXT NOT NULL,
  phone TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'dispensed', 'expired', 'cancelled')),
  expires_at INTEGER NOT NULL,
  dispensed_by TEXT REFERENCES users(id),
  dispensed_at INTEGER,
  payment_method TEXT CHECK (payment_method IS NULL OR payment_method IN ('cash', 'card', 'transfer')),
  amount_paid INTEGER CHECK (amount_paid IS NULL OR amount_paid >= 0),
  -- Staff note at the counter / the cancellation reason.
  note TEXT,
  closed_by TEXT REFERENCES users(id),
  closed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CONSTRAINT pickup_reservations_dispensed_ck CHECK (
    (status = 'dispensed') = (dispensed_by IS NOT NULL AND dispensed_at IS NOT NULL AND payment_method IS NOT NULL AND amount_paid IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX pickup_reservations_code_uq ON pickup_reservations (code);
--> statement-breakpoint
CREATE UNIQUE INDEX pickup_reservations_consultation_uq ON pickup_reservations (consultation_id);
--> statement-breakpoint
CREATE INDEX pickup_reservations_status_idx ON pickup_reservations (status, expires_at);
--> statement-breakpoint
CREATE INDEX pickup_reservations_phone_idx ON pickup_reservations (phone);
--> statement-breakpoint
CREATE TABLE advice_items (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('otc', 'rx')),
  product_id TEXT NOT NULL REFERENCES products(id),
  unit_id TEXT NOT NULL REFERENCES product_units(id),
  product_name TEXT NOT NULL,
  unit_name TEXT NOT NULL,
  factor INTEGER NOT NULL CHECK (factor >= 1),
  quantity INTEGER NOT NULL CHECK (quantity > 0 AND quantity <= 100),
  -- Dosage instructions (health data: never logged).
  instructions TEXT NOT NULL,
  -- The unit price quoted at advice time (integer VND): what the shopper pays while the quote is valid.
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  quote_id TEXT REFERENCES quotes(id),
  reservation_id TEXT REFERENCES pickup_reservations(id),
  CONSTRAINT advice_items_place_ck CHECK ((quote_id IS NULL) <> (reservation_id IS NULL))
);
--> statement-breakpoint
CREATE INDEX advice_items_consultation_idx ON advice_items (consultation_id, position);
--> statement-breakpoint
CREATE INDEX advice_items_quote_idx ON advice_items (quote_id);
--> statement-breakpoint
CREATE INDEX advice_items_reservation_idx ON advice_items (reservation_id);
--> statement-breakpoint
CREATE TABLE pickup_allocations (
  id TEXT PRIMARY KEY NOT NULL,
  reservation_id TEXT NOT NULL REFERENCES pickup_reservations(id),
  advice_item_id TEXT NOT NULL REFERENCES advice_items(id),
  batch_id TEXT NOT NULL REFERENCES stock_batches(id),
  -- Base units.
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  -- Given back to the shelf (expired / cancelled) or sold at the counter: at most one of them, once.
  released_at INTEGER,
  sold_at INTEGER,
  CONSTRAINT pickup_allocations_once_ck CHECK (released_at IS NULL OR sold_at IS NULL)
);
--> statement-breakpoint
CREATE INDEX pickup_allocations_reservation_idx ON pickup_allocations (reservation_id);
--> statement-breakpoint
CREATE INDEX pickup_allocations_batch_idx ON pickup_allocations (batch_id);
--> statement-breakpoint
-- A cart line put there from a consultation's quote (priced at the quoted price while the quote is valid).
ALTER TABLE cart_items ADD quote_item_id TEXT REFERENCES advice_items(id) ON DELETE SET NULL;
--> statement-breakpoint
-- The order line bought from a quote item (traceability of what a pharmacist advised).
ALTER TABLE order_lines ADD quote_item_id TEXT REFERENCES advice_items(id);
--> statement-breakpoint
CREATE TABLE platform_settings (
  key TEXT PRIMARY KEY NOT NULL CHECK (key IN ('rx_online_exception')),
  -- JSON value.
  value TEXT NOT NULL,
  -- Why it was last changed (e.g. the Ministry of Health's epidemic declaration).
  note TEXT,
  changed_by TEXT REFERENCES users(id),
  changed_at INTEGER
);
--> statement-breakpoint
-- The epidemic exception (Law 44/2024/QH15): off unless an admin turns it on with a note.
INSERT INTO platform_settings (key, value, note, changed_by, changed_at) VALUES ('rx_online_exception', 'false', NULL, NULL, NULL);
