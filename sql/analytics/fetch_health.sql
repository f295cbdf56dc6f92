-- Fetch outcome health per outlet: requests, share ok, failures by outcome, median latency (SET VARIABLE since).
SELECT f.source AS outlet,
       count(*) AS requests,
       round(avg(CASE WHEN f.outcome IN ('ok', 'not_modified') THEN 1 ELSE 0 END), 3) AS ok_share,
       count(*) FILTER (WHERE f.outcome NOT IN ('ok', 'not_modified')) AS failures,
       histogram(f.outcome) AS outcomes,
       median(f.elapsed_ms) AS median_ms,
       max(f.fetched_at) AS last_fetch
FROM fetches f
WHERE f.fetched_at >= coalesce(CAST(getvariable('since') AS TIMESTAMPTZ), TIMESTAMPTZ '1900-01-01 00:00:00+00')
GROUP BY f.source
ORDER BY ok_share, outlet;
