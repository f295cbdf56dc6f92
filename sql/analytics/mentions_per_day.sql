-- Mentions of a word per day by outlet, clitic-aware via the search index (SET VARIABLE term = 'الحوثيين').
WITH q AS (
    SELECT DISTINCT hash(unnest(search_terms(coalesce(CAST(getvariable('term') AS VARCHAR), 'الحوثيين')))) AS term
)
SELECT a.published_local_date AS day,
       a.source AS outlet,
       sum(p.tf) AS mentions,
       count(DISTINCT a.article_id) AS articles
FROM search_postings p
JOIN q USING (term)
JOIN search_docs d USING (doc_id)
JOIN articles a ON a.article_id = d.article_id AND a.version = d.version
WHERE a.published_local_date >= coalesce(CAST(getvariable('since') AS DATE), DATE '1900-01-01')
  AND a.published_local_date < coalesce(CAST(getvariable('until') AS DATE), DATE '2999-01-01')
GROUP BY ALL
ORDER BY day, outlet;
