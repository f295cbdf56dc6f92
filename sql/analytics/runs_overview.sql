-- What happened in each run: counts per stage and outcome (SET VARIABLE day = '2024-03-16' for one day's runs).
SELECT r.run_id, r.trigger, r.status, r.started_at, r.finished_at,
       r.inputs, r.fetched_ok, r.fetch_failures,
       r.articles_staged, r.articles_new, r.articles_new_version, r.articles_unchanged,
       r.paragraphs_loaded, r.duplicates_flagged, r.outcomes, r.error
FROM runs r
WHERE getvariable('day') IS NULL
   OR CAST(coalesce(r.data_interval_start, r.started_at) AS DATE) = CAST(getvariable('day') AS DATE)
ORDER BY r.started_at DESC NULLS LAST;
