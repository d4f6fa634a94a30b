-- #18 prescription reading (ADR 0045): one working draft per consultation, read from a prescription photo by the vision
-- model (source 'model') or typed by the pharmacist (source 'manual'). The rows are JSON validated by
-- shared/src/prescriptions/schemas.ts (RxDraftItemSchema); every write is audited (consultation.rx_draft_*).
-- Staff only: the shopper never reads a draft; the pharmacist's decision is the consultation's advice.
CREATE TABLE rx_drafts (
  consultation_id TEXT PRIMARY KEY NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  file_id TEXT REFERENCES consultation_files(id) ON DELETE SET NULL,
  source TEXT NOT NULL,
  model TEXT,
  prescriber TEXT,
  prescribed_on TEXT,
  items TEXT NOT NULL DEFAULT '[]',
  created_by TEXT REFERENCES users(id),
  updated_by TEXT REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CONSTRAINT rx_drafts_source_ck CHECK (source IN ('model', 'manual', 'edited')),
  CONSTRAINT rx_drafts_items_ck CHECK (json_valid(items) AND json_type(items) = 'array')
);
