-- Weighted BM25 as the FTS5 rank function: name 10, brand 8, active ingredients 5, indications 2, description 1.
-- `ORDER BY rank LIMIT n` then returns the best hits first without scoring every row in SQL.
INSERT INTO product_search_fts (product_search_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 5.0, 2.0, 1.0)');
