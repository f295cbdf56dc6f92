-- 005: search statistics kept with the index (pipeline/search.py maintains them with the postings),
-- so a query reads each term's document frequency, the document count and the mean length directly
-- instead of aggregating the postings and documents.

CREATE TABLE search_term_stats (
    term UBIGINT NOT NULL,
    df   INTEGER NOT NULL
);
COMMENT ON TABLE search_term_stats IS 'Document frequency of each indexed term (same hash as search_postings.term), stored sorted by term';

CREATE TABLE search_stats (
    docs         BIGINT NOT NULL,
    total_length BIGINT NOT NULL
);
COMMENT ON TABLE search_stats IS 'One row: documents in the search index and their summed length (BM25 N and avgdl)';

INSERT INTO search_term_stats SELECT term, count(*)::INTEGER FROM search_postings GROUP BY term ORDER BY term;
INSERT INTO search_stats SELECT count(*), coalesce(sum(length), 0) FROM search_docs;
