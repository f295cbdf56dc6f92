-- Extraction coverage per outlet: share of current articles with a date, author, lead, captions, entities.
WITH caps AS (
    SELECT DISTINCT article_id, version FROM paragraphs WHERE role = 'caption'
    UNION SELECT DISTINCT article_id, version FROM images WHERE caption IS NOT NULL
),
ents AS (  -- entities named in the running text (not only in related headlines or captions)
    SELECT DISTINCT m.article_id, m.version
    FROM mentions m JOIN paragraphs p USING (article_id, version, position)
    WHERE p.role IN ('paragraph', 'heading') AND NOT p.is_duplicate
)
SELECT a.source AS outlet,
       count(*) AS articles,
       round(avg(CASE WHEN a.published_local_date IS NOT NULL THEN 1 ELSE 0 END), 3) AS with_date,
       round(avg(CASE WHEN len(coalesce(a.authors, [])) > 0 THEN 1 ELSE 0 END), 3) AS with_author,
       round(avg(CASE WHEN coalesce(a.lead, '') <> '' THEN 1 ELSE 0 END), 3) AS with_lead,
       round(avg(CASE WHEN c.article_id IS NOT NULL THEN 1 ELSE 0 END), 3) AS with_captions,
       round(avg(CASE WHEN e.article_id IS NOT NULL THEN 1 ELSE 0 END), 3) AS with_entities,
       round(avg(CASE WHEN a.n_paragraphs > 0 THEN 1 ELSE 0 END), 3) AS with_body
FROM articles_current a
LEFT JOIN caps c USING (article_id, version)
LEFT JOIN ents e USING (article_id, version)
GROUP BY a.source
ORDER BY outlet;
