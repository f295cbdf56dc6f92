-- Duplicate and republication rates per outlet: repeated blocks inside articles, articles republished elsewhere.
WITH blocks AS (
    SELECT a.source, count(*) AS blocks, count(*) FILTER (WHERE p.is_duplicate) AS duplicate_blocks,
           count(DISTINCT a.article_id) FILTER (WHERE p.is_duplicate) AS articles_with_repeats
    FROM articles_current a JOIN paragraphs p USING (article_id, version)
    GROUP BY a.source
),
clustered AS (
    SELECT c.article_id, count(*) OVER (PARTITION BY c.cluster_id) AS members, c.is_representative
    FROM article_clusters c
),
per_outlet AS (
    SELECT a.source, count(*) AS articles,
           count(*) FILTER (WHERE k.members > 1) AS in_shared_story,
           count(*) FILTER (WHERE k.members > 1 AND NOT coalesce(k.is_representative, false)) AS republished
    FROM articles_current a LEFT JOIN clustered k USING (article_id)
    GROUP BY a.source
)
SELECT o.source AS outlet, o.articles,
       coalesce(b.duplicate_blocks, 0) AS duplicate_blocks,
       round(coalesce(b.duplicate_blocks, 0) / greatest(coalesce(b.blocks, 0), 1), 3) AS duplicate_block_share,
       round(coalesce(b.articles_with_repeats, 0) / greatest(o.articles, 1), 3) AS articles_with_repeats_share,
       o.republished,
       round(o.republished / greatest(o.articles, 1), 3) AS republication_rate
FROM per_outlet o LEFT JOIN blocks b USING (source)
ORDER BY outlet;
