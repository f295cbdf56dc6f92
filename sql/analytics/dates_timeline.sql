-- Timeline of dates mentioned in the running text: per mentioned month, how many mentions and articles (precision day/week/month/year; roles = 'all' to include non-body blocks).
WITH d AS (
    SELECT dm.*,
           -- a week (ISO 'YYYY-Www') is placed at its Monday
           CASE WHEN dm.precision = 'week' AND dm.value LIKE '%-W%'
                THEN strftime(CAST(strptime(dm.value || '-1', '%G-W%V-%u') AS DATE), '%Y-%m-%d')
                ELSE dm.value END AS placed
    FROM dates_mentioned dm
    WHERE (coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading') = 'all'
           OR list_contains(string_split(replace(coalesce(CAST(getvariable('roles') AS VARCHAR), 'paragraph,heading'), ' ', ''), ','), coalesce(dm.role, 'paragraph')))
)
SELECT substr(d.placed, 1, 7) AS month_mentioned,
       count(*) AS mentions,
       count(DISTINCT a.article_id) AS articles,
       count(*) FILTER (WHERE d.placed < CAST(a.published_local_date AS VARCHAR)) AS looking_back,
       count(*) FILTER (WHERE d.placed > CAST(a.published_local_date AS VARCHAR)) AS looking_ahead,
       any_value(d.text) AS example
FROM articles_current a
JOIN d USING (article_id, version)
WHERE d.placed IS NOT NULL AND length(d.placed) >= 7
GROUP BY 1
ORDER BY month_mentioned;
