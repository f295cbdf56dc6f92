-- Top entities of a day (SET VARIABLE day = '2024-03-16'; default the latest day; SET VARIABLE top = 20).
WITH target AS (
    SELECT coalesce(CAST(getvariable('day') AS DATE), (SELECT max(published_local_date) FROM articles_current)) AS day
)
SELECT t.day, e.name AS entity, e.type, m.entity_id,
       count(*) AS mentions,
       count(DISTINCT a.article_id) AS articles,
       count(DISTINCT a.source) AS outlets
FROM articles_current a
JOIN mentions m USING (article_id, version)
JOIN entities e USING (entity_id)
JOIN target t ON a.published_local_date = t.day
GROUP BY ALL
ORDER BY articles DESC, mentions DESC, entity
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 20);
