-- 001: the core schema of newsflow (see docs/DESIGN.md "DuckDB").
-- Stable keys: articles (article_id, version); child rows (article_id, version, position/paragraph).

CREATE TABLE sources (
    name        VARCHAR PRIMARY KEY,
    homepage    VARCHAR,
    language    VARCHAR,
    country     VARCHAR,
    timezone    VARCHAR,
    kind        VARCHAR,
    enabled     BOOLEAN,
    verified    BOOLEAN,
    feeds       VARCHAR[],
    sitemaps    VARCHAR[],
    updated_at  TIMESTAMPTZ
);
COMMENT ON TABLE sources IS 'Outlets and offline collections from sources.toml, as of the last run that used them';

CREATE TABLE runs (
    run_id               VARCHAR PRIMARY KEY,
    trigger              VARCHAR,
    started_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    status               VARCHAR,
    data_interval_start  TIMESTAMPTZ,
    data_interval_end    TIMESTAMPTZ,
    sources              VARCHAR[],
    inputs               INTEGER,
    fetched_ok           INTEGER,
    fetch_failures       INTEGER,
    articles_staged      INTEGER,
    articles_new         INTEGER,
    articles_new_version INTEGER,
    articles_unchanged   INTEGER,
    paragraphs_loaded    INTEGER,
    duplicates_flagged   INTEGER,
    outcomes             MAP(VARCHAR, INTEGER),
    error                VARCHAR
);
COMMENT ON TABLE runs IS 'One row per run (CLI ingest or Airflow DAG run) with counts per stage and outcome';
COMMENT ON COLUMN runs.outcomes IS 'Count of inputs per fetch/read outcome (ok, http_404, empty, ...)';

CREATE TABLE fetches (
    fetch_id      VARCHAR PRIMARY KEY,
    run_id        VARCHAR,
    source        VARCHAR,
    url           VARCHAR,
    original_url  VARCHAR,
    final_url     VARCHAR,
    outcome       VARCHAR NOT NULL,
    status_code   INTEGER,
    bytes         BIGINT,
    content_type  VARCHAR,
    charset       VARCHAR,
    elapsed_ms    INTEGER,
    warc_file     VARCHAR,
    warc_offset   BIGINT,
    error         VARCHAR,
    fetched_at    TIMESTAMPTZ,
    attempt       INTEGER,
    etag          VARCHAR,
    last_modified VARCHAR,
    body_sha256   VARCHAR,
    article_id    VARCHAR
);
COMMENT ON TABLE fetches IS 'One row per request attempt or local input read, with its outcome (closed set, see README)';
COMMENT ON COLUMN fetches.url IS 'Canonical URL (or the local path for offline inputs)';
COMMENT ON COLUMN fetches.original_url IS 'URL exactly as discovered, before canonicalisation';
COMMENT ON COLUMN fetches.warc_offset IS 'Byte offset of the response record in warc_file';

CREATE TABLE articles (
    article_id           VARCHAR NOT NULL,
    version              INTEGER NOT NULL,
    content_hash         VARCHAR NOT NULL,
    source               VARCHAR,
    url                  VARCHAR,
    canonical_url        VARCHAR,
    language             VARCHAR,
    title                VARCHAR,
    published            VARCHAR,
    published_at         TIMESTAMPTZ,
    published_local_date DATE,
    modified             VARCHAR,
    authors              VARCHAR[],
    section              VARCHAR,
    tags                 VARCHAR[],
    lead                 VARCHAR,
    body_text            VARCHAR,
    n_paragraphs         INTEGER,
    n_duplicates         INTEGER,
    input                VARCHAR,
    run_id               VARCHAR,
    loaded_at            TIMESTAMPTZ,
    PRIMARY KEY (article_id, version)
);
COMMENT ON TABLE articles IS 'One row per article version: a new version when an outlet edits the story; use articles_current';
COMMENT ON COLUMN articles.article_id IS 'Stable id: hash of the canonical URL, or of the normalised content when there is no URL';
COMMENT ON COLUMN articles.published IS 'Publication time as ISO 8601 with the outlet offset (or a bare date)';
COMMENT ON COLUMN articles.published_at IS 'Publication instant in UTC (NULL when only a date is known)';
COMMENT ON COLUMN articles.published_local_date IS 'The date a reader in the outlet country saw';
COMMENT ON COLUMN articles.body_text IS 'Running text only (no lead, captions, pull quotes, related teasers), paragraphs joined by newlines';

