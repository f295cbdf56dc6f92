-- Stories republished across URLs and outlets: clusters of 2+ articles (exact, near, reuse or title links) with their outlets, first/last publication times and how much of the first article the copies carried.
WITH members AS (
    SELECT c.cluster_id, c.article_id, c.similarity, c.is_representative, c.method,
           c.share_from_rep, c.share_of_rep,
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
       round(min(similarity), 4) AS min_similarity,
       any_value(source) FILTER (WHERE is_representative) AS first_outlet,
       count(*) FILTER (WHERE method = 'reuse' AND NOT is_representative) AS reused_copies,
       round(min(share_of_rep), 4) AS min_share_of_first,
       round(avg(share_from_rep), 4) AS mean_share_from_first
FROM members
GROUP BY cluster_id
HAVING count(*) >= 2
ORDER BY articles DESC, first_published, cluster_id;
