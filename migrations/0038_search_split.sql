-- #16 (ADR 0042, "Split index"): the folded and the accent-exact columns of the search index become two FTS5 tables.
-- product_search_fts held both halves (12 columns) and every query named its half with a column filter
-- ({name brand …} : … or {name_x brand_x …} : …). A column filter makes FTS5 read each candidate's position list to
-- learn its columns, for the MATCH and again for BM25's per-phrase IDF pass: counting "c"* took 18 ms with the filter
-- and 0.9 ms without. Now:
--   product_search_fts   the folded fields (name, brand, category, ingredients, indications, body)
--   product_search_fts_x the accent-exact fields (name_x … body_x, shared/src/text.ts accentExact)
-- both external-content over product_search (same rowid), same tokenizer, prefixes and BM25 weights. A query typed
-- without marks (or with marks, every word known) reads ONE table with no column filter; a query mixing accent-exact
-- words with folded ones (synonyms, unknown marked words) combines the two tables' rowid sets and sums their BM25
-- (bm25 is a sum over phrases, and each table's row length is half the old row's, so scores are the old ones).
-- The typo vocabulary (product_search_vocab) reads the folded table; the accent-exact vocabulary
-- (product_search_vocab_x, was product_search_vocab_col filtered on the *_x columns) the accent-exact one.
-- The text itself (product_search, its view product_search_source and their triggers) is unchanged: the new tables are
-- filled by 'rebuild' from product_search, without re-folding anything.
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_search_ai;
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_search_ad;
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_search_au;
--> statement-breakpoint
DROP TABLE IF EXISTS product_search_vocab;
--> statement-breakpoint
DROP TABLE IF EXISTS product_search_vocab_col;
--> statement-breakpoint
DROP TABLE IF EXISTS product_search_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_fts USING fts5(name, brand, category, ingredients, indications, body, content='product_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_fts_x USING fts5(name_x, brand_x, category_x, ingredients_x, indications_x, body_x, content='product_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
--> statement-breakpoint
INSERT INTO product_search_fts (product_search_fts) VALUES ('rebuild');
--> statement-breakpoint
INSERT INTO product_search_fts_x (product_search_fts_x) VALUES ('rebuild');
--> statement-breakpoint
-- Weighted BM25, as before for each half: name 10, brand 8, category 4, active ingredients 5, indications 2, description 1.
--> statement-breakpoint
INSERT INTO product_search_fts (product_search_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 4.0, 5.0, 2.0, 1.0)');
--> statement-breakpoint
INSERT INTO product_search_fts_x (product_search_fts_x, rank) VALUES ('rank', 'bm25(10.0, 8.0, 4.0, 5.0, 2.0, 1.0)');
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search_fts, 'row');
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_vocab_x USING fts5vocab(product_search_fts_x, 'row');
--> statement-breakpoint
CREATE TRIGGER product_search_ai AFTER INSERT ON product_search BEGIN INSERT INTO product_search_fts (rowid, name, brand, category, ingredients, indications, body) VALUES (new.id, new.name, new.brand, new.category, new.ingredients, new.indications, new.body); INSERT INTO product_search_fts_x (rowid, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES (new.id, new.name_x, new.brand_x, new.category_x, new.ingredients_x, new.indications_x, new.body_x); END;
--> statement-breakpoint
CREATE TRIGGER product_search_ad AFTER DELETE ON product_search BEGIN INSERT INTO product_search_fts (product_search_fts, rowid, name, brand, category, ingredients, indications, body) VALUES ('delete', old.id, old.name, old.brand, old.category, old.ingredients, old.indications, old.body); INSERT INTO product_search_fts_x (product_search_fts_x, rowid, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES ('delete', old.id, old.name_x, old.brand_x, old.category_x, old.ingredients_x, old.indications_x, old.body_x); END;
--> statement-breakpoint
CREATE TRIGGER product_search_au AFTER UPDATE ON product_search BEGIN INSERT INTO product_search_fts (product_search_fts, rowid, name, brand, category, ingredients, indications, body) VALUES ('delete', old.id, old.name, old.brand, old.category, old.ingredients, old.indications, old.body); INSERT INTO product_search_fts (rowid, name, brand, category, ingredients, indications, body) VALUES (new.id, new.name, new.brand, new.category, new.ingredients, new.indications, new.body); INSERT INTO product_search_fts_x (product_search_fts_x, rowid, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES ('delete', old.id, old.name_x, old.brand_x, old.category_x, old.ingredients_x, old.indications_x, old.body_x); INSERT INTO product_search_fts_x (rowid, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES (new.id, new.name_x, new.brand_x, new.category_x, new.ingredients_x, new.indications_x, new.body_x); END;