CREATE TABLE article_urls (
    url         VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL,
    source      VARCHAR,
    first_run   VARCHAR
);
COMMENT ON TABLE article_urls IS 'Every URL (canonical and as discovered) that led to an article: aliases of one article';

CREATE TABLE paragraphs (
    article_id    VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    role          VARCHAR NOT NULL,
    text          VARCHAR,
    body_index    INTEGER,
    is_duplicate  BOOLEAN NOT NULL,
    duplicate_of  INTEGER[],
    dup_reason    VARCHAR,
    credit        VARCHAR,
    url           VARCHAR,
    PRIMARY KEY (article_id, version, position)
);
COMMENT ON TABLE paragraphs IS 'Every block of every article version, in order, with its role and duplicate flag';
COMMENT ON COLUMN paragraphs.role IS 'lead | paragraph | heading | caption | pull_quote | related | byline';
COMMENT ON COLUMN paragraphs.body_index IS 'Index in the article body (NULL for blocks outside the body)';
COMMENT ON COLUMN paragraphs.duplicate_of IS 'Positions of the blocks this block repeats (empty when original)';

CREATE TABLE images (
    article_id VARCHAR, version INTEGER, position INTEGER,
    src VARCHAR, caption VARCHAR, credit VARCHAR, alt VARCHAR,
    PRIMARY KEY (article_id, version, position)
);
CREATE TABLE related_links (
    article_id VARCHAR, version INTEGER, position INTEGER,
    title VARCHAR, url VARCHAR,
    PRIMARY KEY (article_id, version, position)
);
CREATE TABLE entities (
    entity_id VARCHAR PRIMARY KEY,
    name      VARCHAR,
    type      VARCHAR
);
COMMENT ON TABLE entities IS 'People, organisations, places and media found in articles (gazetteer ids or nf: pattern ids)';
CREATE TABLE mentions (
    article_id VARCHAR, version INTEGER, position INTEGER, paragraph INTEGER, start INTEGER, "end" INTEGER,
    entity_id VARCHAR, surface VARCHAR, method VARCHAR,
    PRIMARY KEY (article_id, version, position, start)
);
COMMENT ON TABLE mentions IS 'Each mention of an entity: in the body (paragraph set) or in the lead, a caption, a pull quote or a related teaser (paragraph NULL)';
COMMENT ON COLUMN mentions.position IS 'Block position (see paragraphs.position)';
COMMENT ON COLUMN mentions.paragraph IS 'Index in the article body; NULL for mentions outside the body';
CREATE TABLE dates_mentioned (
    article_id VARCHAR, version INTEGER, paragraph INTEGER, start INTEGER, "end" INTEGER,
    text VARCHAR, value VARCHAR, precision VARCHAR, alternatives VARCHAR[],
    inferred_year BOOLEAN, relative BOOLEAN,
    PRIMARY KEY (article_id, version, paragraph, start)
);
CREATE TABLE quantities (
    article_id VARCHAR, version INTEGER, paragraph INTEGER, start INTEGER, "end" INTEGER,
    text VARCHAR, value DOUBLE, unit VARCHAR, approx BOOLEAN,
    PRIMARY KEY (article_id, version, paragraph, start)
);
CREATE TABLE quotes (
    article_id VARCHAR, version INTEGER, paragraph INTEGER, position INTEGER,
    speaker VARCHAR, text VARCHAR, verb VARCHAR, entity_id VARCHAR,
    PRIMARY KEY (article_id, version, paragraph, position)
);
CREATE TABLE text_issues (
    article_id VARCHAR, version INTEGER, position INTEGER, paragraph INTEGER, start INTEGER,
    kind VARCHAR, field VARCHAR, text VARCHAR, reason VARCHAR,
    PRIMARY KEY (article_id, version, position)
);
COMMENT ON TABLE text_issues IS 'Problems found in an article, flagged, never corrected: doubled words (kind doubled_word, with paragraph/start) and rejected dates (kind rejected_date, with field and reason)';
CREATE TABLE article_clusters (
    cluster_id        VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    similarity        DOUBLE,
    is_representative BOOLEAN,
    method            VARCHAR,
    PRIMARY KEY (cluster_id, article_id)
);
COMMENT ON TABLE article_clusters IS 'Articles that repeat across URLs and outlets (same content or near-duplicates)';

CREATE VIEW articles_current AS
SELECT a.*
FROM articles a
QUALIFY a.version = max(a.version) OVER (PARTITION BY a.article_id);
