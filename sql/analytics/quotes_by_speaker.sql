-- Quotes by speaker: how often each speaker is quoted, by how many outlets; one speaker written in different case forms is one row (SET VARIABLE speaker = '...' to filter; roles = 'all' to include non-body blocks).
SELECT coalesce(any_value(e.name), mode(q.speaker)) AS speaker,
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
  AND (coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading') = 'all'
       OR list_contains(string_split(replace(coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading'), ' ', ''), ','), coalesce(q.role, 'paragraph')))
  AND (NOT coalesce(q.is_duplicate, false) OR coalesce(CAST(getvariable('repeats') AS BOOLEAN), false))
GROUP BY coalesce(q.entity_id, q.speaker_key, q.speaker)
ORDER BY quotes DESC, speaker
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 50);
