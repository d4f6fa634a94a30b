-- #17 discovery (ADR 0039): the products a signed-in shopper viewed last, at most 20 per account (the cap is applied in
-- the same D1 batch as each write: shared/src/catalog/recently-viewed.d1.ts). Guests keep their list in a cookie.
CREATE TABLE recently_viewed (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  viewed_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, product_id)
);
--> statement-breakpoint
CREATE INDEX recently_viewed_user_idx ON recently_viewed (user_id, viewed_at);
