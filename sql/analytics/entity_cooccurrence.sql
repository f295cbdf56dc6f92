-- Entity co-occurrence: pairs of entities named in the same article (SET VARIABLE entity = 'name or id' to focus).
WITH ae AS (
    SELECT DISTINCT m.article_id, m.entity_id, e.name
    FROM articles_current a JOIN mentions m USING (article_id, version) JOIN entities e USING (entity_id)
)
SELECT x.name AS entity_a, y.name AS entity_b,
       count(*) AS articles
FROM ae x JOIN ae y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
WHERE getvariable('entity') IS NULL
   OR CAST(getvariable('entity') AS VARCHAR) IN (x.name, y.name, x.entity_id, y.entity_id)
GROUP BY ALL
ORDER BY articles DESC, entity_a, entity_b
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 50);
