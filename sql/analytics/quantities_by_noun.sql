-- Quantities by noun: counts, sum and range of numbers per unit noun, from the running text (SET VARIABLE unit = '...' to filter; roles = 'all' to include non-body blocks).
SELECT q.unit AS noun,
       count(*) AS mentions,
       count(DISTINCT a.article_id) AS articles,
       sum(q.value) AS total,
       min(q.value) AS smallest,
       max(q.value) AS largest,
       any_value(q.text) AS example
FROM articles_current a
JOIN quantities q USING (article_id, version)
WHERE coalesce(q.unit, '') <> ''
  AND (getvariable('unit') IS NULL OR contains(q.unit, CAST(getvariable('unit') AS VARCHAR)))
  AND (coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading') = 'all'
       OR list_contains(string_split(replace(coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading'), ' ', ''), ','), coalesce(q.role, 'paragraph')))
  AND (NOT coalesce(q.is_duplicate, false) OR coalesce(CAST(getvariable('repeats') AS BOOLEAN), false))
GROUP BY q.unit
ORDER BY mentions DESC, noun
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 50);
