-- 008: every mention, date mentioned, quantity and quote carries the role of the block it came from
-- (paragraph, heading, lead, caption, pull_quote, related) and whether that block repeats another,
-- so the analytics library counts the article's own running text by default and the other roles on
-- request. Quotes also keep the organisation a speaker speaks for and a key grouping one speaker
-- written in different case forms (مسؤولين أمريكيين / مسؤولون أمريكيون).

ALTER TABLE mentions ADD COLUMN role VARCHAR;
ALTER TABLE mentions ADD COLUMN is_duplicate BOOLEAN;
UPDATE mentions SET role = p.role, is_duplicate = p.is_duplicate
FROM paragraphs p
WHERE p.article_id = mentions.article_id AND p.version = mentions.version AND p.position = mentions.position;
COMMENT ON COLUMN mentions.role IS 'Role of the block the mention is in: paragraph | heading | lead | caption | pull_quote | related';
COMMENT ON COLUMN mentions.is_duplicate IS 'The block repeats another one (a lead repeating the body, a caption repeating a sentence)';

ALTER TABLE dates_mentioned ADD COLUMN role VARCHAR;
ALTER TABLE dates_mentioned ADD COLUMN is_duplicate BOOLEAN;
ALTER TABLE quantities ADD COLUMN role VARCHAR;
ALTER TABLE quantities ADD COLUMN is_duplicate BOOLEAN;
ALTER TABLE quotes ADD COLUMN role VARCHAR;
ALTER TABLE quotes ADD COLUMN is_duplicate BOOLEAN;
-- rows loaded before 008 came from the non-duplicate body
UPDATE dates_mentioned SET role = 'paragraph', is_duplicate = false;
UPDATE quantities SET role = 'paragraph', is_duplicate = false;
UPDATE quotes SET role = 'paragraph', is_duplicate = false;
COMMENT ON COLUMN dates_mentioned.role IS 'Role of the block the date is in (paragraph | heading: found in the running text)';
COMMENT ON COLUMN quantities.role IS 'Role of the block the quantity is in (paragraph | heading: found in the running text)';
COMMENT ON COLUMN quotes.role IS 'Role of the block the quote is in (paragraph | heading: found in the running text)';

ALTER TABLE quotes ADD COLUMN affiliation_id VARCHAR;
ALTER TABLE quotes ADD COLUMN speaker_key VARCHAR;
UPDATE quotes SET speaker_key = coalesce(entity_id, regexp_replace(search_fold(speaker), '(\p{L}{3})ين(\P{L}|$)', '\1ون\2', 'g'));
COMMENT ON COLUMN quotes.entity_id IS 'The speaker when named: the person (or the organisation when no person is named)';
COMMENT ON COLUMN quotes.affiliation_id IS 'The organisation the speaker speaks for, when named beside a person ("المتحدث باسم الخارجية X")';
COMMENT ON COLUMN quotes.speaker_key IS 'Groups one speaker: the entity id, else the folded speaker with plural endings in the nominative';
