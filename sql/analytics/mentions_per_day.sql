-- Mentions of a word per day by outlet, clitic-aware (SET VARIABLE term = 'الحوثيين'); counts the running text (SET VARIABLE roles = 'all' or 'paragraph,lead,caption,…'; repeats = true to count repeated blocks too).
WITH q AS (
    SELECT DISTINCT unnest(search_terms(coalesce(CAST(getvariable('term') AS VARCHAR), 'الحوثيين'))) AS term
),
candidates AS (  -- articles whose indexed text has the term at all (the search index), then their blocks
    SELECT DISTINCT d.article_id, d.version
    FROM search_postings p JOIN search_docs d USING (doc_id)
    WHERE p.term IN (SELECT hash(term) FROM q)
),
words AS (
    SELECT a.published_local_date AS day, a.source, a.article_id, unnest(search_terms(b.text)) AS term
    FROM candidates c
    JOIN articles a ON a.article_id = c.article_id AND a.version = c.version
    JOIN paragraphs b ON b.article_id = c.article_id AND b.version = c.version
    WHERE a.published_local_date >= coalesce(CAST(getvariable('since') AS DATE), DATE '1900-01-01')
      AND a.published_local_date < coalesce(CAST(getvariable('until') AS DATE), DATE '2999-01-01')
      AND (coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading') = 'all'
           OR list_contains(string_split(replace(coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading'), ' ', ''), ','), b.role))
      AND (NOT b.is_duplicate OR coalesce(CAST(getvariable('repeats') AS BOOLEAN), false))
)
SELECT day,
       source AS outlet,
       count(*) AS mentions,
       count(DISTINCT article_id) AS articles
FROM words
WHERE term IN (SELECT term FROM q)
GROUP BY ALL
ORDER BY day, outlet;
