-- Timeline of dates mentioned in articles: per mentioned month, how many mentions and articles (precision day/month/year).
SELECT substr(d.value, 1, 7) AS month_mentioned,
       count(*) AS mentions,
       count(DISTINCT a.article_id) AS articles,
       count(*) FILTER (WHERE d.value < CAST(a.published_local_date AS VARCHAR)) AS looking_back,
       count(*) FILTER (WHERE d.value > CAST(a.published_local_date AS VARCHAR)) AS looking_ahead,
       any_value(d.text) AS example
FROM articles_current a
JOIN dates_mentioned d USING (article_id, version)
WHERE d.value IS NOT NULL AND length(d.value) >= 7
GROUP BY 1
ORDER BY month_mentioned;
