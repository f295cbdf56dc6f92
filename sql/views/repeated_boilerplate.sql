-- Most repeated lines per outlet (promos, footers, video fallbacks): text seen in 3+ unrelated articles of one outlet.
WITH lines AS (
    SELECT a.source,
           lower(regexp_replace(trim(p.text), '\s+', ' ', 'g')) AS line,
           p.text,
           coalesce(c.cluster_id, a.article_id) AS story,
           a.article_id,
           a.published_local_date AS day
    FROM articles_current a
    JOIN paragraphs p USING (article_id, version)
    LEFT JOIN article_clusters c USING (article_id)
    WHERE p.text IS NOT NULL AND length(trim(p.text)) > 0
)
SELECT source AS outlet,
       any_value(text) AS text,
       count(DISTINCT story) AS stories,
       count(DISTINCT article_id) AS articles,
       min(day) AS first_seen,
       max(day) AS last_seen
FROM lines
GROUP BY source, line
HAVING count(DISTINCT story) >= 3
ORDER BY stories DESC, outlet, text;
