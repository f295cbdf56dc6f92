-- Entity co-occurrence: pairs of entities named in the running text of the same article (SET VARIABLE entity = 'name or id' to focus; roles = 'all' or 'paragraph,lead,…' and repeats = true to widen).
WITH counted AS (
    SELECT m.*
    FROM mentions m
    LEFT JOIN paragraphs p ON p.article_id = m.article_id AND p.version = m.version AND p.position = m.position
    WHERE (coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading') = 'all'
           OR list_contains(string_split(replace(coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading'), ' ', ''), ','),
                            coalesce(p.role, m.role)))
      AND (NOT coalesce(p.is_duplicate, m.is_duplicate, false) OR coalesce(CAST(getvariable('repeats') AS BOOLEAN), false))
),
ae AS (
    SELECT DISTINCT m.article_id, m.entity_id, e.name
    FROM articles_current a JOIN counted m USING (article_id, version) JOIN entities e USING (entity_id)
)
SELECT x.name AS entity_a, y.name AS entity_b,
       count(*) AS articles
FROM ae x JOIN ae y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
WHERE getvariable('entity') IS NULL
   OR CAST(getvariable('entity') AS VARCHAR) IN (x.name, y.name, x.entity_id, y.entity_id)
GROUP BY ALL
ORDER BY articles DESC, entity_a, entity_b
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 50);
