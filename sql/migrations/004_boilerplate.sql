-- 004: boilerplate learned per outlet from what was loaded (promo lines, footers, fallback sentences).
-- A body line that one outlet prints in 3+ unrelated stories (articles of one cluster count once) is the
-- outlet's boilerplate: its paragraph rows are flagged (is_duplicate, dup_reason = 'outlet_boilerplate',
-- boilerplate_key -> boilerplate_lines) and left out of articles.body_text. Recomputed for the outlets
-- of each load (pipeline/boilerplate.py), so the flags are a function of the loaded articles only.

CREATE TABLE boilerplate_lines (
    source           VARCHAR NOT NULL,
    line_key         VARCHAR NOT NULL,
    text             VARCHAR NOT NULL,
    stories          INTEGER NOT NULL,
    articles         INTEGER NOT NULL,
    first_article_id VARCHAR NOT NULL,
    first_seen       DATE,
    last_seen        DATE,
    PRIMARY KEY (source, line_key)
);
COMMENT ON TABLE boilerplate_lines IS 'Lines an outlet repeats across unrelated stories (promos, footers): flagged in paragraphs, kept out of body_text';
COMMENT ON COLUMN boilerplate_lines.line_key IS 'md5 of the line in matching form (search_fold, punctuation and spacing collapsed)';
COMMENT ON COLUMN boilerplate_lines.stories IS 'Distinct stories (clusters count once) of the outlet that carry the line';
COMMENT ON COLUMN boilerplate_lines.first_article_id IS 'Earliest article (by publication date) that carries the line: what the others repeat';

ALTER TABLE paragraphs ADD COLUMN boilerplate_key VARCHAR;
COMMENT ON COLUMN paragraphs.boilerplate_key IS 'Set when the block is its outlet''s boilerplate: boilerplate_lines(source, line_key)';
COMMENT ON COLUMN paragraphs.dup_reason IS 'Why the block is flagged: teaser, caption, pull quote, verbatim repeat … or outlet_boilerplate';
