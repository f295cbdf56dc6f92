-- Articles per outlet per day (current versions; window via SET VARIABLE since/until, dates).
SELECT a.source AS outlet,
       a.published_local_date AS day,
       count(*) AS articles,
       sum(a.n_paragraphs) AS body_paragraphs
FROM articles_current a
WHERE a.published_local_date >= coalesce(CAST(getvariable('since') AS DATE), DATE '1900-01-01')
  AND a.published_local_date < coalesce(CAST(getvariable('until') AS DATE), DATE '2999-01-01')
GROUP BY ALL
ORDER BY day, outlet;
