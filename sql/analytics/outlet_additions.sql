-- What each outlet added to the stories it republished: the body paragraphs of its copies that no paragraph of the cluster's first article supplied (SET VARIABLE source = '...' for one outlet).
SELECT a.source AS outlet,
       a.published_local_date AS day,
       a.title,
       first.source AS first_outlet,
       first.title AS first_title,
       c.share_from_rep,
       p.position,
       p.text AS added_text
FROM article_clusters c
JOIN articles_current a USING (article_id)
JOIN paragraphs p ON p.article_id = a.article_id AND p.version = a.version
JOIN article_clusters r ON r.cluster_id = c.cluster_id AND r.is_representative
JOIN articles_current first ON first.article_id = r.article_id
WHERE NOT c.is_representative
  AND c.share_from_rep IS NOT NULL
  AND p.role IN ('paragraph', 'heading') AND NOT p.is_duplicate
  AND NOT EXISTS (
      SELECT 1 FROM reuse_links l
      WHERE l.article_id = p.article_id AND l.version = p.version AND l.position = p.position)
  AND (getvariable('source') IS NULL OR a.source = CAST(getvariable('source') AS VARCHAR))
ORDER BY a.published_at DESC, a.article_id, p.position
LIMIT coalesce(CAST(getvariable('top') AS INTEGER), 200);
