-- 007: text reuse across outlets (see pipeline/store/reuse.py and pipeline/store/clusters.py).
-- A wire story republished with a new title, edits, a paragraph added or dropped, or only in part is
-- linked to the other articles carrying its text: 'reuse' clusters in article_clusters, the share of
-- text taken in each direction, and which paragraph of a copy came from which paragraph of the
-- cluster's representative (reuse_links). The index is emptied so that the next load signs the window
-- again with its paragraph keys (a one-time rebuild of the 30-day index).

CREATE TABLE reuse_postings (
    article_id  VARCHAR NOT NULL,
    line        INTEGER NOT NULL,
    key         BIGINT NOT NULL
);
COMMENT ON TABLE reuse_postings IS 'One key per body paragraph of each article of the dedup window: two articles sharing a key are reuse candidates';
COMMENT ON COLUMN reuse_postings.line IS 'Line of articles.body_text (0-based) the paragraph was when the article was indexed';
COMMENT ON COLUMN reuse_postings.key IS 'Least mixed hash of the paragraph''s word 3-shingles (quotes removed): shared with probability = shingle Jaccard';

CREATE TABLE reuse_edges (
    a            VARCHAR NOT NULL,
    b            VARCHAR NOT NULL,
    share_a      DOUBLE NOT NULL,
    share_b      DOUBLE NOT NULL,
    same_source  BOOLEAN NOT NULL,
    PRIMARY KEY (a, b)
);
COMMENT ON TABLE reuse_edges IS 'Verified reuse pairs (a < b) of the dedup window, kept so a daily run verifies only pairs with a new article';
COMMENT ON COLUMN reuse_edges.share_a IS 'Share of a''s words in paragraphs found in b (less paragraphs of the same wording with other numbers)';
COMMENT ON COLUMN reuse_edges.same_source IS 'Both from one outlet: verified again on every run (what is that outlet''s boilerplate can change)';

ALTER TABLE article_clusters ADD COLUMN share_from_rep DOUBLE;
ALTER TABLE article_clusters ADD COLUMN share_of_rep DOUBLE;
COMMENT ON TABLE article_clusters IS 'Articles that repeat across URLs and outlets (same content, near-duplicates, reused text, re-posted titles)';
COMMENT ON COLUMN article_clusters.method IS 'exact (same normalised body) | near (MinHash Jaccard >= 0.8) | reuse (a substantial share of the shorter body''s paragraphs taken from the other) | title (same title, one outlet, 7 days); the strongest link of the article';
COMMENT ON COLUMN article_clusters.similarity IS 'Estimated Jaccard similarity of the body to the representative''s (MinHash)';
COMMENT ON COLUMN article_clusters.share_from_rep IS 'Share of this article''s words in paragraphs taken from the representative (clusters with a reuse link; NULL for the representative)';
COMMENT ON COLUMN article_clusters.share_of_rep IS 'Share of the representative''s words that this article carries (clusters with a reuse link; NULL for the representative)';

CREATE TABLE reuse_links (
    cluster_id      VARCHAR NOT NULL,
    article_id      VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    rep_article_id  VARCHAR NOT NULL,
    rep_version     INTEGER NOT NULL,
    rep_position    INTEGER NOT NULL,
    containment     DOUBLE,
    PRIMARY KEY (article_id, version, position)
);
COMMENT ON TABLE reuse_links IS 'Which paragraph of a copy came from which paragraph of its cluster''s representative (clusters with a reuse link); a copy''s paragraphs with no row are its own text';
COMMENT ON COLUMN reuse_links.position IS 'paragraphs.position of the copy''s paragraph';
COMMENT ON COLUMN reuse_links.rep_position IS 'paragraphs.position of the representative''s paragraph it was taken from';
COMMENT ON COLUMN reuse_links.containment IS 'Share of the copy paragraph''s word 3-shingles found in the representative''s paragraph';

DELETE FROM dedup_bands;
DELETE FROM dedup_signatures;
