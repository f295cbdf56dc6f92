-- Stories republished across URLs and outlets: clusters of 2+ articles with their outlets and first/last publication times.
WITH members AS (
    SELECT c.cluster_id, c.article_id, c.similarity, c.is_representative, c.method,
           a.source, a.title, a.url, a.published_at, a.published
    FROM article_clusters c
    JOIN articles_current a USING (article_id)
)
SELECT cluster_id,
       any_value(title) FILTER (WHERE is_representative) AS title,
       any_value(url) FILTER (WHERE is_representative) AS first_url,
       count(*) AS articles,
       count(DISTINCT source) AS outlets,
       list(DISTINCT source ORDER BY source) AS outlet_names,
       min(published_at) AS first_published,
       max(published_at) AS last_published,
       max(published_at) - min(published_at) AS spread,
       list(DISTINCT method ORDER BY method) AS methods,
       round(min(similarity), 4) AS min_similarity
FROM members
GROUP BY cluster_id
HAVING count(*) >= 2
ORDER BY articles DESC, first_published, cluster_id;
