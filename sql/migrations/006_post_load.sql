-- 006: the steps that follow a committed load (clusters, outlet boilerplate, search index) record
-- their outcome on the run that ran them; a failed step is run again after the next load.

ALTER TABLE runs ADD COLUMN post_load MAP(VARCHAR, VARCHAR);
COMMENT ON COLUMN runs.post_load IS 'Outcome of each post-load step run after this run''s commit (clusters, boilerplate, search): ok, skipped or failed: <reason>; NULL when no step ran';
