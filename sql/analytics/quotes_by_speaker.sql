-- Quotes by speaker: how often each speaker is quoted, by how many outlets (SET VARIABLE speaker = '...' to filter).
SELECT coalesce(e.name, q.speaker) AS speaker,
       count(*) AS quotes,
       count(DISTINCT a.article_id) AS articles,
       count(DISTINCT a.source) AS outlets,
       min(a.published_local_date) AS first_day,
       max(a.published_local_date) AS last_day,
       any_value(q.text) AS example
FROM articles_current a
JOIN quotes q USING (article_id, version)
LEFT JOIN entities e ON e.entity_id = q.entity_id
WHERE q.speaker IS NOT NULL
  AND (getvariable('speaker') IS NULL OR contains(q.speaker, CAST(getvariable('speaker') AS VARCHAR)))
GROUP BY 1
ORDER BY quotes DESC, speaker
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 50);
