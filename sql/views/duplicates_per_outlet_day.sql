-- Duplicate share per outlet and day: articles that repeat an earlier one (exact, near or re-posted) and repeated blocks inside articles.
WITH members AS (
    SELECT article_id, method, is_representative FROM article_clusters
),
blocks AS (
    SELECT p.article_id, p.version, count(*) AS blocks, count(*) FILTER (WHERE p.is_duplicate) AS duplicate_blocks
    FROM paragraphs p
    GROUP BY ALL
)
SELECT a.source AS outlet,
       a.published_local_date AS day,
       count(*) AS articles,
       count(*) FILTER (WHERE m.article_id IS NOT NULL AND NOT m.is_representative) AS duplicate_articles,
       count(*) FILTER (WHERE m.method = 'exact' AND NOT m.is_representative) AS exact,
       count(*) FILTER (WHERE m.method = 'near' AND NOT m.is_representative) AS near,
       count(*) FILTER (WHERE m.method = 'title' AND NOT m.is_representative) AS reposted,
       round(count(*) FILTER (WHERE m.article_id IS NOT NULL AND NOT m.is_representative) / count(*), 4)
           AS duplicate_share,
       coalesce(sum(b.duplicate_blocks), 0) AS repeated_blocks,
       round(coalesce(sum(b.duplicate_blocks), 0) / greatest(coalesce(sum(b.blocks), 0), 1), 4) AS repeated_block_share
FROM articles_current a
LEFT JOIN members m USING (article_id)
LEFT JOIN blocks b USING (article_id, version)
GROUP BY ALL
ORDER BY day, outlet;
