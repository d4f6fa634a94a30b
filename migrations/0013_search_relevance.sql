-- Search relevance (issue 12, items 22-24): accent-exact columns beside the folded ones.
-- Every field of product_search is kept twice: folded (SQLite's unicode61 strips the marks, đ is mapped to d here)
-- and accent-exact (`*_x`): each Vietnamese marked letter written as its base letter plus digits ("đầu" d9a62u,
-- "dầu" da62u, "đau" d9au; shared/src/text.ts accentExact), which the folding tokenizer leaves intact. A query typed
-- with marks matches the accent-exact columns, so "đau đầu" no longer matches "dầu"; a query typed without marks
-- matches the folded columns as before. One FTS5 table holds both, so one MATCH expression can mix accent-exact words
-- with folded synonyms and typo corrections, and BM25 keeps the same field weights for both halves.
-- The category name is a field of its own (it was part of the description), weighted 4: a product whose category is
-- what the shopper typed ("kháng sinh", "vitamin c") ranks above one that merely mentions it.
-- The description field now also holds the dosage text ("trẻ em: 5ml x 3 lần/ngày"), so a symptom + audience query
-- ("ho trẻ em") finds the products of that class dosed for that audience.
-- The text of a product is computed in one place, the view product_search_source (its accent-exact SQL is generated
-- from shared/src/text.ts ACCENT_CODES by accentExactSqlSteps; test/search-index.test.ts checks it), and every
-- trigger that refreshes product_search reads it instead of repeating the expression.
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_search_ai;
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_search_ad;
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_search_au;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_ai_search;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_au_search;
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_ingredients_ai_search;
--> statement-breakpoint
DROP TRIGGER IF EXISTS product_ingredients_ad_search;
--> statement-breakpoint
DROP TRIGGER IF EXISTS brands_au_search;
--> statement-breakpoint
DROP TRIGGER IF EXISTS categories_au_search;
--> statement-breakpoint
DROP TRIGGER IF EXISTS ingredients_au_search;
--> statement-breakpoint
DROP TABLE IF EXISTS product_search_vocab;
--> statement-breakpoint
DROP TABLE IF EXISTS product_search_fts;
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN category text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN name_x text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN brand_x text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN category_x text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN ingredients_x text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN indications_x text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product_search ADD COLUMN body_x text NOT NULL DEFAULT '';
--> statement-breakpoint
-- What text a product has, in one place: the folded fields and the raw text the accent-exact fields start from.
CREATE VIEW product_search_text_0 AS SELECT p.id AS product_id,
  replace(replace(p.name, 'đ', 'd'), 'Đ', 'D') AS name,
  replace(replace(b.name, 'đ', 'd'), 'Đ', 'D') AS brand,
  replace(replace(c.name, 'đ', 'd'), 'Đ', 'D') AS category,
  replace(replace(COALESCE((SELECT group_concat(i.name, ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''), 'đ', 'd'), 'Đ', 'D') AS ingredients,
  replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D') AS indications,
  replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || COALESCE(p.dosage, '') || ' ' || p.description, 'đ', 'd'), 'Đ', 'D') AS body,
  p.name AS name_x,
  b.name AS brand_x,
  c.name AS category_x,
  COALESCE((SELECT group_concat(i.name, ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), '') AS ingredients_x,
  p.indications AS indications_x,
  p.short_description || ' ' || p.dosage_form || ' ' || COALESCE(p.dosage, '') || ' ' || p.description AS body_x
FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id;
--> statement-breakpoint
-- Accent-exact codes, step 1 of 9 (SQLite's parser limits how deeply calls nest).
CREATE VIEW product_search_text_1 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'á', 'a1'), 'Á', 'a1'), 'à', 'a2'), 'À', 'a2'), 'ả', 'a3'), 'Ả', 'a3'), 'ã', 'a4'), 'Ã', 'a4'), 'ạ', 'a5'), 'Ạ', 'a5'), 'ă', 'a8'), 'Ă', 'a8'), 'ắ', 'a81'), 'Ắ', 'a81'), 'ằ', 'a82'), 'Ằ', 'a82') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'á', 'a1'), 'Á', 'a1'), 'à', 'a2'), 'À', 'a2'), 'ả', 'a3'), 'Ả', 'a3'), 'ã', 'a4'), 'Ã', 'a4'), 'ạ', 'a5'), 'Ạ', 'a5'), 'ă', 'a8'), 'Ă', 'a8'), 'ắ', 'a81'), 'Ắ', 'a81'), 'ằ', 'a82'), 'Ằ', 'a82') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'á', 'a1'), 'Á', 'a1'), 'à', 'a2'), 'À', 'a2'), 'ả', 'a3'), 'Ả', 'a3'), 'ã', 'a4'), 'Ã', 'a4'), 'ạ', 'a5'), 'Ạ', 'a5'), 'ă', 'a8'), 'Ă', 'a8'), 'ắ', 'a81'), 'Ắ', 'a81'), 'ằ', 'a82'), 'Ằ', 'a82') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'á', 'a1'), 'Á', 'a1'), 'à', 'a2'), 'À', 'a2'), 'ả', 'a3'), 'Ả', 'a3'), 'ã', 'a4'), 'Ã', 'a4'), 'ạ', 'a5'), 'Ạ', 'a5'), 'ă', 'a8'), 'Ă', 'a8'), 'ắ', 'a81'), 'Ắ', 'a81'), 'ằ', 'a82'), 'Ằ', 'a82') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'á', 'a1'), 'Á', 'a1'), 'à', 'a2'), 'À', 'a2'), 'ả', 'a3'), 'Ả', 'a3'), 'ã', 'a4'), 'Ã', 'a4'), 'ạ', 'a5'), 'Ạ', 'a5'), 'ă', 'a8'), 'Ă', 'a8'), 'ắ', 'a81'), 'Ắ', 'a81'), 'ằ', 'a82'), 'Ằ', 'a82') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'á', 'a1'), 'Á', 'a1'), 'à', 'a2'), 'À', 'a2'), 'ả', 'a3'), 'Ả', 'a3'), 'ã', 'a4'), 'Ã', 'a4'), 'ạ', 'a5'), 'Ạ', 'a5'), 'ă', 'a8'), 'Ă', 'a8'), 'ắ', 'a81'), 'Ắ', 'a81'), 'ằ', 'a82'), 'Ằ', 'a82') AS body_x
FROM product_search_text_0;
--> statement-breakpoint
CREATE VIEW product_search_text_2 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ẳ', 'a83'), 'Ẳ', 'a83'), 'ẵ', 'a84'), 'Ẵ', 'a84'), 'ặ', 'a85'), 'Ặ', 'a85'), 'â', 'a6'), 'Â', 'a6'), 'ấ', 'a61'), 'Ấ', 'a61'), 'ầ', 'a62'), 'Ầ', 'a62'), 'ẩ', 'a63'), 'Ẩ', 'a63'), 'ẫ', 'a64'), 'Ẫ', 'a64') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ẳ', 'a83'), 'Ẳ', 'a83'), 'ẵ', 'a84'), 'Ẵ', 'a84'), 'ặ', 'a85'), 'Ặ', 'a85'), 'â', 'a6'), 'Â', 'a6'), 'ấ', 'a61'), 'Ấ', 'a61'), 'ầ', 'a62'), 'Ầ', 'a62'), 'ẩ', 'a63'), 'Ẩ', 'a63'), 'ẫ', 'a64'), 'Ẫ', 'a64') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ẳ', 'a83'), 'Ẳ', 'a83'), 'ẵ', 'a84'), 'Ẵ', 'a84'), 'ặ', 'a85'), 'Ặ', 'a85'), 'â', 'a6'), 'Â', 'a6'), 'ấ', 'a61'), 'Ấ', 'a61'), 'ầ', 'a62'), 'Ầ', 'a62'), 'ẩ', 'a63'), 'Ẩ', 'a63'), 'ẫ', 'a64'), 'Ẫ', 'a64') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ẳ', 'a83'), 'Ẳ', 'a83'), 'ẵ', 'a84'), 'Ẵ', 'a84'), 'ặ', 'a85'), 'Ặ', 'a85'), 'â', 'a6'), 'Â', 'a6'), 'ấ', 'a61'), 'Ấ', 'a61'), 'ầ', 'a62'), 'Ầ', 'a62'), 'ẩ', 'a63'), 'Ẩ', 'a63'), 'ẫ', 'a64'), 'Ẫ', 'a64') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ẳ', 'a83'), 'Ẳ', 'a83'), 'ẵ', 'a84'), 'Ẵ', 'a84'), 'ặ', 'a85'), 'Ặ', 'a85'), 'â', 'a6'), 'Â', 'a6'), 'ấ', 'a61'), 'Ấ', 'a61'), 'ầ', 'a62'), 'Ầ', 'a62'), 'ẩ', 'a63'), 'Ẩ', 'a63'), 'ẫ', 'a64'), 'Ẫ', 'a64') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ẳ', 'a83'), 'Ẳ', 'a83'), 'ẵ', 'a84'), 'Ẵ', 'a84'), 'ặ', 'a85'), 'Ặ', 'a85'), 'â', 'a6'), 'Â', 'a6'), 'ấ', 'a61'), 'Ấ', 'a61'), 'ầ', 'a62'), 'Ầ', 'a62'), 'ẩ', 'a63'), 'Ẩ', 'a63'), 'ẫ', 'a64'), 'Ẫ', 'a64') AS body_x
FROM product_search_text_1;
--> statement-breakpoint
CREATE VIEW product_search_text_3 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ậ', 'a65'), 'Ậ', 'a65'), 'é', 'e1'), 'É', 'e1'), 'è', 'e2'), 'È', 'e2'), 'ẻ', 'e3'), 'Ẻ', 'e3'), 'ẽ', 'e4'), 'Ẽ', 'e4'), 'ẹ', 'e5'), 'Ẹ', 'e5'), 'ê', 'e6'), 'Ê', 'e6'), 'ế', 'e61'), 'Ế', 'e61') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ậ', 'a65'), 'Ậ', 'a65'), 'é', 'e1'), 'É', 'e1'), 'è', 'e2'), 'È', 'e2'), 'ẻ', 'e3'), 'Ẻ', 'e3'), 'ẽ', 'e4'), 'Ẽ', 'e4'), 'ẹ', 'e5'), 'Ẹ', 'e5'), 'ê', 'e6'), 'Ê', 'e6'), 'ế', 'e61'), 'Ế', 'e61') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ậ', 'a65'), 'Ậ', 'a65'), 'é', 'e1'), 'É', 'e1'), 'è', 'e2'), 'È', 'e2'), 'ẻ', 'e3'), 'Ẻ', 'e3'), 'ẽ', 'e4'), 'Ẽ', 'e4'), 'ẹ', 'e5'), 'Ẹ', 'e5'), 'ê', 'e6'), 'Ê', 'e6'), 'ế', 'e61'), 'Ế', 'e61') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ậ', 'a65'), 'Ậ', 'a65'), 'é', 'e1'), 'É', 'e1'), 'è', 'e2'), 'È', 'e2'), 'ẻ', 'e3'), 'Ẻ', 'e3'), 'ẽ', 'e4'), 'Ẽ', 'e4'), 'ẹ', 'e5'), 'Ẹ', 'e5'), 'ê', 'e6'), 'Ê', 'e6'), 'ế', 'e61'), 'Ế', 'e61') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ậ', 'a65'), 'Ậ', 'a65'), 'é', 'e1'), 'É', 'e1'), 'è', 'e2'), 'È', 'e2'), 'ẻ', 'e3'), 'Ẻ', 'e3'), 'ẽ', 'e4'), 'Ẽ', 'e4'), 'ẹ', 'e5'), 'Ẹ', 'e5'), 'ê', 'e6'), 'Ê', 'e6'), 'ế', 'e61'), 'Ế', 'e61') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ậ', 'a65'), 'Ậ', 'a65'), 'é', 'e1'), 'É', 'e1'), 'è', 'e2'), 'È', 'e2'), 'ẻ', 'e3'), 'Ẻ', 'e3'), 'ẽ', 'e4'), 'Ẽ', 'e4'), 'ẹ', 'e5'), 'Ẹ', 'e5'), 'ê', 'e6'), 'Ê', 'e6'), 'ế', 'e61'), 'Ế', 'e61') AS body_x
FROM product_search_text_2;
--> statement-breakpoint
CREATE VIEW product_search_text_4 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ề', 'e62'), 'Ề', 'e62'), 'ể', 'e63'), 'Ể', 'e63'), 'ễ', 'e64'), 'Ễ', 'e64'), 'ệ', 'e65'), 'Ệ', 'e65'), 'í', 'i1'), 'Í', 'i1'), 'ì', 'i2'), 'Ì', 'i2'), 'ỉ', 'i3'), 'Ỉ', 'i3'), 'ĩ', 'i4'), 'Ĩ', 'i4') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ề', 'e62'), 'Ề', 'e62'), 'ể', 'e63'), 'Ể', 'e63'), 'ễ', 'e64'), 'Ễ', 'e64'), 'ệ', 'e65'), 'Ệ', 'e65'), 'í', 'i1'), 'Í', 'i1'), 'ì', 'i2'), 'Ì', 'i2'), 'ỉ', 'i3'), 'Ỉ', 'i3'), 'ĩ', 'i4'), 'Ĩ', 'i4') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ề', 'e62'), 'Ề', 'e62'), 'ể', 'e63'), 'Ể', 'e63'), 'ễ', 'e64'), 'Ễ', 'e64'), 'ệ', 'e65'), 'Ệ', 'e65'), 'í', 'i1'), 'Í', 'i1'), 'ì', 'i2'), 'Ì', 'i2'), 'ỉ', 'i3'), 'Ỉ', 'i3'), 'ĩ', 'i4'), 'Ĩ', 'i4') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ề', 'e62'), 'Ề', 'e62'), 'ể', 'e63'), 'Ể', 'e63'), 'ễ', 'e64'), 'Ễ', 'e64'), 'ệ', 'e65'), 'Ệ', 'e65'), 'í', 'i1'), 'Í', 'i1'), 'ì', 'i2'), 'Ì', 'i2'), 'ỉ', 'i3'), 'Ỉ', 'i3'), 'ĩ', 'i4'), 'Ĩ', 'i4') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ề', 'e62'), 'Ề', 'e62'), 'ể', 'e63'), 'Ể', 'e63'), 'ễ', 'e64'), 'Ễ', 'e64'), 'ệ', 'e65'), 'Ệ', 'e65'), 'í', 'i1'), 'Í', 'i1'), 'ì', 'i2'), 'Ì', 'i2'), 'ỉ', 'i3'), 'Ỉ', 'i3'), 'ĩ', 'i4'), 'Ĩ', 'i4') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ề', 'e62'), 'Ề', 'e62'), 'ể', 'e63'), 'Ể', 'e63'), 'ễ', 'e64'), 'Ễ', 'e64'), 'ệ', 'e65'), 'Ệ', 'e65'), 'í', 'i1'), 'Í', 'i1'), 'ì', 'i2'), 'Ì', 'i2'), 'ỉ', 'i3'), 'Ỉ', 'i3'), 'ĩ', 'i4'), 'Ĩ', 'i4') AS body_x
FROM product_search_text_3;
--> statement-breakpoint
CREATE VIEW product_search_text_5 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ị', 'i5'), 'Ị', 'i5'), 'ó', 'o1'), 'Ó', 'o1'), 'ò', 'o2'), 'Ò', 'o2'), 'ỏ', 'o3'), 'Ỏ', 'o3'), 'õ', 'o4'), 'Õ', 'o4'), 'ọ', 'o5'), 'Ọ', 'o5'), 'ô', 'o6'), 'Ô', 'o6'), 'ố', 'o61'), 'Ố', 'o61') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ị', 'i5'), 'Ị', 'i5'), 'ó', 'o1'), 'Ó', 'o1'), 'ò', 'o2'), 'Ò', 'o2'), 'ỏ', 'o3'), 'Ỏ', 'o3'), 'õ', 'o4'), 'Õ', 'o4'), 'ọ', 'o5'), 'Ọ', 'o5'), 'ô', 'o6'), 'Ô', 'o6'), 'ố', 'o61'), 'Ố', 'o61') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ị', 'i5'), 'Ị', 'i5'), 'ó', 'o1'), 'Ó', 'o1'), 'ò', 'o2'), 'Ò', 'o2'), 'ỏ', 'o3'), 'Ỏ', 'o3'), 'õ', 'o4'), 'Õ', 'o4'), 'ọ', 'o5'), 'Ọ', 'o5'), 'ô', 'o6'), 'Ô', 'o6'), 'ố', 'o61'), 'Ố', 'o61') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ị', 'i5'), 'Ị', 'i5'), 'ó', 'o1'), 'Ó', 'o1'), 'ò', 'o2'), 'Ò', 'o2'), 'ỏ', 'o3'), 'Ỏ', 'o3'), 'õ', 'o4'), 'Õ', 'o4'), 'ọ', 'o5'), 'Ọ', 'o5'), 'ô', 'o6'), 'Ô', 'o6'), 'ố', 'o61'), 'Ố', 'o61') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ị', 'i5'), 'Ị', 'i5'), 'ó', 'o1'), 'Ó', 'o1'), 'ò', 'o2'), 'Ò', 'o2'), 'ỏ', 'o3'), 'Ỏ', 'o3'), 'õ', 'o4'), 'Õ', 'o4'), 'ọ', 'o5'), 'Ọ', 'o5'), 'ô', 'o6'), 'Ô', 'o6'), 'ố', 'o61'), 'Ố', 'o61') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ị', 'i5'), 'Ị', 'i5'), 'ó', 'o1'), 'Ó', 'o1'), 'ò', 'o2'), 'Ò', 'o2'), 'ỏ', 'o3'), 'Ỏ', 'o3'), 'õ', 'o4'), 'Õ', 'o4'), 'ọ', 'o5'), 'Ọ', 'o5'), 'ô', 'o6'), 'Ô', 'o6'), 'ố', 'o61'), 'Ố', 'o61') AS body_x
FROM product_search_text_4;
--> statement-breakpoint
CREATE VIEW product_search_text_6 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ồ', 'o62'), 'Ồ', 'o62'), 'ổ', 'o63'), 'Ổ', 'o63'), 'ỗ', 'o64'), 'Ỗ', 'o64'), 'ộ', 'o65'), 'Ộ', 'o65'), 'ơ', 'o7'), 'Ơ', 'o7'), 'ớ', 'o71'), 'Ớ', 'o71'), 'ờ', 'o72'), 'Ờ', 'o72'), 'ở', 'o73'), 'Ở', 'o73') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ồ', 'o62'), 'Ồ', 'o62'), 'ổ', 'o63'), 'Ổ', 'o63'), 'ỗ', 'o64'), 'Ỗ', 'o64'), 'ộ', 'o65'), 'Ộ', 'o65'), 'ơ', 'o7'), 'Ơ', 'o7'), 'ớ', 'o71'), 'Ớ', 'o71'), 'ờ', 'o72'), 'Ờ', 'o72'), 'ở', 'o73'), 'Ở', 'o73') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ồ', 'o62'), 'Ồ', 'o62'), 'ổ', 'o63'), 'Ổ', 'o63'), 'ỗ', 'o64'), 'Ỗ', 'o64'), 'ộ', 'o65'), 'Ộ', 'o65'), 'ơ', 'o7'), 'Ơ', 'o7'), 'ớ', 'o71'), 'Ớ', 'o71'), 'ờ', 'o72'), 'Ờ', 'o72'), 'ở', 'o73'), 'Ở', 'o73') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ồ', 'o62'), 'Ồ', 'o62'), 'ổ', 'o63'), 'Ổ', 'o63'), 'ỗ', 'o64'), 'Ỗ', 'o64'), 'ộ', 'o65'), 'Ộ', 'o65'), 'ơ', 'o7'), 'Ơ', 'o7'), 'ớ', 'o71'), 'Ớ', 'o71'), 'ờ', 'o72'), 'Ờ', 'o72'), 'ở', 'o73'), 'Ở', 'o73') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ồ', 'o62'), 'Ồ', 'o62'), 'ổ', 'o63'), 'Ổ', 'o63'), 'ỗ', 'o64'), 'Ỗ', 'o64'), 'ộ', 'o65'), 'Ộ', 'o65'), 'ơ', 'o7'), 'Ơ', 'o7'), 'ớ', 'o71'), 'Ớ', 'o71'), 'ờ', 'o72'), 'Ờ', 'o72'), 'ở', 'o73'), 'Ở', 'o73') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ồ', 'o62'), 'Ồ', 'o62'), 'ổ', 'o63'), 'Ổ', 'o63'), 'ỗ', 'o64'), 'Ỗ', 'o64'), 'ộ', 'o65'), 'Ộ', 'o65'), 'ơ', 'o7'), 'Ơ', 'o7'), 'ớ', 'o71'), 'Ớ', 'o71'), 'ờ', 'o72'), 'Ờ', 'o72'), 'ở', 'o73'), 'Ở', 'o73') AS body_x
FROM product_search_text_5;
--> statement-breakpoint
CREATE VIEW product_search_text_7 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ỡ', 'o74'), 'Ỡ', 'o74'), 'ợ', 'o75'), 'Ợ', 'o75'), 'ú', 'u1'), 'Ú', 'u1'), 'ù', 'u2'), 'Ù', 'u2'), 'ủ', 'u3'), 'Ủ', 'u3'), 'ũ', 'u4'), 'Ũ', 'u4'), 'ụ', 'u5'), 'Ụ', 'u5'), 'ư', 'u7'), 'Ư', 'u7') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ỡ', 'o74'), 'Ỡ', 'o74'), 'ợ', 'o75'), 'Ợ', 'o75'), 'ú', 'u1'), 'Ú', 'u1'), 'ù', 'u2'), 'Ù', 'u2'), 'ủ', 'u3'), 'Ủ', 'u3'), 'ũ', 'u4'), 'Ũ', 'u4'), 'ụ', 'u5'), 'Ụ', 'u5'), 'ư', 'u7'), 'Ư', 'u7') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ỡ', 'o74'), 'Ỡ', 'o74'), 'ợ', 'o75'), 'Ợ', 'o75'), 'ú', 'u1'), 'Ú', 'u1'), 'ù', 'u2'), 'Ù', 'u2'), 'ủ', 'u3'), 'Ủ', 'u3'), 'ũ', 'u4'), 'Ũ', 'u4'), 'ụ', 'u5'), 'Ụ', 'u5'), 'ư', 'u7'), 'Ư', 'u7') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ỡ', 'o74'), 'Ỡ', 'o74'), 'ợ', 'o75'), 'Ợ', 'o75'), 'ú', 'u1'), 'Ú', 'u1'), 'ù', 'u2'), 'Ù', 'u2'), 'ủ', 'u3'), 'Ủ', 'u3'), 'ũ', 'u4'), 'Ũ', 'u4'), 'ụ', 'u5'), 'Ụ', 'u5'), 'ư', 'u7'), 'Ư', 'u7') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ỡ', 'o74'), 'Ỡ', 'o74'), 'ợ', 'o75'), 'Ợ', 'o75'), 'ú', 'u1'), 'Ú', 'u1'), 'ù', 'u2'), 'Ù', 'u2'), 'ủ', 'u3'), 'Ủ', 'u3'), 'ũ', 'u4'), 'Ũ', 'u4'), 'ụ', 'u5'), 'Ụ', 'u5'), 'ư', 'u7'), 'Ư', 'u7') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ỡ', 'o74'), 'Ỡ', 'o74'), 'ợ', 'o75'), 'Ợ', 'o75'), 'ú', 'u1'), 'Ú', 'u1'), 'ù', 'u2'), 'Ù', 'u2'), 'ủ', 'u3'), 'Ủ', 'u3'), 'ũ', 'u4'), 'Ũ', 'u4'), 'ụ', 'u5'), 'Ụ', 'u5'), 'ư', 'u7'), 'Ư', 'u7') AS body_x
FROM product_search_text_6;
--> statement-breakpoint
CREATE VIEW product_search_text_8 AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_x, 'ứ', 'u71'), 'Ứ', 'u71'), 'ừ', 'u72'), 'Ừ', 'u72'), 'ử', 'u73'), 'Ử', 'u73'), 'ữ', 'u74'), 'Ữ', 'u74'), 'ự', 'u75'), 'Ự', 'u75'), 'ý', 'y1'), 'Ý', 'y1'), 'ỳ', 'y2'), 'Ỳ', 'y2'), 'ỷ', 'y3'), 'Ỷ', 'y3') AS name_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(brand_x, 'ứ', 'u71'), 'Ứ', 'u71'), 'ừ', 'u72'), 'Ừ', 'u72'), 'ử', 'u73'), 'Ử', 'u73'), 'ữ', 'u74'), 'Ữ', 'u74'), 'ự', 'u75'), 'Ự', 'u75'), 'ý', 'y1'), 'Ý', 'y1'), 'ỳ', 'y2'), 'Ỳ', 'y2'), 'ỷ', 'y3'), 'Ỷ', 'y3') AS brand_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_x, 'ứ', 'u71'), 'Ứ', 'u71'), 'ừ', 'u72'), 'Ừ', 'u72'), 'ử', 'u73'), 'Ử', 'u73'), 'ữ', 'u74'), 'Ữ', 'u74'), 'ự', 'u75'), 'Ự', 'u75'), 'ý', 'y1'), 'Ý', 'y1'), 'ỳ', 'y2'), 'Ỳ', 'y2'), 'ỷ', 'y3'), 'Ỷ', 'y3') AS category_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ingredients_x, 'ứ', 'u71'), 'Ứ', 'u71'), 'ừ', 'u72'), 'Ừ', 'u72'), 'ử', 'u73'), 'Ử', 'u73'), 'ữ', 'u74'), 'Ữ', 'u74'), 'ự', 'u75'), 'Ự', 'u75'), 'ý', 'y1'), 'Ý', 'y1'), 'ỳ', 'y2'), 'Ỳ', 'y2'), 'ỷ', 'y3'), 'Ỷ', 'y3') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(indications_x, 'ứ', 'u71'), 'Ứ', 'u71'), 'ừ', 'u72'), 'Ừ', 'u72'), 'ử', 'u73'), 'Ử', 'u73'), 'ữ', 'u74'), 'Ữ', 'u74'), 'ự', 'u75'), 'Ự', 'u75'), 'ý', 'y1'), 'Ý', 'y1'), 'ỳ', 'y2'), 'Ỳ', 'y2'), 'ỷ', 'y3'), 'Ỷ', 'y3') AS indications_x,
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body_x, 'ứ', 'u71'), 'Ứ', 'u71'), 'ừ', 'u72'), 'Ừ', 'u72'), 'ử', 'u73'), 'Ử', 'u73'), 'ữ', 'u74'), 'Ữ', 'u74'), 'ự', 'u75'), 'Ự', 'u75'), 'ý', 'y1'), 'Ý', 'y1'), 'ỳ', 'y2'), 'Ỳ', 'y2'), 'ỷ', 'y3'), 'Ỷ', 'y3') AS body_x
FROM product_search_text_7;
--> statement-breakpoint
CREATE VIEW product_search_source AS SELECT product_id, name, brand, category, ingredients, indications, body,
  replace(replace(replace(replace(replace(replace(name_x, 'ỹ', 'y4'), 'Ỹ', 'y4'), 'ỵ', 'y5'), 'Ỵ', 'y5'), 'đ', 'd9'), 'Đ', 'd9') AS name_x,
  replace(replace(replace(replace(replace(replace(brand_x, 'ỹ', 'y4'), 'Ỹ', 'y4'), 'ỵ', 'y5'), 'Ỵ', 'y5'), 'đ', 'd9'), 'Đ', 'd9') AS brand_x,
  replace(replace(replace(replace(replace(replace(category_x, 'ỹ', 'y4'), 'Ỹ', 'y4'), 'ỵ', 'y5'), 'Ỵ', 'y5'), 'đ', 'd9'), 'Đ', 'd9') AS category_x,
  replace(replace(replace(replace(replace(replace(ingredients_x, 'ỹ', 'y4'), 'Ỹ', 'y4'), 'ỵ', 'y5'), 'Ỵ', 'y5'), 'đ', 'd9'), 'Đ', 'd9') AS ingredients_x,
  replace(replace(replace(replace(replace(replace(indications_x, 'ỹ', 'y4'), 'Ỹ', 'y4'), 'ỵ', 'y5'), 'Ỵ', 'y5'), 'đ', 'd9'), 'Đ', 'd9') AS indications_x,
  replace(replace(replace(replace(replace(replace(body_x, 'ỹ', 'y4'), 'Ỹ', 'y4'), 'ỵ', 'y5'), 'Ỵ', 'y5'), 'đ', 'd9'), 'Đ', 'd9') AS body_x
