-- 003: Arabic full-text search: normalisation macros, a BM25 postings index (maintained after each load).
-- The macros are stored in the database, so the duckdb CLI can use them too:
--   SELECT search_terms('والحوثيون للحوثيين');  -- [حوث, حوث]

-- Matching form: diacritics and tatweel removed, alef/yeh/waw-hamza/teh-marbuta folded, ASCII digits, lower case.
CREATE OR REPLACE MACRO search_fold(t) AS lower(translate(
    regexp_replace(t, '[\x{0610}-\x{061A}\x{064B}-\x{065F}\x{0670}\x{0640}\x{06D6}-\x{06ED}]', '', 'g'),
    'آأإٱىئؤةیک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹',
    'ااااييوهيك01234567890123456789'));

-- Proclitics: a conjunction و/ف, then the article (ال, بال, كال, لل); a bare و/ف on longer words.
CREATE OR REPLACE MACRO search_strip_prefix(w) AS CASE
    WHEN regexp_matches(w, '^[وف]?(?:بال|كال|وال|فال|لل|ال)..') THEN regexp_replace(w, '^[وف]?(?:بال|كال|لل|ال)(..+)$', '\1')
    WHEN length(w) > 3 AND regexp_matches(w, '^[وف]') THEN substr(w, 2)
    ELSE w END;

-- Enclitics and plural/dual/nisba endings, keeping a stem of at least three letters.
CREATE OR REPLACE MACRO search_strip_suffix(w) AS regexp_replace(
    regexp_replace(w, '^(.{3,}?)(?:ين|ون|ات|ان|ها|هم|هما|كم|نا|يه|يا)$', '\1'),
    '^(.{3,}?)[يه]$', '\1');

-- One search term per word (light stemming): الحوثيين, للحوثيين, والحوثيون, الحوثي -> حوث.
CREATE OR REPLACE MACRO search_stem(w) AS search_strip_suffix(search_strip_prefix(w));

-- Terms of a text, in order (words of one letter dropped).
CREATE OR REPLACE MACRO search_terms(t) AS list_transform(
    list_filter(string_split_regex(search_fold(coalesce(t, '')), '[^\p{L}\p{N}]+'), x -> length(x) > 1),
    x -> search_stem(x));

CREATE TABLE search_docs (
    doc_id     INTEGER PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    version    INTEGER NOT NULL,
    length     INTEGER NOT NULL,
    source     VARCHAR,
    published_local_date DATE,
    title      VARCHAR,
    url        VARCHAR,
    snippet    VARCHAR,
    indexed_at TIMESTAMPTZ
);
COMMENT ON TABLE search_docs IS 'Articles in the search index (the current version of each), with their length in terms';
COMMENT ON COLUMN search_docs.length IS 'Number of terms in title, lead and body (for BM25 length normalisation)';
COMMENT ON COLUMN search_docs.snippet IS 'Start of the lead or body, shown with results (so a search never reads article bodies)';

CREATE TABLE search_postings (
    term   UBIGINT NOT NULL,
    doc_id INTEGER NOT NULL,
    tf     INTEGER NOT NULL
);
COMMENT ON TABLE search_postings IS 'Inverted index: hash(search term) -> document and term frequency';
COMMENT ON COLUMN search_postings.term IS 'hash() of the stemmed term; look up with hash(search_stem(search_fold(word)))';
