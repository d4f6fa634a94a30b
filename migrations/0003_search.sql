-- Search: SQLite FTS5 over folded product text. SQLite's unicode61 tokenizer removes diacritics but does not fold
-- đ/Đ, so the indexed text maps them to d/D here and queries are folded the same way in shared/src/search/query.ts.
-- product_search holds the text (stable integer id = FTS rowid); product_search_fts is an external-content index
-- over it; product_search_vocab exposes the terms for typo correction. Triggers keep everything in step with
-- catalogue writes, in the same statement as the write.
CREATE VIRTUAL TABLE product_search_fts USING fts5(name, brand, ingredients, indications, body, content='product_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search_fts, 'row');
--> statement-breakpoint
CREATE TRIGGER product_search_ai AFTER INSERT ON product_search BEGIN INSERT INTO product_search_fts (rowid, name, brand, ingredients, indications, body) VALUES (new.id, new.name, new.brand, new.ingredients, new.indications, new.body); END;
--> statement-breakpoint
CREATE TRIGGER product_search_ad AFTER DELETE ON product_search BEGIN INSERT INTO product_search_fts (product_search_fts, rowid, name, brand, ingredients, indications, body) VALUES ('delete', old.id, old.name, old.brand, old.ingredients, old.indications, old.body); END;
--> statement-breakpoint
CREATE TRIGGER product_search_au AFTER UPDATE ON product_search BEGIN INSERT INTO product_search_fts (product_search_fts, rowid, name, brand, ingredients, indications, body) VALUES ('delete', old.id, old.name, old.brand, old.ingredients, old.indications, old.body); INSERT INTO product_search_fts (rowid, name, brand, ingredients, indications, body) VALUES (new.id, new.name, new.brand, new.ingredients, new.indications, new.body); END;
--> statement-breakpoint
CREATE TRIGGER products_ai_search AFTER INSERT ON products BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id = new.id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
CREATE TRIGGER products_au_search AFTER UPDATE OF name, short_description, description, indications, dosage_form, brand_id, category_id ON products BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id = new.id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
CREATE TRIGGER products_ad_search AFTER DELETE ON products BEGIN DELETE FROM product_search WHERE product_id = old.id; END;
--> statement-breakpoint
CREATE TRIGGER product_ingredients_ai_search AFTER INSERT ON product_ingredients BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id = new.product_id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
CREATE TRIGGER product_ingredients_ad_search AFTER DELETE ON product_ingredients BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id = old.product_id
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
CREATE TRIGGER brands_au_search AFTER UPDATE OF name ON brands BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id IN (SELECT p2.id FROM products p2 WHERE p2.brand_id = new.id)
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
CREATE TRIGGER categories_au_search AFTER UPDATE OF name ON categories BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id IN (SELECT p2.id FROM products p2 WHERE p2.category_id = new.id)
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
CREATE TRIGGER ingredients_au_search AFTER UPDATE OF name ON ingredients BEGIN INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE p.id IN (SELECT p2.id FROM products p2 WHERE p2.id IN (SELECT product_id FROM product_ingredients WHERE ingredient_id = new.id))
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body; END;
--> statement-breakpoint
-- Brands, categories and ingredients for autocomplete.
CREATE VIRTUAL TABLE search_entities_fts USING fts5(kind UNINDEXED, ref UNINDEXED, label UNINDEXED, name, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
--> statement-breakpoint
CREATE TRIGGER brands_ai_entities AFTER INSERT ON brands BEGIN INSERT INTO search_entities_fts (kind, ref, label, name) VALUES ('brand', new.slug, new.name, replace(replace(new.name, 'đ', 'd'), 'Đ', 'D')); END;
--> statement-breakpoint
CREATE TRIGGER brands_au_entities AFTER UPDATE OF name, slug ON brands BEGIN DELETE FROM search_entities_fts WHERE kind = 'brand' AND ref = old.slug; INSERT INTO search_entities_fts (kind, ref, label, name) VALUES ('brand', new.slug, new.name, replace(replace(new.name, 'đ', 'd'), 'Đ', 'D')); END;
--> statement-breakpoint
CREATE TRIGGER brands_ad_entities AFTER DELETE ON brands BEGIN DELETE FROM search_entities_fts WHERE kind = 'brand' AND ref = old.slug; END;
--> statement-breakpoint
CREATE TRIGGER categories_ai_entities AFTER INSERT ON categories BEGIN INSERT INTO search_entities_fts (kind, ref, label, name) VALUES ('category', new.slug, new.name, replace(replace(new.name, 'đ', 'd'), 'Đ', 'D')); END;
--> statement-breakpoint
CREATE TRIGGER categories_au_entities AFTER UPDATE OF name, slug ON categories BEGIN DELETE FROM search_entities_fts WHERE kind = 'category' AND ref = old.slug; INSERT INTO search_entities_fts (kind, ref, label, name) VALUES ('category', new.slug, new.name, replace(replace(new.name, 'đ', 'd'), 'Đ', 'D')); END;
--> statement-breakpoint
CREATE TRIGGER categories_ad_entities AFTER DELETE ON categories BEGIN DELETE FROM search_entities_fts WHERE kind = 'category' AND ref = old.slug; END;
--> statement-breakpoint
CREATE TRIGGER ingredients_ai_entities AFTER INSERT ON ingredients BEGIN INSERT INTO search_entities_fts (kind, ref, label, name) VALUES ('ingredient', new.slug, new.name, replace(replace(new.name, 'đ', 'd'), 'Đ', 'D')); END;
--> statement-breakpoint
CREATE TRIGGER ingredients_au_entities AFTER UPDATE OF name, slug ON ingredients BEGIN DELETE FROM search_entities_fts WHERE kind = 'ingredient' AND ref = old.slug; INSERT INTO search_entities_fts (kind, ref, label, name) VALUES ('ingredient', new.slug, new.name, replace(replace(new.name, 'đ', 'd'), 'Đ', 'D')); END;
--> statement-breakpoint
CREATE TRIGGER ingredients_ad_entities AFTER DELETE ON ingredients BEGIN DELETE FROM search_entities_fts WHERE kind = 'ingredient' AND ref = old.slug; END;
--> statement-breakpoint
-- Backfill for databases that already hold a catalogue.
INSERT INTO product_search (product_id, name, brand, ingredients, indications, body)
  SELECT p.id, replace(replace(p.name, 'đ', 'd'), 'Đ', 'D'), replace(replace(b.name, 'đ', 'd'), 'Đ', 'D'),
    COALESCE((SELECT group_concat(replace(replace(i.name, 'đ', 'd'), 'Đ', 'D'), ' ') FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id = p.id), ''),
    replace(replace(p.indications, 'đ', 'd'), 'Đ', 'D'),
    replace(replace(p.short_description || ' ' || p.dosage_form || ' ' || c.name || ' ' || p.description, 'đ', 'd'), 'Đ', 'D')
  FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
  WHERE 1 = 1
  ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, brand = excluded.brand, ingredients = excluded.ingredients,
    indications = excluded.indications, body = excluded.body;
--> statement-breakpoint
INSERT INTO search_entities_fts (kind, ref, label, name) SELECT 'brand', slug, name, replace(replace(name, 'đ', 'd'), 'Đ', 'D') FROM brands;
--> statement-breakpoint
INSERT INTO search_entities_fts (kind, ref, label, name) SELECT 'category', slug, name, replace(replace(name, 'đ', 'd'), 'Đ', 'D') FROM categories;
--> statement-breakpoint
INSERT INTO search_entities_fts (kind, ref, label, name) SELECT 'ingredient', slug, name, replace(replace(name, 'đ', 'd'), 'Đ', 'D') FROM ingredients;
--> statement-breakpoint
-- Synonym edits change search results: they bump the catalogue version like any catalogue write.
CREATE TRIGGER search_synonyms_insert_bump_catalog AFTER INSERT ON search_synonyms BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER search_synonyms_update_bump_catalog AFTER UPDATE ON search_synonyms BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
CREATE TRIGGER search_synonyms_delete_bump_catalog AFTER DELETE ON search_synonyms BEGIN UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; END;
--> statement-breakpoint
-- Initial synonyms (folded: lowercase, no diacritics, đ→d). Admins extend this table.
INSERT OR IGNORE INTO search_synonyms (term, synonym, kind, created_at) VALUES
  ('paracetamol', 'panadol', 'ingredient', 0),
  ('paracetamol', 'efferalgan', 'ingredient', 0),
  ('paracetamol', 'hapacol', 'ingredient', 0),
  ('paracetamol', 'tylenol', 'ingredient', 0),
  ('acetaminophen', 'paracetamol', 'ingredient', 0),
  ('panadol', 'paracetamol', 'ingredient', 0),
  ('efferalgan', 'paracetamol', 'ingredient', 0),
  ('hapacol', 'paracetamol', 'ingredient', 0),
  ('tylenol', 'paracetamol', 'ingredient', 0),
  ('ibuprofen', 'alaxan', 'ingredient', 0),
  ('advil', 'ibuprofen', 'ingredient', 0),
  ('amoxicillin', 'augmentin', 'ingredient', 0),
  ('augmentin', 'amoxicillin', 'ingredient', 0),
  ('amoxicilin', 'amoxicillin', 'ingredient', 0),
  ('clarithromycin', 'klacid', 'ingredient', 0),
  ('klacid', 'clarithromycin', 'ingredient', 0),
  ('cefuroxime', 'zinnat', 'ingredient', 0),
  ('cefuroxime', 'cefuroxim', 'ingredient', 0),
  ('cefuroxim', 'cefuroxime', 'ingredient', 0),
  ('zinnat', 'cefuroxime', 'ingredient', 0),
  ('methylprednisolone', 'medrol', 'ingredient', 0),
  ('medrol', 'methylprednisolone', 'ingredient', 0),
  ('atorvastatin', 'lipitor', 'ingredient', 0),
  ('lipitor', 'atorvastatin', 'ingredient', 0),
  ('rosuvastatin', 'crestor', 'ingredient', 0),
  ('crestor', 'rosuvastatin', 'ingredient', 0),
  ('metformin', 'glucophage', 'ingredient', 0),
  ('glucophage', 'metformin', 'ingredient', 0),
  ('amlodipine', 'amlodipin', 'ingredient', 0),
  ('amlodipin', 'amlodipine', 'ingredient', 0),
  ('amlodipine', 'amlor', 'ingredient', 0),
  ('amlodipin', 'amlor', 'ingredient', 0),
  ('amlor', 'amlodipine', 'ingredient', 0),
  ('bisoprolol', 'concor', 'ingredient', 0),
  ('concor', 'bisoprolol', 'ingredient', 0),
  ('perindopril', 'coversyl', 'ingredient', 0),
  ('coversyl', 'perindopril', 'ingredient', 0),
  ('clopidogrel', 'plavix', 'ingredient', 0),
  ('plavix', 'clopidogrel', 'ingredient', 0),
  ('esomeprazole', 'nexium', 'ingredient', 0),
  ('nexium', 'esomeprazole', 'ingredient', 0),
  ('omeprazole', 'omeprazol', 'ingredient', 0),
  ('salbutamol', 'ventolin', 'ingredient', 0),
  ('ventolin', 'salbutamol', 'ingredient', 0),
  ('albuterol', 'salbutamol', 'ingredient', 0),
  ('montelukast', 'singulair', 'ingredient', 0),
  ('singulair', 'montelukast', 'ingredient', 0),
  ('celecoxib', 'celebrex', 'ingredient', 0),
  ('celebrex', 'celecoxib', 'ingredient', 0),
  ('etoricoxib', 'arcoxia', 'ingredient', 0),
  ('arcoxia', 'etoricoxib', 'ingredient', 0),
  ('gliclazide', 'gliclazid', 'ingredient', 0),
  ('gliclazid', 'gliclazide', 'ingredient', 0),
  ('gliclazide', 'diamicron', 'ingredient', 0),
  ('gliclazid', 'diamicron', 'ingredient', 0),
  ('diamicron', 'gliclazide', 'ingredient', 0),
  ('diclofenac', 'voltaren', 'ingredient', 0),
  ('voltaren', 'diclofenac', 'ingredient', 0),
  ('loperamide', 'loperamid', 'ingredient', 0),
  ('loperamid', 'loperamide', 'ingredient', 0),
  ('loperamide', 'imodium', 'ingredient', 0),
  ('imodium', 'loperamide', 'ingredient', 0),
  ('diosmectite', 'diosmectit', 'ingredient', 0),
  ('diosmectit', 'diosmectite', 'ingredient', 0),
  ('diosmectite', 'smecta', 'ingredient', 0),
  ('smecta', 'diosmectite', 'ingredient', 0),
  ('macrogol', 'forlax', 'ingredient', 0),
  ('xylometazoline', 'xylometazolin', 'ingredient', 0),
  ('xylometazolin', 'xylometazoline', 'ingredient', 0),
  ('xylometazoline', 'otrivin', 'ingredient', 0),
  ('ketoconazole', 'nizoral', 'ingredient', 0),
  ('nizoral', 'ketoconazole', 'ingredient', 0),
  ('povidone iodine', 'povidon iod', 'ingredient', 0),
  ('povidon iod', 'povidone iodine', 'ingredient', 0),
  ('betadine', 'povidone iodine', 'ingredient', 0),
  ('dexpanthenol', 'bepanthen', 'ingredient', 0),
  ('bepanthen', 'dexpanthenol', 'ingredient', 0),
  ('salicylate', 'salonpas', 'ingredient', 0),
  ('vitamin b', 'berocca', 'ingredient', 0),
  ('sot', 'ha sot', 'symptom', 0),
  ('nhuc dau', 'dau dau', 'symptom', 0),
  ('dau dau', 'nhuc dau', 'symptom', 0),
  ('dau bao tu', 'da day', 'symptom', 0),
  ('dau da day', 'da day', 'symptom', 0),
  ('bao tu', 'da day', 'symptom', 0),
  ('o chua', 'trao nguoc', 'symptom', 0),
  ('o nong', 'trao nguoc', 'symptom', 0),
  ('o chua', 'acid', 'symptom', 0),
  ('kho tieu', 'day bung', 'symptom', 0),
  ('day hoi', 'day bung', 'symptom', 0),
  ('di ngoai', 'tieu chay', 'symptom', 0),
  ('ia chay', 'tieu chay', 'symptom', 0),
  ('di ngoai', 'oresol', 'symptom', 0),
  ('mat nuoc', 'bu nuoc', 'symptom', 0),
  ('dau hong', 'viem hong', 'symptom', 0),
  ('rat hong', 'dau hong', 'symptom', 0),
  ('viem hong', 'dau hong', 'symptom', 0),
  ('ho khan', 'ho', 'symptom', 0),
  ('ho co dom', 'long dom', 'symptom', 0),
  ('dom', 'long dom', 'symptom', 0),
  ('so mui', 'nghet mui', 'symptom', 0),
  ('nghet mui', 'so mui', 'symptom', 0),
  ('chay nuoc mui', 'so mui', 'symptom', 0),
  ('cam lanh', 'cam cum', 'symptom', 0),
  ('cum', 'cam cum', 'symptom', 0),
  ('cam', 'cam cum', 'symptom', 0),
  ('ngua', 'di ung', 'symptom', 0),
  ('man ngua', 'di ung', 'symptom', 0),
  ('me day', 'di ung', 'symptom', 0),
  ('kho ngu', 'mat ngu', 'symptom', 0),
  ('huyet ap cao', 'tang huyet ap', 'symptom', 0),
  ('cao huyet ap', 'tang huyet ap', 'symptom', 0),
  ('tieu duong', 'dai thao duong', 'symptom', 0),
  ('dai thao duong', 'tieu duong', 'symptom', 0),
  ('mo mau', 'cholesterol', 'symptom', 0),
  ('mo mau', 'lipid mau', 'symptom', 0),
  ('mo mau cao', 'tang cholesterol', 'symptom', 0),
  ('nong gan', 'giai doc gan', 'symptom', 0),
  ('men gan cao', 'bo gan', 'symptom', 0),
  ('mun', 'tri mun', 'symptom', 0),
  ('mun trung ca', 'tri mun', 'symptom', 0),
  ('suyen', 'hen', 'symptom', 0),
  ('hen suyen', 'hen phe quan', 'symptom', 0),
  ('kho mat', 'moi mat', 'symptom', 0),
  ('moi mat', 'kho mat', 'symptom', 0),
  ('dau khop', 'xuong khop', 'symptom', 0),
  ('thoai hoa khop', 'xuong khop', 'symptom', 0),
  ('dau co', 'dau nhuc co', 'symptom', 0),
  ('loang xuong', 'canxi', 'symptom', 0),
  ('thieu canxi', 'canxi', 'symptom', 0),
  ('ham ta', 'chong ham', 'symptom', 0),
  ('ham', 'chong ham', 'symptom', 0),
  ('nam da', 'khang nam', 'symptom', 0),
  ('hac lao', 'nam da', 'symptom', 0),
  ('hoi mieng', 'nuoc suc mieng', 'symptom', 0),
  ('say xe', 'say tau xe', 'symptom', 0),
  ('muoi dot', 'con trung can', 'symptom', 0),
  ('bong', 'tri bong', 'symptom', 0),
  ('tri mui', 'nghet mui', 'symptom', 0),
  ('tram cam', 'than kinh', 'symptom', 0),
  ('tang de khang', 'de khang', 'symptom', 0),
  ('suy giam tri nho', 'tri nho', 'symptom', 0),
  ('hay quen', 'tri nho', 'symptom', 0),
  ('thieu mau nao', 'tuan hoan nao', 'symptom', 0),
  ('roi loan tien dinh', 'tien dinh', 'symptom', 0),
  ('chong mat', 'tien dinh', 'symptom', 0),
  ('vit c', 'vitamin c', 'abbreviation', 0),
  ('vtm c', 'vitamin c', 'abbreviation', 0),
  ('vit d', 'vitamin d3', 'abbreviation', 0),
  ('vit d3', 'vitamin d3', 'abbreviation', 0),
  ('vit e', 'vitamin e', 'abbreviation', 0),
  ('vit b', 'vitamin b', 'abbreviation', 0),
  ('tpcn', 'thuc pham chuc nang', 'abbreviation', 0),
  ('kcn', 'kem chong nang', 'abbreviation', 0),
  ('srm', 'sua rua mat', 'abbreviation', 0),
  ('bcs', 'bao cao su', 'abbreviation', 0),
  ('omega3', 'omega 3', 'abbreviation', 0),
  ('nuoc muoi', 'natri clorid', 'abbreviation', 0),
  ('nuoc muoi sinh ly', 'natri clorid', 'abbreviation', 0),
  ('may do ha', 'may do huyet ap', 'abbreviation', 0),
  ('ktyt', 'khau trang y te', 'abbreviation', 0),
  ('canxi', 'calci', 'abbreviation', 0),
  ('calci', 'canxi', 'abbreviation', 0),
  ('kem', 'zinc', 'abbreviation', 0),
  ('zinc', 'kem', 'abbreviation', 0),
  ('sat', 'ferrovit', 'abbreviation', 0),
  ('men tieu hoa', 'men vi sinh', 'abbreviation', 0),
  ('men vi sinh', 'lactobacillus', 'abbreviation', 0);
