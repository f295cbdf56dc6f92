-- Top entities of a day (SET VARIABLE day = '2024-03-16'; default the latest day; SET VARIABLE top = 20); counts the running text (SET VARIABLE roles = 'all' or 'paragraph,lead,caption,…'; repeats = true to count repeated blocks too).
WITH target AS (
    SELECT coalesce(CAST(getvariable('day') AS DATE), (SELECT max(published_local_date) FROM articles_current)) AS day
),
counted AS (
    SELECT m.*
    FROM mentions m
    LEFT JOIN paragraphs p ON p.article_id = m.article_id AND p.version = m.version AND p.position = m.position
    WHERE (coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading') = 'all'
           OR list_contains(string_split(replace(coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading'), ' ', ''), ','),
                            coalesce(p.role, m.role)))
      AND (NOT coalesce(p.is_duplicate, m.is_duplicate, false) OR coalesce(CAST(getvariable('repeats') AS BOOLEAN), false))
)
SELECT t.day, e.name AS entity, e.type, m.entity_id,
       count(*) AS mentions,
       count(DISTINCT a.article_id) AS articles,
       count(DISTINCT a.source) AS outlets
FROM articles_current a
JOIN counted m USING (article_id, version)
JOIN entities e USING (entity_id)
JOIN target t ON a.published_local_date = t.day
GROUP BY ALL
ORDER BY articles DESC, mentions DESC, entity
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 20);
