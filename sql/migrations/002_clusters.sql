-- 002: the persisted near-duplicate index of the last N days (see pipeline/clusters.py).
-- dedup_signatures holds one MinHash signature per current article in the window; dedup_bands holds
-- its LSH band buckets, so a new day's articles are matched against the past with a join, not a rebuild.

CREATE TABLE dedup_signatures (
    article_id    VARCHAR PRIMARY KEY,
    content_hash  VARCHAR,
    source        VARCHAR,
    published_at  TIMESTAMPTZ,
    day           DATE NOT NULL,
    body_hash     VARCHAR,
    title_key     VARCHAR,
    n_tokens      INTEGER,
    minhash       BLOB,
    updated_at    TIMESTAMPTZ
);
COMMENT ON TABLE dedup_signatures IS 'MinHash signature (uint32 x num_perm) of each current article of the dedup window';
COMMENT ON COLUMN dedup_signatures.body_hash IS 'Hash of the normalised body text (same body = exact duplicate)';
COMMENT ON COLUMN dedup_signatures.title_key IS 'Normalised title, for re-posted stories within one outlet';
COMMENT ON COLUMN dedup_signatures.day IS 'Publication day (load day when unknown): what the window is measured on';

CREATE TABLE dedup_bands (
    article_id  VARCHAR NOT NULL,
    band        SMALLINT NOT NULL,
    bucket      BIGINT NOT NULL
);
COMMENT ON TABLE dedup_bands IS 'LSH band buckets of dedup_signatures: two articles sharing a bucket are candidates';