FROM product_search_text_8;
--> statement-breakpoint
UPDATE product_search SET (name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) = (SELECT s.name, s.brand, s.category, s.ingredients, s.indications, s.body, s.name_x, s.brand_x, s.category_x, s.ingredients_x, s.indications_x, s.body_x FROM product_search_source s WHERE s.product_id = product_search.product_id);
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_fts USING fts5(name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x, content='product_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search_fts, 'row');
--> statement-breakpoint
-- Per-column vocabulary: tells whether an accent-exact word (or prefix) is indexed at all, so an unknown one falls back
-- to folded matching (old/new tone placement such as hoà/hòa, a mistyped mark).
CREATE VIRTUAL TABLE product_search_vocab_col USING fts5vocab(product_search_fts, 'col');
--> statement-breakpoint
INSERT INTO product_search_fts (product_search_fts) VALUES ('rebuild');
--> statement-breakpoint
-- Weighted BM25, the same weights for both halves: name 10, brand 8, category 4, active ingredients 5, indications 2,
-- description 1.
INSERT INTO product_search_fts (product_search_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 4.0, 5.0, 2.0, 1.0, 10.0, 8.0, 4.0, 5.0, 2.0, 1.0)');
--> statement-breakpoint
CREATE TRIGGER product_search_ai AFTER INSERT ON product_search BEGIN INSERT INTO product_search_fts (rowid, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES (new.id, new.name, new.brand, new.category, new.ingredients, new.indications, new.body, new.name_x, new.brand_x, new.category_x, new.ingredients_x, new.indications_x, new.body_x); END;
--> statement-breakpoint
CREATE TRIGGER product_search_ad AFTER DELETE ON product_search BEGIN INSERT INTO product_search_fts (product_search_fts, rowid, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES ('delete', old.id, old.name, old.brand, old.category, old.ingredients, old.indications, old.body, old.name_x, old.brand_x, old.category_x, old.ingredients_x, old.indications_x, old.body_x); END;
--> statement-breakpoint
CREATE TRIGGER product_search_au AFTER UPDATE ON product_search BEGIN INSERT INTO product_search_fts (product_search_fts, rowid, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES ('delete', old.id, old.name, old.brand, old.category, old.ingredients, old.indications, old.body, old.name_x, old.brand_x, old.category_x, old.ingredients_x, old.indications_x, old.body_x); INSERT INTO product_search_fts (rowid, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x) VALUES (new.id, new.name, new.brand, new.category, new.ingredients, new.indications, new.body, new.name_x, new.brand_x, new.category_x, new.ingredients_x, new.indications_x, new.body_x); END;
--> statement-breakpoint
CREATE TRIGGER products_ai_search AFTER INSERT ON products BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id = new.id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
--> statement-breakpoint
CREATE TRIGGER products_au_search AFTER UPDATE OF name, short_description, description, indications, dosage, dosage_form, brand_id, category_id ON products BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id = new.id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
--> statement-breakpoint
CREATE TRIGGER product_ingredients_ai_search AFTER INSERT ON product_ingredients BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id = new.product_id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
--> statement-breakpoint
CREATE TRIGGER product_ingredients_ad_search AFTER DELETE ON product_ingredients BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id = old.product_id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
--> statement-breakpoint
CREATE TRIGGER brands_au_search AFTER UPDATE OF name ON brands BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id IN (SELECT p2.id FROM products p2 WHERE p2.brand_id = new.id)
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
--> statement-breakpoint
CREATE TRIGGER categories_au_search AFTER UPDATE OF name ON categories BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id IN (SELECT p2.id FROM products p2 WHERE p2.category_id = new.id)
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
--> statement-breakpoint
CREATE TRIGGER ingredients_au_search AFTER UPDATE OF name ON ingredients BEGIN INSERT INTO product_search (product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x)
  SELECT product_id, name, brand, category, ingredients, indications, body, name_x, brand_x, category_x, ingredients_x, indications_x, body_x FROM product_search_source WHERE product_id IN (SELECT pi2.product_id FROM product_ingredients pi2 WHERE pi2.ingredient_id = new.id)
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, category = excluded.category, ingredients = excluded.ingredients, indications = excluded.indications, body = excluded.body, name_x = excluded.name_x, brand_x = excluded.brand_x, category_x = excluded.category_x, ingredients_x = excluded.ingredients_x, indications_x = excluded.indications_x, body_x = excluded.body_x; END;
